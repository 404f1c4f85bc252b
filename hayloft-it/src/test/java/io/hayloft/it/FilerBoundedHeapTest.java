package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.testkit.Await;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 1 GiB file round-trips through a filer process ({@code hayloft filer}) running with {@value #HEAP}
 * of heap, under a tenth of the file's size: streamed up from a generator, streamed down into a digest,
 * never held whole anywhere. Then ranged reads across chunk boundaries. The master and volume server
 * run in their own process ({@code hayloft server -filer=false}) with an ordinary heap: the bound under
 * test is the filer's.
 *
 * <p>Chunks are the default {@value #CHUNK_MIB} MiB: a write holds (upload parallelism 2 + 1) chunk
 * buffers, and the blob client streams each chunk to its volume server as a raw body straight from that
 * buffer, without another copy. It passes at {@code -Xmx64m} too, but took 57 s there against 45 s at
 * {@value #HEAP} on the same loaded two-core machine, so the test runs with the little extra headroom.
 */
class FilerBoundedHeapTest {
    private static final String HEAP = "96m";
    private static final long SIZE_MIB = 1024;
    private static final long SIZE = SIZE_MIB << 20;
    private static final int CHUNK_MIB = 8;
    private static final long CHUNK = CHUNK_MIB << 20;
    private static final long SEED = 0x5EED_F11E;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path root;

    @Test
    void aGibibyteFileRoundTripsInASmallHeapAndRangesCrossChunkBoundaries() throws Exception {
        int filerPort = ClusterPorts.anyPort();
        String filerAddress = "127.0.0.1:" + filerPort;
        try (ServerProcess server = new ServerProcess(root.resolve("data"), List.of("-filer=false"));
             RoleProcess filer = new RoleProcess("filer", root, List.of("filer", "-master", server.masterUrl(),
                     "-ip", "127.0.0.1", "-port", Integer.toString(filerPort), "-dir", root.resolve("filer").toString()),
                     HEAP)) {
            server.start();
            filer.start();
            Await.until("the filer to answer", Duration.ofSeconds(30), () -> {
                filer.checkAlive();
                return TestHttp.get(filerAddress, "/status").statusCode() == 200;
            });
            String url = TestHttp.url(filerAddress, "/big/file.bin");
            MessageDigest sent = MessageDigest.getInstance("MD5");
            // md5=true: the whole body's MD5 as the ETag, computed in bounded memory however large the file
            HttpResponse<String> up = HTTP.send(HttpRequest.newBuilder(URI.create(url + "?md5=true"))
                    .header("Content-Type", "application/octet-stream")
                    .timeout(Duration.ofMinutes(3))
                    .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                            () -> new DigestInputStream(new PatternStream(SEED, SIZE), sent)), SIZE))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
            String md5 = HexFormat.of().formatHex(sent.digest());
            assertThat(up.headers().firstValue("ETag")).hasValue("\"" + md5 + "\"");

            HttpResponse<InputStream> down = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofMinutes(3)).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(down.statusCode()).isEqualTo(200);
            assertThat(down.headers().firstValueAsLong("Content-Length")).hasValue(SIZE);
            assertThat(md5Of(down.body())).as("md5 of the download").isEqualTo(md5);

            for (long[] range : new long[][] {{CHUNK - 100, 300}, {3 * CHUNK - 1, 2}, {SIZE - CHUNK - 5, CHUNK + 5},
                    {5 * CHUNK + 7, 2 * CHUNK + 11}}) {
                long from = range[0];
                int n = (int) range[1];
                HttpResponse<byte[]> part = TestHttp.send(HttpRequest.newBuilder(URI.create(url))
                        .header("Range", "bytes=" + from + "-" + (from + n - 1)).timeout(Duration.ofSeconds(30))
                        .build());
                assertThat(part.statusCode()).isEqualTo(206);
                assertThat(part.body()).as("bytes %d..+%d", from, n).isEqualTo(PatternStream.at(SEED, from, n));
            }
        }
    }

    private static String md5Of(InputStream in) {
        try (InputStream body = in) {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = body.read(buf)) > 0; ) {
                md5.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md5.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
