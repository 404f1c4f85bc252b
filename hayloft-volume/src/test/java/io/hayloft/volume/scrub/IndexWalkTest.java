package io.hayloft.volume.scrub;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;
import io.hayloft.storage.Needle;
import io.hayloft.storage.Volume;
import io.hayloft.storage.VolumeOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexWalkTest {
    @TempDir
    Path dir;

    @Test
    void visitsLiveEntriesInFileOrderSkipsTombstonesAndReadsCookies() {
        try (Volume v = Volume.create(dir, "", VolumeId.of(3), ReplicaPlacement.NONE, Ttl.NONE,
                VolumeOptions.defaults())) {
            v.write(Needle.of(1, 0x11, new byte[]{1}));
            v.write(Needle.of(2, 0x22, new byte[]{2, 2}));
            v.delete(1, 0x11);
            v.write(Needle.of(3, 0x33, new byte[]{3, 3, 3}));
            List<Long> keys = new ArrayList<>();
            List<Integer> cookies = new ArrayList<>();
            long visited = IndexWalk.walk(v.idxPath(), (key, offset, size) -> {
                keys.add(key);
                IndexWalk.RecordHead head = IndexWalk.recordHead(v.datPath(), offset, size);
                cookies.add(head.cookie());
                assertThat(head.dataSize()).isEqualTo((int) key);
                assertThat(head.crc()).isEqualTo(Needle.crc32c(filled((int) key)));
                return true;
            });
            assertThat(visited).isEqualTo(3);
            assertThat(keys).containsExactly(1L, 2L, 3L);
            assertThat(cookies).containsExactly(0x11, 0x22, 0x33);
        }
    }

    private static byte[] filled(int n) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) n);
        return b;
    }

    @Test
    void stopsWhenTheVisitorSaysSo() {
        try (Volume v = Volume.create(dir, "", VolumeId.of(4), ReplicaPlacement.NONE, Ttl.NONE,
                VolumeOptions.defaults())) {
            for (int k = 1; k <= 5; k++) {
                v.write(Needle.of(k, 7, new byte[]{(byte) k}));
            }
            assertThat(IndexWalk.walk(v.idxPath(), (key, offset, size) -> key < 2)).isEqualTo(2);
        }
    }
}
