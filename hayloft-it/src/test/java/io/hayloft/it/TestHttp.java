package io.hayloft.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Plain JDK HTTP calls for tests, as curl would make them. */
final class TestHttp {
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private TestHttp() {
    }

    static String url(String hostPort, String pathAndQuery) {
        return (hostPort.startsWith("http") ? hostPort : "http://" + hostPort) + pathAndQuery;
    }

    static HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<byte[]> get(String hostPort, String path) {
        return send(HttpRequest.newBuilder(URI.create(url(hostPort, path))).timeout(Duration.ofSeconds(30)).build());
    }

    static HttpResponse<byte[]> delete(String hostPort, String path) {
        return send(HttpRequest.newBuilder(URI.create(url(hostPort, path))).DELETE()
                .timeout(Duration.ofSeconds(30)).build());
    }

    static HttpResponse<byte[]> postRaw(String hostPort, String path, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create(url(hostPort, path)))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).timeout(Duration.ofSeconds(30)).build());
    }

    /** A multipart/form-data upload with one part named {@code file}, as {@code curl -F file=@name}. */
    static HttpResponse<byte[]> postFile(String hostPort, String path, String fileName, byte[] data) {
        String boundary = "----hayloft" + UUID.randomUUID();
        return postRaw(hostPort, path, "multipart/form-data; boundary=" + boundary,
                multipart(boundary, fileName, "application/octet-stream", data));
    }

    static byte[] multipart(String boundary, String fileName, String mime, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + fileName + "\"\r\nContent-Type: " + mime + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(data);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static JsonNode json(HttpResponse<byte[]> response) {
        return JSON.readTree(response.body());
    }

    static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    /** Sum of every sample of a metric family in {@code /metrics} of {@code hostPort} (0 when absent). */
    static double metric(String hostPort, String name) {
        double sum = 0;
        for (String line : text(get(hostPort, "/metrics")).split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
