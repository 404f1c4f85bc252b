package io.hayloft.volume;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.FileId;
import io.hayloft.api.VolumeId;
import io.hayloft.http.Json;
import io.hayloft.storage.Needle;
import io.hayloft.storage.NeedleRecord;
import io.hayloft.storage.VolumeStats;
import io.hayloft.volume.transfer.NeedleTransfer;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /internal/needle/replicate?fid=}: a peer's record is appended byte for byte; bad input
 * is a 4xx JSON error and changes nothing.
 */
class ReplicaRecordRouteTest {
    private static final long FILE_SIZE_LIMIT = 64 * 1024;
    private static final FileId FID = FileId.of(4, 0x41, 0x12345678);

    @TempDir
    Path dir;
    private OneVolumeServer one;
    private VolumeServer server;

    @BeforeEach
    void start() throws Exception {
        one = OneVolumeServer.start(dir, c -> c.withFileSizeLimit(FILE_SIZE_LIMIT), 4);
        server = one.server;
    }

    @AfterEach
    void stop() {
        one.close();
    }

    private String url(String pathAndQuery) {
        return one.url(pathAndQuery);
    }

    private HttpResponse<byte[]> replicate(String query, byte[] record) {
        return TestHttp.send("POST", url("/internal/needle/replicate" + query),
                Map.of("Content-Type", "application/octet-stream"), record);
    }

    private static byte[] record(Needle needle, long appendAtNs) {
        ByteBuffer bytes = NeedleRecord.of(needle, appendAtNs).bytes();
        byte[] out = new byte[bytes.remaining()];
        bytes.get(out);
        return out;
    }

    private static byte[] record(FileId fid, String text) {
        return record(Needle.of(fid.key(), fid.cookie(), text.getBytes(StandardCharsets.UTF_8)).withName("n.txt")
                .withMime("text/plain").withLastModified(1_700_000_000L), 1_700_000_000_123_456_789L);
    }

    private VolumeStats stats() {
        return server.store().volume(VolumeId.of(4)).stats();
    }

    @Test
    void aPeersRecordIsStoredByteForByteAndItsTombstoneDeletesIt() {
        byte[] sent = record(FID, "from the primary");
        HttpResponse<byte[]> r = replicate("?fid=" + FID, sent);
        assertThat(r.statusCode()).as(TestHttp.text(r)).isEqualTo(201);
        JsonNode answer = Json.MAPPER.readTree(r.body());
        assertThat(answer.get("size").asInt()).isEqualTo(16);
        assertThat(answer.get("name").asString()).isEqualTo("n.txt");

        HttpResponse<byte[]> stored = TestHttp.get(url("/admin/volume/needle?volume=4&key=41"), Map.of());
        assertThat(stored.body()).isEqualTo(sent);
        HttpResponse<byte[]> read = TestHttp.get(url("/" + FID), Map.of());
        assertThat(TestHttp.text(read)).isEqualTo("from the primary");

        byte[] tombstone = bytes(NeedleRecord.tombstone(FID.key(), FID.cookie(), 1_700_000_001_000_000_000L));
        HttpResponse<byte[]> deleted = replicate("?fid=" + FID, tombstone);
        assertThat(deleted.statusCode()).as(TestHttp.text(deleted)).isEqualTo(202);
        assertThat(Json.MAPPER.readTree(deleted.body()).get("size").asInt()).isEqualTo(16);
        assertThat(TestHttp.get(url("/" + FID), Map.of()).statusCode()).isEqualTo(404);
        assertThat(replicate("?fid=" + FID, tombstone).statusCode()).isEqualTo(404);
    }

    @Test
    void badRecordsAreRefusedWithA400AndChangeNothing() {
        byte[] good = record(FID, "a record");
        byte[] badCrc = good.clone();
        badCrc[21] ^= 1; // a data byte
        byte[] trailing = Arrays.copyOf(good, good.length + 8);
        byte[][] bad = {new byte[0], Arrays.copyOf(good, 16), Arrays.copyOf(good, good.length - 8), badCrc, trailing,
                "not a record at all, just text".getBytes(StandardCharsets.UTF_8)};
        VolumeStats before = stats();
        for (byte[] body : bad) {
            assertRejected(400, replicate("?fid=" + FID, body));
        }
        assertRejected(400, replicate("?fid=" + FileId.of(4, 0x42, 0x12345678), good)); // another key
        assertRejected(400, replicate("?fid=" + FileId.of(4, 0x41, 0x12345679), good)); // another cookie
        assertThat(stats()).isEqualTo(before);
        assertThat(TestHttp.get(url("/" + FID), Map.of()).statusCode()).isEqualTo(404);
    }

    @Test
    void badParametersAreRefusedBeforeTheBodyIsRead() {
        byte[] good = record(FID, "a record");
        VolumeStats before = stats();
        assertRejected(400, replicate("", good));
        assertRejected(400, replicate("?fid=", good));
        assertRejected(400, replicate("?fid=4,zz", good));
        assertRejected(400, replicate("?fid=" + FID + "&type=replicate", good));
        assertRejected(404, replicate("?fid=" + FileId.of(9, 0x41, 0x12345678), good));
        assertThat(stats()).isEqualTo(before);
    }

    @Test
    void aRecordLargerThanTheFileSizeLimitAllowsIsA413() {
        Needle big = Needle.of(FID.key(), FID.cookie(), new byte[(int) FILE_SIZE_LIMIT + 70_000]);
        VolumeStats before = stats();
        assertRejected(413, replicate("?fid=" + FID, record(big, 5)));
        assertThat(stats()).isEqualTo(before);
    }

