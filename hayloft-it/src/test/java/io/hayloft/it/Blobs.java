package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.FileId;
import io.hayloft.volume.VolumeServer;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import tools.jackson.databind.JsonNode;

/** Random blobs written through a {@link LocalCluster}'s master, and the checks that they read back. */
final class Blobs {
    private static final int BLOB = 4096;

    private Blobs() {
    }

    /** Uploads {@code n} random blobs of 4 to 8 KiB through {@code /dir/assign?replication=001}. */
    static Map<FileId, byte[]> upload(LocalCluster cluster, int n, Random random) {
        Map<FileId, byte[]> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            HttpResponse<byte[]> assigned = TestHttp.get(cluster.masterUrl(), "/dir/assign?replication=001");
            assertThat(assigned.statusCode()).as(TestHttp.text(assigned)).isEqualTo(200);
            JsonNode a = TestHttp.json(assigned);
            byte[] data = new byte[BLOB + random.nextInt(BLOB)];
            random.nextBytes(data);
            String fid = a.get("fid").asString();
            HttpResponse<byte[]> up = TestHttp.postFile(a.get("url").asString(), "/" + fid, "b" + i + ".bin", data);
            assertThat(up.statusCode()).as(TestHttp.text(up)).isEqualTo(201);
            out.put(FileId.parse(fid), data);
        }
        return out;
    }

    /** Every blob of {@code live} reads back from {@code vs} byte for byte. */
    static void assertEveryBlobReads(VolumeServer vs, Map<FileId, byte[]> live) {
        for (Map.Entry<FileId, byte[]> e : live.entrySet()) {
            HttpResponse<byte[]> r = TestHttp.get(vs.url(), "/" + e.getKey());
            assertThat(r.statusCode()).as(vs.url() + "/" + e.getKey()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(e.getValue());
        }
    }

    /** Every blob of {@code blobs} whose volume {@code vs} holds reads back from it byte for byte. */
    static void assertHeldBlobsRead(VolumeServer vs, Map<FileId, byte[]> blobs) {
        Map<FileId, byte[]> here = new LinkedHashMap<>();
        blobs.forEach((fid, data) -> {
            if (vs.store().find(fid.volumeId()).isPresent()) {
                here.put(fid, data);
            }
        });
        assertEveryBlobReads(vs, here);
    }
}
