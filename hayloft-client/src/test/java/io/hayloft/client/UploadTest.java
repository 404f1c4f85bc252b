package io.hayloft.client;
import io.hayloft.testkit.http.Multipart;
import io.hayloft.testkit.http.FakeHttpServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.api.Ttl;
import io.hayloft.api.wire.SubmitResponse;
import io.hayloft.api.wire.UploadResponse;
import io.hayloft.testkit.http.FakeHttpServer.Answer;
import io.hayloft.testkit.http.FakeHttpServer.Request;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadTest {
    private static final FileId FID = FileId.parse("3,01637037d6");

    private final FakeHttpServer master = new FakeHttpServer();
    private final FakeHttpServer volume = new FakeHttpServer();

    @AfterEach
    void stop() {
        master.close();
        volume.close();
    }

    private static Answer stored(Request r) {
        Multipart part = Multipart.parse(r.header("Content-type"), r.body());
        String name = ContentDisposition.fileName(part.disposition());
        return Answer.json(201, "{\"name\":\"" + (name == null ? "" : name) + "\",\"size\":" + part.data().length
                + ",\"eTag\":\"0a1b2c3d\"}");
    }

    /** A volume server's answer to a raw body: the name from {@code Content-Disposition}. */
    private static Answer storedRaw(Request r) {
        String name = ContentDisposition.fileName(r.header("Content-disposition"));
        return Answer.json(201, "{\"name\":\"" + (name == null ? "" : name.replace("\"", "\\\""))
                + "\",\"size\":" + r.body().length + ",\"eTag\":\"0a1b2c3d\"}");
    }

    @Test
    void uploadRawSendsTheBytesAsTheBodyWithNameAndMimeInHeaders() {
        volume.on("/", UploadTest::storedRaw);
        byte[] data = "hello, hayloft".getBytes(StandardCharsets.UTF_8);
        try (HayloftClient client = HayloftClient.connect(master.address())) {
            UploadResponse r = client.uploadRaw(volume.address(), FID, data, "hello \"quoted\" é.txt", "text/plain");
            assertThat(r).isEqualTo(new UploadResponse("hello \"quoted\" é.txt", data.length, "0a1b2c3d"));
        }
        Request sent = volume.requests().getFirst();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/3,01637037d6");
        assertThat(sent.header("Content-type")).isEqualTo("text/plain");
        assertThat(sent.header("Content-length")).isEqualTo(Integer.toString(data.length));
        assertThat(ContentDisposition.fileName(sent.header("Content-disposition"))).isEqualTo("hello \"quoted\" é.txt");
        assertThat(sent.body()).isEqualTo(data);
    }

    @Test
    void uploadRawOfALargeOrEmptyBlobArrivesWholeWithoutNameOrMime() {
        volume.on("/", UploadTest::storedRaw);
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new java.util.Random(5).nextBytes(data);
        try (HayloftClient client = HayloftClient.connect(master.address())) {
            assertThat(client.uploadRaw(volume.address(), FID, data, null, null).size()).isEqualTo(data.length);
            assertThat(client.uploadRaw(volume.address(), FID, new byte[0], null, null).size()).isZero();
        }
        Request sent = volume.requests().getFirst();
        assertThat(sent.header("Content-type")).isEqualTo("application/octet-stream");
        assertThat(sent.header("Content-disposition")).isNull();
        assertThat(sent.body()).isEqualTo(data);
        assertThat(volume.requests().get(1).body()).isEmpty();
    }

    private Answer assigned(String fid) {
        return Answer.json(200, "{\"fid\":\"" + fid + "\",\"url\":\"" + volume.address()
                + "\",\"publicUrl\":\"public.example:8080\",\"count\":1}");
    }

    @Test
    void uploadSendsTheFilePartWithNameAndMime() {
        volume.on("/", UploadTest::stored);
        byte[] data = "hello, hayloft".getBytes(StandardCharsets.UTF_8);
        try (HayloftClient client = HayloftClient.connect(master.address())) {
            UploadResponse r = client.upload(volume.address(), FID, data, "hello \"quoted\".txt", "text/plain");
            assertThat(r).isEqualTo(new UploadResponse("hello %22quoted%22.txt", data.length, "0a1b2c3d"));
        }
        Request sent = volume.requests().getFirst();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/3,01637037d6");
        Multipart part = Multipart.parse(sent.header("Content-type"), sent.body());
        assertThat(part.disposition()).isEqualTo("form-data; name=\"file\"; filename=\"hello %22quoted%22.txt\"");
        assertThat(part.contentType()).isEqualTo("text/plain");
        assertThat(part.data()).isEqualTo(data);
    }

    @Test
    void uploadWithoutNameOrMimeSendsAnEmptyFileNameAndOctetStream() {
        volume.on("/", UploadTest::stored);
        try (HayloftClient client = HayloftClient.connect(master.address())) {
            client.upload(volume.address(), FID, new byte[] {1, 2, 3}, null, null);
        }
        Request sent = volume.requests().getFirst();
        Multipart part = Multipart.parse(sent.header("Content-type"), sent.body());
        assertThat(part.contentType()).isEqualTo("application/octet-stream");
        assertThat(part.disposition()).isEqualTo("form-data; name=\"file\"; filename=\"\"");
    }

    @Test
    void uploadStreamsAFileFromDiskUnderItsOwnName(@TempDir Path dir) throws IOException {
        volume.on("/", UploadTest::stored);
        byte[] data = new byte[300_000];
        new java.util.Random(7).nextBytes(data);
        Path file = Files.write(dir.resolve("photo.jpg"), data);
        try (HayloftClient client = HayloftClient.connect(master.address())) {
            UploadResponse r = client.upload("http://" + volume.address() + "/", FID, file, null, "image/jpeg");
            assertThat(r.size()).isEqualTo(data.length);
            assertThat(r.name()).isEqualTo("photo.jpg");
        }
        assertThat(Multipart.parse(volume.requests().getFirst().header("Content-type"),
                volume.requests().getFirst().body()).data()).isEqualTo(data);
    }

    @Test
    void tooLargeUploadIsPayloadTooLargeWithTheServersMessage() {
        volume.on("/", r -> Answer.json(413, "{\"error\":\"file over the 256 MB limit\"}"));
        try (HayloftClient client = HayloftClient.connect(master.address())) {
            assertThatThrownBy(() -> client.upload(volume.address(), FID, new byte[10], "a", null))
                    .isInstanceOfSatisfying(HayloftException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE))
                    .hasMessageStartingWith("file over the 256 MB limit");
        }
    }

    @Test
    void uploadToUnreachableServerIsUnavailable() {
        try (HayloftClient client = HayloftClient.connect(master.address())) {
            assertThatThrownBy(() -> client.upload(FakeHttpServer.deadAddress(), FID, new byte[10], "a", null))
                    .isInstanceOfSatisfying(HayloftException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE))
                    .hasMessageStartingWith("cannot reach 127.0.0.1:");
        }
    }

    @Test
    void putAssignsThenUploadsAndReportsThePublicFileUrl() {
        master.on("/dir/assign", r -> assigned("7,0102030405"));
        volume.on("/", UploadTest::stored);
        try (HayloftClient client = HayloftClient.connect(master.address())) {
            SubmitResponse r = client.put("abc".getBytes(StandardCharsets.UTF_8), "a.txt", "text/plain",
                    AssignRequest.single().withCollection("docs"));
            assertThat(r).isEqualTo(new SubmitResponse("a.txt", "7,0102030405",
                    "public.example:8080/7,0102030405", 3, "0a1b2c3d"));
        }
        assertThat(master.requestsTo("/dir/assign").getFirst().query()).isEqualTo("count=1&collection=docs");
        assertThat(volume.requests().getFirst().path()).isEqualTo("/7,0102030405");
    }

    @Test
    void putPassesTheTtlToTheVolumeServer() {
        master.on("/dir/assign", r -> assigned("7,0102030405"));
        volume.on("/", UploadTest::stored);
        try (HayloftClient client = HayloftClient.connect(master.address())) {
            client.put(new byte[1], "a", null, AssignRequest.single().withTtl(Ttl.parse("3d")));
        }
        assertThat(volume.requests().getFirst().query()).isEqualTo("ttl=3d");
    }

    @Test
    void putAsksForAnotherFidWhenTheVolumeRefusesTheWrite() {
        AtomicInteger assigns = new AtomicInteger();
        master.on("/dir/assign", r -> assigned(assigns.incrementAndGet() == 1 ? "7,0102030405" : "8,0102030405"));
        volume.on("/7,", r -> Answer.json(409, "{\"error\":\"volume 7 is read-only\",\"code\":\"VOLUME_NOT_WRITABLE\"}"));
        volume.on("/8,", UploadTest::stored);
        try (HayloftClient client = HayloftClient.connect(master.address())) {
            SubmitResponse r = client.put(new byte[5], "a", null, AssignRequest.single());
            assertThat(r.fid()).isEqualTo("8,0102030405");
        }
        assertThat(assigns).hasValue(2);
    }

    /** Issue 9, item 13: a conflict on a fresh fid means its key was handed out twice; it must surface. */
    @Test
    void putNeverRetriesAConflictOnAFreshFid() {
        AtomicInteger assigns = new AtomicInteger();
        master.on("/dir/assign", r -> assigned(assigns.incrementAndGet() == 1 ? "7,0102030405" : "8,0102030405"));
        volume.on("/", r -> Answer.json(409,
                "{\"error\":\"key 0102 of volume 7 holds another cookie\",\"code\":\"CONFLICT\"}"));
        try (HayloftClient client = HayloftClient.connect(master.address())) {
            assertThatThrownBy(() -> client.put(new byte[5], "a", null, AssignRequest.single()))
                    .isInstanceOfSatisfying(HayloftException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
                    .hasMessageContaining("another cookie");
        }
        assertThat(assigns).hasValue(1);
        assertThat(volume.requests()).hasSize(1);
    }

    @Test
    void putGivesUpAfterThreeRefusals() {
        master.on("/dir/assign", r -> assigned("7,0102030405"));
        volume.on("/", r -> Answer.json(409, "{\"error\":\"volume 7 is read-only\",\"code\":\"VOLUME_NOT_WRITABLE\"}"));
        try (HayloftClient client = HayloftClient.connect(master.address())) {
            assertThatThrownBy(() -> client.put(new byte[5], "a", null, AssignRequest.single()))
                    .isInstanceOfSatisfying(HayloftException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.VOLUME_NOT_WRITABLE))
                    .hasMessageStartingWith("volume 7 is read-only");
        }
        assertThat(volume.requests()).hasSize(3);
    }

    @Test
    void uploadFileSendsTheFileUnderItsName(@TempDir Path dir) throws IOException {
        master.on("/dir/assign", r -> assigned("7,0102030405"));
        volume.on("/", UploadTest::stored);
        Path file = Files.writeString(dir.resolve("notes.txt"), "some notes");
        try (HayloftClient client = HayloftClient.connect(master.address())) {
            SubmitResponse r = client.uploadFile(file, AssignRequest.single());
            assertThat(r.fileName()).isEqualTo("notes.txt");
            assertThat(r.size()).isEqualTo(10);
        }
    }

    @Test
    void uploadFileOfMissingPathIsNotFoundWithoutAssigning(@TempDir Path dir) {
        try (HayloftClient client = HayloftClient.connect(master.address())) {
            assertThatThrownBy(() -> client.uploadFile(dir.resolve("missing.bin"), AssignRequest.single()))
                    .isInstanceOfSatisfying(HayloftException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
                    .hasMessageContaining("missing.bin");
        }
        assertThat(master.requests()).isEmpty();
    }

    @Test
    void concurrentPutsFromManyVirtualThreadsAllSucceed() throws InterruptedException {
        AtomicInteger key = new AtomicInteger(0x10);
        master.on("/dir/assign", r -> assigned("7," + Integer.toHexString(key.getAndIncrement()) + "02030405"));
        volume.on("/", UploadTest::stored);
        List<SubmitResponse> results = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (HayloftClient client = HayloftClient.connect(master.address())) {
            List<Thread> threads = new java.util.ArrayList<>();
            for (int i = 0; i < 32; i++) {
                threads.add(Thread.ofVirtual().start(
                        () -> results.add(client.put(new byte[100], "x", null, AssignRequest.single()))));
            }
            for (Thread t : threads) {
                t.join();
            }
        }
        assertThat(results).hasSize(32).extracting(SubmitResponse::fid).doesNotHaveDuplicates();
    }
}
