package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.cli.serve.ColocatedVolumeServer;
import io.hayloft.filer.FilerConfig;
import io.hayloft.filer.FilerServer;
import io.hayloft.filer.chunk.UploadFaults;
import io.hayloft.volume.VolumeServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A filer beside its volume server in one process, as {@code hayloft server} runs them: chunks go to
 * the volume server and come back by method call (its HTTP upload and read counters stay at 0), byte
 * for byte, raw or multipart, and ranges that start or end on, just before or just after a chunk
 * boundary, suffix ranges and ranges over many chunks read the right bytes.
 */
class ColocatedFilerTest {
    private static final int CHUNK = 64 * 1024;

    @TempDir
    Path root;

    @Test
    void chunksMoveByMethodCallAndEveryRangeAroundAChunkBoundaryReadsTheRightBytes() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        try (LocalCluster cluster = LocalCluster.start(root, m -> m)) {
            VolumeServer volume = cluster.addVolumeServer(8, "dc1", "rack1");
            assertThat(volume.awaitRegistered(Duration.ofSeconds(30))).as("the volume server registered").isTrue();
            try (FilerServer filer = FilerServer.start(FilerConfig.forTest(root.resolve("filer"), cluster.masterUrl())
                    .withChunking(CHUNK, 2048, 2), UploadFaults.NONE, new ColocatedVolumeServer(volume.colocated()))) {
                byte[] data = new byte[5 * CHUNK + 123];
                random.nextBytes(data);
                HttpResponse<byte[]> raw = TestHttp.postRaw(filer.url(), "/co/raw.bin", "application/octet-stream", data);
                assertThat(raw.statusCode()).as(TestHttp.text(raw)).isEqualTo(201);
                HttpResponse<byte[]> multi = TestHttp.postFile(filer.url(), "/co/", "multi.bin", data);
                assertThat(multi.statusCode()).as(TestHttp.text(multi)).isEqualTo(201);

                for (String path : new String[] {"/co/raw.bin", "/co/multi.bin"}) {
                    assertThat(TestHttp.get(filer.url(), path).body()).as("%s, seed %d", path, seed).isEqualTo(data);
                    for (long b : new long[] {CHUNK, 2L * CHUNK, 5L * CHUNK}) {
                        for (long[] r : new long[][] {{b, b + 9}, {b - 1, b + 9}, {b + 1, b + 9}, {b - 10, b - 1},
                                {b - 10, b}, {b - 10, b + 1}, {b - 1, b}}) {
                            long to = Math.min(r[1], data.length - 1);
                            assertRange(filer.url(), path, "bytes=" + r[0] + "-" + to, data, r[0], to);
                        }
                    }
                    assertRange(filer.url(), path, "bytes=-" + (CHUNK + 124), data, data.length - CHUNK - 124L,
                            data.length - 1L);
                    assertRange(filer.url(), path, "bytes=-1", data, data.length - 1L, data.length - 1L);
                    assertRange(filer.url(), path, "bytes=" + (CHUNK - 7) + "-", data, CHUNK - 7L, data.length - 1L);
                    assertRange(filer.url(), path, "bytes=3-" + (4 * CHUNK + 5), data, 3, 4L * CHUNK + 5);
                }
                assertThat(TestHttp.text(TestHttp.get(volume.url(), "/metrics")))
                        .contains("hayloft_volume_writes_total").contains("hayloft_volume_reads_total");
                assertThat(TestHttp.metric(volume.url(), "hayloft_volume_writes_total")).isZero();
                assertThat(TestHttp.metric(volume.url(), "hayloft_volume_reads_total")).isZero();
                // one upload's (parallelism 2 + 1) chunk buffers, kept between uploads, plus the one chunk record
                // (the chunk, its header, name, MIME type and trailer) a read holds at a time
                assertThat(TestHttp.metric(filer.url(), "hayloft_filer_buffered_peak_bytes")).isPositive()
                        .isLessThanOrEqualTo(4.0 * CHUNK + 4096);
                assertThat(TestHttp.metric(filer.url(), "hayloft_filer_buffered_bytes"))
                        .as("only one upload's chunk buffers, kept for the next").isLessThanOrEqualTo(3.0 * CHUNK);
            }
        }
    }

    /**
     * Eight downloads at once of a file of many chunks, with read buffers for four chunks: each download
     * gets every byte (they take turns for the buffers; a download that has one reuses it), the filer's
     * read buffers never exceed their bound, and afterwards only the kept ones remain. Before the bound,
     * eight downloads of a 64 MiB file ran a `hayloft server` out of direct memory.
     */
    @Test
    void concurrentDownloadsShareBoundedReadBuffersAndEachGetsEveryByte() throws Exception {
        int chunk = 1 << 20;
        long seed = System.nanoTime();
        byte[] data = new byte[7 * chunk + 123];
        new Random(seed).nextBytes(data);
        try (LocalCluster cluster = LocalCluster.start(root, m -> m)) {
            VolumeServer volume = cluster.addVolumeServer(8, "dc1", "rack1");
            assertThat(volume.awaitRegistered(Duration.ofSeconds(30))).as("the volume server registered").isTrue();
            try (FilerServer filer = FilerServer.start(FilerConfig.forTest(root.resolve("filer"), cluster.masterUrl())
                    .withChunking(chunk, 2048, 2), UploadFaults.NONE, new ColocatedVolumeServer(volume.colocated()))) {
                HttpResponse<byte[]> put = TestHttp.postRaw(filer.url(), "/many/f.bin", "application/octet-stream", data);
                assertThat(put.statusCode()).as(TestHttp.text(put)).isEqualTo(201);
                double limit = TestHttp.metric(filer.url(), "hayloft_filer_read_buffer_limit_bytes");
                assertThat(limit).isEqualTo(4.0 * (chunk + (1 << 20)));

                java.util.List<java.util.concurrent.CompletableFuture<HttpResponse<byte[]>>> downloads =
                        new java.util.ArrayList<>();
                try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int i = 0; i < 8; i++) {
                        downloads.add(java.util.concurrent.CompletableFuture.supplyAsync(
                                () -> TestHttp.get(filer.url(), "/many/f.bin"), threads));
                    }
                    for (var d : downloads) {
                        HttpResponse<byte[]> r = d.join();
                        assertThat(r.statusCode()).isEqualTo(200);
                        assertThat(r.body()).as("seed %d", seed).isEqualTo(data);
                    }
                }
                assertThat(TestHttp.metric(filer.url(), "hayloft_filer_read_buffer_peak_bytes")).isPositive()
                        .isLessThanOrEqualTo(limit);
                io.hayloft.testkit.Await.until("only kept buffers remain", Duration.ofSeconds(10), () ->
                        TestHttp.metric(filer.url(), "hayloft_filer_read_buffer_bytes") <= 2.0 * (chunk + (1 << 20)));
            }
        }
    }

    private static void assertRange(String filer, String path, String range, byte[] data, long from, long to) {
        HttpResponse<byte[]> r = TestHttp.send(HttpRequest.newBuilder(URI.create(TestHttp.url(filer, path)))
                .header("Range", range).timeout(Duration.ofSeconds(30)).build());
        assertThat(r.statusCode()).as(range).isEqualTo(206);
        assertThat(r.headers().firstValue("Content-Range")).as(range)
                .hasValue("bytes " + from + "-" + to + "/" + data.length);
        assertThat(r.body()).as(range).isEqualTo(Arrays.copyOfRange(data, (int) from, (int) to + 1));
    }
}
