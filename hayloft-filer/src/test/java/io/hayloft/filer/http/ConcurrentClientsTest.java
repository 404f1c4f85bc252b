package io.hayloft.filer.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.filer.FilerConfig;
import io.hayloft.filer.FilerServer;
import io.hayloft.master.MasterConfig;
import io.hayloft.master.MasterServer;
import io.hayloft.volume.VolumeServer;
import io.hayloft.volume.VolumeServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Many HTTP clients writing, overwriting, renaming and deleting in one directory at once. Each client
 * owns its own names, so what it was told (2xx or 404) defines a model of the directory; when all
 * are done the filer's listing and every file's bytes match the union of the models.
 */
class ConcurrentClientsTest {
    private static final int CLIENTS = 8;
    private static final int OPS_PER_CLIENT = 30;
    private static final int NAMES_PER_CLIENT = 5;
    private static final int CHUNK = 16 * 1024;
    private static final long SEED = System.nanoTime();

    @TempDir
    static Path root;
    private static MasterServer master;
    private static VolumeServer volume;
    private static FilerServer filer;
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void startCluster() throws Exception {
        System.out.println("ConcurrentClientsTest seed=" + SEED);
        master = MasterServer.start(MasterConfig.forTest(root.resolve("master")));
        volume = VolumeServer.start(VolumeServerConfig.forTest(List.of(Files.createDirectories(root.resolve("v"))),
                master.url()));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (send(HttpRequest.newBuilder(URI.create("http://" + master.url() + "/dir/assign"))).statusCode() != 200) {
            assertThat(System.nanoTime()).as("a writable volume within 30 s").isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        filer = FilerServer.start(FilerConfig.forTest(root.resolve("filer"), master.url()).withChunking(CHUNK, 2048, 2));
    }

    @AfterAll
    static void stopCluster() {
        if (filer != null) {
            filer.close();
        }
        if (volume != null) {
            volume.close();
        }
        if (master != null) {
            master.close();
        }
    }

    private static HttpResponse<byte[]> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest.Builder at(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create("http://" + filer.url() + pathAndQuery));
    }

    @Test
    void finalListingMatchesWhatEveryClientWasAcknowledged() throws Exception {
        Map<String, byte[]> model = new ConcurrentHashMap<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Map<String, byte[]>>> done = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                done.add(clients.submit(() -> runClient(client, new Random(SEED + client))));
            }
            for (Future<Map<String, byte[]>> f : done) {
                model.putAll(f.get());
            }
        }

        assertThat(listing("/shared")).as("seed " + SEED).containsExactlyElementsOf(new TreeMap<>(model).keySet());
        for (Map.Entry<String, byte[]> file : model.entrySet()) {
            assertThat(send(at("/shared/" + file.getKey()).GET()).body()).as(file.getKey() + " seed " + SEED)
                    .isEqualTo(file.getValue());
        }
    }

    /** One client's random operations on its own names; returns its model of them. */
    private static Map<String, byte[]> runClient(int client, Random random) {
        Map<String, byte[]> mine = new TreeMap<>();
        for (int op = 0; op < OPS_PER_CLIENT; op++) {
            String name = "c" + client + "-" + random.nextInt(NAMES_PER_CLIENT);
            int kind = random.nextInt(10);
            if (kind < 5) {
                byte[] data = new byte[random.nextInt(3 * CHUNK)];
                random.nextBytes(data);
                HttpResponse<byte[]> r = send(at("/shared/" + name).header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(data)));
                assertThat(r.statusCode()).as("put " + name + ": " + new String(r.body())).isEqualTo(201);
                mine.put(name, data);
            } else if (kind < 8) {
                String to = "c" + client + "-" + random.nextInt(NAMES_PER_CLIENT);
                HttpResponse<byte[]> r = send(at("/shared/" + to + "?mv.from=/shared/" + name)
                        .POST(HttpRequest.BodyPublishers.noBody()));
                if (mine.containsKey(name)) {
                    assertThat(r.statusCode()).as("mv " + name + " " + to + ": " + new String(r.body())).isEqualTo(200);
                    mine.put(to, mine.remove(name));
                } else {
                    assertThat(r.statusCode()).as("mv of missing " + name).isEqualTo(404);
                }
            } else {
                HttpResponse<byte[]> r = send(at("/shared/" + name).DELETE());
                assertThat(r.statusCode()).as("delete " + name).isEqualTo(mine.remove(name) != null ? 204 : 404);
            }
        }
        return mine;
    }

    private static List<String> listing(String dir) {
        List<String> names = new ArrayList<>();
        String last = "";
        while (true) {
            HttpResponse<byte[]> r = send(at(dir + "/?limit=7" + (last.isEmpty() ? "" : "&lastFileName=" + last))
                    .header("Accept", "application/json").GET());
            JsonNode entries = json.readTree(r.body()).get("Entries");
            if (entries == null || entries.isEmpty()) {
                return names;
            }
            entries.forEach(e -> {
                String full = e.get("FullPath").asString();
                names.add(full.substring(full.lastIndexOf('/') + 1));
            });
            last = names.getLast();
        }
    }
}
