package io.hayloft.volume;
import io.hayloft.testkit.roles.FakeMaster;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.FileId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads whose body reaches the volume server in pieces split at every possible byte: each piece
 * is sent as its own HTTP chunk, which the server's decoder hands on as its own buffer whatever
 * TCP does, so every split is really exercised. Multipart and raw bodies must store exactly the
 * file's bytes; Content-MD5 is checked against the file (not the multipart framing); the size limit
 * holds at its exact edge.
 */
class UploadSplitTest {
    private static final long LIMIT = 4 * 1024;
    private static final String BOUNDARY = "XyZ";

    @TempDir
    static Path dir;
    static FakeMaster master;
    static VolumeServer server;
    static URI base;
    static int nextKey = 1;

    @BeforeAll
    static void start() throws Exception {
        master = new FakeMaster();
        server = VolumeServer.start(VolumeServerConfig.forTest(List.of(dir), master.address())
                .withFileSizeLimit(LIMIT));
        base = URI.create("http://" + server.url());
        assertThat(TestHttp.post(base + "/admin/volume/allocate?volume=7&collection=&replication=000").statusCode())
                .isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        server.close();
        master.close();
    }

    /**
     * Bytes that look like framing without being a delimiter ({@code CRLF--XyZ} would end the part):
     * CR, LF, dashes and prefixes of the delimiter, which a parser must hold back and then give out.
     */
    private static byte[] trickyData(int size, long seed) {
        byte[] data = new byte[size];
        new SplittableRandom(seed).nextBytes(data);
        byte[] framing = "\r\n--Xy\r\n-\r\n--XyQ\r\r\n--X".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(framing, 0, data, size / 3, Math.min(framing.length, size - size / 3));
        data[size - 1] = '\r';
        return data;
    }

    private static byte[] multipart(byte[] data) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"s.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(data);
        b.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }

    private static synchronized FileId newFid() {
        return FileId.of(7, nextKey++, 0x5eed5eed);
    }

    /** POSTs {@code body} as HTTP chunks cut at {@code cuts}; returns the status line and body. */
    private static String postInChunks(FileId fid, String contentType, Map<String, String> headers, byte[] body,
                                       int... cuts) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder("POST /" + fid + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                    + "Content-Type: " + contentType + "\r\nConnection: close\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            int from = 0;
            for (int i = 0; i <= cuts.length; i++) {
                int to = i < cuts.length ? cuts[i] : body.length;
                if (to > from) {
                    out.write((Integer.toHexString(to - from) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body, from, to - from);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    from = to;
                }
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static byte[] read(FileId fid) {
        HttpResponse<byte[]> r = TestHttp.get(base + "/" + fid, Map.of());
        assertThat(r.statusCode()).as(fid.toString()).isEqualTo(200);
        return r.body();
    }

    @Test
    void multipartBodySplitAtEveryByteStoresExactlyTheFile() throws IOException {
        byte[] data = trickyData(120, 1);
        byte[] body = multipart(data);
        for (int cut = 1; cut < body.length; cut++) {
            FileId fid = newFid();
            String answer = postInChunks(fid, "multipart/form-data; boundary=" + BOUNDARY, Map.of(), body, cut);
            assertThat(answer).as("cut at %d", cut).startsWith("HTTP/1.1 201");
            assertThat(read(fid)).as("cut at %d", cut).isEqualTo(data);
        }
    }

    @Test
    void rawBodySplitAtEveryByteStoresExactlyTheBody() throws IOException {
        byte[] data = trickyData(150, 2);
        for (int cut = 1; cut < data.length; cut++) {
            FileId fid = newFid();
            String answer = postInChunks(fid, "application/octet-stream", Map.of(), data, cut);
            assertThat(answer).as("cut at %d", cut).startsWith("HTTP/1.1 201");
            assertThat(read(fid)).as("cut at %d", cut).isEqualTo(data);
        }
    }

    @Test
    void randomThreeWaySplitsOfLargerBodiesStoreExactBytes() throws IOException {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 40; i++) {
            byte[] data = trickyData(1 + random.nextInt((int) LIMIT), seed + i);
            boolean asMultipart = random.nextBoolean();
            byte[] body = asMultipart ? multipart(data) : data;
            int[] cuts = {random.nextInt(body.length + 1), random.nextInt(body.length + 1)};
            Arrays.sort(cuts);
            FileId fid = newFid();
            String answer = postInChunks(fid, asMultipart ? "multipart/form-data; boundary=" + BOUNDARY
                    : "application/octet-stream", Map.of(), body, cuts);
            assertThat(answer).as("seed %d, upload %d", seed, i).startsWith("HTTP/1.1 201");
            assertThat(read(fid)).as("seed %d, upload %d", seed, i).isEqualTo(data);
        }
    }

    @Test
    void contentMd5OfAMultipartUploadIsCheckedAgainstTheFileNotTheFraming() throws Exception {
        byte[] data = trickyData(500, 3);
        byte[] body = multipart(data);
        String fileMd5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(data));
        String bodyMd5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(body));
        FileId good = newFid();
        assertThat(postInChunks(good, "multipart/form-data; boundary=" + BOUNDARY, Map.of("Content-MD5", fileMd5),
                body, 100, 400)).startsWith("HTTP/1.1 201");
        assertThat(read(good)).isEqualTo(data);
        FileId bad = newFid();
        String refused = postInChunks(bad, "multipart/form-data; boundary=" + BOUNDARY, Map.of("Content-MD5", bodyMd5),
                body, 100, 400);
        assertThat(refused).startsWith("HTTP/1.1 400").contains("Content-MD5 mismatch");
        assertThat(TestHttp.get(base + "/" + bad, Map.of()).statusCode()).isEqualTo(404);
    }

    @Test
    void aFileOfExactlyTheLimitIsStoredAndOneByteMoreIsRefused() throws IOException {
        byte[] atLimit = trickyData((int) LIMIT, 4);
        FileId raw = newFid();
        assertThat(postInChunks(raw, "application/octet-stream", Map.of(), atLimit, 1000)).startsWith("HTTP/1.1 201");
        assertThat(read(raw)).isEqualTo(atLimit);
        FileId part = newFid();
        assertThat(postInChunks(part, "multipart/form-data; boundary=" + BOUNDARY, Map.of(), multipart(atLimit), 7))
                .startsWith("HTTP/1.1 201");
        assertThat(read(part)).isEqualTo(atLimit);

        byte[] over = trickyData((int) LIMIT + 1, 5);
        FileId rawOver = newFid();
        assertThat(postInChunks(rawOver, "application/octet-stream", Map.of(), over, 2000)).startsWith("HTTP/1.1 413");
        FileId partOver = newFid();
        assertThat(postInChunks(partOver, "multipart/form-data; boundary=" + BOUNDARY, Map.of(), multipart(over), 9))
                .startsWith("HTTP/1.1 413");
        assertThat(TestHttp.get(base + "/" + rawOver, Map.of()).statusCode()).isEqualTo(404);
        assertThat(TestHttp.get(base + "/" + partOver, Map.of()).statusCode()).isEqualTo(404);
    }
}
