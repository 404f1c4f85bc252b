package io.hayloft.master.http;
import io.hayloft.testkit.roles.FakeVolumeServer;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.wire.VolumeReport;
import io.hayloft.master.MasterConfig;
import io.hayloft.master.MasterServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The replica maintenance endpoints over HTTP, against fake volume servers. */
class MaintenanceHandlersTest {
    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();
    private MasterServer master;
    private MasterClient client;
    private FakeVolumeServer v1;
    private FakeVolumeServer v2;

    @BeforeEach
    void start() throws Exception {
        master = MasterServer.start(MasterConfig.forTest(dir).withPulse(Duration.ofSeconds(10)));
        open.add(master);
        client = new MasterClient(master.url());
        open.add(client);
        v1 = volumeServer();
        v2 = volumeServer();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private FakeVolumeServer volumeServer() throws Exception {
        FakeVolumeServer v = new FakeVolumeServer(master.url(), 5, "", "");
        open.add(v);
        v.heartbeat();
        return v;
    }

    private static void put(FakeVolumeServer v, int id, String collection, String replication, long files, long size)
            throws Exception {
        v.volumes.put(id, new VolumeReport(id, collection, size, files, 0, 0, replication, "", false, 0, 0));
        v.heartbeat();
    }

    private HttpResponse<String> post(String pathAndQuery) throws Exception {
        return client.post(pathAndQuery, "application/octet-stream", new byte[0]);
    }

    private static void assertError(HttpResponse<String> r, int status, String message) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(MasterClient.json(r).get("error").asString()).contains(message);
    }

    private List<String> replicasOf(int id) throws Exception {
        List<String> urls = new ArrayList<>();
        MasterClient.json(client.get("/dir/lookup?volumeId=" + id)).get("locations")
                .forEach(l -> urls.add(l.get("url").asString()));
        return urls;
    }

    @Test
    void moveCopiesSyncsAndDeletesTheSource() throws Exception {
        put(v1, 1, "", "000", 3, 4096);

        HttpResponse<String> r = post("/vol/move?volume=1&source=" + v1.url() + "&target=" + v2.url());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = MasterClient.json(r);
        assertThat(body.get("volume").asInt()).isEqualTo(1);
        assertThat(body.get("source").asString()).isEqualTo(v1.url());
        assertThat(body.get("target").asString()).isEqualTo(v2.url());
        assertThat(body.get("bytes").asLong()).isEqualTo(4096);
        assertThat(v2.repairCalls).containsExactly("copy 1 from " + v1.url() + " mbps=64", "sync 1 apply=true");
        assertThat(v1.deleteCalls).containsExactly(1);
        assertThat(replicasOf(1)).containsExactly(v2.url());
    }

    @Test
    void moveRejectsBadInputAndChangesNothing() throws Exception {
        put(v1, 1, "", "000", 3, 4096);
        put(v2, 2, "", "000", 3, 4096);
        assertError(post("/vol/move?source=" + v1.url() + "&target=" + v2.url()), 400,
                "parameter 'volume' is required");
        assertError(post("/vol/move?volume=x&source=" + v1.url() + "&target=" + v2.url()), 400, "invalid volume id");
        assertError(post("/vol/move?volume=1&source=nohost&target=" + v2.url()), 400, "invalid source 'nohost'");
        assertError(post("/vol/move?volume=1&source=" + v1.url()), 400, "parameter 'target' is required");
        assertError(post("/vol/move?volume=1&source=" + v1.url() + "&target=" + v2.url() + "&force=1"), 400,
                "unknown parameter 'force'");
        assertError(post("/vol/move?volume=9&source=" + v1.url() + "&target=" + v2.url()), 404, "volume 9 not found");
        assertError(post("/vol/move?volume=1&source=" + v1.url() + "&target=127.0.0.1:1"), 404,
                "volume server 127.0.0.1:1 not found");
        put(v2, 1, "", "000", 3, 4096);
        assertError(post("/vol/move?volume=1&source=" + v1.url() + "&target=" + v2.url()), 409, "already");
        assertThat(v1.repairCalls).isEmpty();
        assertThat(v2.repairCalls).isEmpty();
        assertThat(v1.deleteCalls).isEmpty();
    }

    @Test
    void moveThatBreaksThePlacementIs400() throws Exception {
        FakeVolumeServer other = new FakeVolumeServer(master.url(), 5, "", "rack2");
        open.add(other);
        other.heartbeat();
        put(v1, 1, "", "010", 3, 4096);
        put(other, 1, "", "010", 3, 4096);
        assertError(post("/vol/move?volume=1&source=" + other.url() + "&target=" + v2.url()), 400,
                "breaks its replication 010");
        assertThat(v2.repairCalls).isEmpty();
    }

