package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.testkit.Await;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a filer (inside {@code hayloft server}, a real process) while clients upload
 * inline and multi-chunk files and delete them through the filer's HTTP API; then a restart.
 *
 * <p>The model: each client writes only fresh paths under its own directory and deletes only files it
 * saw acknowledged, so every path's expected state is known, except for the one request per client in
 * flight at the kill. Such a path may end either way, but whole: present with exactly the bytes sent,
 * or absent. After every restart:
 * <ul>
 *   <li>every acknowledged file reads back byte-identical, with the md5 of those bytes as its ETag (a file
 *       of several chunks: the ETag derived from its chunks, naming their count);</li>
 *   <li>every acknowledged delete stays deleted (404).</li>
 * </ul>
 * After the last round, <b>no orphan chunk</b>: the filer is the volume server's only writer, and the
 * master never hands out a fid twice, so each needle on the volume server is a chunk some upload sent.
 * Every chunk an entry references is live (the files read back), so once the volume server's live
 * needle count ({@code FileCount} over its volumes in {@code /status}) equals the number of distinct
 * chunks the entries reference, the live needles are exactly the referenced chunks: nothing unreferenced
 * is left. The check polls with a deadline while the deletion collector drains the queue and the
 * chunks of uploads cut short (their upload intents, queued at restart).
 */
class FilerKillNineTest {
    private static final int CLIENTS = 3;
    private static final int ROUNDS = 3;
    private static final int CHUNK_MIB = 1;

    @TempDir
    Path root;

    /** What a client knows of one of its paths. */
    private record Expected(long seed, int size, boolean present) {
        byte[] content() {
            return bytes(seed, size);
        }
    }

    /** One client's view: settled paths, and the one request the kill may have cut short. */
    private static final class ClientModel {
        final Map<String, Expected> settled = new ConcurrentHashMap<>();
        volatile String inFlightPath;
        volatile Expected inFlightIfApplied;
    }

