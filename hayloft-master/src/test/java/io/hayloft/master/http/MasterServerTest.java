package io.hayloft.master.http;
import io.hayloft.testkit.Await;
import io.hayloft.testkit.roles.FakeVolumeServer;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.FileId;
import io.hayloft.testkit.MutableClock;
import io.hayloft.master.MasterConfig;
import io.hayloft.master.MasterServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class MasterServerTest {
    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private MasterServer master(MasterConfig config) {
        MasterServer m = MasterServer.start(config);
        open.add(m);
        return m;
    }

    /** A test master whose volume servers stay alive without further heartbeats for the test's length. */
    private MasterServer master() {
        return master(config());
    }

    private MasterConfig config() {
        return MasterConfig.forTest(dir).withPulse(Duration.ofSeconds(10));
    }

    private FakeVolumeServer volume(MasterServer m, int max) throws Exception {
        return volume(m, max, "", "");
    }

    private FakeVolumeServer volume(MasterServer m, int max, String dc, String rack) throws Exception {
        FakeVolumeServer v = new FakeVolumeServer(m.url(), max, dc, rack);
        open.add(v);
        v.heartbeat();
        return v;
    }

    private MasterClient client(MasterServer m) {
        MasterClient c = new MasterClient(m.url());
        open.add(c);
        return c;
    }

    @Test
    void startsAsLeaderOnEphemeralPorts() {
        MasterServer m = master();
        assertThat(m.isLeader()).isTrue();
        assertThat(m.port()).isPositive();
        assertThat(m.raftPort()).isPositive().isNotEqualTo(m.port());
        assertThat(m.url()).isEqualTo("127.0.0.1:" + m.port());
    }

    @Test
    void seedCollectionFlowFillsTheServerWithPicturesThenRefusesMp3() throws Exception {
        MasterServer m = master();
        FakeVolumeServer v = volume(m, 5);
        MasterClient c = client(m);

        HttpResponse<String> first = c.get("/dir/assign?collection=pictures");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).contains("application/json");
        JsonNode a = MasterClient.json(first);
        assertThat(a.get("url").asString()).isEqualTo(v.url());
        assertThat(a.get("publicUrl").asString()).isEqualTo(v.publicUrl());
        assertThat(a.get("count").isNumber()).isTrue();
        assertThat(FileId.parse(a.get("fid").asString()).volumeId().value()).isBetween(1, 5);
        assertThat(v.allocateCalls).hasSize(5).allMatch(q -> q.contains("collection=pictures"));
        assertThat(v.volumes.keySet()).containsExactlyInAnyOrder(1, 2, 3, 4, 5);

        HttpResponse<String> mp3 = c.get("/dir/assign?collection=mp3");
        assertThat(mp3.statusCode()).isEqualTo(406);
        assertThat(mp3.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(mp3.body()).isEqualTo("{\"error\":\"No free volumes left!\",\"code\":\"NOT_ACCEPTABLE\"}");

        assertThat(c.get("/dir/assign?collection=pictures").statusCode()).isEqualTo(200);
        assertThat(v.allocateCalls).hasSize(5);
    }

    @Test
    void lookupFindsVolumesByIdOrFileIdAndAnswers404ForUnknown() throws Exception {
        MasterServer m = master();
        FakeVolumeServer v = volume(m, 2);
        MasterClient c = client(m);
        String fid = MasterClient.json(c.get("/dir/assign")).get("fid").asString();
        int vid = FileId.parse(fid).volumeId().value();

        JsonNode byId = MasterClient.json(c.get("/dir/lookup?volumeId=" + vid));
        assertThat(byId.get("volumeId").asString()).isEqualTo(Integer.toString(vid));
        assertThat(byId.get("volumeOrFileId").asString()).isEqualTo(Integer.toString(vid));
        assertThat(byId.get("locations").get(0).get("url").asString()).isEqualTo(v.url());
        assertThat(byId.get("locations").get(0).get("publicUrl").asString()).isEqualTo(v.publicUrl());

        JsonNode byFid = MasterClient.json(c.get("/dir/lookup?fileId=" + fid));
        assertThat(byFid.get("volumeOrFileId").asString()).isEqualTo(fid);
        assertThat(c.get("/dir/lookup?volumeId=" + fid + "&collection=").statusCode()).isEqualTo(200);

        HttpResponse<String> pretty = c.get("/dir/lookup?volumeId=" + vid + "&pretty=y");
        assertThat(pretty.body()).contains("\n");

        HttpResponse<String> unknown = c.get("/dir/lookup?volumeId=999");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"volume id 999 not found\",\"code\":\"NOT_FOUND\"}");
    }

    @Test
    void assignWithCountReservesConsecutiveKeys() throws Exception {
        MasterServer m = master();
        volume(m, 1);
        MasterClient c = client(m);
        JsonNode a = MasterClient.json(c.get("/dir/assign?count=3"));
        assertThat(a.get("count").asInt()).isEqualTo(3);
        FileId first = FileId.parse(a.get("fid").asString());
        FileId next = FileId.parse(MasterClient.json(c.get("/dir/assign")).get("fid").asString());
        assertThat(next.key()).isGreaterThanOrEqualTo(first.key() + 3);
        assertThat(FileId.parse(a.get("fid").asString() + "_2").key()).isEqualTo(first.key() + 2);
    }

    @Test
    void badAssignParametersAreRejectedWithJsonErrors() throws Exception {
        MasterServer m = master();
        volume(m, 1);
        MasterClient c = client(m);
        for (String bad : List.of("replication=abc", "count=x", "count=0", "ttl=5q", "collection=a%2Fb")) {
            HttpResponse<String> r = c.get("/dir/assign?" + bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(406);
            assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
            assertThat(MasterClient.json(r).has("error")).isTrue();
        }
        HttpResponse<String> unknown = c.get("/dir/assign?colection=x");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("unknown parameter 'colection'");
        assertThat(c.get("/dir/assign?preallocate=0&memoryMapMaxSizeMb=0&diskType=hdd&writableVolumeCount=1")
                .statusCode()).isEqualTo(200);
    }

    @Test
    void volumeReportedAtTheSizeLimitIsNoLongerAssigned() throws Exception {
        MasterServer m = master(config().withVolumeSizeLimit(1024 * 1024));
        FakeVolumeServer v = volume(m, 2);
        MasterClient c = client(m);
        c.get("/dir/assign");
        assertThat(v.volumes).hasSize(2);
        v.setSize(1, 1024 * 1024);
        assertThat(v.heartbeat().volumeSizeLimit()).isEqualTo(1024 * 1024);
        for (int i = 0; i < 20; i++) {
            String fid = MasterClient.json(c.get("/dir/assign")).get("fid").asString();
            assertThat(FileId.parse(fid).volumeId().value()).isEqualTo(2);
        }
        v.setSize(2, 2 * 1024 * 1024);
        v.heartbeat();
        HttpResponse<String> full = c.get("/dir/assign");
        assertThat(full.statusCode()).isEqualTo(406);
        assertThat(full.body()).contains("No free volumes left!");
    }

    @Test
    void silentVolumeServerIsRemovedAfterTheTimeout() throws Exception {
        // the master judges silence by its injected clock: time moves only when the test says so
        MutableClock clock = new MutableClock(java.time.Instant.parse("2026-01-01T00:00:00Z"));
        MasterConfig config = MasterConfig.forTest(dir).withPulse(Duration.ofMillis(100)).withClock(clock);
        MasterServer m = master(config);
        volume(m, 2);
        MasterClient c = client(m);
        String fid = MasterClient.json(c.get("/dir/assign")).get("fid").asString();
        int vid = FileId.parse(fid).volumeId().value();
        clock.advance(config.deadNodeTimeout().minusMillis(1));
        assertThat(c.get("/dir/lookup?volumeId=" + vid).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        Await.until("the data node dropped from /dir/status", Duration.ofSeconds(15), () -> {
            try {
                return MasterClient.json(c.get("/dir/status")).get("Topology").get("DataCenters").isEmpty();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(c.get("/dir/lookup?volumeId=" + vid).statusCode()).isEqualTo(404);
    }

    @Test
    void restartOnTheSameMetaDirNeverReusesVolumeIdsOrFileKeys() throws Exception {
        MasterConfig config = config();
        long maxKey = 0;
        int maxVid;
        try (MasterServer first = MasterServer.start(config);
             FakeVolumeServer v = new FakeVolumeServer(first.url(), 10, "", "");
             MasterClient c = new MasterClient(first.url())) {
            v.heartbeat();
            for (int i = 0; i < 5; i++) {
                maxKey = Math.max(maxKey, FileId.parse(MasterClient.json(c.get("/dir/assign?count=2"))
                        .get("fid").asString()).key() + 1);
            }
            maxVid = v.volumes.keySet().stream().mapToInt(Integer::intValue).max().orElseThrow();
        }
        MasterServer second = master(config);
        FakeVolumeServer v2 = volume(second, 10);
        MasterClient c2 = client(second);
        FileId after = FileId.parse(MasterClient.json(c2.get("/dir/assign")).get("fid").asString());
        assertThat(after.key()).isGreaterThan(maxKey);
        HttpResponse<String> grow = c2.get("/vol/grow?count=1&collection=other");
        assertThat(MasterClient.json(grow).get("count").asInt()).isEqualTo(1);
        assertThat(v2.volumes.keySet()).isNotEmpty().allMatch(id -> id > maxVid);
    }

    @Test
    void submitAssignsAndForwardsTheMultipartBody() throws Exception {
        MasterServer m = master();
        FakeVolumeServer v = volume(m, 1);
        MasterClient c = client(m);
        String boundary = "hayloftboundary";
        byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"test.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n%PDF-1.4 hello\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = c.post("/submit", "multipart/form-data; boundary=" + boundary, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode s = MasterClient.json(r);
        String fid = s.get("fid").asString();
        assertThat(s.get("fileName").asString()).isEqualTo("test.pdf");
        assertThat(s.get("fileUrl").asString()).isEqualTo(v.publicUrl() + "/" + fid);
        assertThat(s.get("size").asLong()).isEqualTo(body.length);
        assertThat(s.get("eTag").asString()).isEqualTo("0badcafe");
        assertThat(v.uploads).containsExactly(fid + " multipart/form-data; boundary=" + boundary + " " + body.length);
    }

    @Test
    void submitNeverRetriesACookieConflictUnderAnotherFid() throws Exception {
        MasterServer m = master();
        FakeVolumeServer v = volume(m, 7);
        v.uploadRefusal = "{\"error\":\"key 1 holds another cookie\",\"code\":\"CONFLICT\"}";
        MasterClient c = client(m);
        String boundary = "hayloftboundary";
        byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                + "\r\nhello\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> r = c.post("/submit", "multipart/form-data; boundary=" + boundary, body);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
        assertThat(MasterClient.json(r).get("code").asString()).isEqualTo("CONFLICT");
        assertThat(v.uploads).as("a fresh fid that conflicts means a key handed out twice: never retried").hasSize(1);
    }

    @Test
    void submitRetriesAVolumeThatIsNotWritableUnderAnotherFid() throws Exception {
        MasterServer m = master();
        FakeVolumeServer v = volume(m, 7);
        v.uploadRefusal = "{\"error\":\"volume is read-only\",\"code\":\"VOLUME_NOT_WRITABLE\"}";
        MasterClient c = client(m);
        String boundary = "hayloftboundary";
        byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                + "\r\nhello\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> r = c.post("/submit", "multipart/form-data; boundary=" + boundary, body);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
        assertThat(v.uploads.size()).as("each refusal marks the volume read-only and tries another fid").isGreaterThan(1);
    }

    @Test
    void fileIdUrlRedirectsToAReplica() throws Exception {
        MasterServer m = master();
        FakeVolumeServer v = volume(m, 1);
        MasterClient c = client(m);
        String fid = MasterClient.json(c.get("/dir/assign")).get("fid").asString();
        for (String path : List.of("/" + fid, "/" + fid + ".jpg", "/" + fid.replace(',', '/') + "/name.jpg")) {
            HttpResponse<String> r = c.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(302);
            assertThat(r.headers().firstValue("Location")).contains("http://" + v.publicUrl() + path);
        }
        assertThat(c.get("/999,01637037d6").statusCode()).isEqualTo(404);
    }

    @Test
    void statusPagesDescribeTopologyVolumesAndCluster() throws Exception {
        MasterServer m = master();
        FakeVolumeServer v = volume(m, 3, "dc1", "rack1");
        MasterClient c = client(m);
        c.get("/dir/assign?collection=pictures");

        JsonNode dir = MasterClient.json(c.get("/dir/status"));
        assertThat(dir.get("Version").asString()).isNotEmpty();
        JsonNode dc = dir.get("Topology").get("DataCenters").get(0);
        assertThat(dc.get("Id").asString()).isEqualTo("dc1");
        JsonNode node = dc.get("Racks").get(0).get("DataNodes").get(0);
        assertThat(node.get("Url").asString()).isEqualTo(v.url());
        assertThat(node.get("Volumes").asInt()).isEqualTo(3);
        assertThat(node.get("Max").asInt()).isEqualTo(3);
        assertThat(dir.get("Topology").get("Layouts").get(0).get("collection").asString()).isEqualTo("pictures");

        JsonNode vol = MasterClient.json(c.get("/vol/status"));
        JsonNode first = vol.get("Volumes").get("DataCenters").get("dc1").get("rack1").get(v.url()).get(0);
        assertThat(first.get("Collection").asString()).isEqualTo("pictures");
        assertThat(first.get("ReplicaPlacement").asString()).isEqualTo("000");
        for (String field : List.of("Id", "Size", "Ttl", "FileCount", "DeleteCount", "ReadOnly")) {
            assertThat(first.has(field)).as(field).isTrue();
        }

        JsonNode cluster = MasterClient.json(c.get("/cluster/status"));
        assertThat(cluster.get("IsLeader").asBoolean()).isTrue();
        assertThat(cluster.get("Leader").asString()).isEqualTo(m.url());
        assertThat(cluster.get("Peers").get(0).asString()).isEqualTo(m.url());

        String metrics = c.get("/metrics").body();
        assertThat(metrics).contains("hayloft_master_volumes", "hayloft_master_free_slots",
                "hayloft_master_assigned_keys");
    }

    @Test
    void aLoneMasterOnAFreeRaftPortShowsTheRaftAddressItBound() throws Exception {
        MasterServer m = master();
        assertThat(m.raftPort()).isPositive();
        JsonNode members = MasterClient.json(client(m).get("/cluster/status")).get("Raft").get("Members");
        assertThat(members).hasSize(1);
        assertThat(members.get(0).get("RaftAddress").asString()).isEqualTo("127.0.0.1:" + m.raftPort());
    }

    @Test
    void deletingACollectionDeletesItsVolumesEverywhere() throws Exception {
        MasterServer m = master();
        FakeVolumeServer v = volume(m, 4);
        MasterClient c = client(m);
        c.get("/dir/assign?collection=pictures");
        HttpResponse<String> r = c.get("/col/delete?collection=pictures");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{}");
        assertThat(v.deleteCalls).containsExactlyInAnyOrder(1, 2, 3, 4);
        assertThat(c.get("/dir/lookup?volumeId=1").statusCode()).isEqualTo(404);
        HttpResponse<String> unknown = c.get("/col/delete?collection=nothing");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("collection nothing does not exist");
    }

    @Test
    void deletingACollectionNeedsItNamedAndTheDefaultOneAnExplicitFlag() throws Exception {
        MasterServer m = master();
        FakeVolumeServer v = volume(m, 8);
        MasterClient c = client(m);
        assertThat(c.get("/dir/assign").statusCode()).isEqualTo(200);
        int defaultVolumes = v.volumes.size();
        assertThat(defaultVolumes).isPositive();
        for (String bad : List.of("/col/delete", "/col/delete?collection=", "/col/delete?default=true&collection=x",
                "/col/delete?default=maybe&collection=", "/col/delete?collection=../x", "/col/delete?default=true")) {
            HttpResponse<String> r = c.get(bad);
            assertThat(r.statusCode()).as(bad + ": " + r.body()).isEqualTo(400);
            assertThat(MasterClient.json(r).get("error").asString()).as(bad).isNotBlank();
        }
        assertThat(v.deleteCalls).as("nothing deleted by a refused call").isEmpty();
        assertThat(c.get("/dir/lookup?volumeId=1").statusCode()).isEqualTo(200);

        HttpResponse<String> r = c.get("/col/delete?collection=&default=true");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(v.deleteCalls).hasSize(defaultVolumes);
    }

    @Test
    void anUnknownVolumeIdAboveTwoToThe31IsNotFoundNotInvalid() throws Exception {
        MasterClient c = client(master());
        for (String path : List.of("/dir/lookup?volumeId=4000000000", "/dir/lookup?volumeId=4294967295",
                "/dir/lookup?fileId=4000000000,01637037d6", "/4000000000,01637037d6", "/4000000000/01637037d6")) {
            HttpResponse<String> r = c.get(path);
            assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(404);
            assertThat(MasterClient.json(r).get("error").asString()).contains("not found");
        }
        assertThat(c.get("/dir/lookup?volumeId=4294967296").statusCode()).isEqualTo(400);
    }

    @Test
    void readEndpointsAnswerGetAndHeadOnlyOthersAre405Json() throws Exception {
        MasterClient c = client(master());
        for (String path : List.of("/dir/status", "/vol/status", "/cluster/status", "/dir/lookup?volumeId=1",
                "/vol/vacuum", "/col/delete?collection=x")) {
            assertThat(c.send("GET", path).statusCode()).as("GET " + path).isIn(200, 400, 404);
            assertThat(c.send("HEAD", path).statusCode()).as("HEAD " + path).isIn(200, 400, 404);
            for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
                if (method.equals("POST") && !path.contains("status")) {
                    continue; // SeaweedFS clients post lookups
                }
                HttpResponse<String> r = c.send(method, path);
                assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(405);
                assertThat(MasterClient.json(r).get("error").asString()).contains(method);
                assertThat(MasterClient.json(r).get("code").asString()).isEqualTo("METHOD_NOT_ALLOWED");
                assertThat(r.headers().firstValue("Allow")).isPresent();
            }
        }
    }

    @Test
    void nodeIdsNeedAHostPortAddress() throws Exception {
        MasterClient c = client(master());
        for (String bad : List.of("garbage", "../x:1", "127.0.0.1:0", "127.0.0.1", "a%20b:80")) {
            HttpResponse<String> r = c.post("/internal/node/id?address=" + bad, "text/plain", new byte[0]);
            assertThat(r.statusCode()).as(bad + ": " + r.body()).isEqualTo(400);
            assertThat(MasterClient.json(r).get("error").asString()).contains("address");
        }
        HttpResponse<String> ok = c.post("/internal/node/id?address=127.0.0.1:8080", "text/plain", new byte[0]);
        assertThat(MasterClient.json(ok).get("nodeId").asLong()).as("no id was handed out before").isEqualTo(1);
    }

    @Test
    void collectionNamesAreCheckedWhereverTheMasterTakesOne() throws Exception {
        MasterClient c = client(master());
        for (String path : List.of("/vol/vacuum?collection=../x", "/vol/vacuum?collection=a%2Fb",
                "/dir/lookup?volumeId=1&collection=../x", "/vol/fix/replication?collection=../x",
                "/vol/balance?collection=.hidden")) {
            HttpResponse<String> r = path.startsWith("/vol/fix") || path.startsWith("/vol/balance")
                    ? c.post(path, "text/plain", new byte[0]) : c.get(path);
            assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(400);
            assertThat(MasterClient.json(r).get("error").asString()).as(path).contains("collection");
        }
        for (String path : List.of("/dir/assign?collection=../x", "/vol/grow?collection=../x&count=1")) {
            HttpResponse<String> r = c.get(path);
            assertThat(r.statusCode()).as(path + ": " + r.body()).isBetween(400, 406);
        }
    }

    @Test
    void nodeIdsComeFromTheRaftSequence() throws Exception {
        MasterServer m = master();
        MasterClient c = client(m);
        HttpResponse<String> a = c.post("/internal/node/id?address=127.0.0.1:8080", "text/plain", new byte[0]);
        HttpResponse<String> b = c.post("/internal/node/id?address=127.0.0.1:8081", "text/plain", new byte[0]);
        assertThat(MasterClient.json(a).get("nodeId").asLong()).isEqualTo(1);
        assertThat(MasterClient.json(b).get("nodeId").asLong()).isEqualTo(2);
    }

    @Test
    void replicatedAssignGrowsOnTwoRacks() throws Exception {
        MasterServer m = master();
        FakeVolumeServer a = volume(m, 7, "dc1", "r1");
        FakeVolumeServer b = volume(m, 7, "dc1", "r2");
        MasterClient c = client(m);
        HttpResponse<String> r = c.get("/dir/assign?replication=010");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(a.volumes).hasSize(6);
        assertThat(b.volumes).hasSize(6);
        HttpResponse<String> impossible = c.get("/dir/assign?replication=020");
        assertThat(impossible.statusCode()).isEqualTo(406);
        assertThat(impossible.body()).contains("needs 3 racks in dc dc1, found 2");
    }
}
