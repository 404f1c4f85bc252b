package io.hayloft.it;

import io.hayloft.api.FileId;
import io.hayloft.api.VolumeId;
import io.hayloft.volume.VolumeServer;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/** What the erasure-coding tests look at: which running servers hold shards of a volume, what lookup says. */
final class EcProbe {
    private EcProbe() {
    }

    /** Shards of {@code vid} held by each running server that holds some. */
    static Map<String, Integer> shardsHeld(LocalCluster cluster, VolumeId vid) {
        return holders(cluster, vid).stream().collect(Collectors.toMap(VolumeServer::url,
                vs -> Long.bitCount(vs.ecVolumes().find(vid).orElseThrow().shardBits())));
    }

    /** The running servers holding shards of {@code vid}. */
    static List<VolumeServer> holders(LocalCluster cluster, VolumeId vid) {
        return cluster.volumeServers().stream().filter(EcProbe::running)
                .filter(vs -> vs.ecVolumes().find(vid).map(m -> m.shardBits() != 0).orElse(false)).toList();
    }

    static boolean running(VolumeServer vs) {
        try {
            return TestHttp.get(vs.url(), "/status").statusCode() == 200;
        } catch (RuntimeException stopped) {
            return false;
        }
    }

    /** Shards {@code /dir/lookup} names a holder for. */
    static int lookupShards(String master, VolumeId vid) {
        HttpResponse<byte[]> r = TestHttp.get(master, "/dir/lookup?volumeId=" + vid);
        if (r.statusCode() != 200) {
            return 0;
        }
        JsonNode shards = TestHttp.json(r).path("ecShards");
        int n = 0;
        for (JsonNode s : shards) {
            n += s.path("locations").isEmpty() ? 0 : 1;
        }
        return n;
    }

    /** The shard ids of {@code bits} (bit {@code i}: shard {@code i}), ascending. */
    static List<Integer> bits(long bits) {
        List<Integer> out = new java.util.ArrayList<>();
        for (int i = 0; i < 64; i++) {
            if ((bits >> i & 1) != 0) {
                out.add(i);
            }
        }
        return out;
    }

    /** Whether the file at {@code path} holds {@code data} somewhere, byte for byte. */
    static boolean contains(java.nio.file.Path path, byte[] data) throws java.io.IOException {
        byte[] file = java.nio.file.Files.readAllBytes(path);
        for (int i = 0; i + data.length <= file.length; i++) {
            if (file[i] == data[0] && java.util.Arrays.equals(file, i, i + data.length, data, 0, data.length)) {
                return true;
            }
        }
        return false;
    }

    /** The blobs of {@code blobs} in volume {@code vid}. */
    static Map<FileId, byte[]> ofVolume(Map<FileId, byte[]> blobs, VolumeId vid) {
        Map<FileId, byte[]> out = new LinkedHashMap<>();
        blobs.forEach((fid, data) -> {
            if (fid.volumeId().equals(vid)) {
                out.put(fid, data);
            }
        });
        return out;
    }

    /** The volume holding most of {@code blobs}. */
    static VolumeId fullest(Map<FileId, byte[]> blobs) {
        return blobs.keySet().stream().collect(Collectors.groupingBy(FileId::volumeId, Collectors.counting()))
                .entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }
}
