package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.filer.FilerConfig;
import io.hayloft.filer.FilerServer;
import io.hayloft.filer.chunk.UploadFaults;
import io.hayloft.volume.VolumeServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Expect: 100-continue} (sent by curl on uploads over 1 MiB and by the AWS SDKs on PUTs) is answered with
 * {@code 100 Continue} by every upload route before the body is sent, so the client does not wait (curl waits
 * a second) for an answer that never comes; a request refused before its body is read gets its final answer
 * instead; and the file arrives byte for byte after the interim answer.
 */
class ExpectContinueTest {
    /** Far below curl's one-second wait: an interim answer that comes at all comes at once. */
    private static final Duration INTERIM = Duration.ofMillis(900);

    @TempDir
    Path root;

    @Test
    void everyUploadRouteAnswers100ContinueBeforeTheBodyAndStoresTheFile() throws Exception {
        Random random = new Random(7);
        try (LocalCluster cluster = LocalCluster.start(root, m -> m)) {
            VolumeServer volume = cluster.addVolumeServer(8, "dc1", "rack1");
            assertThat(volume.awaitRegistered(Duration.ofSeconds(30))).as("the volume server registered").isTrue();
            try (FilerServer filer = FilerServer.start(FilerConfig.forTest(root.resolve("filer"), cluster.masterUrl()),
                    UploadFaults.NONE)) {
                byte[] data = new byte[3 * 1024 * 1024 + 17];
                random.nextBytes(data);

                Exchange raw = upload(filer.url(), "PUT /expect/raw.bin HTTP/1.1", "application/octet-stream", data);
                assertThat(raw.interim).as("filer raw PUT").startsWith("HTTP/1.1 100 Continue");
                assertThat(raw.finalAnswer).as("filer raw PUT").startsWith("HTTP/1.1 201");
                assertThat(TestHttp.get(filer.url(), "/expect/raw.bin").body()).isEqualTo(data);

                byte[] form = multipart("form.bin", data);
                Exchange multi = upload(filer.url(), "POST /expect/ HTTP/1.1", "multipart/form-data; boundary=" + BOUNDARY,
                        form);
                assertThat(multi.interim).as("filer multipart POST").startsWith("HTTP/1.1 100 Continue");
                assertThat(multi.finalAnswer).as("filer multipart POST").startsWith("HTTP/1.1 201");
                assertThat(TestHttp.get(filer.url(), "/expect/form.bin").body()).isEqualTo(data);

                Exchange submit = upload(cluster.masterUrl(), "POST /submit HTTP/1.1",
                        "multipart/form-data; boundary=" + BOUNDARY, form);
                assertThat(submit.interim).as("master /submit").startsWith("HTTP/1.1 100 Continue");
                assertThat(submit.finalAnswer).as("master /submit").startsWith("HTTP/1.1 201");
                String fid = TestHttp.JSON.readTree(submit.body()).get("fid").asString();
                assertThat(TestHttp.get(volume.url(), "/" + fid).body()).isEqualTo(data);

                String assigned = TestHttp.JSON.readTree(TestHttp.get(cluster.masterUrl(), "/dir/assign").body())
                        .get("fid").asString();
                Exchange blob = upload(volume.url(), "PUT /" + assigned + " HTTP/1.1", "application/octet-stream", data);
                assertThat(blob.interim).as("volume server PUT").startsWith("HTTP/1.1 100 Continue");
                assertThat(blob.finalAnswer).as("volume server PUT").startsWith("HTTP/1.1 201");
                assertThat(TestHttp.get(volume.url(), "/" + assigned).body()).isEqualTo(data);

                // refused before the body is read: the final answer, no 100, and the body never needed
                try (Socket s = connect(cluster.masterUrl())) {
                    s.getOutputStream().write(("POST /submit HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; "
                            + "boundary=" + BOUNDARY + "\r\nContent-Length: 99999999999\r\nExpect: 100-continue\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    assertThat(statusLine(s.getInputStream())).startsWith("HTTP/1.1 413");
                }
            }
        }
    }

    private static final String BOUNDARY = "expect-continue-boundary";

    private record Exchange(String interim, String finalAnswer, byte[] rest) {
        byte[] body() {
            String text = new String(rest, StandardCharsets.ISO_8859_1);
            int at = text.indexOf("\r\n\r\n");
            return Arrays.copyOfRange(rest, at + 4, rest.length);
        }
    }

    /** Sends the head, waits for an interim answer (briefly), then the body, and reads the final answer. */
    private static Exchange upload(String hostPort, String requestLine, String contentType, byte[] body)
            throws IOException {
        try (Socket s = connect(hostPort)) {
            OutputStream out = s.getOutputStream();
            out.write((requestLine + "\r\nHost: x\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length
                    + "\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            s.setSoTimeout((int) INTERIM.toMillis());
            String interim;
            try {
                interim = statusLine(in);
                while (!readLine(in).isEmpty()) {
                    // the interim answer's headers, if any
                }
            } catch (SocketTimeoutException e) {
                interim = "nothing within " + INTERIM.toMillis() + " ms";
            }
            s.setSoTimeout(30_000);
            out.write(body);
            out.flush();
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            in.transferTo(rest);
            byte[] all = rest.toByteArray();
            String text = new String(all, StandardCharsets.ISO_8859_1);
            return new Exchange(interim, text.substring(0, Math.max(0, text.indexOf("\r\n"))), all);
        }
    }

    private static Socket connect(String hostPort) throws IOException {
        Socket s = new Socket();
        s.connect(RawHttp.address(hostPort), 5_000);
        s.setSoTimeout(30_000);
        return s;
    }

    private static String statusLine(InputStream in) throws IOException {
        return readLine(in);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static byte[] multipart(String fileName, byte[] data) {
        byte[] head = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] tail = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + data.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(data, 0, all, head.length, data.length);
        System.arraycopy(tail, 0, all, head.length + data.length, tail.length);
        return all;
    }
}
