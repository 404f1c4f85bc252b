package io.hayloft.volume;
import io.hayloft.testkit.roles.FakeMaster;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.FileId;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two real volume servers holding replicas of volume 4 (placement 001) behind a fake master. */
class ReplicationTest {
    @TempDir
    Path dir;
    FakeMaster master;
    VolumeServer a;
    VolumeServer b;

    @BeforeEach
    void start() throws Exception {
        master = new FakeMaster();
        a = VolumeServer.start(VolumeServerConfig.forTest(List.of(Files.createDirectories(dir.resolve("a"))),
                master.address()));
        b = VolumeServer.start(VolumeServerConfig.forTest(List.of(Files.createDirectories(dir.resolve("b"))),
                master.address()));
        for (VolumeServer s : List.of(a, b)) {
            assertThat(TestHttp.post("http://" + s.url() + "/admin/volume/allocate?volume=4&replication=001")
                    .statusCode()).isEqualTo(200);
        }
        master.replicas.put(4, List.of(a.url(), b.url()));
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
        master.close();
    }

    private static HttpResponse<byte[]> upload(VolumeServer s, FileId fid, String body) {
        TestHttp.Multipart m = TestHttp.Multipart.file("r.txt", "text/plain", body.getBytes(StandardCharsets.UTF_8));
        return TestHttp.send("POST", "http://" + s.url() + "/" + fid + "?ttl=5d",
                Map.of("Content-Type", m.contentType()), m.body());
    }

    @Test
    void writeIsAcknowledgedOnlyAfterEveryReplicaHasIt() {
        FileId fid = FileId.of(4, 0x21, 0xabcdef01);
        HttpResponse<byte[]> r = upload(a, fid, "both copies");
        assertThat(r.statusCode()).isEqualTo(201);
        HttpResponse<byte[]> onB = TestHttp.get("http://" + b.url() + "/" + fid, Map.of());
        assertThat(TestHttp.text(onB)).isEqualTo("both copies");
        HttpResponse<byte[]> onA = TestHttp.get("http://" + a.url() + "/" + fid, Map.of());
        assertThat(onB.headers().firstValue("ETag")).isEqualTo(onA.headers().firstValue("ETag"));
        assertThat(onB.headers().firstValue("Content-Type")).hasValue("text/plain");
        assertThat(onB.headers().firstValue("Last-Modified")).isEqualTo(onA.headers().firstValue("Last-Modified"));
        assertThat(onB.headers().firstValue("Content-Disposition")).hasValue("inline; filename=\"r.txt\"");
    }

    @Test
    void everyReplicaHoldsThePrimarysRecordByteForByte() throws Exception {
        FileId fid = FileId.of(4, 0x31, 0x5eed5eed);
        assertThat(upload(a, fid, "the same bytes everywhere").statusCode()).isEqualTo(201);
        HttpResponse<byte[]> onA = TestHttp.get("http://" + a.url() + "/admin/volume/needle?volume=4&key=31", Map.of());
        HttpResponse<byte[]> onB = TestHttp.get("http://" + b.url() + "/admin/volume/needle?volume=4&key=31", Map.of());
        assertThat(onA.statusCode()).isEqualTo(200);
        assertThat(onB.body()).isEqualTo(onA.body()); // append time included

        FileId other = FileId.of(4, 0x32, 0x5eed5eed);
        assertThat(upload(b, other, "written through the other server").statusCode()).isEqualTo(201);
        assertThat(TestHttp.send("DELETE", "http://" + a.url() + "/" + fid, Map.of(), null).statusCode()).isEqualTo(202);
        // records and tombstones alike: the two volumes are the same files
        assertThat(Files.readAllBytes(b.store().volume(io.hayloft.api.VolumeId.of(4)).datPath()))
                .isEqualTo(Files.readAllBytes(a.store().volume(io.hayloft.api.VolumeId.of(4)).datPath()));
    }

