package io.hayloft.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.wire.FilerEntryJson;
import io.hayloft.api.wire.HttpTransport;
import io.hayloft.testkit.http.FakeHttpServer;
import io.hayloft.testkit.http.FakeHttpServer.Answer;
import io.hayloft.testkit.roles.FakeFiler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The one filer client against a filer stand-in: paths, odd names, ranges, and decisions on the error
 * code, over the JDK transport; {@link FilerClientOverVertxTest} runs the same cases over Vert.x.
 */
class FilerClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String ODD = "/odd/a b+c%d é.txt";

    private final FakeFiler filer = new FakeFiler();
    private final FakeHttpServer scripted = new FakeHttpServer();

    @AfterEach
    void stop() {
        filer.close();
        scripted.close();
    }

    /** A client of the filer at {@code address}, on the transport under test. */
    FilerClient client(String address, Duration timeout) {
        return FilerClient.create(address, timeout);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String readAll(FilerClient.FileRead read) throws IOException {
        try (read) {
            return new String(read.body().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void namesWithSpacesPlusPercentAndUnicodeTravelEncodedSegmentBySegment() throws IOException {
        try (FilerClient client = client(filer.address(), TIMEOUT)) {
            byte[] data = bytes("odd content");
            assertThat(client.write(ODD, new ByteArrayInputStream(data), data.length, FilerClient.WriteOptions.plain())
                    .size()).isEqualTo(data.length);
            assertThat(filer.content(ODD)).isEqualTo("odd content");

            FilerEntryJson entry = client.find(ODD).orElseThrow();
            assertThat(entry.fullPath()).isEqualTo(ODD);
            assertThat(entry.directory()).isFalse();
            assertThat(entry.fileSize()).isEqualTo(data.length);
            assertThat(client.list("/odd", "", false, 10).entries()).extracting(FilerEntryJson::fullPath)
                    .containsExactly(ODD);
            assertThat(readAll(client.read(ODD, 0, -1))).isEqualTo("odd content");
            client.rename(ODD, "/odd/100% sure+.txt");
            assertThat(filer.exists("/odd/100% sure+.txt")).isTrue();
            assertThat(client.delete("/odd/100% sure+.txt", false)).isTrue();
        }
        assertThat(filer.requests()).contains("PUT " + ODD, "GET " + ODD, "GET /odd/", "DELETE /odd/100% sure+.txt");
    }

    @Test
    void theRawPathIsPercentEncodedAndTheQueryCarriesOnlyDefinedParameters() {
        scripted.on("/", r -> Answer.json(200, "{\"FullPath\":\"" + ODD + "\",\"Mtime\":\"2024-05-06T07:08:09Z\","
                + "\"Mode\":420,\"FileSize\":3}"));
        try (FilerClient client = client(scripted.address(), TIMEOUT)) {
            client.find(ODD);
            client.list("/a dir", "b+c", true, 7);
            client.rename("/from 1%", "/to é");
        }
        assertThat(scripted.requests()).extracting(r -> r.method() + " " + r.path() + "?" + r.query()).containsExactly(
                "GET /odd/a%20b%2Bc%25d%20%C3%A9.txt?metadata=true",
                "GET /a%20dir/?limit=7&lastFileName=b%2Bc&inclusive=true",
                "POST /to%20%C3%A9?mv.from=%2Ffrom%201%25");
        assertThat(scripted.requests().get(1).header("Accept")).isEqualTo("application/json");
    }

    @Test
    void rangesAreCutAtTheEndAndAStartPastTheEndIsRangeNotSatisfiable() throws IOException {
        filer.putFile("/r/ten", "0123456789");
        try (FilerClient client = client(filer.address(), TIMEOUT)) {
            FilerClient.FileRead middle = client.read("/r/ten", 2, 3);
            assertThat(middle.length()).isEqualTo(3);
            assertThat(readAll(middle)).isEqualTo("234");
            assertThat(readAll(client.read("/r/ten", 7, 100))).isEqualTo("789");
            assertThat(readAll(client.read("/r/ten", 4, -1))).isEqualTo("456789");
            assertThatThrownBy(() -> client.read("/r/ten", 10, -1))
                    .isInstanceOfSatisfying(FilerClient.RangeNotSatisfiable.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
            assertThatThrownBy(() -> client.read("/r/none", 0, -1))
                    .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        }
        assertThat(filer.requests()).contains("GET /r/ten");
    }

    @Test
    void missingEntriesAreEmptyOrFalseAndConflictsCarryTheirCode() {
        filer.mkdirs("/d/sub");
        filer.putFile("/d/sub/f", "x");
        try (FilerClient client = client(filer.address(), TIMEOUT)) {
            assertThat(client.find("/nothing")).isEmpty();
            assertThat(client.delete("/nothing", false)).isFalse();
            assertThatThrownBy(() -> client.delete("/d", false))
                    .isInstanceOfSatisfying(HayloftException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
                        assertThat(e.getMessage()).contains("directory not empty");
                    });
            assertThatThrownBy(() -> client.write("/d/sub", new ByteArrayInputStream(new byte[1]), 1,
                    FilerClient.WriteOptions.plain()))
                    .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
            assertThat(client.delete("/d", true)).isTrue();
            assertThat(filer.exists("/d/sub/f")).isFalse();
        }
    }

    @Test
    void decidesOnTheBodysCodeNotOnTheStatus() {
        scripted.on("/full", r -> Answer.json(409, "{\"error\":\"volume 3 is read-only\",\"code\":\"VOLUME_NOT_WRITABLE\"}"));
        scripted.on("/gone", r -> Answer.json(409, "{\"error\":\"no such entry\",\"code\":\"NOT_FOUND\"}"));
        scripted.on("/proxy", r -> Answer.bytes(503, Map.of("Content-Type", "text/plain"), bytes("bad gateway")));
        try (FilerClient client = client(scripted.address(), TIMEOUT)) {
            assertThatThrownBy(() -> client.mkdirs("/full"))
                    .isInstanceOfSatisfying(HayloftException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.VOLUME_NOT_WRITABLE);
                        assertThat(e.getMessage()).contains("volume 3 is read-only");
                    });
            assertThat(client.find("/gone")).isEmpty();
            assertThatThrownBy(() -> client.status()).isInstanceOfSatisfying(HayloftException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
            assertThatThrownBy(() -> client.delete("/proxy", false))
                    .isInstanceOfSatisfying(HayloftException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                        assertThat(e.getMessage()).contains("bad gateway");
                    });
        }
    }

    @Test
    void writesSendTypeMetadataAndCollectionAndReadTheStatusMasters() {
        scripted.on("/status", r -> Answer.json(200, "{\"Version\":\"hayloft\",\"Masters\":[\"m1:9333\",\"m2:9333\"]}"));
        scripted.on("/b", r -> Answer.json(201, "{\"name\":\"k\",\"size\":2,\"eTag\":\"abc\"}"));
        try (FilerClient client = client(scripted.address(), TIMEOUT)) {
            assertThat(client.status().masters()).containsExactly("m1:9333", "m2:9333");
            assertThat(client.write("/b/k", new ByteArrayInputStream(bytes("hi")), 2,
                    new FilerClient.WriteOptions("text/plain", Map.of("x-amz-meta-a", "1"), "col one")).eTag())
                    .isEqualTo("abc");
        }
        FakeHttpServer.Request put = scripted.requestsTo("/b").getFirst();
        assertThat(put.method()).isEqualTo("PUT");
        assertThat(put.query()).isEqualTo("collection=col%20one");
        assertThat(put.header("Content-type")).isEqualTo("text/plain");
        assertThat(put.header("Seaweed-x-amz-meta-a")).isEqualTo("1");
        assertThat(new String(put.body(), StandardCharsets.UTF_8)).isEqualTo("hi");
    }

    @Test
    void aBodyShorterThanAnnouncedOrAnUnreachableFilerIsUnreachable() {
        try (FilerClient client = client(filer.address(), TIMEOUT)) {
            assertThatThrownBy(() -> client.write("/short", new ByteArrayInputStream(new byte[10]), 11,
                    FilerClient.WriteOptions.plain())).isInstanceOf(HttpTransport.Unreachable.class);
            InputStream broken = new InputStream() {
                @Override
                public int read() throws IOException {
                    throw new IOException("client went away");
                }
            };
            assertThatThrownBy(() -> client.write("/broken", broken, 5, FilerClient.WriteOptions.plain()))
                    .isInstanceOf(HttpTransport.Unreachable.class);
        }
        assertThat(filer.exists("/short")).isFalse();
        assertThat(filer.exists("/broken")).isFalse();
        try (FilerClient client = client(FakeHttpServer.deadAddress(), TIMEOUT)) {
            assertThatThrownBy(() -> client.find("/x")).isInstanceOfSatisfying(HttpTransport.Unreachable.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
        }
    }
}
