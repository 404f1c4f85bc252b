package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.storage.FaultPoints;
import io.hayloft.storage.ec.EcEncoder;
import io.hayloft.testkit.Await;
import io.hayloft.volume.ec.EcFaultPoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code kill -9} at each step of an erasure coding, with real processes (a master and five volume
 * servers): the volume servers run with a fault point that halts them at the step, the test kills the
 * halted one (and at the later steps the master too, mid-encoding), restarts them, and checks that no
 * needle is lost: the replicated volume is intact and readable from every replica, and shards are either
 * gone or all 14 registered, every needle reading back through every shard holder.
 *
 * <ul>
 *   <li>{@code ec.encode.shards-written}: the source wrote and forced all shards, not the {@code .ecm}
 *       (restarted, it removes them; the master, alive, undoes the encoding);</li>
 *   <li>{@code ec.copy.verified}: a target fetched and verified its shards, not yet renamed;</li>
 *   <li>{@code ec.shards.before-delete}: every target holds its shards, the source is about to drop the
 *       ones it does not keep.</li>
 * </ul>
 */
class ErasureCodingKillNineTest {
    private static final List<String> RACKS = List.of("r0", "r0", "r1", "r2", "r3");

    @TempDir
    Path root;

    @ParameterizedTest(name = "{0}, master killed too: {1}")
    @CsvSource({EcEncoder.SHARDS_WRITTEN + ",false", EcFaultPoints.COPY_VERIFIED + ",true",
            EcFaultPoints.BEFORE_SHARD_DELETE + ",true"})
    void killNineAtAnEncodingStepLosesNoNeedle(String point, boolean killMaster) throws Exception {
        int masterPort = ClusterPorts.masterPort();
        String master = "127.0.0.1:" + masterPort;
        List<String> masterArgs = List.of("master", "-port", Integer.toString(masterPort), "-mdir",
                root.resolve("m").toString(), "-ip", "127.0.0.1", "-ip.bind", "127.0.0.1",
                "-defaultReplication", "001", "-pulseSeconds", "1");
        List<List<String>> volumeArgs = new ArrayList<>();
        List<String> volumeUrls = new ArrayList<>();
        List<RoleProcess> processes = new ArrayList<>();
        try {
            RoleProcess masterProcess = new RoleProcess("master", root, masterArgs).start();
            processes.add(masterProcess);
            for (int i = 0; i < RACKS.size(); i++) {
                int port = ClusterPorts.anyPort();
                volumeUrls.add("127.0.0.1:" + port);
                List<String> args = List.of("volume", "-port", Integer.toString(port), "-dir",
                        root.resolve("v" + i).toString(), "-max", "8", "-ip", "127.0.0.1", "-ip.bind", "127.0.0.1",
                        "-mserver", master, "-dataCenter", "dc1", "-rack", RACKS.get(i), "-pulseSeconds", "1");
                volumeArgs.add(args);
                processes.add(new RoleProcess("volume" + i, root, args, "128m",
                        List.of("-D" + FaultPoints.HALT_PROPERTY + "=" + point)).start());
            }
            Await.until("5 volume servers registered", Duration.ofSeconds(120),
                    () -> countNodes(master) == RACKS.size());
            Map<String, byte[]> blobs = upload(master, 24, new Random(53));
            int vid = blobs.keySet().stream().collect(Collectors.groupingBy(f -> f.substring(0, f.indexOf(',')),
                    Collectors.counting())).entrySet().stream().max(Map.Entry.comparingByValue()).map(e ->
                    Integer.parseInt(e.getKey())).orElseThrow();
            Map<String, byte[]> coded = new LinkedHashMap<>();
            blobs.forEach((fid, data) -> {
                if (fid.startsWith(vid + ",")) {
                    coded.put(fid, data);
                }
            });
            List<String> replicasBefore = replicas(master, vid);
            assertThat(replicasBefore).hasSize(2);

            // one call, not the shell: the shell retries a 503, and a retry after the reaper dropped the killed
            // server would encode again on the other replica (and halt there)
            CompletableFuture<Integer> encoding = CompletableFuture.supplyAsync(() -> {
                try {
                    return TestHttp.postRaw(master, "/vol/ec/encode?volume=" + vid + "&apply=true",
                            "application/octet-stream", new byte[0]).statusCode();
                } catch (RuntimeException masterKilled) {
                    return -1;
                }
            });
            int[] halted = {-1};
            Await.until("a volume server halts at " + point, Duration.ofSeconds(120), () -> {
                for (int i = 0; i < RACKS.size(); i++) {
                    if (log(processes.get(i + 1)).contains("halted at fault point " + point)) {
                        halted[0] = i;
                        return true;
                    }
                }
                return false;
            });
            processes.get(halted[0] + 1).kill9();
            if (killMaster) {
                masterProcess.kill9();
                masterProcess = new RoleProcess("master", root, masterArgs).start();
                processes.set(0, masterProcess);
            }
            assertThat(encoding.get()).as("the encoding cannot have succeeded").isNotEqualTo(200);
            processes.set(halted[0] + 1, new RoleProcess("volume" + halted[0], root, volumeArgs.get(halted[0]))
                    .start());
            Await.until("every volume server registered again", Duration.ofSeconds(120),
                    () -> countNodes(master) == RACKS.size());

            Await.until("every needle reads back from every replica", Duration.ofSeconds(60),
                    () -> coded.entrySet().stream().allMatch(e -> readsFromAll(replicasBefore, e.getKey(),
                            e.getValue())));
            // the restarted server may serve before its first heartbeat reaches the master
            Await.until("both replicas registered again", Duration.ofSeconds(60),
                    () -> new java.util.HashSet<>(replicas(master, vid)).equals(new java.util.HashSet<>(replicasBefore)));
            Map<Integer, Set<Integer>> shardsOnDisk = new LinkedHashMap<>();
            Set<Integer> allShards = new java.util.TreeSet<>();
            for (int i = 0; i < RACKS.size(); i++) {
                Set<Integer> here = shardsOnDisk(root.resolve("v" + i), vid);
                shardsOnDisk.put(i, here);
                allShards.addAll(here);
            }
            assertThat(allShards.size()).as("shards on disk (with their .ecm): none, or all 14; %s", shardsOnDisk)
                    .isIn(0, 14);
            if (!killMaster) {
                assertThat(allShards).as("the master undid the encoding; the source removed its partial shards")
                        .isEmpty();
            }
            // a complete erasure-coded volume serves every needle from each holder without the replica
            for (int i = 0; i < RACKS.size(); i++) {
                if (!shardsOnDisk.get(i).isEmpty() && !replicasBefore.contains(volumeUrls.get(i))) {
                    String url = volumeUrls.get(i);
                    Await.until(url + " serves every needle from the shards", Duration.ofSeconds(60),
                            () -> coded.entrySet().stream().allMatch(e -> readsFromAll(List.of(url), e.getKey(),
                                    e.getValue())));
                }
            }
        } catch (AssertionError | RuntimeException e) {
            keepLogs(point);
            throw e;
        } finally {
            for (RoleProcess p : processes) {
                p.close();
            }
        }
    }

