package io.hayloft.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.HayloftException;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MultipartParserTest {
    private static final String TYPE = "multipart/form-data; boundary=XyZ";

    /** What the parser reported: part headers and the bytes of each part. */
    private static final class Collected implements MultipartParser.Listener {
        final List<MultipartParser.Part> parts = new ArrayList<>();
        final List<ByteArrayOutputStream> data = new ArrayList<>();

        @Override
        public void partStarted(MultipartParser.Part part) {
            parts.add(part);
            data.add(new ByteArrayOutputStream());
        }

        @Override
        public void partData(Buffer d) {
            data.getLast().writeBytes(d.getBytes());
        }

        @Override
        public void partEnded() {
        }

        byte[] bytes(int i) {
            return data.get(i).toByteArray();
        }
    }

    private static byte[] body(byte[] file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a b.bin\"\r\n"
                + "Content-Type: application/x-test\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(file);
        out.writeBytes("\r\n--XyZ--\r\n".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static Collected parse(byte[] body, int... cuts) {
        Collected c = new Collected();
        MultipartParser p = MultipartParser.forContentType(TYPE, c);
        int from = 0;
        for (int cut : cuts) {
            p.feed(Buffer.buffer(Arrays.copyOfRange(body, from, cut)));
            from = cut;
        }
        p.feed(Buffer.buffer(Arrays.copyOfRange(body, from, body.length)));
        p.finish();
        return c;
    }

    @Test
    void givesPartsWithHeadersAndExactBytes() {
        byte[] file = "line1\r\nline2\r\n--XyYnear-miss\r\n-\r".getBytes(StandardCharsets.UTF_8);
        Collected c = parse(body(file));
        assertThat(c.parts).hasSize(2);
        assertThat(c.parts.get(0).name()).contains("note");
        assertThat(c.parts.get(0).fileName()).isEmpty();
        assertThat(c.bytes(0)).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
        assertThat(c.parts.get(1).fileName()).contains("a b.bin");
        assertThat(c.parts.get(1).contentType()).contains("application/x-test");
        assertThat(c.bytes(1)).isEqualTo(file);
    }

    @Test
    void everySingleSplitGivesTheSameBytes() {
        // netty/netty#17383: a chunk ending on the CR before the delimiter leaked that CR into the data
        byte[] file = new byte[300];
        new SplittableRandom(17).nextBytes(file);
        file[299] = '\r';
        byte[] body = body(file);
        for (int cut = 1; cut < body.length; cut++) {
            Collected c = parse(body, cut);
            assertThat(c.bytes(1)).as("split at %d", cut).isEqualTo(file);
            assertThat(c.bytes(0)).as("split at %d", cut).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void randomMultiSplitsGiveTheSameBytes() {
        long seed = System.nanoTime();
        SplittableRandom r = new SplittableRandom(seed);
        for (int round = 0; round < 300; round++) {
            byte[] file = new byte[r.nextInt(0, 5000)];
            r.nextBytes(file);
            byte[] body = body(file);
            int n = r.nextInt(1, 12);
            int[] cuts = r.ints(n, 1, body.length).sorted().distinct().toArray();
            assertThat(parse(body, cuts).bytes(1)).as("seed %d round %d", seed, round).isEqualTo(file);
        }
    }

    @Test
    void readsUtf8ExtendedFileNames() {
        byte[] body = ("--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x\"; "
                + "filename*=UTF-8''%E6%96%87%E4%BB%B6.txt\r\n\r\ndata\r\n--XyZ--").getBytes(StandardCharsets.UTF_8);
        assertThat(parse(body).parts.getFirst().fileName()).contains("文件.txt");
    }

    @Test
    void truncatedBodyIsABadRequest() {
        byte[] body = body("abc".getBytes(StandardCharsets.UTF_8));
        Collected c = new Collected();
        MultipartParser p = MultipartParser.forContentType(TYPE, c);
        p.feed(Buffer.buffer(Arrays.copyOf(body, body.length - 10)));
        assertThatThrownBy(p::finish).isInstanceOf(HayloftException.class).hasMessageContaining("truncated");
    }

    @Test
    void garbageIsABadRequest() {
        MultipartParser p = MultipartParser.forContentType(TYPE, new Collected());
        assertThatThrownBy(() -> p.feed(Buffer.buffer("no boundary here at all".repeat(1000))))
                .isInstanceOf(HayloftException.class);
        assertThatThrownBy(() -> MultipartParser.forContentType("multipart/form-data", new Collected()))
                .isInstanceOf(HayloftException.class).hasMessageContaining("boundary");
        assertThatThrownBy(() -> MultipartParser.forContentType("text/plain", new Collected()))
                .isInstanceOf(HayloftException.class);
    }

    @Test
    void acceptsQuotedBoundaryAndPreambleAndPartsWithoutHeaders() {
        byte[] body = "preamble\r\n--b c\r\n\r\nraw\r\n--b c--\r\nepilogue".getBytes(StandardCharsets.UTF_8);
        Collected c = new Collected();
        MultipartParser p = MultipartParser.forContentType("multipart/form-data; boundary=\"b c\"", c);
        p.feed(Buffer.buffer(body));
        p.finish();
        assertThat(c.parts.getFirst().headers()).isEmpty();
        assertThat(c.bytes(0)).isEqualTo("raw".getBytes(StandardCharsets.UTF_8));
    }
}
