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
            assertThat(TestHttp.get(volume.url(), "/status").statusCode()).isEqualTo(200);
            assertThat(TestHttp.json(TestHttp.get(volume.url(), "/status")).get("Volumes")).isEmpty();
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