    /** Copies the processes' logs to {@code target/kill9-logs/<point>} for a failure's post-mortem. */
    private void keepLogs(String point) {
        try (var files = Files.list(root)) {
            Path to = Files.createDirectories(Path.of("target", "kill9-logs", point));
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".log")).toList()) {
                Files.copy(f, to.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int countNodes(String master) {
        try {
            return RaftCluster.countNodes(master);
        } catch (RuntimeException notUpYet) {
            return -1;
        }
    }

    private static String log(RoleProcess p) {
        try {
            return Files.exists(p.logFile()) ? Files.readString(p.logFile()) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, byte[]> upload(String master, int n, Random random) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            JsonNode a = TestHttp.json(TestHttp.get(master, "/dir/assign"));
            byte[] data = new byte[2000 + random.nextInt(6000)];
            random.nextBytes(data);
            String fid = a.get("fid").asString();
            HttpResponse<byte[]> r = TestHttp.postFile(a.get("url").asString(), "/" + fid, "f" + i, data);
            assertThat(r.statusCode()).as(TestHttp.text(r)).isEqualTo(201);
            out.put(fid, data);
        }
        return out;
    }

    /** The servers holding volume {@code vid} itself (not only shards of it), among those lookup names. */
    private static List<String> replicas(String master, int vid) {
        HttpResponse<byte[]> r = TestHttp.get(master, "/dir/lookup?volumeId=" + vid);
        if (r.statusCode() != 200) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        TestHttp.json(r).path("locations").forEach(l -> {
            String url = l.path("url").asString();
            TestHttp.json(TestHttp.get(url, "/status")).path("Volumes").forEach(v -> {
                if (v.path("Id").asInt() == vid) {
                    out.add(url);
                }
            });
        });
        return out;
    }

    /** Whether the needle reads back byte for byte from every server of {@code urls}. */
    private static boolean readsFromAll(List<String> urls, String fid, byte[] data) {
        for (String url : urls) {
            try {
                HttpResponse<byte[]> got = TestHttp.get(url, "/" + fid);
                if (got.statusCode() != 200 || !Arrays.equals(got.body(), data)) {
                    return false;
                }
            } catch (RuntimeException notUpYet) {
                return false;
            }
        }
        return true;
    }

    /**
     * The shards of volume {@code vid} in {@code dir} that a server would mount: {@code .ecNN} files beside
     * an {@code .ecm}. Fails on shard files without one, or a {@code .copying} file: a restarted server
     * removes those.
     */
    private static Set<Integer> shardsOnDisk(Path dir, int vid) {
        Set<Integer> out = new java.util.TreeSet<>();
        try (var files = Files.list(dir)) {
            List<String> names = files.map(f -> f.getFileName().toString()).toList();
            boolean complete = names.contains(vid + ".ecm");
            for (String name : names) {
                assertThat(name).as("left in " + dir).doesNotEndWith(".copying").doesNotEndWith(".rebuild");
                if (name.matches(vid + "\\.ec[0-9][0-9]")) {
                    assertThat(complete).as(name + " without its .ecm in " + dir).isTrue();
                    out.add(Integer.parseInt(name.substring(name.length() - 2)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
