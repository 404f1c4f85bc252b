package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.FileId;
import io.hayloft.testkit.Await;
import io.hayloft.api.wire.AssignResponse;
import io.hayloft.client.AssignRequest;
import io.hayloft.client.HayloftClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Three masters and four volume servers as real processes (issue 4's failover test). Clients assign and upload without
 * pause; the leader is killed with SIGKILL mid-stream. A new leader must be elected within a few
 * seconds, uploads must go on (the new leader grows a fresh collection, so it must hand out
 * volume ids of its own), every acknowledged upload must read back, and no fid and no volume id
 * may ever be issued twice.
 */
class MasterFailoverTest {
    private static final int CLIENTS = 3;
    private static final int UPLOADS_PER_PHASE = 60;
    private static final Duration ELECTION_LIMIT = Duration.ofSeconds(10);
    private static final int VOLUME_SERVERS = 4;

    @TempDir
    Path root;

    @Test
    void killingTheLeaderMidStreamLosesNoAcknowledgedUploadAndReusesNoId() throws Exception {
        List<Integer> ports = List.of(ClusterPorts.masterPort(), ClusterPorts.masterPort(), ClusterPorts.masterPort());
        List<String> masters = ports.stream().map(p -> "127.0.0.1:" + p).toList();
        List<RoleProcess> processes = new ArrayList<>();
        Map<String, RoleProcess> masterProcess = new ConcurrentHashMap<>();
        List<String> volumeUrls = new ArrayList<>();
        try {
            for (int i = 0; i < masters.size(); i++) {
                RoleProcess p = new RoleProcess("master" + i, root, List.of("master",
                        "-port", ports.get(i).toString(), "-mdir", root.resolve("m" + i).toString(),
                        "-ip", "127.0.0.1", "-ip.bind", "127.0.0.1", "-peers", String.join(",", masters),
                        "-pulseSeconds", "1")).start();
                processes.add(p);
                masterProcess.put(masters.get(i), p);
            }
            for (int i = 0; i < VOLUME_SERVERS; i++) {
                int port = ClusterPorts.anyPort();
                volumeUrls.add("127.0.0.1:" + port);
                processes.add(new RoleProcess("volume" + i, root, List.of("volume",
                        "-port", Integer.toString(port), "-dir", root.resolve("v" + i).toString(), "-max", "20",
                        "-ip", "127.0.0.1", "-ip.bind", "127.0.0.1", "-mserver", String.join(",", masters),
                        "-dataCenter", "dc1", "-rack", "r" + i, "-pulseSeconds", "1")).start());
            }
            String leader = awaitLeader(masters, processes, Duration.ofSeconds(60));
            for (String m : masters) {
                Await.until(VOLUME_SERVERS + " volume servers on " + m, Duration.ofSeconds(60),
                        () -> RaftCluster.countNodes(m) == VOLUME_SERVERS);
            }

            Map<String, byte[]> acknowledged = new ConcurrentHashMap<>();
            Set<String> issuedFids = ConcurrentHashMap.newKeySet();
            List<String> reissued = Collections.synchronizedList(new ArrayList<>());
            AtomicReference<String> collection = new AtomicReference<>("beforefailover");
            AtomicBoolean stop = new AtomicBoolean();
            try (HayloftClient client = HayloftClient.connect(masters.toArray(String[]::new));
                 ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < CLIENTS; c++) {
                    int clientId = c;
                    pool.execute(() -> uploadUntilStopped(client, clientId, collection, stop, acknowledged,
                            issuedFids, reissued));
                }
                Await.until(UPLOADS_PER_PHASE + " uploads before the failover", Duration.ofSeconds(60),
                        () -> acknowledged.size() >= UPLOADS_PER_PHASE);

                masterProcess.get(leader).kill9();
                long killedAt = System.nanoTime();
                List<String> survivors = masters.stream().filter(m -> !m.equals(leader)).toList();
                String newLeader = awaitLeader(survivors, List.of(), ELECTION_LIMIT);
                Duration election = Duration.ofNanos(System.nanoTime() - killedAt);
                assertThat(newLeader).isNotEqualTo(leader);
                assertThat(election).isLessThan(ELECTION_LIMIT);

                int beforeKill = acknowledged.size();
                collection.set("afterfailover");
                Await.until(UPLOADS_PER_PHASE + " uploads after the failover", Duration.ofSeconds(60),
                        () -> acknowledged.keySet().stream().filter(f -> f.startsWith("afterfailover")).count()
                                >= UPLOADS_PER_PHASE);
                stop.set(true);
                pool.shutdown();
                assertThat(acknowledged.size()).isGreaterThan(beforeKill);

                assertThat(reissued).as("fids handed out twice").isEmpty();
                for (Map.Entry<String, byte[]> e : acknowledged.entrySet()) {
                    String fid = e.getKey().substring(e.getKey().indexOf(' ') + 1);
                    assertThat(client.download(FileId.parse(fid))).as(fid).isEqualTo(e.getValue());
                }
            }
            assertEveryVolumeIdIsOnOneServerOnly(volumeUrls);
        } finally {
            for (RoleProcess p : processes) {
                p.close();
            }
        }
    }

    private static void uploadUntilStopped(HayloftClient client, int clientId, AtomicReference<String> collection,
                                           AtomicBoolean stop, Map<String, byte[]> acknowledged,
                                           Set<String> issuedFids, List<String> reissued) {
        int n = 0;
        while (!stop.get() && n < 10_000) {
            String phase = collection.get();
            try {
                AssignResponse a = client.assign(new AssignRequest(1, phase, null, null, null));
                FileId fid = FileId.parse(a.fid());
                String key = fid.volumeId() + "," + Long.toHexString(fid.key());
                if (!issuedFids.add(key)) {
                    reissued.add(a.fid());
                }
                byte[] data = ("client " + clientId + " upload " + n + " in " + phase).getBytes(StandardCharsets.UTF_8);
                client.upload(a.url(), fid, data, "f" + n, "text/plain");
                acknowledged.put(phase + " " + a.fid(), data);
            } catch (RuntimeException e) {
                // not acknowledged: the master or the volume server was unavailable; try again
            }
            n++;
        }
    }

    /** Waits until some master in {@code candidates} says it leads, and every candidate names it. */
    private static String awaitLeader(List<String> candidates, List<RoleProcess> processes, Duration timeout) {
        AtomicReference<String> leader = new AtomicReference<>();
        Await.until("a leader among " + candidates, timeout, () -> {
            processes.forEach(RoleProcess::checkAlive);
            Optional<String> named = Optional.empty();
            for (String m : candidates) {
                JsonNode s = TestHttp.json(TestHttp.get(m, "/cluster/status"));
                String l = s.get("Leader").asString();
                if (l.isEmpty() || !candidates.contains(l) || named.isPresent() && !named.get().equals(l)) {
                    return false;
                }
                named = Optional.of(l);
            }
            boolean leads = TestHttp.json(TestHttp.get(named.orElseThrow(), "/cluster/status")).get("IsLeader")
                    .asBoolean();
            leader.set(named.get());
            return leads;
        });
        return leader.get();
    }

    /** With replication 000 a volume id lives on exactly one server: a reissued id would show up twice. */
    private static void assertEveryVolumeIdIsOnOneServerOnly(List<String> volumeUrls) {
        Map<Integer, String> owner = new ConcurrentHashMap<>();
        List<String> duplicates = new ArrayList<>();
        for (String v : volumeUrls) {
            for (JsonNode vol : TestHttp.json(TestHttp.get(v, "/status")).get("Volumes")) {
                String previous = owner.putIfAbsent(vol.get("Id").asInt(), v + " " + vol.get("Collection").asString());
                if (previous != null) {
                    duplicates.add("volume " + vol.get("Id").asInt() + " on " + previous + " and " + v);
                }
            }
        }
        assertThat(duplicates).as("volume ids issued twice").isEmpty();
        assertThat(owner.values()).anyMatch(o -> o.endsWith("afterfailover"));
    }
}
