package io.hayloft.volume.ec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;
import io.hayloft.storage.Needle;
import io.hayloft.storage.ec.EcCompactor;
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
 * One server's side of an erasure-coded compaction, without the network (every shard here): a generation
 * written beside the served one and staged, committed with the deletes made meanwhile, the retired one
 * forwarding later deletes; and what a restart finds at each step: the pointer's generation served, the others
 * kept, a generation without its {@code .ecm} and a scratch directory removed.
 */
class EcGenerationsTest {
    private static final VolumeId ID = VolumeId.of(6);
    private static final int COOKIE = 0x77;

    @TempDir
    Path root;

    private static RemoteShards noPeers() {
        ShardLocator nobody = new ShardLocator(id -> {
            throw HayloftException.notFound("unknown");
        }, () -> "127.0.0.1:1", Clock.systemUTC(), Duration.ofMinutes(1));
        return new RemoteShards(null, nobody, Duration.ofSeconds(1));
    }

    private Store store() {
        return Store.load(List.of(root), List.of(8), Store.DEFAULT_SIZE_LIMIT, false, Clock.systemUTC());
    }

    private Map<Long, byte[]> encode(Store store, EcVolumes ec) {
        store.allocate(ID, "", ReplicaPlacement.NONE, Ttl.NONE);
        SplittableRandom random = new SplittableRandom(3);
        Map<Long, byte[]> written = new LinkedHashMap<>();
        for (long key = 1; key <= 200; key++) {
            byte[] data = new byte[random.nextInt(1, 20_000)];
            random.nextBytes(data);
            store.volume(ID).write(Needle.of(key, COOKIE, data));
            written.put(key, data);
        }
        store.markReadOnly(ID, true);
        ec.encode(ID);
        store.delete(ID);
        return written;
    }

    private static void assertServes(EcMount m, Map<Long, byte[]> live, long... deleted) {
        for (Map.Entry<Long, byte[]> e : live.entrySet()) {
            assertThat(m.read(e.getKey(), COOKIE).data()).as("needle %d", e.getKey()).isEqualTo(e.getValue());
        }
        for (long key : deleted) {
            assertThatThrownBy(() -> m.read(key, COOKIE)).as("deleted %d", key)
                    .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        }
    }

    @Test
    void aGenerationIsStagedThenCommittedWithTheDeletesMadeMeanwhileAndSurvivesARestart() {
        Map<Long, byte[]> live;
        try (Store store = store(); EcVolumes ec = EcVolumes.load(store, noPeers())) {
            live = encode(store, ec);
            EcMount gen0 = ec.mount(ID);
            for (long key = 1; key <= 100; key++) {
                assertThat(gen0.deleteHere(key)).isTrue();
                live.remove(key);
            }
            assertThat(gen0.garbageRatio()).isBetween(0.3, 0.7);

            EcMount staged = ec.compact(ID, 1);
            assertThat(ec.mount(ID)).as("staged, not served").isSameAs(gen0);
            assertThat(ec.generations(ID)).containsExactly(0, 1);
            assertThat(staged.needleCount()).isEqualTo(100);
            assertThat(ec.generation(ID, 1)).isSameAs(staged);
            assertThat(ec.compact(ID, 1)).as("staged already: nothing done").isSameAs(staged);
            assertThatThrownBy(() -> ec.compact(ID, 1 - 1)).isInstanceOfSatisfying(HayloftException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));

            assertThat(gen0.deleteHere(101)).as("a delete while staged: journaled in generation 0").isTrue();
            live.remove(101L);
            EcMount served = ec.commit(ID, 1);
            assertThat(served).isSameAs(staged);
            assertThat(ec.mount(ID).generation()).isEqualTo(1);
            assertThat(ec.commit(ID, 1)).as("committed already: nothing done").isSameAs(served);
            assertThat(gen0.successor()).isSameAs(served);
            assertThat(gen0.deleteHere(102)).as("a delete reaching the retired generation goes to the new one")
                    .isTrue();
            live.remove(102L);
            assertThat(gen0.readEvenIfDeleted(150, COOKIE).data()).isEqualTo(live.get(150L));
            assertThatThrownBy(() -> gen0.readEvenIfDeleted(1, COOKIE)).as("a retried delete's check: the new "
                    + "generation decides, and needle 1 is not in it").isInstanceOfSatisfying(HayloftException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
            assertServes(served, live, 1, 101, 102);
            assertThat(ec.reports().getFirst().shardBits()).isEqualTo((1L << 14) - 1);
            assertThat(ec.reports().getFirst().generation()).as("heartbeats name the generation served").isEqualTo(1);
            assertThat(ec.generations(ID)).as("generation 0 kept, retired").containsExactly(0, 1);
        }
        try (Store store = store(); EcVolumes ec = EcVolumes.load(store, noPeers())) {
            assertThat(ec.mount(ID).generation()).as("the pointer's generation served after a restart").isEqualTo(1);
            assertThat(ec.generations(ID)).containsExactly(0, 1);
            assertServes(ec.mount(ID), live, 1, 101, 102);
            ec.deleteShards(ID, allShards(), 0);
            assertThat(ec.generations(ID)).containsExactly(1);
            EcFiles old = ec.mount(ID).files().withGeneration(0);
            assertThat(old.metadata()).doesNotExist();
            assertThat(old.shard(0)).doesNotExist();
            assertThat(old.journal()).doesNotExist();
        }
        try (Store store = store(); EcVolumes ec = EcVolumes.load(store, noPeers())) {
            assertThat(ec.generations(ID)).containsExactly(1);
            assertServes(ec.mount(ID), live, 1, 101, 102);
        }
    }

    @Test
    void aRestartRemovesAGenerationCutShortAndAScratchDirectoryAndServesThePointersGeneration() throws Exception {
        Map<Long, byte[]> live;
        EcFiles files;
        try (Store store = store(); EcVolumes ec = EcVolumes.load(store, noPeers())) {
            live = encode(store, ec);
            ec.compact(ID, 1);
            files = ec.mount(ID).files();
        }
        // a crash while generation 2 was written: shards and index, no .ecm; the scratch volume left
        EcFiles gen2 = files.withGeneration(2);
        Files.copy(files.withGeneration(1).shard(3), gen2.shard(3));
        Files.copy(files.withGeneration(1).index(), gen2.index());
        Path scratch = EcCompactor.scratchDir(gen2);
        Files.createDirectories(scratch);
        Files.writeString(scratch.resolve("6.dat"), "partial");
        try (Store store = store(); EcVolumes ec = EcVolumes.load(store, noPeers())) {
            assertThat(ec.mount(ID).generation()).as("no pointer: generation 0, generation 1 staged").isZero();
            assertThat(ec.generations(ID)).containsExactly(0, 1);
            assertThat(gen2.shard(3)).doesNotExist();
            assertThat(gen2.index()).doesNotExist();
            assertThat(scratch).doesNotExist();
            assertServes(ec.mount(ID), live);
            assertThatThrownBy(() -> ec.commit(ID, 2)).isInstanceOfSatisfying(HayloftException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
            ec.commit(ID, 1);
        }
        try (Store store = store(); EcVolumes ec = EcVolumes.load(store, noPeers())) {
            assertThat(ec.mount(ID).generation()).isEqualTo(1);
            assertServes(ec.mount(ID), live);
        }
    }

    private static Set<Integer> allShards() {
        Set<Integer> all = new java.util.TreeSet<>();
        for (int i = 0; i < 14; i++) {
            all.add(i);
        }
        return all;
    }
}
