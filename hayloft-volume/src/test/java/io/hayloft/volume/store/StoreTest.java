package io.hayloft.volume.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;
import io.hayloft.storage.Needle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {
    @TempDir
    Path root;

    private Store load(List<Path> dirs, List<Integer> max) {
        return Store.load(dirs, max, Store.DEFAULT_SIZE_LIMIT, false, Clock.systemUTC());
    }

    @Test
    void allocatesInTheDirectoryWithTheMostFreeSlots() throws Exception {
        Path d1 = Files.createDirectories(root.resolve("d1"));
        Path d2 = Files.createDirectories(root.resolve("d2"));
        try (Store store = load(List.of(d1, d2), List.of(1, 3))) {
            assertThat(store.allocate(VolumeId.of(1), "", ReplicaPlacement.NONE, Ttl.NONE).datPath().getParent())
                    .isEqualTo(d2);
            assertThat(store.allocate(VolumeId.of(2), "", ReplicaPlacement.NONE, Ttl.NONE).datPath().getParent())
                    .isEqualTo(d2);
            store.allocate(VolumeId.of(3), "pics", ReplicaPlacement.NONE, Ttl.NONE);
            store.allocate(VolumeId.of(4), "pics", ReplicaPlacement.NONE, Ttl.NONE);
            assertThat(store.locations()).allMatch(l -> l.freeSlots() == 0);
            assertThat(store.maxVolumeCount()).isEqualTo(4);
        }
    }

    @Test
    void slotsOfADirectoryWithMaxZeroComeFromItsFreeSpaceAndTheSizeLimit() throws Exception {
        long gib = 1L << 30;
        assertThat(DiskLocation.autoSlots(10 * gib, 30_000L << 20, 0)).isEqualTo(DiskLocation.MIN_AUTO_SLOTS);
        assertThat(DiskLocation.autoSlots(1000 * gib, gib, 5)).isEqualTo(1005);
        assertThat(DiskLocation.autoSlots(Long.MAX_VALUE, 1 << 20, 0)).isEqualTo(DiskLocation.MAX_SLOTS);
        long usable = Files.getFileStore(root).getUsableSpace();
        try (Store store = Store.load(List.of(root), List.of(0), 1 << 20, false, Clock.systemUTC())) {
            assertThat(store.maxVolumeCount()).isEqualTo(DiskLocation.autoSlots(usable, 1 << 20, 0))
                    .isGreaterThanOrEqualTo(DiskLocation.MIN_AUTO_SLOTS);
        }
        try (Store store = load(List.of(root), List.of(0))) {
            assertThat(store.maxVolumeCount()).isGreaterThanOrEqualTo(DiskLocation.MIN_AUTO_SLOTS);
        }
    }

    @Test
    void refusesAllocationWhenNoSlotIsFree() {
        try (Store store = load(List.of(root), List.of(1))) {
            store.allocate(VolumeId.of(1), "", ReplicaPlacement.NONE, Ttl.NONE);
            assertThatThrownBy(() -> store.allocate(VolumeId.of(2), "", ReplicaPlacement.NONE, Ttl.NONE))
                    .isInstanceOf(HayloftException.class)
                    .extracting(e -> ((HayloftException) e).code()).isEqualTo(ErrorCode.NOT_ACCEPTABLE);
        }
    }

    @Test
    void refusesAllocatingAVolumeIdItAlreadyHolds() {
        try (Store store = load(List.of(root), List.of(5))) {
            store.allocate(VolumeId.of(1), "a", ReplicaPlacement.NONE, Ttl.NONE);
            assertThatThrownBy(() -> store.allocate(VolumeId.of(1), "b", ReplicaPlacement.NONE, Ttl.NONE))
                    .extracting(e -> ((HayloftException) e).code()).isEqualTo(ErrorCode.CONFLICT);
        }
    }

    @Test
    void loadsEveryVolumeOfEveryDirectoryAndSkipsOnesThatFailToOpen() throws Exception {
        Path d1 = Files.createDirectories(root.resolve("d1"));
        Path d2 = Files.createDirectories(root.resolve("d2"));
        try (Store store = load(List.of(d1, d2), List.of(3, 3))) {
            store.allocate(VolumeId.of(1), "", ReplicaPlacement.parse("001"), Ttl.NONE)
                    .write(Needle.of(7, 7, new byte[]{1, 2}));
            store.allocate(VolumeId.of(2), "pics", ReplicaPlacement.NONE, Ttl.parse("3d"));
            store.allocate(VolumeId.of(3), "", ReplicaPlacement.NONE, Ttl.NONE);
        }
        Files.write(d1.resolve("9.dat"), new byte[]{1});
        Files.writeString(d1.resolve("notes.txt"), "not a volume");
        try (Store store = load(List.of(d1, d2), List.of(3, 3))) {
            assertThat(store.volumes()).extracting(v -> v.id().value()).containsExactly(1, 2, 3);
            assertThat(store.volume(VolumeId.of(1)).replicaPlacement()).isEqualTo(ReplicaPlacement.parse("001"));
            assertThat(store.volume(VolumeId.of(2)).collection()).isEqualTo("pics");
            assertThat(store.volume(VolumeId.of(1)).read(7, 7).data()).containsExactly(1, 2);
            assertThat(store.maxFileKey()).isEqualTo(7);
        }
    }

    @Test
    void deletesAVolumeAndItsFiles() {
        try (Store store = load(List.of(root), List.of(2))) {
            var v = store.allocate(VolumeId.of(1), "", ReplicaPlacement.NONE, Ttl.NONE);
            Path dat = v.datPath();
            store.delete(VolumeId.of(1));
            assertThat(dat).doesNotExist();
            assertThat(store.find(VolumeId.of(1))).isEmpty();
            assertThat(store.locations().getFirst().freeSlots()).isEqualTo(2);
            assertThatThrownBy(() -> store.delete(VolumeId.of(1)))
                    .extracting(e -> ((HayloftException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
        }
    }

    @Test
    void sizeLimitMakesFullVolumesRefuseWrites() {
        try (Store store = load(List.of(root), List.of(2))) {
            var v = store.allocate(VolumeId.of(1), "", ReplicaPlacement.NONE, Ttl.NONE);
            store.applySizeLimit(1024);
            v.write(Needle.of(1, 1, new byte[600]));
            assertThatThrownBy(() -> v.write(Needle.of(2, 1, new byte[600])))
                    .extracting(e -> ((HayloftException) e).code()).isEqualTo(ErrorCode.VOLUME_NOT_WRITABLE);
            var later = store.allocate(VolumeId.of(2), "", ReplicaPlacement.NONE, Ttl.NONE);
            assertThat(later.sizeLimit()).isEqualTo(1024);
            store.applySizeLimit(1);
            assertThat(store.reports()).allMatch(r -> r.readOnly() == (r.id() == 1));
            assertThat(v.isFull()).isTrue();
        }
    }

    @Test
    void reportsDescribeEveryVolume() {
        try (Store store = load(List.of(root), List.of(2))) {
            store.allocate(VolumeId.of(2), "c", ReplicaPlacement.parse("010"), Ttl.parse("4h"));
            var r = store.reports().getFirst();
            assertThat(r.id()).isEqualTo(2);
            assertThat(r.collection()).isEqualTo("c");
            assertThat(r.replication()).isEqualTo("010");
            assertThat(r.ttl()).isEqualTo("4h");
            assertThat(r.readOnly()).isFalse();
        }
    }

    @Test
    void unknownVolumeIsNotFound() {
        try (Store store = load(List.of(root), List.of(2))) {
            assertThatThrownBy(() -> store.volume(VolumeId.of(77)))
                    .extracting(e -> ((HayloftException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
        }
    }
}
