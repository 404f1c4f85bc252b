package io.hayloft.filer.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.filer.FilerConfig;
import io.hayloft.filer.FilerServer;
import io.hayloft.filer.entry.FullPath;
import io.hayloft.testkit.Await;
import io.hayloft.testkit.roles.FakeMaster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three filer servers' HTTP APIs over the same partitions (each with its own partitioned store): any of
 * them serves any path, a rename across partitions is a 409 naming both, and a partition without a
 * leader answers 503 with Retry-After, then serves again once a majority is back.
 */
class PartitionedFilerHttpTest {
    @TempDir
    Path dir;
    private PartitionCluster cluster;
    private FakeMaster master;
    private final List<FilerServer> filers = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        filers.forEach(FilerServer::close);
        if (master != null) {
            master.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private FilerServer filer(int i, Duration wait) {
        FilerServer f = FilerServer.start(FilerConfig.forTest(dir.resolve("filer-http" + i), "127.0.0.1:" + master.port()),
                cluster.store(Clock.systemUTC(), wait));
        filers.add(f);
        return f;
    }

    private HttpResponse<String> send(FilerServer f, String method, String pathAndQuery, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + f.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(60));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aWatchOnOneFilerServerSeesTheChangesMadeThroughAnotherAndResumesFromItsCursor() throws Exception {
        cluster = PartitionCluster.start(dir, 3, 4, PartitionCluster.TUNING);
        master = new FakeMaster();
        FilerServer a = filer(1, Duration.ofSeconds(30));
        FilerServer b = filer(2, Duration.ofSeconds(30));
        tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder().build();
        String now = json.readTree(send(b, "GET", "/w?watch=true&wait=0", null).body()).get("cursor").asString();
        assertThat(now.split("\\.")).hasSize(4); // one position per partition

        assertThat(send(a, "PUT", "/w/one.txt", "1").statusCode()).isEqualTo(201);
        assertThat(send(a, "PUT", "/elsewhere/x.txt", "x").statusCode()).isEqualTo(201);
        HttpResponse<String> first = send(b, "GET", "/w?watch=true&wait=10&cursor=" + now, null);
        assertThat(first.statusCode()).isEqualTo(200);
        tools.jackson.databind.JsonNode page = json.readTree(first.body());
        assertThat(page.get("changes").findValuesAsString("path")).containsExactly("/w", "/w/one.txt");

        assertThat(send(a, "DELETE", "/w/one.txt", null).statusCode()).isEqualTo(204);
        tools.jackson.databind.JsonNode next = json.readTree(send(b, "GET", "/w?watch=true&wait=10&cursor="
                + page.get("cursor").asString(), null).body());
        assertThat(next.get("changes").findValuesAsString("kind")).containsExactly("delete");

        HttpResponse<String> bad = send(b, "GET", "/w?watch=true&cursor=1.2", null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"error\"", "cursor");
    }

    @Test
    void anyFilerServerServesAnyPathAndARenameAcrossPartitionsIsA409() throws Exception {
        cluster = PartitionCluster.start(dir, 3, 4, PartitionCluster.TUNING);
        master = new FakeMaster();
        FilerServer a = filer(1, Duration.ofSeconds(30));
        FilerServer b = filer(2, Duration.ofSeconds(30));
        FilerServer c = filer(3, Duration.ofSeconds(30));
        PartitionMap map = cluster.map();
        int pa = map.partitionOf(FullPath.parse("/bucket-a"));
        String other = Stream.iterate(0, i -> i + 1).map(i -> "bucket-" + i)
                .filter(n -> map.partitionOf(FullPath.parse("/" + n)) != pa).findFirst().orElseThrow();

        assertThat(send(a, "PUT", "/bucket-a/dir/hello.txt", "hello").statusCode()).isEqualTo(201);
        HttpResponse<String> read = send(b, "GET", "/bucket-a/dir/hello.txt", null);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).isEqualTo("hello");

        assertThat(send(c, "POST", "/bucket-a/moved?mv.from=/bucket-a/dir", null).statusCode()).isEqualTo(200);
        assertThat(send(a, "GET", "/bucket-a/moved/hello.txt", null).body()).isEqualTo("hello");

        HttpResponse<String> across = send(c, "POST", "/" + other + "/x?mv.from=/bucket-a/moved/hello.txt", null);
        assertThat(across.statusCode()).isEqualTo(409);
        assertThat(across.body()).contains("\"error\"", "partition " + pa,
                "partition " + map.partitionOf(FullPath.parse("/" + other)));
        assertThat(send(b, "GET", "/bucket-a/moved/hello.txt", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aPartitionWithoutALeaderAnswers503WithRetryAfterAndServesAgainOnceAMajorityIsBack() throws Exception {
        cluster = PartitionCluster.start(dir, 3, 2, PartitionCluster.TUNING);
        master = new FakeMaster();
        FilerServer f = filer(1, Duration.ofSeconds(3));
        assertThat(send(f, "PUT", "/q/before.txt", "1").statusCode()).isEqualTo(201);
        List<String> stopped = cluster.nodes().subList(0, 2);
        stopped.forEach(cluster::stop); // every partition has 3 replicas on the 3 servers: no majority left

        HttpResponse<String> refused = send(f, "PUT", "/q/during.txt", "2");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.body()).contains("\"error\"", "partition");

        stopped.forEach(cluster::restart);
        cluster.awaitLeaders();
        // the first writes after the restart may still meet the leader change (gRPC reconnecting to the
        // restarted peers within the filer's 3 s budget): those answer 503 with Retry-After, as documented,
        // and a client retries them; the partition must serve again within the deadline
        Await.until("the partition serves writes again", Duration.ofSeconds(60), () -> {
            HttpResponse<String> r;
            try {
                r = send(f, "PUT", "/q/after.txt", "3");
            } catch (Exception e) {
                throw new AssertionError("the filer did not answer", e);
            }
            assertThat(r.statusCode()).as(r.body()).isIn(201, 503);
            return r.statusCode() == 201;
        });
        assertThat(send(f, "GET", "/q/before.txt", null).body()).isEqualTo("1");
    }
}
