package io.hayloft.master.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.wire.EcShardReport;
import io.hayloft.api.wire.Heartbeat;
import io.hayloft.http.Json;
import io.hayloft.master.MasterConfig;
import io.hayloft.master.MasterServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code /dir/lookup} of an erasure-coded volume: every holder as locations, and which holds which shard. */
class EcLookupTest {
    @TempDir
    Path dir;

    private static Heartbeat beat(int port, long bits) {
        return new Heartbeat(0, "127.0.0.1", port, "pub" + port + ":80", "dc1", "r1", 8, 0, List.of(),
                List.of(new EcShardReport(4, "photos", bits)));
    }

    @Test
    void lookupOfAnErasureCodedVolumeNamesItsShardHolders() throws Exception {
        try (MasterServer m = MasterServer.start(MasterConfig.forTest(dir).withPulse(Duration.ofSeconds(10)));
             MasterClient c = new MasterClient(m.url())) {
            for (Heartbeat hb : List.of(beat(7001, 0b0000_0000_1111_1111L), beat(7002, 0b0011_1111_0000_0000L))) {
                HttpResponse<String> r = c.post("/internal/heartbeat", "application/json", Json.write(hb, false));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            }
            JsonNode answer = MasterClient.json(c.get("/dir/lookup?volumeId=4"));
            assertThat(answer.get("volumeId").asString()).isEqualTo("4");
            assertThat(answer.get("locations")).hasSize(2);
            assertThat(answer.get("locations").get(0).get("url").asString()).isEqualTo("127.0.0.1:7001");
            assertThat(answer.get("locations").get(0).get("publicUrl").asString()).isEqualTo("pub7001:80");
            JsonNode shards = answer.get("ecShards");
            assertThat(shards).hasSize(14);
            assertThat(shards.get(0).get("shardId").asInt()).isZero();
            assertThat(shards.get(0).get("locations").get(0).get("url").asString()).isEqualTo("127.0.0.1:7001");
            assertThat(shards.get(13).get("shardId").asInt()).isEqualTo(13);
            assertThat(shards.get(13).get("locations").get(0).get("url").asString()).isEqualTo("127.0.0.1:7002");

            assertThat(c.get("/dir/lookup?volumeId=4&collection=photos").statusCode()).isEqualTo(200);
            assertThat(c.get("/dir/lookup?volumeId=4&collection=other").statusCode()).isEqualTo(404);
            assertThat(c.get("/dir/lookup?fileId=4,01637037d6").statusCode()).isEqualTo(200);
            HttpResponse<String> redirect = c.get("/4,01637037d6");
            assertThat(redirect.statusCode()).isEqualTo(302);
            assertThat(redirect.headers().firstValue("Location").orElseThrow()).startsWith("http://pub700");
        }
    }

    @Test
    void aCompactedVolumesLookupNamesTheLatestGenerationAHolderServes() throws Exception {
        try (MasterServer m = MasterServer.start(MasterConfig.forTest(dir).withPulse(Duration.ofSeconds(10)));
             MasterClient c = new MasterClient(m.url())) {
            for (Heartbeat hb : List.of(beat(7001, 0b0000_0000_1111_1111L), beat(7002, 0b0011_1111_0000_0000L))) {
                assertThat(c.post("/internal/heartbeat", "application/json", Json.write(hb, false)).statusCode())
                        .isEqualTo(200);
            }
            assertThat(c.get("/dir/lookup?volumeId=4").body()).as("never compacted").doesNotContain("ecGeneration");

            Heartbeat switched = new Heartbeat(0, "127.0.0.1", 7002, "pub7002:80", "dc1", "r1", 8, 0, List.of(),
                    List.of(new EcShardReport(4, "photos", 0b0011_1111_0000_0000L, 2)));
            assertThat(new String(Json.write(switched, false), java.nio.charset.StandardCharsets.UTF_8)).contains("\"generation\":2");
            assertThat(c.post("/internal/heartbeat", "application/json", Json.write(switched, false)).statusCode())
                    .isEqualTo(200);
            JsonNode answer = MasterClient.json(c.get("/dir/lookup?volumeId=4"));
            assertThat(answer.get("ecGeneration").asInt()).isEqualTo(2);
            assertThat(answer.get("ecShards")).hasSize(14);
            assertThat(MasterClient.json(c.get("/dir/lookup?fileId=4,01637037d6")).get("ecGeneration").asInt())
                    .isEqualTo(2);
        }
    }

    @Test
    void aReplicatedVolumesLookupHasNoShardList() throws Exception {
        try (MasterServer m = MasterServer.start(MasterConfig.forTest(dir).withPulse(Duration.ofSeconds(10)));
             MasterClient c = new MasterClient(m.url())) {
            Heartbeat hb = new Heartbeat(0, "127.0.0.1", 7003, "", "", "", 8, 0,
                    List.of(io.hayloft.master.testing.Heartbeats.volume(3, "", "000", 10)));
            assertThat(c.post("/internal/heartbeat", "application/json", Json.write(hb, false)).statusCode())
                    .isEqualTo(200);
            HttpResponse<String> r = c.get("/dir/lookup?volumeId=3");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).doesNotContain("ecShards");
        }
    }
}
