package io.hayloft.volume;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.FileId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A needle of more than 1 MiB over HTTP/1.1 is verified in place and sent from the file ({@code sendfile}):
 * the answer is byte for byte and header for header what the buffered path gives (HTTP/2 takes that
 * path), for whole reads, ranges, HEAD and conditional requests, and a corrupt copy is never sent.
 */
class LargeNeedleReadTest {
    private static final HttpClient HTTP1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;
    private OneVolumeServer one;
    private VolumeServer server;

    @BeforeEach
    void start() throws Exception {
        one = OneVolumeServer.start(dir, c -> c, 3);
        server = one.server;
    }

    @AfterEach
    void stop() {
        one.close();
    }

    private String url(String pathAndQuery) {
        return one.url(pathAndQuery);
    }

    private static HttpResponse<byte[]> http1(String method, String url, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(30));
        headers.forEach(b::header);
        return HTTP1.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aLargeNeedleIsSentFromTheFileExactlyAsTheBufferedPathAnswers() throws Exception {
        byte[] data = new byte[3 * (1 << 20) + 17];
        new Random(11).nextBytes(data);
        FileId fid = FileId.of(3, 0x30, 0x77);
        HttpResponse<byte[]> put = TestHttp.send("POST", url("/" + fid + "?ts=1700000000"),
                Map.of("Content-Type", "application/x-test", "Content-Disposition", "inline; filename=\"big.bin\"",
                        "Seaweed-k", "v"), data);
        assertThat(put.statusCode()).as(TestHttp.text(put)).isEqualTo(201);

        HttpResponse<byte[]> whole = http1("GET", url("/" + fid), Map.of());
        HttpResponse<byte[]> buffered = TestHttp.get(url("/" + fid), Map.of()); // HTTP/2: the buffered path
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(data);
        for (String h : List.of("etag", "last-modified", "content-type", "content-disposition", "content-length",
                "accept-ranges", "seaweed-k")) {
            assertThat(whole.headers().firstValue(h)).as(h).isPresent().isEqualTo(buffered.headers().firstValue(h));
        }

        long from = (1 << 20) - 3;
        long to = 2L * (1 << 20) + 5;
        HttpResponse<byte[]> range = http1("GET", url("/" + fid), Map.of("Range", "bytes=" + from + "-" + to));
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.headers().firstValue("content-range")).hasValue("bytes " + from + "-" + to + "/" + data.length);
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(data, (int) from, (int) to + 1));

        HttpResponse<byte[]> head = http1("HEAD", url("/" + fid), Map.of());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("content-length")).hasValue(Integer.toString(data.length));
        assertThat(head.body()).isEmpty();

        String eTag = whole.headers().firstValue("etag").orElseThrow();
        assertThat(http1("GET", url("/" + fid), Map.of("If-None-Match", eTag)).statusCode()).isEqualTo(304);
        assertThat(http1("GET", url("/" + fid), Map.of("Range", "bytes=" + data.length + "-")).statusCode())
                .isEqualTo(416);
        assertThat(http1("GET", url("/" + FileId.of(3, 0x30, 0x78)), Map.of()).statusCode()).as("wrong cookie")
                .isEqualTo(404);
        // the span is closed after each answer: the server keeps serving it
        assertThat(http1("GET", url("/" + fid), Map.of()).body()).isEqualTo(data);
    }
}