    @Test
    void aReplicaThatRefusesTheCopyFailsTheWriteAndNothingStays() {
        FileId fid = FileId.of(4, 0x33, 0x66666666);
        assertThat(TestHttp.post("http://" + b.url() + "/admin/volume/mark?volume=4&readonly=true").statusCode())
                .isEqualTo(200);
        HttpResponse<byte[]> r = upload(a, fid, "refused there");
        assertThat(r.statusCode()).as(TestHttp.text(r)).isEqualTo(409);
        assertThat(TestHttp.text(r)).contains("VOLUME_NOT_WRITABLE").contains(b.url());
        assertThat(TestHttp.get("http://" + a.url() + "/" + fid, Map.of()).statusCode()).isEqualTo(404);
        assertThat(TestHttp.get("http://" + b.url() + "/" + fid, Map.of()).statusCode()).isEqualTo(404);
    }

    @Test
    void refusalsOnTheEventLoopPathRollBackAsOnTheBlockingOne() {
        // the first write looks the replicas up (a virtual thread); later small ones run from the event loop
        assertThat(upload(a, FileId.of(4, 0x34, 0x77777777), "warms the replica cache").statusCode()).isEqualTo(201);
        assertThat(master.lookups.get()).isEqualTo(1);

        FileId refused = FileId.of(4, 0x35, 0x77777777);
        assertThat(TestHttp.post("http://" + b.url() + "/admin/volume/mark?volume=4&readonly=true").statusCode())
                .isEqualTo(200);
        HttpResponse<byte[]> r = upload(a, refused, "refused there");
        assertThat(r.statusCode()).as(TestHttp.text(r)).isEqualTo(409);
        assertThat(TestHttp.text(r)).contains(b.url());
        assertThat(TestHttp.get("http://" + a.url() + "/" + refused, Map.of()).statusCode()).isEqualTo(404);
        assertThat(TestHttp.get("http://" + b.url() + "/" + refused, Map.of()).statusCode()).isEqualTo(404);
        assertThat(TestHttp.post("http://" + b.url() + "/admin/volume/mark?volume=4&readonly=false").statusCode())
                .isEqualTo(200);

        FileId conflicting = FileId.of(4, 0x36, 0x77777777);
        assertThat(TestHttp.send("POST", "http://" + b.url() + "/" + FileId.of(4, 0x36, 0x12121212) + "?type=replicate",
                Map.of(), new byte[] {7}).statusCode()).isEqualTo(201);
        HttpResponse<byte[]> c = upload(a, conflicting, "another cookie is there");
        assertThat(c.statusCode()).as(TestHttp.text(c)).isEqualTo(409);
        assertThat(TestHttp.text(c)).contains("CONFLICT");
        assertThat(TestHttp.get("http://" + a.url() + "/" + conflicting, Map.of()).statusCode()).isEqualTo(404);

        FileId lost = FileId.of(4, 0x37, 0x77777777);
        String bUrl = b.url();
        b.close();
        HttpResponse<byte[]> u = upload(a, lost, "nowhere");
        assertThat(u.statusCode()).as(TestHttp.text(u)).isEqualTo(500);
        assertThat(TestHttp.text(u)).contains(bUrl);
        assertThat(TestHttp.get("http://" + a.url() + "/" + lost, Map.of()).statusCode()).isEqualTo(404);
    }

    @Test
    void replicaCopyIsStoredLocallyOnly() {
        FileId fid = FileId.of(4, 0x22, 0x01020304);
        assertThat(TestHttp.send("POST", "http://" + b.url() + "/" + fid + "?type=replicate", Map.of(),
                new byte[]{9}).statusCode()).isEqualTo(201);
        assertThat(TestHttp.get("http://" + a.url() + "/" + fid, Map.of()).statusCode()).isEqualTo(404);
    }

