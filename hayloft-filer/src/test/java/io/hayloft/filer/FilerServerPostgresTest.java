package io.hayloft.filer;

import io.hayloft.testkit.Await;
import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.filer.store.jdbc.LocalPostgres;
import io.hayloft.http.Json;
import io.hayloft.master.MasterConfig;
import io.hayloft.master.MasterServer;
import io.hayloft.volume.VolumeServer;
import io.hayloft.volume.VolumeServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The filer end to end on the PostgreSQL store ({@link LocalPostgres} starts a real server): put, ls,
 * get, mv and rm through the HTTP API over a real in-process master and volume server, and a second
 * filer on the same database sees the first one's namespace.
 */
class FilerServerPostgresTest {
    @RegisterExtension
    static final LocalPostgres POSTGRES = new LocalPostgres();
    private static final int CHUNK = 64 * 1024;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path root;

    @Test
    void putLsGetMvRmThroughHttpOnPostgresAndASecondFilerSharesTheNamespace() throws Exception {
        String db = POSTGRES.freshSchemaUrl();
        try (MasterServer master = MasterServer.start(MasterConfig.forTest(root.resolve("master")));
             VolumeServer volume = VolumeServer.start(VolumeServerConfig.forTest(
                     List.of(Files.createDirectories(root.resolve("volume"))), master.url()));
             FilerServer filer = FilerServer.start(config(root.resolve("filer1"), master.url(), db));
             FilerServer second = FilerServer.start(config(root.resolve("filer2"), master.url(), db))) {
            Await.until("the volume server to register", Duration.ofSeconds(20), () -> send(master.url(), "/dir/assign", "GET", null).statusCode() == 200);
            byte[] big = random(3 * CHUNK + 11, 1);
            byte[] small = random(100, 2);
            assertThat(send(filer.url(), "/docs/big.bin", "POST", big).statusCode()).isEqualTo(201);
            assertThat(send(filer.url(), "/docs/small.txt", "POST", small).statusCode()).isEqualTo(201);

            assertThat(names(filer.url(), "/docs/")).containsExactly("big.bin", "small.txt");
            assertThat(send(filer.url(), "/docs/big.bin", "GET", null).body()).isEqualTo(big);
            assertThat(send(second.url(), "/docs/small.txt", "GET", null).body()).isEqualTo(small);
            List<String> fids = chunkFids(filer.url(), "/docs/", "big.bin");
            assertThat(fids).hasSize(4);

            assertThat(send(filer.url(), "/archive/big.bin?mv.from=/docs/big.bin", "POST", null).statusCode())
                    .isEqualTo(200);
            assertThat(send(filer.url(), "/moved?mv.from=/docs", "POST", null).statusCode()).isEqualTo(200);
            assertThat(send(second.url(), "/docs/small.txt", "GET", null).statusCode()).isEqualTo(404);
            assertThat(send(second.url(), "/moved/small.txt", "GET", null).body()).isEqualTo(small);
            assertThat(send(second.url(), "/archive/big.bin", "GET", null).body()).isEqualTo(big);
            assertThat(chunkFids(second.url(), "/archive/", "big.bin")).isEqualTo(fids);

            assertThat(send(second.url(), "/archive/big.bin", "DELETE", null).statusCode()).isEqualTo(204);
            assertThat(send(filer.url(), "/moved?recursive=true", "DELETE", null).statusCode()).isEqualTo(204);
            assertThat(names(filer.url(), "/")).containsExactly("archive");
            assertThat(send(filer.url(), "/archive/big.bin", "GET", null).statusCode()).isEqualTo(404);
            Await.until("deleted chunks collected", Duration.ofSeconds(20), () -> fids.stream().allMatch(fid -> send(volume.url(), "/" + fid, "GET", null).statusCode() == 404));
        }
    }

    private static FilerConfig config(Path dir, String master, String db) {
        return FilerConfig.forTest(dir, master).withChunking(CHUNK, 2048, 2)
                .withDeletionInterval(Duration.ofMillis(200))
                .withStore(FilerConfig.Store.POSTGRES, db);
    }

    private static HttpResponse<byte[]> send(String hostPort, String rawPath, String method, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + hostPort + rawPath))
                .timeout(Duration.ofSeconds(30)).header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            b.header("Content-Type", "application/octet-stream");
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + rawPath, e);
        }
    }

    private static List<String> names(String filer, String dir) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : listing(filer, dir).get("Entries")) {
            String full = e.get("FullPath").asString();
            out.add(full.substring(full.lastIndexOf('/') + 1));
        }
        return out;
    }

    private static List<String> chunkFids(String filer, String dir, String name) {
        List<String> fids = new ArrayList<>();
        for (JsonNode e : listing(filer, dir).get("Entries")) {
            if (e.get("FullPath").asString().endsWith("/" + name)) {
                e.get("chunks").forEach(c -> fids.add(c.get("file_id").asString()));
            }
        }
        return fids;
    }

    private static JsonNode listing(String filer, String dir) {
        HttpResponse<byte[]> r = send(filer, dir, "GET", null);
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }
}
