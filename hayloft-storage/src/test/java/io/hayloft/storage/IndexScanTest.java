package io.hayloft.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexScanTest {
    @TempDir
    Path dir;

    private record Seen(long key, long offsetUnits, int size) {
    }

    private Volume create(int id) {
        return Volume.create(dir, "", VolumeId.of(id), ReplicaPlacement.NONE, Ttl.NONE, VolumeOptions.defaults());
    }

    @Test
    void visitsEveryEntryInFileOrderTombstonesIncluded() {
        try (Volume v = create(1)) {
            v.write(Needle.of(1, 0x11, new byte[]{1}));
            v.write(Needle.of(2, 0x22, new byte[]{2, 2}));
            v.delete(1, 0x11);
            v.write(Needle.of(3, 0x33, new byte[]{3, 3, 3}));
            List<Seen> seen = new ArrayList<>();
            long visited = IndexScan.scan(v.idxPath(), (key, offsetUnits, size) -> seen.add(new Seen(key, offsetUnits, size)));
            assertThat(visited).isEqualTo(4);
            assertThat(seen).extracting(Seen::key).containsExactly(1L, 2L, 1L, 3L);
            assertThat(seen.get(2).size()).isEqualTo(-1);
            assertThat(IndexScan.isTombstone(seen.get(2).size())).isTrue();
            assertThat(seen).filteredOn(s -> !IndexScan.isTombstone(s.size())).extracting(Seen::size)
                    .allMatch(size -> size > 0);
            // offsets increase with the append order and point past the superblock
            assertThat(seen).extracting(Seen::offsetUnits).isSorted().allMatch(o -> o >= SuperBlock.SIZE / 8);
        }
    }

    @Test
    void stopsWhenTheVisitorSaysSo() {
        try (Volume v = create(2)) {
            for (int k = 1; k <= 5; k++) {
                v.write(Needle.of(k, 7, new byte[]{(byte) k}));
            }
            assertThat(IndexScan.scan(v.idxPath(), (key, offsetUnits, size) -> key < 3)).isEqualTo(3);
        }
    }

    @Test
    void ignoresATornTrailingEntry() throws IOException {
        Path idx;
        try (Volume v = create(3)) {
            v.write(Needle.of(1, 7, new byte[]{1}));
            v.write(Needle.of(2, 7, new byte[]{2}));
            idx = v.idxPath();
        }
        Files.write(idx, new byte[]{9, 9, 9, 9, 9}, StandardOpenOption.APPEND);
        List<Long> keys = new ArrayList<>();
        assertThat(IndexScan.scan(idx, (key, offsetUnits, size) -> keys.add(key))).isEqualTo(2);
        assertThat(keys).containsExactly(1L, 2L);
    }

    @Test
    void visitsEntriesAcrossManyChunks() {
        try (Volume v = create(4)) {
            int n = 10_000;
            for (int k = 1; k <= n; k++) {
                v.write(Needle.of(k, 7, new byte[]{(byte) k}));
            }
            long[] sum = {0};
            assertThat(IndexScan.scan(v.idxPath(), (key, offsetUnits, size) -> {
                sum[0] += key;
                return true;
            })).isEqualTo(n);
            assertThat(sum[0]).isEqualTo((long) n * (n + 1) / 2);
        }
    }

    @Test
    void missingFileIsAnUncheckedIoException() {
        assertThatThrownBy(() -> IndexScan.scan(dir.resolve("absent.idx"), (key, offsetUnits, size) -> true))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("absent.idx");
    }
}
