package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.FileId;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.testkit.Await;
import io.hayloft.api.wire.AssignResponse;
import io.hayloft.client.AssignRequest;
import io.hayloft.client.HayloftClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's replicated-write failure with real processes: placement 001 on two volume servers,
 * {@code kill -9} one of them in the middle of uploads. Every upload is either acknowledged and
 * readable from the survivor, or failed; once the killed server is back, the two replicas agree on
 * every fid that was ever tried (both hold the same bytes, or neither holds it).
 */
class ReplicaKillNineTest {
    private static final int UPLOADERS = 3;

    @TempDir
    Path root;

    @Test
    void killingAReplicaMidStreamLeavesNoAcknowledgedLossAndNoDivergenceOnceItReturns() throws Exception {
        String master = "127.0.0.1:" + ClusterPorts.masterPort();
        int masterPort = Integer.parseInt(master.substring(master.indexOf(':') + 1));
        List<String> volumes = List.of("127.0.0.1:" + ClusterPorts.anyPort(), "127.0.0.1:" + ClusterPorts.anyPort());
        List<RoleProcess> processes = new ArrayList<>();
        try {
            processes.add(new RoleProcess("master", root, List.of("master", "-port", Integer.toString(masterPort),
                    "-mdir", root.resolve("m").toString(), "-ip", "127.0.0.1", "-ip.bind", "127.0.0.1",
                    "-defaultReplication", "001", "-pulseSeconds", "1")).start());
            for (int i = 0; i < volumes.size(); i++) {
                String port = volumes.get(i).substring(volumes.get(i).indexOf(':') + 1);
                processes.add(new RoleProcess("volume" + i, root, List.of("volume", "-port", port,
                        "-dir", root.resolve("v" + i).toString(), "-max", "10", "-ip", "127.0.0.1",
                        "-ip.bind", "127.0.0.1", "-mserver", master, "-dataCenter", "dc1", "-rack", "r1",
                        "-pulseSeconds", "1")).start());
            }
            Await.until("2 volume servers registered", Duration.ofSeconds(60),
                    () -> RaftCluster.countNodes(master) == 2);
            RoleProcess victim = processes.get(2);

            Map<String, byte[]> acknowledged = new ConcurrentHashMap<>();
            Set<String> tried = ConcurrentHashMap.newKeySet();
            AtomicBoolean stop = new AtomicBoolean();
            try (HayloftClient client = HayloftClient.connect(master);
                 ExecutorService uploaders = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < UPLOADERS; c++) {
                    int id = c;
                    uploaders.execute(() -> upload(client, id, stop, acknowledged, tried));
                }
                Await.until("uploads before the kill", Duration.ofSeconds(60), () -> acknowledged.size() >= 40);
                victim.kill9();
                int before = tried.size();
                Await.until("uploads tried while a replica is down", Duration.ofSeconds(30),
                        () -> tried.size() >= before + 20);
                stop.set(true);
            }
            // while it is down: every acknowledged upload reads back from the survivor
            for (Map.Entry<String, byte[]> e : acknowledged.entrySet()) {
                assertThat(TestHttp.get(volumes.get(0), "/" + e.getKey()).body()).as(e.getKey()).isEqualTo(e.getValue());
            }

            victim.start();
            Await.until("the killed volume server registered again", Duration.ofSeconds(60),
                    () -> RaftCluster.countNodes(master) == 2);
            // the replicas converge by themselves: no command is run
            Await.until("both replicas agree on every fid ever tried", Duration.ofSeconds(60),
                    () -> tried.stream().allMatch(fid -> agree(volumes, fid)));
            for (Map.Entry<String, byte[]> e : acknowledged.entrySet()) {
                for (String v : volumes) {
                    HttpResponse<byte[]> r = TestHttp.get(v, "/" + e.getKey());
                    assertThat(r.statusCode()).as("%s on %s", e.getKey(), v).isEqualTo(200);
                    assertThat(r.body()).as("%s on %s", e.getKey(), v).isEqualTo(e.getValue());
                }
            }
        } finally {
            for (RoleProcess p : processes) {
                p.close();
            }
        }
    }

    /** Both replicas answer the same: the same bytes, or not found on both. */
    private static boolean agree(List<String> volumes, String fid) {
        HttpResponse<byte[]> a = TestHttp.get(volumes.get(0), "/" + fid);
        HttpResponse<byte[]> b = TestHttp.get(volumes.get(1), "/" + fid);
        if (a.statusCode() == 404 && b.statusCode() == 404) {
            return true;
        }
        return a.statusCode() == 200 && b.statusCode() == 200 && Arrays.equals(a.body(), b.body());
    }

    private static void upload(HayloftClient client, int id, AtomicBoolean stop, Map<String, byte[]> acknowledged,
                               Set<String> tried) {
        int n = 0;
        while (!stop.get() && n < 5_000) {
            try {
                AssignResponse a = client.assign(new AssignRequest(1, "", ReplicaPlacement.parse("001"), null, null));
                tried.add(a.fid());
                byte[] data = ("uploader " + id + " file " + n).getBytes(StandardCharsets.UTF_8);
                client.upload(a.url(), FileId.parse(a.fid()), data, "f" + n, "text/plain");
                acknowledged.put(a.fid(), data);
            } catch (RuntimeException e) {
                // not acknowledged: a replica was down; the next assign may pick another volume
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
            n++;
        }
    }
}
