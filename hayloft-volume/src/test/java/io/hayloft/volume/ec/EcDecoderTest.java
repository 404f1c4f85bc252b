package io.hayloft.volume.ec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;
import io.hayloft.storage.Needle;
import io.hayloft.storage.Volume;
import io.hayloft.volume.store.Store;
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
 * An erasure-coded volume turned back into a replicated one: every live needle comes back byte for byte
 * with its append time, deleted ones do not, its placement comes from the coded superblock, and four lost
 * shards do not stop it.
 */
class EcDecoderTest {
    private static final VolumeId ID = VolumeId.of(8);
    private static final int COOKIE = 0xabc;

    @TempDir
    Path root;

    private static RemoteShards noPeers() {
        return new RemoteShards(null, new ShardLocator(id -> {
            throw HayloftException.notFound("unknown");
        }, () -> "127.0.0.1:1", Clock.systemUTC(), Duration.ofMinutes(1)), Duration.ofSeconds(1));
    }

    @Test
    void liveNeedlesComeBackWithTheirAppendTimesAndDeletedOnesDoNot() {
        try (Store store = Store.load(List.of(root), List.of(8), Store.DEFAULT_SIZE_LIMIT, false, Clock.systemUTC());
             EcVolumes ec = EcVolumes.load(store, noPeers())) {
            store.allocate(ID, "arch", ReplicaPlacement.parse("001"), Ttl.NONE);
            SplittableRandom random = new SplittableRandom(8);
            Map<Long, byte[]> written = new LinkedHashMap<>();
            for (long key = 1; key <= 200; key++) {
                byte[] data = new byte[random.nextInt(1, 20_000)];
                random.nextBytes(data);
                store.volume(ID).write(Needle.of(key, COOKIE, data));
                written.put(key, data);
            }
            long appendAt = store.volume(ID).read(5, COOKIE).appendAtNs();
            store.markReadOnly(ID, true);
            ec.encode(ID);
            store.delete(ID);
            ec.mount(ID).deleteHere(7);
            written.remove(7L);
            ec.deleteShards(ID, Set.of(0, 5, 10, 13)); // the superblock's shard among them

            Volume back = new EcDecoder(ec, store).decode(ID);
            assertThat(back.isReadOnly()).isTrue();
            assertThat(back.collection()).isEqualTo("arch");
            assertThat(back.replicaPlacement()).isEqualTo(ReplicaPlacement.parse("001"));
            assertThat(back.stats().fileCount()).isEqualTo(written.size());
            written.forEach((key, data) -> assertThat(back.read(key, COOKIE).data()).isEqualTo(data));
            assertThat(back.read(5, COOKIE).appendAtNs()).isEqualTo(appendAt);
            assertThatThrownBy(() -> back.read(7, COOKIE)).isInstanceOf(HayloftException.class);

            assertThatThrownBy(() -> new EcDecoder(ec, store).decode(ID)).isInstanceOf(HayloftException.class)
                    .extracting(e -> ((HayloftException) e).code()).isEqualTo(ErrorCode.CONFLICT);
        }
    }
}