    @Test
    void acknowledgedFilesSurviveKillNineAndNoChunkIsLeftUnreferenced() {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        List<ClientModel> models = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            models.add(new ClientModel());
        }
        AtomicInteger acknowledgedWrites = new AtomicInteger();
        AtomicInteger acknowledgedDeletes = new AtomicInteger();
        try (ServerProcess server = new ServerProcess(root.resolve("data"), List.of())) {
            server.start();
            for (int round = 0; round < ROUNDS; round++) {
                AtomicBoolean stop = new AtomicBoolean();
                int writesBefore = acknowledgedWrites.get();
                try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int c = 0; c < CLIENTS; c++) {
                        ClientModel model = models.get(c);
                        String dir = "/crash/c" + c + "/r" + round;
                        long clientSeed = random.nextLong();
                        clients.execute(() -> runClient(server.filerUrl(), dir, new SplittableRandom(clientSeed),
                                model, stop, acknowledgedWrites, acknowledgedDeletes));
                    }
                    Await.until("writes acknowledged in round " + round, Duration.ofSeconds(30),
                            () -> acknowledgedWrites.get() >= writesBefore + 3);
                    LockSupport.parkNanos(Duration.ofMillis(random.nextInt(50, 900)).toNanos());
                    server.kill9();
                    stop.set(true);
                }
                server.start();
                for (ClientModel model : models) {
                    settleInFlight(server.filerUrl(), model, seed, round);
                    for (Map.Entry<String, Expected> e : model.settled.entrySet()) {
                        check(server.filerUrl(), e.getKey(), e.getValue(), "seed " + seed + " round " + round);
                    }
                }
            }
            assertThat(acknowledgedWrites.get()).as("seed %d", seed).isGreaterThanOrEqualTo(3 * ROUNDS);
            assertThat(acknowledgedDeletes.get()).as("seed %d", seed).isPositive();
            wakeCollector(server.filerUrl());
            Await.until("live needles == referenced chunks (seed " + seed + ")", Duration.ofSeconds(40), () -> {
                Set<String> referenced = FilerProbe.referencedChunks(server.filerUrl(), "/");
                return FilerProbe.liveNeedles(server.volumeUrl()) == referenced.size();
            });
            for (String fid : FilerProbe.referencedChunks(server.filerUrl(), "/")) {
                assertThat(TestHttp.get(server.volumeUrl(), "/" + fid).statusCode()).as("chunk %s", fid)
                        .isEqualTo(200);
            }
        }
    }

    private static void runClient(String filer, String dir, SplittableRandom random, ClientModel model,
                                  AtomicBoolean stop, AtomicInteger writes, AtomicInteger deletes) {
        int n = 0;
        while (!stop.get()) {
            List<String> live = model.settled.entrySet().stream().filter(e -> e.getValue().present())
                    .map(Map.Entry::getKey).toList();
            try {
                if (!live.isEmpty() && random.nextInt(4) == 0) {
                    String path = live.get(random.nextInt(live.size()));
                    Expected before = model.settled.get(path);
                    model.inFlightPath = path;
                    model.inFlightIfApplied = new Expected(before.seed(), before.size(), false);
                    if (TestHttp.delete(filer, path).statusCode() != 204) {
                        return; // cut short by the kill: settled after the restart
                    }
                    model.settled.put(path, model.inFlightIfApplied);
                    deletes.incrementAndGet();
                } else {
                    String path = dir + "/f" + n++;
                    int size = random.nextInt(3) == 0 ? random.nextInt(1, 2048)
                            : random.nextInt(1, (3 * CHUNK_MIB << 20) + 300_000);
                    Expected e = new Expected(random.nextLong(), size, true);
                    model.inFlightPath = path;
                    model.inFlightIfApplied = e;
                    HttpResponse<byte[]> r = TestHttp.postRaw(filer, path + "?maxMB=" + CHUNK_MIB,
                            "application/octet-stream", e.content());
                    if (r.statusCode() != 201) {
                        return; // cut short by the kill: settled after the restart
                    }
                    model.settled.put(path, e);
                    writes.incrementAndGet();
                }
                model.inFlightPath = null;
            } catch (RuntimeException e) {
                return; // the filer died under this request: it stays in flight, settled after the restart
            }
        }
    }

    /** Resolves the request the kill cut short: it either happened whole or not at all. */
    private static void settleInFlight(String filer, ClientModel model, long seed, int round) {
        String path = model.inFlightPath;
        if (path == null) {
            return;
        }
        Expected applied = model.inFlightIfApplied;
        HttpResponse<byte[]> r = TestHttp.get(filer, path);
        if (applied.present()) {
            if (r.statusCode() == 200) {
                check(filer, path, applied, "seed " + seed + " round " + round + " (in flight at the kill)");
                model.settled.put(path, applied);
            } else {
                assertThat(r.statusCode()).as("seed %d round %d in-flight %s", seed, round, path).isEqualTo(404);
            }
        } else {
            if (r.statusCode() == 404) {
                model.settled.put(path, applied);
            } else {
                check(filer, path, model.settled.get(path), "seed " + seed + " round " + round + " (delete in flight)");
            }
        }
        model.inFlightPath = null;
    }

    private static void check(String filer, String path, Expected expected, String context) {
        HttpResponse<byte[]> r = TestHttp.get(filer, path);
        if (!expected.present()) {
            assertThat(r.statusCode()).as("%s: deleted %s", context, path).isEqualTo(404);
            return;
        }
        assertThat(r.statusCode()).as("%s: %s", context, path).isEqualTo(200);
        byte[] content = expected.content();
        assertThat(r.body()).as("%s: bytes of %s", context, path).isEqualTo(content);
        int chunk = CHUNK_MIB << 20;
        if (content.length <= chunk) {
            assertThat(r.headers().firstValue("ETag").orElse("")).as("%s: ETag of %s", context, path)
                    .isEqualTo("\"" + md5(content) + "\"");
        } else { // several chunks: the ETag derived from them names how many
            assertThat(r.headers().firstValue("ETag").orElse("")).as("%s: ETag of %s", context, path)
                    .matches("\"[0-9a-f]{32}-" + ((content.length + chunk - 1) / chunk) + "\"");
        }
    }

    /** A delete wakes the deletion collector at once, rather than at its next periodic pass. */
    private static void wakeCollector(String filer) {
        assertThat(TestHttp.postRaw(filer, "/wake.bin?maxMB=1", "application/octet-stream", bytes(1, 5000))
                .statusCode()).isEqualTo(201);
        assertThat(TestHttp.delete(filer, "/wake.bin").statusCode()).isEqualTo(204);
    }

    static byte[] bytes(long seed, int size) {
        byte[] b = new byte[size];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    static String md5(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