    @Test
    void deleteFansOutToEveryReplica() {
        FileId fid = FileId.of(4, 0x23, 0x0badf00d);
        assertThat(upload(a, fid, "short lived").statusCode()).isEqualTo(201);
        HttpResponse<byte[]> del = TestHttp.send("DELETE", "http://" + b.url() + "/" + fid, Map.of(), null);
        assertThat(del.statusCode()).as(TestHttp.text(del)).isEqualTo(202);
        assertThat(TestHttp.get("http://" + a.url() + "/" + fid, Map.of()).statusCode()).isEqualTo(404);
        assertThat(TestHttp.get("http://" + b.url() + "/" + fid, Map.of()).statusCode()).isEqualTo(404);
    }

    @Test
    void failedReplicaFailsTheWriteAndRemovesTheCopiesThatLanded() {
        FileId fid = FileId.of(4, 0x24, 0x11111111);
        assertThat(TestHttp.post("http://" + b.url() + "/admin/volume/delete?volume=4").statusCode()).isEqualTo(200);
        HttpResponse<byte[]> r = upload(a, fid, "must not stay");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(TestHttp.text(r)).contains(b.url());
        assertThat(TestHttp.get("http://" + a.url() + "/" + fid, Map.of()).statusCode()).isEqualTo(404);
    }

    @Test
    void unreachableReplicaFailsTheWriteAndLeavesNothingBehind() {
        FileId fid = FileId.of(4, 0x25, 0x22222222);
        String bUrl = b.url();
        b.close();
        HttpResponse<byte[]> r = upload(a, fid, "nowhere");
        assertThat(r.statusCode()).as(TestHttp.text(r)).isEqualTo(500);
        assertThat(TestHttp.text(r)).contains(bUrl);
        assertThat(TestHttp.get("http://" + a.url() + "/" + fid, Map.of()).statusCode()).isEqualTo(404);
    }

    @Test
    void writeIsRefusedWhenTheMasterKnowsTooFewReplicas() {
        master.replicas.put(4, List.of(a.url()));
        FileId fid = FileId.of(4, 0x26, 0x33333333);
        HttpResponse<byte[]> r = upload(a, fid, "lonely");
        assertThat(r.statusCode()).as(TestHttp.text(r)).isEqualTo(503);
        assertThat(TestHttp.get("http://" + a.url() + "/" + fid, Map.of()).statusCode()).isEqualTo(404);
    }

    @Test
    void corruptLocalCopyIsServedFromAGoodReplica() throws Exception {
        FileId fid = FileId.of(4, 0x2a, 0x44444444);
        String text = "GOOD-COPY-0123456789-GOOD-COPY";
        assertThat(upload(a, fid, text).statusCode()).isEqualTo(201);
        Path dat = a.store().volume(io.hayloft.api.VolumeId.of(4)).datPath();
        byte[] file = Files.readAllBytes(dat);
        int at = new String(file, StandardCharsets.ISO_8859_1).indexOf(text);
        assertThat(at).isPositive();
        try (var ch = java.nio.channels.FileChannel.open(dat, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[]{'X'}), at + 2);
        }
        HttpResponse<byte[]> r = TestHttp.get("http://" + a.url() + "/" + fid, Map.of());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(TestHttp.text(r)).isEqualTo(text);
        assertThat(r.headers().firstValue("Content-Disposition")).hasValue("inline; filename=\"r.txt\"");
        HttpResponse<byte[]> peerAsking = TestHttp.get("http://" + a.url() + "/" + fid + "?type=replicate", Map.of());
        assertThat(peerAsking.statusCode()).isEqualTo(500);
    }

    @Test
    void lookupsAreCachedPerVolume() {
        upload(a, FileId.of(4, 0x27, 1), "one");
        upload(a, FileId.of(4, 0x28, 1), "two");
        upload(a, FileId.of(4, 0x29, 1), "three");
        assertThat(master.lookups.get()).isEqualTo(1);
    }
}
