package io.hayloft.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.FileId;
import io.hayloft.testkit.MutableClock;
import io.hayloft.testkit.http.FakeHttpServer;
import io.hayloft.testkit.http.FakeHttpServer.Answer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reads of an erasure-coded volume go first to a server holding the shard the needle lies in, found from
 * the volume's shard map ({@code GET /ec/shardmap}) fetched once from a holder; without a map, or for a
 * needle whose shard has no holder, the lookup's order stands.
 */
class EcReadRoutingTest {
    private static final FileId IN_SHARD_0 = FileId.parse("3,0500000001");
    private static final FileId IN_SHARD_1 = FileId.parse("3,2000000002");

    private final FakeHttpServer master = new FakeHttpServer();
    private final FakeHttpServer first = new FakeHttpServer(); // listed first, holds shards 0 and 2..13
    private final FakeHttpServer second = new FakeHttpServer(); // holds shard 1
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T17:00:00Z"));
    private String lookupBody; // without its closing brace

    @BeforeEach
    void cluster() {
        String a = location(first.address());
        String b = location(second.address());
        StringBuilder shards = new StringBuilder("{\"shardId\":1,\"locations\":[" + b + "]}");
        for (int s = 0; s < 14; s++) {
            if (s != 1) {
                shards.append(",{\"shardId\":").append(s).append(",\"locations\":[").append(a).append("]}");
            }
        }
        lookupBody = "{\"volumeId\":\"3\",\"volumeOrFileId\":\"3\",\"locations\":[" + a + "," + b
                + "],\"ecShards\":[" + shards + "]";
        master.on("/dir/lookup", r -> Answer.json(200, lookupBody + "}"));
        for (FakeHttpServer server : List.of(first, second)) {
            String name = server == first ? "first" : "second";
            server.on("/3,", r -> Answer.bytes(200, Map.of("Content-Type", "text/plain"),
                    name.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static String location(String address) {
        return "{\"url\":\"" + address + "\",\"publicUrl\":\"" + address + "\"}";
    }

    private void firstServesTheMap() {
        first.on("/ec/shardmap", r -> Answer.json(200,
                "{\"volume\":3,\"firstKeys\":[\"1\",\"10\",\"30\"],\"shards\":[0,1,-1]}"));
    }

    @AfterEach
    void stop() {
        master.close();
        first.close();
        second.close();
    }

    private HayloftClient client() {
        return HayloftClient.create(ClientConfig.defaults(List.of(master.address())).withClock(clock)
                .withUnavailableRetry(Duration.ZERO, Duration.ZERO));
    }

    @Test
    void eachReadGoesToTheHolderOfItsNeedlesShardAndTheMapIsFetchedOnce() {
        firstServesTheMap();
        try (HayloftClient client = client()) {
            assertThat(new String(client.download(IN_SHARD_1), StandardCharsets.UTF_8)).isEqualTo("second");
            assertThat(new String(client.download(IN_SHARD_0), StandardCharsets.UTF_8)).isEqualTo("first");
            assertThat(client.readLocations(IN_SHARD_1).getFirst().url()).isEqualTo(second.address());
            assertThat(client.readLocations(IN_SHARD_1)).hasSize(2);
            // key 0x40 lies in a run of no known shard: the lookup's order
            assertThat(client.readLocations(FileId.parse("3,4000000003")).getFirst().url()).isEqualTo(first.address());
        }
        assertThat(first.requestsTo("/ec/shardmap")).hasSize(1);
        assertThat(first.requestsTo("/ec/shardmap").getFirst().query()).isEqualTo("volume=3");
        assertThat(second.requestsTo("/3,")).hasSize(1);
        assertThat(first.requestsTo("/3,")).hasSize(1);
    }

    @Test
    void aLookupNamingALaterGenerationThanTheMapsFetchesTheMapAgainBeforeItsTimeIsUp() {
        firstServesTheMap();
        try (HayloftClient client = client()) {
            assertThat(client.readLocations(IN_SHARD_1).getFirst().url()).isEqualTo(second.address());

            // compacted: in generation 1 every needle lies in shard 0; one holder not yet switched answers the old map
            master.on("/dir/lookup", r -> Answer.json(200, lookupBody + ",\"ecGeneration\":1}"));
            clock.advance(ClientConfig.DEFAULT_LOOKUP_CACHE_TTL.plusSeconds(1));
            assertThat(client.readLocations(IN_SHARD_1).getFirst().url()).as("the old map, for a while")
                    .isEqualTo(second.address());
            assertThat(client.readLocations(IN_SHARD_1).getFirst().url()).isEqualTo(second.address());
            assertThat(first.requestsTo("/ec/shardmap")).as("an old map is not fetched at every read").hasSize(2);

            first.on("/ec/shardmap", r -> Answer.json(200,
                    "{\"volume\":3,\"firstKeys\":[\"1\"],\"shards\":[0],\"generation\":1}"));
            clock.advance(EcReadRouting.FAILED_MAP_TTL.plusSeconds(1));
            assertThat(client.readLocations(IN_SHARD_1).getFirst().url()).isEqualTo(first.address());
            clock.advance(ClientConfig.DEFAULT_LOOKUP_CACHE_TTL.plusSeconds(1));
            assertThat(client.readLocations(IN_SHARD_1).getFirst().url()).isEqualTo(first.address());
            assertThat(first.requestsTo("/ec/shardmap")).as("the new map kept").hasSize(3);
        }
        assertThat(EcReadRouting.MAP_TTL).isGreaterThan(Duration.ofMinutes(1));
    }

    @Test
    void withoutAMapReadsKeepTheLookupsOrderAndTheMapIsAskedForAgainLater() {
        first.on("/ec/shardmap", r -> Answer.json(404, "{\"error\":\"not here\"}"));
        second.on("/ec/shardmap", r -> Answer.json(200, "{\"volume\":3,\"firstKeys\":[\"zz\"],\"shards\":[0]}"));
        try (HayloftClient client = client()) {
            assertThat(new String(client.download(IN_SHARD_1), StandardCharsets.UTF_8)).isEqualTo("first");
            assertThat(client.readLocations(IN_SHARD_1).getFirst().url()).isEqualTo(first.address());
            assertThat(first.requestsTo("/ec/shardmap")).hasSize(1); // a failed fetch is remembered a while
            firstServesTheMap();
            clock.advance(EcReadRouting.FAILED_MAP_TTL.plusSeconds(1));
            assertThat(client.readLocations(IN_SHARD_1).getFirst().url()).isEqualTo(second.address());
        }
    }
}
