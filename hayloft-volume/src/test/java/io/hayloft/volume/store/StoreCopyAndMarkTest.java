package io.hayloft.volume.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;
import io.hayloft.storage.Needle;
import io.hayloft.storage.Volume;
import io.hayloft.storage.VolumeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's side of volume copies (placing, mounting, leftovers) and persistent read-only marks. */
class StoreCopyAndMarkTest {
    @TempDir
    Path root;

    private Store load(List<Path> dirs, List<Integer> max) {
        return Store.load(dirs, max, Store.DEFAULT_SIZE_LIMIT, false, Clock.systemUTC());
    }

    /** Writes a volume's files into {@code dir} as a finished copy would leave them. */
    private static void putVolumeFiles(Path dir, String collection, VolumeId id) {
        try (Volume v = Volume.create(dir, collection, id, ReplicaPlacement.NONE, Ttl.NONE, VolumeOptions.defaults())) {
            v.write(Needle.of(5, 55, new byte[]{1, 2, 3}));
        }
    }

    @Test
    void newVolumeGoesToTheDirectoryWithTheMostFreeSlots() throws Exception {
        Path d1 = Files.createDirectories(root.resolve("d1"));
        Path d2 = Files.createDirectories(root.resolve("d2"));
        try (Store store = load(List.of(d1, d2), List.of(1, 3))) {
            assertThat(store.dirForNewVolume(VolumeId.of(1))).isEqualTo(d2);
            store.allocate(VolumeId.of(1), "", ReplicaPlacement.NONE, Ttl.NONE);
            store.allocate(VolumeId.of(2), "", ReplicaPlacement.NONE, Ttl.NONE);
            store.allocate(VolumeId.of(3), "", ReplicaPlacement.NONE, Ttl.NONE);
            assertThat(store.volume(VolumeId.of(3)).datPath().getParent()).isEqualTo(d1);
            assertThat(store.dirForNewVolume(VolumeId.of(4))).isEqualTo(d2);
            assertThatThrownBy(() -> store.dirForNewVolume(VolumeId.of(1)))
                    .extracting(e -> ((HayloftException) e).code()).isEqualTo(ErrorCode.CONFLICT);
            store.allocate(VolumeId.of(4), "", ReplicaPlacement.NONE, Ttl.NONE);
            assertThatThrownBy(() -> store.dirForNewVolume(VolumeId.of(5)))
                    .extracting(e -> ((HayloftException) e).code()).isEqualTo(ErrorCode.NOT_ACCEPTABLE);
        }
    }

    @Test
    void mountsAVolumeWhoseFilesWerePutInItsDirectory() {
        try (Store store = load(List.of(root), List.of(3))) {
            Path dir = store.dirForNewVolume(VolumeId.of(9));
            putVolumeFiles(dir, "pics", VolumeId.of(9));
            Volume v = store.mount(dir, "pics", VolumeId.of(9));
            assertThat(store.volume(VolumeId.of(9))).isSameAs(v);
            assertThat(v.read(5, 55).data()).containsExactly(1, 2, 3);
            assertThat(v.sizeLimit()).isEqualTo(store.sizeLimit());
            assertThat(store.reports()).extracting(r -> r.id()).containsExactly(9);
        }
    }

