package io.hayloft.cli.aot;

import io.hayloft.api.wire.MasterApi;
import io.hayloft.api.wire.PathQuery;
import io.hayloft.api.wire.VolumeApi;
import io.hayloft.api.wire.AssignResponse;
import io.hayloft.filer.FilerConfig;
import io.hayloft.filer.FilerServer;
import io.hayloft.http.Json;
import io.hayloft.master.MasterConfig;
import io.hayloft.master.MasterServer;
import io.hayloft.volume.VolumeServer;
import io.hayloft.volume.VolumeServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The training workload of the ahead-of-time cache: starts a master, a volume server and a filer in
 * this process (loopback, ephemeral ports, a temporary directory), runs the requests a server sees
 * most (assign, small uploads and reads in every form, deletes, a multi-chunk file through the filer,
 * status and metrics) for long enough that the hot methods are profiled, stops everything and deletes
 * the directory. Run by {@code bin/hayloft}, never by users; exits 0 on success, 1 (message on
 * stderr) if a request failed, so a broken build never leaves a cache behind.
 */
public final class AotTraining {
    private static final int SMALL_FILES = 6_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final Random random = new Random(42);

    private AotTraining() {
    }

    /** Runs the training workload; see the class comment. */
    public static void main(String[] args) throws Exception {
        Path root = Files.createTempDirectory("hayloft-aot-training");
        try {
            new AotTraining().train(root);
        } catch (Exception e) {
            System.exit(1);
        } finally {
            deleteTree(root);
        }
        System.exit(0);
    }

    private void train(Path root) throws Exception {
        try (MasterServer master = MasterServer.start(MasterConfig.forTest(root.resolve("master")));
             VolumeServer volume = VolumeServer.start(VolumeServerConfig.forTest(List.of(
                     Files.createDirectories(root.resolve("volume"))), master.url()));
             FilerServer filer = FilerServer.start(FilerConfig.forTest(root.resolve("filer"), master.url()))) {
            try {
                run(master, volume, filer);
            } catch (Exception e) {
                // said before the servers close: a request still in flight may outlive them
                System.err.println("hayloft: AOT training run failed: " + e);
                System.err.flush();
                throw e;
            }
        }
    }

    private void run(MasterServer master, VolumeServer volume, FilerServer filer) throws Exception {
        if (!volume.awaitRegistered(TIMEOUT)) {
            throw new IllegalStateException("the volume server did not register with the master");
        }
        for (int i = 0; i < SMALL_FILES; i++) {
            smallFile(master.url(), i);
        }
        send("GET", MasterApi.DIR_STATUS.query().url(master.url()), null, null, 200);
        send("GET", VolumeApi.STATUS.query().url(volume.url()), null, null, 200);
        send("GET", VolumeApi.METRICS.query().url(volume.url()), null, null, 200);
        send("GET", MasterApi.METRICS.query().url(master.url()), null, null, 200);
        String filerUrl = PathQuery.base(filer.url());
        byte[] large = new byte[12 << 20]; // two chunks
        random.nextBytes(large);
        for (int i = 0; i < 2; i++) {
            send("PUT", filerUrl + "/training/large-" + i + ".bin", null, large, 201);
            byte[] back = send("GET", filerUrl + "/training/large-" + i + ".bin", null, null, 200);
            if (!Arrays.equals(back, large)) {
                throw new IllegalStateException("the filer returned other bytes");
            }
            send("PUT", filerUrl + "/training/small-" + i + ".txt", null, "small".getBytes(StandardCharsets.UTF_8),
                    201);
        }
        send("GET", filerUrl + "/training/", "application/json", null, 200);
        send("DELETE", filerUrl + "/training/large-0.bin", null, null, 204);
    }

    /** One assign, one upload (multipart or raw), reads in several forms, sometimes a delete. */
    private void smallFile(String masterAddress, int i) throws Exception {
        AssignResponse assign = Json.read(send("GET", MasterApi.ASSIGN.query().url(masterAddress), null, null, 200),
                AssignResponse.class);
        String url = VolumeApi.BLOB.at(assign.fid()).url(assign.url());
        byte[] data = new byte[256 + random.nextInt(4096)];
        random.nextBytes(data);
        if (i % 2 == 0) {
            String boundary = "hayloft-training-" + i;
            byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f" + i
                    + ".bin\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
            byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
            byte[] body = new byte[head.length + data.length + tail.length];
            System.arraycopy(head, 0, body, 0, head.length);
            System.arraycopy(data, 0, body, head.length, data.length);
            System.arraycopy(tail, 0, body, head.length + data.length, tail.length);
            send("POST", url, "multipart/form-data; boundary=" + boundary, body, 201);
        } else {
            send("PUT", url, "application/octet-stream", data, 201);
        }
        byte[] back = send("GET", url, null, null, 200);
        if (!Arrays.equals(back, data)) {
            throw new IllegalStateException("read other bytes than written at " + url);
        }
        if (i % 10 == 0) {
            send("GET", url + ".bin", null, null, 200);
            send("HEAD", url, null, null, 200);
            request(HttpRequest.newBuilder(URI.create(url)).header("Range", "bytes=0-99").GET(), 206);
            request(HttpRequest.newBuilder(URI.create(url + "?dl=true")).GET(), 200);
        }
        if (i % 50 == 0) {
            send("DELETE", url, null, null, 202);
            send("GET", url, null, null, 404);
        }
    }

    private byte[] send(String method, String url, String contentType, byte[] body, int expected) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header(body == null ? "Accept" : "Content-Type", contentType);
        }
        return request(b, expected);
    }

    private byte[] request(HttpRequest.Builder b, int expected) throws Exception {
        HttpRequest req = b.timeout(TIMEOUT).build();
        HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(req.method() + " " + req.uri() + " answered " + r.statusCode()
                    + ", expected " + expected + ": " + new String(r.body(), StandardCharsets.UTF_8));
        }
        return r.body();
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
