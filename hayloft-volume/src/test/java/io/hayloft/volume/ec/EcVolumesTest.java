package io.hayloft.volume.ec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.EcShardReport;
import io.hayloft.storage.Needle;
import io.hayloft.storage.ec.EcFiles;
import io.hayloft.volume.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A volume server's erasure-coded volumes without the network: a real sealed volume encoded beside
 * itself, read back through its shards (whole and with 4 of them deleted), deleted from through the
 * journal, mounted again at start, and an interrupted encoding cleaned up.
 */
class EcVolumesTest {
    private static final VolumeId ID = VolumeId.of(5);
    private static final int COOKIE = 0x5eed;

    @TempDir
    Path root;

    /** No other server holds anything: every shard read is local. */
    private static RemoteShards noPeers() {
        ShardLocator nobody = new ShardLocator(id -> {
            throw HayloftException.notFound("unknown");
        }, () -> "127.0.0.1:1", Clock.systemUTC(), Duration.ofMinutes(1));
        return new RemoteShards(null, nobody, Duration.ofSeconds(1));
    }

    private Store store() {
        return Store.load(List.of(root), List.of(8), Store.DEFAULT_SIZE_LIMIT, false, Clock.systemUTC());
    }

    private Map<Long, byte[]> fill(Store store) {
        store.allocate(ID, "pics", ReplicaPlacement.NONE, Ttl.NONE);
        SplittableRandom random = new SplittableRandom(13);
        Map<Long, byte[]> written = new LinkedHashMap<>();
        for (long key = 1; key <= 300; key++) {
            byte[] data = new byte[random.nextInt(1, 40_000)];
            random.nextBytes(data);
            store.volume(ID).write(Needle.of(key, COOKIE, data));
            written.put(key, data);
        }
        return written;
    }

    private static void assertReadsBack(EcMount m, Map<Long, byte[]> written) {
        for (Map.Entry<Long, byte[]> e : written.entrySet()) {
            assertThat(m.read(e.getKey(), COOKIE).data()).as("needle %d", e.getKey()).isEqualTo(e.getValue());
        }
    }

    @Test
    void encodesASealedVolumeAndServesItsNeedlesFromTheShards() {
        try (Store store = store(); EcVolumes ec = EcVolumes.load(store, noPeers())) {
            Map<Long, byte[]> written = fill(store);
            store.markReadOnly(ID, true);
            EcMount m = ec.encode(ID);
            assertThat(m.shardBits()).isEqualTo((1L << 14) - 1);
            assertThat(ec.reports()).containsExactly(new EcShardReport(5, "pics", (1L << 14) - 1));
            assertReadsBack(m, written);
            assertThatThrownBy(() -> m.read(1, COOKIE + 1)).isInstanceOf(HayloftException.class)
                    .extracting(e -> ((HayloftException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);

            // four shards gone: every needle is rebuilt from the other ten
            assertThat(ec.deleteShards(ID, Set.of(0, 3, 7, 12))).hasSize(10);
            assertReadsBack(m, written);
        }
    }

    @Test
    void refusesAWritableVolumeAndASecondEncoding() {
        try (Store store = store(); EcVolumes ec = EcVolumes.load(store, noPeers())) {
            fill(store);
            assertThatThrownBy(() -> ec.encode(ID)).isInstanceOf(HayloftException.class)
                    .extracting(e -> ((HayloftException) e).code()).isEqualTo(ErrorCode.CONFLICT);
            assertThat(ec.find(ID)).isEmpty();
            store.markReadOnly(ID, true);
            ec.encode(ID);
            assertThatThrownBy(() -> ec.encode(ID)).isInstanceOf(HayloftException.class)
                    .extracting(e -> ((HayloftException) e).code()).isEqualTo(ErrorCode.CONFLICT);
        }
    }

    @Test
    void deletesAreJournaledAndSurviveARestart() {
        Map<Long, byte[]> written;
        try (Store store = store(); EcVolumes ec = EcVolumes.load(store, noPeers())) {
            written = fill(store);
            store.markReadOnly(ID, true);
            ec.encode(ID);
            assertThat(ec.mount(ID).deleteHere(9)).isTrue();
            assertThat(ec.mount(ID).deleteHere(9)).isFalse();
            store.delete(ID); // the replicated volume goes; its shards stay
        }
        written.remove(9L);
        try (Store store = store(); EcVolumes ec = EcVolumes.load(store, noPeers())) {
            assertThat(store.find(ID)).isEmpty();
            EcMount m = ec.mount(ID);
            assertThat(m.collection()).isEqualTo("pics");
            assertThat(m.liveCount()).isEqualTo(written.size());
            assertReadsBack(m, written);
            assertThatThrownBy(() -> m.read(9, COOKIE)).isInstanceOf(HayloftException.class);
        }
    }

    @Test
    void droppingEveryShardUnmountsTheVolumeAndRemovesItsFiles() {
        try (Store store = store(); EcVolumes ec = EcVolumes.load(store, noPeers())) {
            fill(store);
            store.markReadOnly(ID, true);
            EcFiles files = ec.encode(ID).files();
            ec.deleteShards(ID, Set.of(0, 1, 2, 3, 4, 5, 6));
            assertThat(ec.find(ID)).isPresent();
            assertThat(ec.deleteShards(ID, Set.of(7, 8, 9, 10, 11, 12, 13))).isEmpty();
            assertThat(ec.find(ID)).isEmpty();
            assertThat(ec.reports()).isEmpty();
            assertThat(files.metadata()).doesNotExist();
            assertThat(files.index()).doesNotExist();
        }
    }

    @Test
    void shardsOfAnEncodingThatNeverCompletedAreRemovedAtStart() throws Exception {
        EcFiles files;
        try (Store store = store(); EcVolumes ec = EcVolumes.load(store, noPeers())) {
            fill(store);
            store.markReadOnly(ID, true);
            files = ec.encode(ID).files();
        }
        Files.delete(files.metadata()); // as if the encoder died before writing its last file
        try (Store store = store(); EcVolumes ec = EcVolumes.load(store, noPeers())) {
            assertThat(ec.find(ID)).isEmpty();
            assertThat(files.shard(0)).doesNotExist();
            assertThat(files.shard(13)).doesNotExist();
            assertThat(files.index()).doesNotExist();
            assertThat(store.find(ID)).isPresent(); // the replicated volume is untouched
        }
    }
}