    @Test
    void mountRefusesAnIdHeldHereAFullDirectoryAndAForeignDirectory() throws Exception {
        Path d1 = Files.createDirectories(root.resolve("d1"));
        Path d2 = Files.createDirectories(root.resolve("d2"));
        try (Store store = load(List.of(d1, d2), List.of(1, 1))) {
            store.allocate(VolumeId.of(1), "", ReplicaPlacement.NONE, Ttl.NONE);
            Path held = store.volume(VolumeId.of(1)).datPath().getParent();
            Path other = held.equals(d1) ? d2 : d1;
            putVolumeFiles(other, "c", VolumeId.of(1));
            assertThatThrownBy(() -> store.mount(other, "c", VolumeId.of(1)))
                    .extracting(e -> ((HayloftException) e).code()).isEqualTo(ErrorCode.CONFLICT);
            putVolumeFiles(held, "", VolumeId.of(2));
            assertThatThrownBy(() -> store.mount(held, "", VolumeId.of(2)))
                    .extracting(e -> ((HayloftException) e).code()).isEqualTo(ErrorCode.NOT_ACCEPTABLE);
            Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));
            putVolumeFiles(elsewhere, "", VolumeId.of(3));
            assertThatThrownBy(() -> store.mount(elsewhere, "", VolumeId.of(3)))
                    .extracting(e -> ((HayloftException) e).code()).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(store.volumes()).extracting(v -> v.id().value()).containsExactly(1);
        }
    }

    @Test
    void mountOfMissingFilesIsNotFound() {
        try (Store store = load(List.of(root), List.of(3))) {
            assertThatThrownBy(() -> store.mount(root, "", VolumeId.of(4)))
                    .extracting(e -> ((HayloftException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(store.volumes()).isEmpty();
        }
    }

    @Test
    void copyLeftoversAreRemovedAtLoad() throws Exception {
        try (Store store = load(List.of(root), List.of(3))) {
            store.allocate(VolumeId.of(1), "", ReplicaPlacement.NONE, Ttl.NONE);
        }
        Files.write(root.resolve("7.idx.copying"), new byte[16]);
        Files.write(root.resolve("pics_8.dat.copying"), new byte[100]);
        try (Store store = load(List.of(root), List.of(3))) {
            assertThat(root.resolve("7.idx.copying")).doesNotExist();
            assertThat(root.resolve("pics_8.dat.copying")).doesNotExist();
            assertThat(root.resolve("1.dat")).exists();
            assertThat(store.volumes()).extracting(v -> v.id().value()).containsExactly(1);
        }
    }

    @Test
    void readOnlyMarkRefusesWritesAndSurvivesARestart() {
        try (Store store = load(List.of(root), List.of(3))) {
            store.allocate(VolumeId.of(1), "pics", ReplicaPlacement.NONE, Ttl.NONE);
            store.markReadOnly(VolumeId.of(1), true);
            assertThat(root.resolve("pics_1.readonly")).exists();
            assertThat(store.volume(VolumeId.of(1)).isReadOnly()).isTrue();
            assertThat(store.reports().getFirst().readOnly()).isTrue();
            assertThatThrownBy(() -> store.volume(VolumeId.of(1)).write(Needle.of(1, 1, new byte[]{1})))
                    .extracting(e -> ((HayloftException) e).code()).isEqualTo(ErrorCode.VOLUME_NOT_WRITABLE);
        }
        try (Store store = load(List.of(root), List.of(3))) {
            assertThat(store.volume(VolumeId.of(1)).isReadOnly()).isTrue();
            store.markReadOnly(VolumeId.of(1), false);
            assertThat(root.resolve("pics_1.readonly")).doesNotExist();
            store.volume(VolumeId.of(1)).write(Needle.of(1, 1, new byte[]{1}));
        }
        try (Store store = load(List.of(root), List.of(3))) {
            assertThat(store.volume(VolumeId.of(1)).isReadOnly()).isFalse();
        }
    }

    @Test
    void markingTwiceIsHarmlessAndAnUnknownVolumeIsNotFound() {
        try (Store store = load(List.of(root), List.of(3))) {
            store.allocate(VolumeId.of(1), "", ReplicaPlacement.NONE, Ttl.NONE);
            store.markReadOnly(VolumeId.of(1), true);
            store.markReadOnly(VolumeId.of(1), true);
            store.markReadOnly(VolumeId.of(1), false);
            store.markReadOnly(VolumeId.of(1), false);
            assertThat(store.volume(VolumeId.of(1)).isReadOnly()).isFalse();
            assertThatThrownBy(() -> store.markReadOnly(VolumeId.of(2), true))
                    .extracting(e -> ((HayloftException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(root.resolve("2.readonly")).doesNotExist();
        }
    }

    @Test
    void deleteRemovesTheMarkerSoANewVolumeOfTheSameIdIsWritable() {
        try (Store store = load(List.of(root), List.of(3))) {
            store.allocate(VolumeId.of(1), "", ReplicaPlacement.NONE, Ttl.NONE);
            store.markReadOnly(VolumeId.of(1), true);
            store.delete(VolumeId.of(1));
            assertThat(root.resolve("1.readonly")).doesNotExist();
            assertThat(root.resolve("1.dat")).doesNotExist();
            Volume again = store.allocate(VolumeId.of(1), "", ReplicaPlacement.NONE, Ttl.NONE);
            assertThat(again.isReadOnly()).isFalse();
        }
    }

    @Test
    void mountedVolumeHonoursAMarkerLeftNextToIt() throws Exception {
        try (Store store = load(List.of(root), List.of(3))) {
            putVolumeFiles(root, "", VolumeId.of(6));
            Files.createFile(root.resolve("6.readonly"));
            assertThat(store.mount(root, "", VolumeId.of(6)).isReadOnly()).isTrue();
        }
    }
}
