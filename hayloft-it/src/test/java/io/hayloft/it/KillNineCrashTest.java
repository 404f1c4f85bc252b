package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.testkit.Await;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Runs {@code hayloft server} as a real process, uploads from many concurrent clients, kills it
 * with SIGKILL at a random moment, restarts it, and checks that every acknowledged upload reads
 * back byte-identical and that no fid was ever handed out twice. Repeated several times.
 */
class KillNineCrashTest {
    private static final int CLIENTS = 8;
    private static final int ROUNDS = 3;

    @TempDir
    Path root;

    @ParameterizedTest(name = "fsync={0}")
    @ValueSource(booleans = {false, true})
    void everyAcknowledgedUploadSurvivesKillNine(boolean fsync) throws Exception {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, byte[]> acknowledged = new ConcurrentHashMap<>();
        Set<String> everyFidSeen = ConcurrentHashMap.newKeySet();
        List<String> reused = java.util.Collections.synchronizedList(new ArrayList<>());
        try (ServerProcess server = new ServerProcess(root.resolve("data"),
                fsync ? List.of("-fsync") : List.of())) {
            server.start();
            for (int round = 0; round < ROUNDS; round++) {
                AtomicBoolean stop = new AtomicBoolean();
                try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int c = 0; c < CLIENTS; c++) {
                        long clientSeed = random.nextLong();
                        clients.execute(() -> upload(server, new SplittableRandom(clientSeed), stop, acknowledged,
                                everyFidSeen, reused));
                    }
                    long killAfterMs = 300 + random.nextInt(1200);
                    Await.until("some uploads acknowledged", Duration.ofSeconds(30),
                            () -> acknowledged.size() > 0);
                    LockSupport.parkNanos(Duration.ofMillis(killAfterMs).toNanos());
                    server.kill9();
                    stop.set(true);
                }
                server.start();
                for (Map.Entry<String, byte[]> e : acknowledged.entrySet()) {
                    HttpResponse<byte[]> r = TestHttp.get(server.volumeUrl(), "/" + e.getKey());
                    assertThat(r.statusCode()).as("seed %d round %d fid %s", seed, round, e.getKey())
                            .isEqualTo(200);
                    assertThat(r.body()).as("seed %d round %d fid %s", seed, round, e.getKey())
                            .isEqualTo(e.getValue());
                }
            }
            assertThat(reused).as("fids handed out twice (seed %d)", seed).isEmpty();
            assertThat(acknowledged).as("seed %d", seed).hasSizeGreaterThan(ROUNDS);
        }
    }

    private static void upload(ServerProcess server, SplittableRandom random, AtomicBoolean stop,
                               Map<String, byte[]> acknowledged, Set<String> everyFidSeen, List<String> reused) {
        while (!stop.get()) {
            try {
                HttpResponse<byte[]> assign = TestHttp.get(server.masterUrl(), "/dir/assign");
                if (assign.statusCode() != 200) {
                    continue;
                }
                JsonNode a = TestHttp.json(assign);
                String fid = a.get("fid").asString();
                if (!everyFidSeen.add(fid)) {
                    reused.add(fid);
                }
                byte[] data = new byte[1 + random.nextInt(64 * 1024)];
                random.nextBytes(data);
                HttpResponse<byte[]> up = TestHttp.postFile(a.get("url").asString(), "/" + fid, "f.bin", data);
                if (up.statusCode() == 201) {
                    acknowledged.put(fid, data);
                }
            } catch (RuntimeException e) {
                // the server died mid-request: that upload was never acknowledged
            }
        }
    }

    @Test
    void fidsHandedOutBeforeARestartAreNeverHandedOutAgain() {
        Set<String> seen = new HashSet<>();
        try (ServerProcess server = new ServerProcess(root.resolve("seq"), List.of())) {
            for (int round = 0; round < 3; round++) {
                server.start();
                for (int i = 0; i < 50; i++) {
                    String fid = TestHttp.json(TestHttp.get(server.masterUrl(), "/dir/assign")).get("fid").asString();
                    String vidAndKey = fid.substring(0, fid.length() - 8);
                    assertThat(seen.add(vidAndKey)).as("key reused: %s", fid).isTrue();
                }
                server.kill9();
            }
        }
    }
}
