package io.hayloft.client;
import io.hayloft.testkit.http.FakeHttpServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.testkit.MutableClock;
import io.hayloft.api.wire.Location;
import io.hayloft.testkit.http.FakeHttpServer.Answer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReadAndDeleteTest {
    private static final FileId FID = FileId.parse("3,01637037d6");
    private static final byte[] DATA = "stored bytes".getBytes(StandardCharsets.UTF_8);

    private final FakeHttpServer master = new FakeHttpServer();
    private final FakeHttpServer volume = new FakeHttpServer();
    private final MutableClock clock = new MutableClock(java.time.Instant.parse("2025-01-01T00:00:00Z"));

    @AfterEach
    void stop() {
        master.close();
        volume.close();
    }

    private HayloftClient client() {
        return HayloftClient.create(ClientConfig.defaults(List.of(master.address())).withClock(clock)
                .withUnavailableRetry(Duration.ZERO, Duration.ZERO));
    }

    private void volumeLivesAt(String... addresses) {
        StringBuilder locations = new StringBuilder();
        for (String a : addresses) {
            locations.append(locations.isEmpty() ? "" : ",")
                    .append("{\"url\":\"").append(a).append("\",\"publicUrl\":\"").append(a).append("\"}");
        }
        master.on("/dir/lookup", r -> Answer.json(200,
                "{\"volumeId\":\"3\",\"volumeOrFileId\":\"3\",\"locations\":[" + locations + "]}"));
    }

    private void volumeServes() {
        volume.on("/3,01637037d6", r -> Answer.bytes(200, Map.of("Content-Type", "text/plain",
                "Content-Disposition", "inline; filename=\"notes.txt\"", "ETag", "\"0a1b2c3d\""), DATA));
    }

    @Test
    void lookupReturnsTheVolumesLocations() {
        volumeLivesAt(volume.address());
        try (HayloftClient client = client()) {
            assertThat(client.lookup(VolumeId.of(3)).locations())
                    .containsExactly(new Location(volume.address(), volume.address()));
        }
        assertThat(master.requestsTo("/dir/lookup").getFirst().query()).isEqualTo("volumeId=3");
    }

    @Test
    void lookupIsCachedUntilItExpires() {
        volumeLivesAt(volume.address());
        try (HayloftClient client = client()) {
            client.lookup(VolumeId.of(3));
            client.lookup(VolumeId.of(3));
            assertThat(master.requestsTo("/dir/lookup")).hasSize(1);
            clock.advance(ClientConfig.DEFAULT_LOOKUP_CACHE_TTL);
            client.lookup(VolumeId.of(3));
            assertThat(master.requestsTo("/dir/lookup")).hasSize(2);
        }
    }

    @Test
    void unknownVolumeIsNotFound() {
        master.on("/dir/lookup", r -> Answer.json(404, "{\"error\":\"volume 3 not found\"}"));
        try (HayloftClient client = client()) {
            assertThatThrownBy(() -> client.lookup(VolumeId.of(3)))
                    .isInstanceOfSatisfying(HayloftException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
                    .hasMessageStartingWith("volume 3 not found");
        }
    }

    @Test
    void volumeWithoutLocationsIsNotFound() {
        master.on("/dir/lookup", r -> Answer.json(200, "{\"volumeId\":\"3\",\"locations\":[]}"));
        try (HayloftClient client = client()) {
            assertThatThrownBy(() -> client.download(FID))
                    .isInstanceOfSatisfying(HayloftException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        }
    }

    @Test
    void downloadReturnsTheStoredBytes() {
        volumeLivesAt(volume.address());
        volumeServes();
        try (HayloftClient client = client()) {
            assertThat(client.download(FID)).isEqualTo(DATA);
        }
    }

    @Test
    void downloadSkipsAnUnreachableLocationAndForgetsTheStaleLookup() {
        volumeLivesAt(FakeHttpServer.deadAddress(), volume.address());
        volumeServes();
        try (HayloftClient client = client()) {
            assertThat(client.download(FID)).isEqualTo(DATA);
            client.download(FID);
        }
        assertThat(master.requestsTo("/dir/lookup")).hasSize(2);
    }

    @Test
    void downloadOfMissingBlobIsNotFoundWithTheServersMessage() {
        volumeLivesAt(volume.address());
        volume.on("/", r -> Answer.json(404, "{\"error\":\"needle 3,01637037d6 not found\"}"));
        try (HayloftClient client = client()) {
            assertThatThrownBy(() -> client.download(FID))
                    .isInstanceOfSatisfying(HayloftException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
                    .hasMessageStartingWith("needle 3,01637037d6 not found");
        }
    }

    @Test
    void serverErrorBeatsUnreachableWhenNoLocationServes() {
        volumeLivesAt(volume.address(), FakeHttpServer.deadAddress());
        volume.on("/", r -> Answer.json(500, "{\"error\":\"crc mismatch\"}"));
        try (HayloftClient client = client()) {
            assertThatThrownBy(() -> client.download(FID))
                    .isInstanceOfSatisfying(HayloftException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
                    .hasMessageStartingWith("crc mismatch");
        }
    }

    @Test
    void downloadToAStreamReportsTheStoredNameTypeAndETag() {
        volumeLivesAt(volume.address());
        volumeServes();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (HayloftClient client = client()) {
            BlobInfo info = client.download(FID, out);
            assertThat(info).isEqualTo(new BlobInfo("notes.txt", "text/plain", DATA.length, "0a1b2c3d"));
        }
        assertThat(out.toByteArray()).isEqualTo(DATA);
    }

    @Test
    void downloadToAStreamTriesTheNextLocationOnAServerError() {
        FakeHttpServer broken = new FakeHttpServer();
        broken.on("/", r -> Answer.json(503, "{\"error\":\"warming up\"}"));
        try (broken) {
            volumeLivesAt(broken.address(), volume.address());
            volumeServes();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (HayloftClient client = client()) {
                assertThat(client.download(FID, out).size()).isEqualTo(DATA.length);
            }
            assertThat(out.toByteArray()).isEqualTo(DATA);
        }
    }

    @Test
    void downloadUsesThePublicUrlWhenConfiguredTo() {
        master.on("/dir/lookup", r -> Answer.json(200, "{\"volumeId\":\"3\",\"locations\":[{\"url\":\""
                + FakeHttpServer.deadAddress() + "\",\"publicUrl\":\"" + volume.address() + "\"}]}"));
        volumeServes();
        try (HayloftClient client = HayloftClient.create(
                ClientConfig.defaults(List.of(master.address())).withUsePublicUrl(true))) {
            assertThat(client.download(FID)).isEqualTo(DATA);
        }
    }

    @Test
    void deleteReturnsTheDeletedSize() {
        volumeLivesAt(volume.address());
        volume.on("/", r -> r.method().equals("DELETE") ? Answer.json(202, "{\"size\":12}") : Answer.json(405, "{}"));
        try (HayloftClient client = client()) {
            assertThat(client.delete(FID)).isEqualTo(12);
        }
        assertThat(volume.requests().getFirst().path()).isEqualTo("/3,01637037d6");
    }

    @Test
    void deleteOfMissingBlobIsNotFound() {
        volumeLivesAt(volume.address());
        volume.on("/", r -> Answer.json(404, "{\"error\":\"not found\"}"));
        try (HayloftClient client = client()) {
            assertThatThrownBy(() -> client.delete(FID))
                    .isInstanceOfSatisfying(HayloftException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        }
    }

    @Test
    void deleteWhenNoLocationIsReachableIsUnavailable() {
        volumeLivesAt(FakeHttpServer.deadAddress());
        try (HayloftClient client = client()) {
            assertThatThrownBy(() -> client.delete(FID))
                    .isInstanceOfSatisfying(HayloftException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
        }
    }

    @Test
    void rangedDownloadSendsARangeHeaderAndCopiesThePartialBody() {
        volumeLivesAt(volume.address());
        volume.on("/3,01637037d6", r -> Answer.bytes(206, Map.of("Content-Range", "bytes 2-7/12"),
                java.util.Arrays.copyOfRange(DATA, 2, 8)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (HayloftClient client = client()) {
            assertThat(client.download(FID, 2, 6, out).size()).isEqualTo(6);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("ored b");
        assertThat(volume.requestsTo("/3,01637037d6").getFirst().header("Range")).isEqualTo("bytes=2-7");
    }

    @Test
    void rangedDownloadFromAServerIgnoringRangesKeepsOnlyTheWindow() {
        volumeLivesAt(volume.address());
        volumeServes();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (HayloftClient client = client()) {
            client.download(FID, 7, 5, out);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("bytes");
    }

    @Test
    void rangedDownloadOutsideTheBlobIsABadRequest() {
        volumeLivesAt(volume.address());
        volume.on("/3,01637037d6", r -> Answer.json(416, "{\"error\":\"range not satisfiable\"}"));
        try (HayloftClient client = client()) {
            assertThatThrownBy(() -> client.download(FID, 100, 5, new ByteArrayOutputStream()))
                    .isInstanceOf(HayloftException.class)
                    .satisfies(e -> assertThat(((HayloftException) e).code()).isEqualTo(ErrorCode.BAD_REQUEST));
        }
    }
}
