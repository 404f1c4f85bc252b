package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.testkit.Await;
import io.hayloft.master.MasterConfig;
import io.hayloft.master.MasterServer;
import io.hayloft.volume.VolumeServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Membership at run time: three masters in process, a fourth joins (the seed's form, {@code -peers}
 * naming one running master), {@code hayloft shell} lists and removes a member, and assigns keep
 * being served throughout, with nothing worse than transient 503s that the caller retries.
 */
class MasterMembershipTest {
    private static final Duration PULSE = Duration.ofMillis(300);

    @TempDir
    Path root;

    @Test
    void addAFourthMasterRemoveOneAndKeepAssigningThroughout() throws Exception {
        try (RaftCluster cluster = RaftCluster.start(root, 3, PULSE)) {
            VolumeServer volume = cluster.addVolumeServer(7, "dc1", "rack1");
            cluster.awaitNodesOnEveryMaster(1);
            AtomicReference<List<String>> targets = new AtomicReference<>(cluster.masterUrls());
            try (AssignStream assigns = AssignStream.start(targets)) {
                assigns.awaitMore(5);

                int port = ClusterPorts.masterPort();
                try (MasterServer fourth = MasterServer.start(MasterConfig.forTest(root.resolve("master3"))
                        .withPorts(port, port + 10000).withPeers(List.of(cluster.masterUrls().get(1)))
                        .withPulse(PULSE))) {
                    Await.until("the fourth master joined", Duration.ofSeconds(40), fourth::isMember);
                    List<String> all = new ArrayList<>(cluster.masterUrls());
                    all.add(fourth.url());
                    for (String m : all) {
                        Await.until(m + " lists 4 masters", Duration.ofSeconds(20), () -> peersOf(m).size() == 4);
                    }
                    Await.until("the volume server heartbeats to the new master", Duration.ofSeconds(20),
                            () -> volume.masters().contains(fourth.url()) && RaftCluster.countNodes(fourth.url()) == 1);
                    targets.set(List.copyOf(all));
                    assigns.awaitMore(5);

                    ShellRun ps = ShellRun.run(fourth.url(), "cluster.raft.ps");
                    assertThat(ps.exit()).as(ps.err()).isZero();
                    for (String m : all) {
                        assertThat(ps.out()).contains(m);
                    }
                    assertThat(ps.out()).contains("LEADER").contains("FOLLOWER");
                    ShellRun again = ShellRun.run(cluster.masterUrls().getFirst(), "cluster.raft.add", "-address", fourth.url());
                    assertThat(again.exit()).as("adding a member again changes nothing: " + again.err()).isZero();

                    MasterServer victim = cluster.follower();
                    ShellRun dry = ShellRun.run(fourth.url(), "cluster.raft.remove", "-id", victim.url());
                    assertThat(dry.exit()).as(dry.err()).isZero();
                    assertThat(dry.out()).contains("would remove").contains("-apply");
                    assertThat(peersOf(fourth.url())).hasSize(4);

                    List<String> remaining = all.stream().filter(m -> !m.equals(victim.url())).toList();
                    targets.set(remaining);
                    ShellRun remove = ShellRun.run(remaining.getFirst(), "cluster.raft.remove", "-id", victim.url(), "-apply");
                    assertThat(remove.exit()).as(remove.err()).isZero();
                    assertThat(remove.out()).contains("removed");
                    victim.close();
                    for (String m : remaining) {
                        Await.until(m + " lists 3 masters", Duration.ofSeconds(20),
                                () -> peersOf(m).size() == 3 && !peersOf(m).contains(victim.url()));
                    }
                    assigns.awaitMore(10);

                    ShellRun missing = ShellRun.run(remaining.getFirst(), "cluster.raft.remove", "-id", victim.url(), "-apply");
                    assertThat(missing.exit()).isEqualTo(2);
                    assertThat(missing.err()).contains("not a member");
                    assigns.stop();
                }
                assertThat(assigns.failures()).as("assign failures beyond retried 503s").isEmpty();
                assertThat(assigns.served()).isGreaterThanOrEqualTo(20);
            }
        }
    }

    private static List<String> peersOf(String master) {
        JsonNode peers = TestHttp.json(TestHttp.get(master, "/cluster/status")).get("Peers");
        List<String> out = new ArrayList<>();
        peers.forEach(p -> out.add(p.asString()));
        return out;
    }


    /**
     * Assigns in a loop on a virtual thread against the current target masters, round robin. A 503
     * is retried (up to 15 s per assign, as a client would); anything else that is not a 200 is a
     * failure.
     */
    private static final class AssignStream implements AutoCloseable {
        private final AtomicReference<List<String>> targets;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger served = new AtomicInteger();
        private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        private final Thread thread;

        private AssignStream(AtomicReference<List<String>> targets) {
            this.targets = targets;
            this.thread = Thread.ofVirtual().name("assign-stream").unstarted(this::run);
        }

        static AssignStream start(AtomicReference<List<String>> targets) {
            AssignStream s = new AssignStream(targets);
            s.thread.start();
            return s;
        }

        private void run() {
            int i = 0;
            while (running.get() && failures.size() < 5) {
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                String last = "";
                boolean done = false;
                while (!done && running.get() && System.nanoTime() < deadline) {
                    List<String> now = targets.get();
                    String master = now.get(i++ % now.size());
                    try {
                        HttpResponse<byte[]> r = TestHttp.get(master, "/dir/assign");
                        if (r.statusCode() == 200) {
                            served.incrementAndGet();
                            done = true;
                        } else if (r.statusCode() == 503) {
                            last = master + " 503 " + new String(r.body());
                            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
                        } else {
                            failures.add(master + " " + r.statusCode() + " " + new String(r.body()));
                            done = true;
                        }
                    } catch (RuntimeException e) {
                        if (targets.get().contains(master)) {
                            failures.add(master + " " + e);
                            done = true;
                        }
                    }
                }
                if (!done && running.get()) {
                    failures.add("no assign within 15 s: " + last);
                }
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
        }

        void awaitMore(int n) {
            int target = served.get() + n;
            Await.until(n + " more assigns", Duration.ofSeconds(30), () -> served.get() >= target || !failures.isEmpty());
            assertThat(failures).isEmpty();
        }

        int served() {
            return served.get();
        }

        List<String> failures() {
            return List.copyOf(failures);
        }

        void stop() {
            running.set(false);
            try {
                thread.join(Duration.ofSeconds(20));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            stop();
        }
    }
}
