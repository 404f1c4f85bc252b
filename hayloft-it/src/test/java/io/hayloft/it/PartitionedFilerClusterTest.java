package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.testkit.Await;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The partitioned filer with the master owning the partition map (issue 12): filer servers started
 * without a peer list register with the master, which places each partition's replicas on distinct
 * servers, keeps the map in its Raft state, re-creates the replicas of a server lost for good, lets a
 * wiped replica rejoin, and moves replicas under load without a failed request.
 */
class PartitionedFilerClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void partitionsLiveOnDistinctFilerServersAndTheMapSurvivesTheMasterLeader(@TempDir Path dir) {
        try (PartitionedFilers c = PartitionedFilers.start(dir, 3, 4, 4, Duration.ofMinutes(3))) {
            Set<Long> nodes = new HashSet<>();
            c.running().forEach(i -> nodes.add(c.nodeId(i)));
            assertThat(nodes).hasSize(4);
            awaitHealthy(c.master(), 4);
            JsonNode before = PartitionedFilers.listing(c.master());
            for (JsonNode p : before.path("partitions")) {
                List<Long> replicas = replicas(p);
                assertThat(new HashSet<>(replicas)).hasSize(3);
                assertThat(nodes).containsAll(replicas);
            }
            assertThat(ids(before.path("servers"))).containsExactlyInAnyOrderElementsOf(nodes);

            for (int i = 0; i < 16; i++) {
                put(c.filer(i % 4), "/bucket" + i + "/file", "content " + i);
            }
            for (int i = 0; i < 16; i++) {
                assertThat(get(c.filer((i + 1) % 4), "/bucket" + i + "/file")).isEqualTo("content " + i);
            }

            int leader = indexOfLeader(c);
            c.stopMaster(leader);
            Await.until("a new master leader", WAIT, () -> c.masters().stream().anyMatch(m -> m != null && m.isLeader()));
            JsonNode after = PartitionedFilers.listing(c.master());
            assertThat(replicaLists(after)).isEqualTo(replicaLists(before));
            put(c.filer(2), "/bucket0/after-failover", "still served");
            assertThat(get(c.filer(3), "/bucket0/after-failover")).isEqualTo("still served");
        }
    }

    @Test
    void aFilerServerLostForGoodHasItsReplicasReCreatedOnTheOthers(@TempDir Path dir) {
        try (PartitionedFilers c = PartitionedFilers.start(dir, 1, 4, 4, Duration.ofSeconds(3))) {
            awaitHealthy(c.master(), 4);
            for (int i = 0; i < 40; i++) {
                put(c.filer(i % 4), "/b" + (i % 8) + "/f" + i, "v" + i);
            }
            JsonNode before = PartitionedFilers.listing(c.master());
            int lostIndex = c.running().stream().filter(i -> !partitionsHeldBy(before, c.nodeId(i)).isEmpty())
                    .findFirst().orElseThrow();
            long lost = c.nodeId(lostIndex);
            c.stop(lostIndex);

            Await.until("every replica of the lost server re-created on a live one", WAIT, () -> {
                JsonNode l = PartitionedFilers.listing(c.master());
                return partitionsHeldBy(l, lost).isEmpty() && allReplicasAliveAndCaughtUp(l);
            });
            List<Integer> left = c.running();
            for (int i = 0; i < 40; i++) {
                assertThat(get(c.filer(left.get(i % left.size())), "/b" + (i % 8) + "/f" + i)).isEqualTo("v" + i);
            }
            // the new replicas hold the data: with an original replica's server gone too, each partition that
            // lost it keeps a majority only with its new replica
            JsonNode after = PartitionedFilers.listing(c.master());
            Set<Long> added = new HashSet<>();
            for (int p = 0; p < after.path("partitions").size(); p++) {
                List<Long> now = replicas(after.path("partitions").get(p));
                now.removeAll(replicas(before.path("partitions").get(p)));
                added.addAll(now);
            }
            int second = left.stream().filter(i -> !added.contains(c.nodeId(i))
                    && !partitionsHeldBy(after, c.nodeId(i)).isEmpty()).findFirst().orElseThrow();
            c.stop(second);
            List<Integer> last = c.running();
            for (int i = 0; i < 40; i++) {
                assertThat(get(c.filer(last.get(i % last.size())), "/b" + (i % 8) + "/f" + i)).isEqualTo("v" + i);
            }
            put(c.filer(last.get(0)), "/b1/written-after", "ok");
            assertThat(get(c.filer(last.get(1)), "/b1/written-after")).isEqualTo("ok");
        }
    }

    @Test
    void aWipedReplicaRejoinsItsPartitions(@TempDir Path dir) throws Exception {
        try (PartitionedFilers c = PartitionedFilers.start(dir, 1, 3, 4, Duration.ofMinutes(3))) {
            awaitHealthy(c.master(), 4);
            for (int i = 0; i < 200; i++) {
                put(c.filer(i % 3), "/w" + (i % 4) + "/f" + i, "v" + i);
            }
            long node = c.nodeId(2);
            c.stop(2);
            c.wipePartitions(2);
            for (int i = 200; i < 260; i++) {
                put(c.filer(i % 2), "/w" + (i % 4) + "/f" + i, "v" + i);
            }
            c.startFilers(List.of(2));
            assertThat(c.nodeId(2)).isEqualTo(node);
            Await.until("the wiped replicas caught up", WAIT,
                    () -> allReplicasAliveAndCaughtUp(PartitionedFilers.listing(c.master())));
            // with another server down, the rejoined replica is needed for a majority: it has everything
            c.stop(0);
            for (int i = 0; i < 260; i++) {
                assertThat(get(c.filer(1 + i % 2), "/w" + (i % 4) + "/f" + i)).isEqualTo("v" + i);
            }
        }
    }

    @Test
    void movingReplicasUnderLoadFailsNoRequest(@TempDir Path dir) throws Exception {
        try (PartitionedFilers c = PartitionedFilers.start(dir, 1, 4, 2, Duration.ofMinutes(3))) {
            awaitHealthy(c.master(), 2);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger written = new AtomicInteger();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                writers.add(Thread.ofVirtual().start(() -> {
                    for (int n = 0; !stop.get() && n < 100_000; n++) {
                        String path = "/load" + (n % 6) + "/w" + writer + "-" + n;
                        HttpResponse<byte[]> r = TestHttp.postRaw(c.filer(writer), path, "text/plain",
                                path.getBytes(StandardCharsets.UTF_8));
                        if (r.statusCode() == 201) {
                            acknowledged.add(path);
                            written.incrementAndGet();
                        } else {
                            failures.add(path + " -> " + r.statusCode() + " " + TestHttp.text(r));
                        }
                    }
                }));
            }
            Await.until("writes under way", WAIT, () -> written.get() >= 50);
            JsonNode l = PartitionedFilers.listing(c.master());
            Set<Long> all = ids(l.path("servers"));
            for (JsonNode p : l.path("partitions")) {
                // move the leader's replica: the group elects a new leader on the way
                long source = p.path("leader").asLong();
                long target = all.stream().filter(n -> !replicas(p).contains(n)).findFirst().orElseThrow();
                int before = written.get();
                long started = System.nanoTime();
                JsonNode moved = TestHttp.json(TestHttp.postRaw(c.master(), "/filer/partition/move?partition="
                        + p.path("id").asInt() + "&source=" + source + "&target=" + target + "&apply=true",
                        "text/plain", new byte[0]));
                assertThat(moved.path("applied").asBoolean()).as(moved.toString()).isTrue();
                assertThat(moved.path("replicas").toString()).contains(Long.toString(target));
                System.out.printf("moved the leader's replica of partition %d from filer server %d to %d in %d ms"
                        + " under load (%d writes acknowledged so far)%n", p.path("id").asInt(), source, target,
                        (System.nanoTime() - started) / 1_000_000, written.get());
                Await.until("writes go on after the move", WAIT, () -> written.get() >= before + 50);
            }
            stop.set(true);
            for (Thread t : writers) {
                t.join();
            }
            System.out.printf("%d writes acknowledged during the moves, %d failed%n", acknowledged.size(),
                    failures.size());
            assertThat(failures).isEmpty();
            awaitCaughtUp(c, "the moved replicas caught up");
            for (String path : acknowledged) {
                assertThat(get(c.filer(path.hashCode() & 3), path)).isEqualTo(path);
            }
        }
    }

    private static void put(String filer, String path, String body) {
        HttpResponse<byte[]> r = TestHttp.postRaw(filer, path, "text/plain", body.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(path + ": " + TestHttp.text(r)).isEqualTo(201);
    }

    private static String get(String filer, String path) {
        HttpResponse<byte[]> r = TestHttp.get(filer, path);
        assertThat(r.statusCode()).as(path + ": " + TestHttp.text(r)).isEqualTo(200);
        return TestHttp.text(r);
    }

    /** Waits until {@code partitions} partitions exist, each with a reported leader and 3 hosted replicas. */
    private static void awaitHealthy(String master, int partitions) {
        Await.until(partitions + " partitions placed, led and hosted", WAIT, () -> {
            JsonNode l = PartitionedFilers.listing(master);
            if (l.path("partitions").size() != partitions) {
                return false;
            }
            for (JsonNode p : l.path("partitions")) {
                if (p.path("leader").asLong() <= 0) {
                    return false;
                }
                for (JsonNode r : p.path("replicas")) {
                    if (!r.path("alive").asBoolean() || r.path("appliedIndex").asLong() < 0) {
                        return false;
                    }
                }
            }
            return true;
        });
    }

    /** Waits until {@link #allReplicasAliveAndCaughtUp} holds; on timeout the failure carries the last listing. */
    private static void awaitCaughtUp(PartitionedFilers c, String what) {
        java.util.concurrent.atomic.AtomicReference<JsonNode> last = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            Await.until(what, WAIT, () -> {
                JsonNode l = PartitionedFilers.listing(c.master());
                last.set(l);
                return allReplicasAliveAndCaughtUp(l);
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last listing: " + last.get(), e);
        }
    }

    /** Every replica on a live server, and every replica of a partition at the same applied index. */
    private static boolean allReplicasAliveAndCaughtUp(JsonNode listing) {
        for (JsonNode p : listing.path("partitions")) {
            Set<Long> applied = new HashSet<>();
            for (JsonNode r : p.path("replicas")) {
                if (!r.path("alive").asBoolean() || r.path("appliedIndex").asLong() < 0) {
                    return false;
                }
                applied.add(r.path("appliedIndex").asLong());
            }
            if (applied.size() != 1) {
                return false;
            }
        }
        return true;
    }

    private static List<Integer> partitionsHeldBy(JsonNode listing, long node) {
        List<Integer> out = new ArrayList<>();
        for (JsonNode p : listing.path("partitions")) {
            if (replicas(p).contains(node)) {
                out.add(p.path("id").asInt());
            }
        }
        return out;
    }

    private static List<Long> replicas(JsonNode partition) {
        List<Long> out = new ArrayList<>();
        partition.path("replicas").forEach(r -> out.add(r.path("nodeId").asLong()));
        return out;
    }

    private static List<List<Long>> replicaLists(JsonNode listing) {
        List<List<Long>> out = new ArrayList<>();
        listing.path("partitions").forEach(p -> out.add(replicas(p)));
        return out;
    }

    private static Set<Long> ids(JsonNode servers) {
        Set<Long> out = new HashSet<>();
        servers.forEach(s -> out.add(s.path("nodeId").asLong()));
        return out;
    }

    private static int indexOfLeader(PartitionedFilers c) {
        for (int i = 0; i < c.masters().size(); i++) {
            if (c.masters().get(i) != null && c.masters().get(i).isLeader()) {
                return i;
            }
        }
        throw new AssertionError("no master leads");
    }
}
