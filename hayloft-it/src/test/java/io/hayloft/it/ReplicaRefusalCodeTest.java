package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Issue 9, item 13: a replicated write that a replica refuses answers with the replica's code, so a
 * client can tell a volume to leave ({@code VOLUME_NOT_WRITABLE}: ask for a new fid) from a key handed
 * out twice ({@code CONFLICT}: surface it); both were a bare 500 before.
 */
class ReplicaRefusalCodeTest {
    @TempDir
    Path root;

    @Test
    void aReadOnlyReplicaMakesTheWriteVolumeNotWritable() {
        try (LocalCluster cluster = LocalCluster.start(root, c -> c)) {
            cluster.addVolumeServer(7, "dc1", "r1");
            cluster.addVolumeServer(7, "dc1", "r1");
            JsonNode a = TestHttp.json(TestHttp.get(cluster.masterUrl(), "/dir/assign?replication=001&count=2"));
            String fid = a.get("fid").asString();
            String primary = a.get("url").asString();
            String peer = peerOf(cluster, primary);
            assertThat(upload(primary, fid).statusCode()).isEqualTo(201);
            String volume = fid.substring(0, fid.indexOf(','));
            assertThat(TestHttp.postRaw(peer, "/admin/volume/mark?volume=" + volume + "&readonly=true",
                    "text/plain", new byte[0]).statusCode()).isEqualTo(200);

            HttpResponse<byte[]> refused = upload(primary, fid + "_1");
            assertThat(refused.statusCode()).as(TestHttp.text(refused)).isEqualTo(409);
            assertThat(TestHttp.json(refused).get("code").asString()).isEqualTo("VOLUME_NOT_WRITABLE");
        }
    }

    @Test
    void aReplicaHoldingTheKeyWithAnotherCookieMakesTheWriteAConflict() {
        try (LocalCluster cluster = LocalCluster.start(root, c -> c)) {
            cluster.addVolumeServer(7, "dc1", "r1");
            cluster.addVolumeServer(7, "dc1", "r1");
            JsonNode a = TestHttp.json(TestHttp.get(cluster.masterUrl(), "/dir/assign?replication=001&count=2"));
            String fid = a.get("fid").asString();
            String primary = a.get("url").asString();
            String peer = peerOf(cluster, primary);
            assertThat(upload(primary, fid).statusCode()).isEqualTo(201);
            String second = fid + "_1";
            String otherCookie = fid.substring(0, fid.length() - 1) + (fid.endsWith("0") ? "1" : "0") + "_1";
            HttpResponse<byte[]> planted = TestHttp.postRaw(peer, "/" + otherCookie + "?type=replicate",
                    "application/octet-stream", "planted".getBytes(StandardCharsets.UTF_8));
            assertThat(planted.statusCode()).as(TestHttp.text(planted)).isEqualTo(201);

            HttpResponse<byte[]> refused = upload(primary, second);
            assertThat(refused.statusCode()).as(TestHttp.text(refused)).isEqualTo(409);
            assertThat(TestHttp.json(refused).get("code").asString()).isEqualTo("CONFLICT");
        }
    }

    private static String peerOf(LocalCluster cluster, String primary) {
        String first = cluster.volumeServers().get(0).url();
        return first.equals(primary) ? cluster.volumeServers().get(1).url() : first;
    }

    private static HttpResponse<byte[]> upload(String url, String fid) {
        return TestHttp.postRaw(url, "/" + fid, "application/octet-stream", fid.getBytes(StandardCharsets.UTF_8));
    }
}