    @Test
    void aReadOnlyVolumeRefusesTheRecordAndAnotherCookieConflicts() {
        assertThat(replicate("?fid=" + FID, record(FID, "first")).statusCode()).isEqualTo(201);
        FileId otherCookie = FileId.of(4, 0x41, 0x0badcafe);
        VolumeStats before = stats();
        HttpResponse<byte[]> conflict = replicate("?fid=" + otherCookie, record(otherCookie, "second"));
        assertRejected(409, conflict);
        assertThat(TestHttp.text(conflict)).contains("CONFLICT");

        assertThat(TestHttp.post(url("/admin/volume/mark?volume=4&readonly=true")).statusCode()).isEqualTo(200);
        FileId next = FileId.of(4, 0x43, 0x12345678);
        HttpResponse<byte[]> readOnly = replicate("?fid=" + next, record(next, "third"));
        assertRejected(409, readOnly);
        assertThat(TestHttp.text(readOnly)).contains("VOLUME_NOT_WRITABLE");
        assertThat(stats()).isEqualTo(before);
    }

    private HttpResponse<byte[]> batch(String query, byte[]... frames) {
        int length = 0;
        for (byte[] f : frames) {
            length += f.length;
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        for (byte[] f : frames) {
            body.put(f);
        }
        return TestHttp.send("POST", url("/internal/needle/batch" + query),
                Map.of("Content-Type", "application/octet-stream"), body.array());
    }

    /** A batch frame: the volume id, then the record. */
    private static byte[] frame(int volume, byte[] record) {
        return ByteBuffer.allocate(4 + record.length).putInt(volume).put(record).array();
    }

    @Test
    void aBatchStoresEachRecordAsItsOwnRequestWouldAndAnswersEachOne() {
        assertThat(TestHttp.post(url("/admin/volume/allocate?volume=5&replication=000")).statusCode()).isEqualTo(200);
        FileId second = FileId.of(4, 0x44, 0x12345678);
        FileId conflicting = FileId.of(4, 0x41, 0x0badcafe);
        FileId inFive = FileId.of(5, 0x41, 0x12345678);
        byte[] first = record(FID, "one");
        byte[] other = record(second, "two");
        byte[] five = record(inFive, "five");
        HttpResponse<byte[]> r = batch("", frame(4, first), frame(4, other), frame(5, five),
                frame(4, record(conflicting, "three")),
                frame(4, bytes(NeedleRecord.tombstone(second.key(), second.cookie(), 1_700_000_002_000_000_000L))),
                frame(4, bytes(NeedleRecord.tombstone(0x99, 1, 1_700_000_002_000_000_000L))),
                frame(9, record(FileId.of(9, 0x41, 0x12345678), "nine")));
        assertThat(r.statusCode()).as(TestHttp.text(r)).isEqualTo(200);
        JsonNode results = Json.MAPPER.readTree(r.body()).get("results");
        assertThat(results).hasSize(7);
        assertThat(results.get(0).get("status").asInt()).isEqualTo(201);
        assertThat(results.get(0).get("size").asInt()).isEqualTo(3);
        assertThat(results.get(1).get("status").asInt()).isEqualTo(201);
        assertThat(results.get(2).get("status").asInt()).isEqualTo(201);
        assertThat(results.get(3).get("status").asInt()).isEqualTo(409);
        assertThat(results.get(3).get("code").asString()).isEqualTo("CONFLICT");
        assertThat(results.get(4).get("status").asInt()).isEqualTo(202);
        assertThat(results.get(5).get("status").asInt()).isEqualTo(404);
        assertThat(results.get(6).get("status").asInt()).as("a volume not held here").isEqualTo(404);
        assertThat(TestHttp.get(url("/admin/volume/needle?volume=4&key=41"), Map.of()).body()).isEqualTo(first);
        assertThat(TestHttp.get(url("/admin/volume/needle?volume=5&key=41"), Map.of()).body()).isEqualTo(five);
        assertThat(TestHttp.get(url("/" + second), Map.of()).statusCode()).isEqualTo(404);
    }

    @Test
    void aBatchWithOneBadRecordIsRefusedWholeAndChangesNothing() {
        byte[] good = record(FID, "good");
        byte[] badCrc = record(FileId.of(4, 0x45, 0x12345678), "bad");
        badCrc[21] ^= 1;
        VolumeStats before = stats();
        assertRejected(400, batch("", frame(4, good), frame(4, badCrc)));
        assertRejected(400, batch("", frame(4, good), frame(4, Arrays.copyOf(good, 20))));
        assertRejected(400, batch("", frame(4, good), new byte[] {0, 0, 4}));
        assertRejected(400, batch("", frame(0, good)));
        assertRejected(400, batch("", good));
        assertRejected(400, batch(""));
        assertRejected(400, batch("?volume=4", frame(4, good)));
        assertRejected(413, batch("", new byte[NeedleTransfer.BATCH_MAX_BYTES + 8]));
        assertThat(stats()).isEqualTo(before);
        assertThat(TestHttp.get(url("/" + FID), Map.of()).statusCode()).isEqualTo(404);
    }

    private static byte[] bytes(NeedleRecord record) {
        ByteBuffer b = record.bytes();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static void assertRejected(int status, HttpResponse<byte[]> r) {
        assertThat(r.statusCode()).as(TestHttp.text(r)).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(Json.MAPPER.readTree(r.body()).get("error").asString()).isNotBlank();
    }
}