    @Test
    void fixReplicationPlansThenAppliesACopy() throws Exception {
        put(v1, 1, "pics", "001", 3, 4096);

        JsonNode plan = MasterClient.json(post("/vol/fix/replication"));
        assertThat(plan.get("applied").asBoolean()).isFalse();
        JsonNode under = plan.get("underReplicated").get(0);
        assertThat(under.get("volume").asInt()).isEqualTo(1);
        assertThat(under.get("collection").asString()).isEqualTo("pics");
        assertThat(under.get("replication").asString()).isEqualTo("001");
        assertThat(under.get("replicas").get(0).asString()).isEqualTo(v1.url());
        JsonNode copy = under.get("copies").get(0);
        assertThat(copy.get("source").asString()).isEqualTo(v1.url());
        assertThat(copy.get("target").asString()).isEqualTo(v2.url());
        assertThat(copy.get("done").asBoolean()).isFalse();
        assertThat(copy.has("error")).isFalse();
        assertThat(plan.get("overReplicated").size()).isZero();
        assertThat(plan.get("unfixable").size()).isZero();
        assertThat(v2.repairCalls).isEmpty();

        assertThat(MasterClient.json(post("/vol/fix/replication?apply=true&collection=other"))
                .get("underReplicated").size()).isZero();

        JsonNode applied = MasterClient.json(post("/vol/fix/replication?apply=true&collection=pics"));
        assertThat(applied.get("applied").asBoolean()).isTrue();
        assertThat(applied.get("underReplicated").get(0).get("copies").get(0).get("done").asBoolean()).isTrue();
        assertThat(replicasOf(1)).containsExactlyInAnyOrder(v1.url(), v2.url());
        assertError(post("/vol/fix/replication?apply=maybe"), 400, "must be true or false");
    }

    @Test
    void balancePlansMovesAndAnswersCountsBeforeAndAfter() throws Exception {
        put(v1, 1, "", "000", 1, 10);
        put(v1, 2, "", "000", 1, 10);

        JsonNode r = MasterClient.json(post("/vol/balance"));

        assertThat(r.get("applied").asBoolean()).isFalse();
        assertThat(r.get("moves").size()).isEqualTo(1);
        assertThat(r.get("moves").get(0).get("source").asString()).isEqualTo(v1.url());
        assertThat(r.get("before").get(v1.url()).asInt()).isEqualTo(2);
        assertThat(r.get("after").get(v2.url()).asInt()).isEqualTo(1);
        assertThat(v2.repairCalls).isEmpty();

        JsonNode applied = MasterClient.json(post("/vol/balance?apply=true"));
        assertThat(applied.get("moves").get(0).get("done").asBoolean()).isTrue();
        assertThat(applied.get("after").get(v1.url()).asInt()).isEqualTo(1);
        assertThat(applied.get("after").get(v2.url()).asInt()).isEqualTo(1);
    }

    @Test
    void markForwardsToEveryReplicaOrOne() throws Exception {
        put(v1, 1, "", "001", 1, 10);
        put(v2, 1, "", "001", 1, 10);

        JsonNode all = MasterClient.json(post("/vol/mark?volume=1&readonly=true"));
        assertThat(all.get("volume").asInt()).isEqualTo(1);
        assertThat(all.get("nodes")).hasSize(2);
        assertThat(v1.repairCalls).containsExactly("mark 1 true");
        assertThat(v2.repairCalls).containsExactly("mark 1 true");

        JsonNode one = MasterClient.json(post("/vol/mark?volume=1&readonly=false&node=" + v2.url()));
        assertThat(one.get("nodes").get(0).asString()).isEqualTo(v2.url());
        assertThat(v2.repairCalls).containsExactly("mark 1 true", "mark 1 false");
        assertThat(v1.repairCalls).hasSize(1);

        assertError(post("/vol/mark?volume=1"), 400, "parameter 'readonly' is required");
        assertError(post("/vol/mark?volume=1&readonly=perhaps"), 400, "must be true or false");
        assertError(post("/vol/mark?volume=2&readonly=true"), 404, "volume 2 not found");
        assertThat(v1.repairCalls).hasSize(1);
    }

    @Test
    void deleteRemovesTheVolumeFromOneServerOrAll() throws Exception {
        put(v1, 1, "", "001", 1, 10);
        put(v2, 1, "", "001", 1, 10);
        assertError(post("/vol/delete?volume=1&node=127.0.0.1:1"), 404, "is not on 127.0.0.1:1");
        assertThat(v1.deleteCalls).isEmpty();

        JsonNode one = MasterClient.json(post("/vol/delete?volume=1&node=" + v1.url()));
        assertThat(one.get("deleted").get(0).asString()).isEqualTo(v1.url());
        assertThat(v1.deleteCalls).containsExactly(1);
        assertThat(replicasOf(1)).containsExactly(v2.url());

        JsonNode rest = MasterClient.json(post("/vol/delete?volume=1"));
        assertThat(rest.get("deleted").get(0).asString()).isEqualTo(v2.url());
        assertThat(client.get("/dir/lookup?volumeId=1").statusCode()).isEqualTo(404);
    }

    @Test
    void collectionListCountsVolumesFilesAndBytesOnce() throws Exception {
        put(v1, 1, "", "001", 3, 100);
        put(v2, 1, "", "001", 3, 100);
        put(v1, 2, "pics", "000", 5, 700);
        put(v2, 3, "pics", "000", 1, 300);

        HttpResponse<String> r = client.get("/col/list");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"collections\":[{\"name\":\"\",\"volumes\":1,\"files\":3,\"size\":100},"
                + "{\"name\":\"pics\",\"volumes\":2,\"files\":6,\"size\":1000}]}");
        assertError(client.get("/col/list?x=1"), 400, "unknown parameter 'x'");
    }
}
