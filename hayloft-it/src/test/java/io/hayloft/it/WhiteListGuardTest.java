package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.http.WhiteList;
import io.hayloft.master.MasterConfig;
import io.hayloft.master.MasterServer;
import io.hayloft.volume.VolumeServer;
import io.hayloft.volume.VolumeServerConfig;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -whiteList}: writes from unlisted addresses get 403 JSON and change nothing; reads stay open. */
class WhiteListGuardTest {
    @TempDir
    Path root;

    @Test
    void unlistedAddressesCannotWriteButCanRead() throws Exception {
        WhiteList elsewhere = WhiteList.parse(List.of("10.0.0.0/8", "fd00::/8"));
        try (MasterServer master = MasterServer.start(MasterConfig.forTest(root.resolve("m")).withWhiteList(elsewhere));
             VolumeServer volume = VolumeServer.start(VolumeServerConfig.forTest(
                     List.of(Files.createDirectories(root.resolve("v"))), master.url()).withWhiteList(elsewhere))) {
            for (String path : List.of("/dir/assign", "/vol/grow?count=1", "/col/delete?collection=x")) {
                HttpResponse<byte[]> r = TestHttp.get(master.url(), path);
                assertThat(r.statusCode()).as(path).isEqualTo(403);
                assertThat(TestHttp.json(r).get("error").asString()).contains("-whiteList");
            }
            HttpResponse<byte[]> add = TestHttp.postRaw(master.url(), "/cluster/raft/add?address=127.0.0.1:9400",
                    "text/plain", new byte[0]);
            assertThat(add.statusCode()).isEqualTo(403);
            assertThat(TestHttp.get(master.url(), "/dir/status").statusCode()).isEqualTo(200);
            assertThat(TestHttp.get(master.url(), "/cluster/status").statusCode()).isEqualTo(200);
            assertThat(TestHttp.json(TestHttp.get(master.url(), "/cluster/status")).get("Raft").get("Members"))
                    .hasSize(1);

            HttpResponse<byte[]> upload = TestHttp.postFile(volume.url(), "/1,01637037d6", "a.txt", new byte[]{1});
            assertThat(upload.statusCode()).isEqualTo(403);
            assertThat(TestHttp.delete(volume.url(), "/1,01637037d6").statusCode()).isEqualTo(403);
            assertThat(TestHttp.postRaw(volume.url(), "/admin/volume/allocate?volume=1", "text/plain", new byte[0])
                    .statusCode()).isEqualTo(403);
            HttpResponse<byte[]> record = TestHttp.postRaw(volume.url(), "/internal/needle/replicate?fid=1,01637037d6",
                    "application/octet-stream", new byte[40]);
            assertThat(record.statusCode()).isEqualTo(403);
            assertThat(TestHttp.json(record).get("error").asString()).contains("-whiteList");
            assertThat(TestHttp.postRaw(volume.url(), "/internal/needle/batch", "application/octet-stream",
                    new byte[40]).statusCode()).isEqualTo(403);
            assertThat(TestHttp.get(volume.url(), "/status").statusCode()).isEqualTo(200);
            assertThat(TestHttp.json(TestHttp.get(volume.url(), "/status")).get("Volumes")).isEmpty();
        }
    }

    /**
     * The guard runs on the route the router matched, so no other spelling of a guarded path gets
     * past it: percent-escaped letters, doubled slashes, dot segments (issue 9, item 5).
     */
    @Test
    void anotherSpellingOfAGuardedPathIsStillRefused() throws Exception {
        WhiteList elsewhere = WhiteList.parse(List.of("10.0.0.0/8"));
        try (MasterServer master = MasterServer.start(MasterConfig.forTest(root.resolve("m")).withWhiteList(elsewhere));
             VolumeServer volume = VolumeServer.start(VolumeServerConfig.forTest(
                     List.of(Files.createDirectories(root.resolve("v"))), master.url()).withWhiteList(elsewhere))) {
            for (String request : List.of("GET /%64ir/assign", "GET //dir/assign", "GET /./vol/vacuum",
                    "GET /x/../dir/assign", "GET /dir/./assign", "GET /%2e/dir/assign", "GET /dir//assign",
                    "GET /%63ol/delete?collection=x", "GET /col/%64elete?collection=x", "GET /vol/grow/?count=1",
                    "POST /cluster/raft/%61dd?address=127.0.0.1:9400", "POST //cluster/raft/add?address=127.0.0.1:9400",
                    "POST /%69nternal/node/id?address=127.0.0.1:9401", "POST /vol/%6dark?volume=1&readonly=true",
                    "GET /col/lis%74", "POST /./submit")) {
                assertRefused(master.url(), request);
            }
            assertThat(TestHttp.json(TestHttp.get(master.url(), "/cluster/status")).get("Raft").get("Members")).hasSize(1);
            for (String request : List.of("GET /%61dmin/volume/copy?volume=7", "GET //admin/volume/copy?volume=7",
                    "GET /./admin/volume/copy?volume=7", "GET /x/../admin/volume/copy?volume=7",
                    "GET /%61dmin/volume/needle?volume=1&key=1", "GET /admin/volume/sync/%64igest?volume=1",
                    "POST /%61dmin/volume/allocate?volume=1", "POST /admin//volume/allocate?volume=1",
                    "POST /admin/volume/./allocate?volume=1", "POST /%61dmin/volume/delete?volume=1",
                    "GET /admin/volume/garbag%65?volume=1", "GET /admin/nothing-here",
                    "POST /%31,01637037d6", "DELETE /%31,01637037d6", "POST //1,01637037d6",
                    "POST /%69nternal/needle/replicate?fid=1,01637037d6", "POST //internal/needle/replicate?fid=1,01637037d6",
                    "POST /internal/./needle/replicate?fid=1,01637037d6", "POST /internal/needle/%72eplicate?fid=1,01637037d6",
                    "GET /internal/needle/replicate?fid=1,01637037d6", "POST /internal/nothing-here",
                    "POST /%69nternal/needle/batch", "POST /internal//needle/batch")) {
                assertRefused(volume.url(), request);
            }
            assertThat(TestHttp.json(TestHttp.get(volume.url(), "/status")).get("Volumes")).isEmpty();
        }
    }

    private static void assertRefused(String hostPort, String request) {
        RawHttp.Answer a = RawHttp.send(hostPort, request + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
                + "Connection: close\r\n\r\n", java.time.Duration.ofSeconds(10));
        assertThat(a.status()).as(request + " -> " + a).isIn(400, 403);
        assertThat(a.json().get("error").asString()).as(request).isNotBlank();
        if (a.status() == 403) {
            assertThat(a.json().get("code").asString()).as(request).isEqualTo("FORBIDDEN");
        }
    }

    @Test
    void listedAddressesWriteAsUsual() {
        WhiteList loopback = WhiteList.parse(List.of("127.0.0.1", "::1"));
        try (MasterServer master = MasterServer.start(MasterConfig.forTest(root.resolve("m")).withWhiteList(loopback))) {
            HttpResponse<byte[]> r = TestHttp.get(master.url(), "/vol/grow?count=1");
            assertThat(r.statusCode()).as(new String(r.body())).isNotEqualTo(403);
        }
    }
}
