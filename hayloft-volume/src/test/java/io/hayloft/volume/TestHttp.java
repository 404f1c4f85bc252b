package io.hayloft.volume;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** A small JDK HttpClient wrapper for tests. */
public final class TestHttp {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestHttp() {
    }

    public static HttpResponse<byte[]> send(String method, String url, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        try {
            return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static HttpResponse<byte[]> get(String url, Map<String, String> headers) {
        return send("GET", url, headers, null);
    }

    public static HttpResponse<byte[]> post(String url) {
        return send("POST", url, Map.of(), null);
    }

    public static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    /** A {@code multipart/form-data} body like {@code curl -F file=@name} sends. */
    public record Multipart(String contentType, byte[] body) {
        public static Multipart file(String fileName, String partType, byte[] data) {
            String boundary = "------------------------hayloftTestBoundary";
            byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                    + fileName + "\"\r\nContent-Type: " + partType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
            byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
            byte[] all = new byte[head.length + data.length + tail.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(data, 0, all, head.length, data.length);
            System.arraycopy(tail, 0, all, head.length + data.length, tail.length);
            return new Multipart("multipart/form-data; boundary=" + boundary, all);
        }
    }
}
