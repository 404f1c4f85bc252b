package io.hayloft.storage.ec;

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
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EcShardRebuilderTest {
    @TempDir
    Path dir;

    private EcFiles files;
    private EcMetadata metadata;
    private final byte[][] original = new byte[14][];

    @BeforeEach
    void encode() throws IOException {
        Volume volume = Volume.create(dir, "pics", VolumeId.of(3), ReplicaPlacement.NONE, Ttl.NONE,
                VolumeOptions.defaults());
        SplittableRandom random = new SplittableRandom(11);
        for (long key = 1; key <= 300; key++) {
            byte[] data = new byte[random.nextInt(1, 5000)];
            random.nextBytes(data);
            volume.write(Needle.of(key, 7, data));
        }
        volume.setReadOnly(true);
        metadata = new EcEncoder(ReedSolomon.rs10x4(), 32 << 10, 2 << 10).encode(volume);
        volume.close();
        files = EcFiles.of(dir.resolve("pics_3.dat"));
        for (int i = 0; i < 14; i++) {
            original[i] = Files.readAllBytes(files.shard(i));
        }
    }

    @Test
    void fourLostShardsAreWrittenAgainByteForByte() throws IOException {
        for (int s : new int[] {1, 5, 10, 13}) {
            Files.delete(files.shard(s));
        }
        try (LocalShards shards = new LocalShards(files, 14)) {
            new EcShardRebuilder(metadata).rebuild(files, shards, new TreeSet<>(java.util.List.of(1, 5, 10, 13)));
        }
        for (int i = 0; i < 14; i++) {
            assertThat(Files.readAllBytes(files.shard(i))).as("shard %d", i).isEqualTo(original[i]);
        }
    }

    @Test
    void theOtherShardsOfABlockAreReadAtOnceNotOneAfterAnother() throws IOException {
        Files.delete(files.shard(2));
        // each read waits until ten reads have begun: read one after another, none would ever finish
        java.util.concurrent.CountDownLatch tenBegun = new java.util.concurrent.CountDownLatch(10);
        try (LocalShards local = new LocalShards(files, 14)) {
            ShardSource together = new ShardSource() {
                @Override
                public boolean has(int shard) {
                    return local.has(shard);
                }

                @Override
                public void read(int shard, long offset, byte[] into, int at, int length) throws IOException {
                    tenBegun.countDown();
                    try {
                        if (!tenBegun.await(5, java.util.concurrent.TimeUnit.SECONDS)) {
                            throw new IOException("the other reads of the block did not begin meanwhile");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException(e);
                    }
                    local.read(shard, offset, into, at, length);
                }
            };
            new EcShardRebuilder(metadata).rebuild(files, together, new TreeSet<>(java.util.List.of(2)));
        }
        assertThat(Files.readAllBytes(files.shard(2))).isEqualTo(original[2]);
    }

    @Test
    void aRebuildReadsManyBlocksOfEachShardPerCall() throws IOException {
        int small = metadata.layout().smallBlock();
        int blocks = metadata.blocksPerShard();
        assertThat(blocks).as("the test's volume has many blocks a shard").isGreaterThan(20);
        for (int s : new int[] {3, 11}) {
            Files.delete(files.shard(s));
        }
        int perRead = 8;
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        java.util.Set<Integer> lengths = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try (LocalShards local = new LocalShards(files, 14)) {
            ShardSource counted = new ShardSource() {
                @Override
                public boolean has(int shard) {
                    return local.has(shard);
                }

                @Override
                public void read(int shard, long offset, byte[] into, int at, int length) throws IOException {
                    calls.incrementAndGet();
                    lengths.add(length);
                    local.read(shard, offset, into, at, length);
                }
            };
            new EcShardRebuilder(metadata, perRead * small).rebuild(files, counted, new TreeSet<>(java.util.List.of(3, 11)));
        }
        int ranges = (blocks + perRead - 1) / perRead;
        assertThat(calls.get()).as("ten reads a range of %d blocks, not ten a block", perRead).isEqualTo(10 * ranges);
        assertThat(lengths).contains(perRead * small);
        for (int i = 0; i < 14; i++) {
            assertThat(Files.readAllBytes(files.shard(i))).as("shard %d", i).isEqualTo(original[i]);
        }
    }

    @Test
    void aBadBlockInARangeIsTakenFromOneMoreShard() throws IOException {
        int small = metadata.layout().smallBlock();
        Files.delete(files.shard(9));
        for (int s : new int[] {0, 5}) { // two of the first ten read, damaged in different blocks of one range
            try (RandomAccessFile shard = new RandomAccessFile(files.shard(s).toFile(), "rw")) {
                long at = (s == 0 ? 2L : 6L) * small + 3;
                shard.seek(at);
                shard.write(0xFF ^ original[s][(int) at]);
            }
        }
        try (LocalShards shards = new LocalShards(files, 14)) {
            new EcShardRebuilder(metadata, 8 * small).rebuild(files, shards, new TreeSet<>(java.util.List.of(9)));
        }
        assertThat(Files.readAllBytes(files.shard(9))).isEqualTo(original[9]);
    }

    @Test
    void aScrubFindsTheDamagedBlocksAndARebuildRepairsThem() throws IOException {
        int small = metadata.layout().smallBlock();
        try (RandomAccessFile shard = new RandomAccessFile(files.shard(4).toFile(), "rw")) {
            shard.seek(3L * small + 10);
            shard.write(0xFF ^ original[4][3 * small + 10]);
            shard.seek(7L * small);
            shard.write(0xFF ^ original[4][7 * small]);
        }
        // a second shard damaged in another block: its good blocks still help rebuild the first
        try (RandomAccessFile shard = new RandomAccessFile(files.shard(0).toFile(), "rw")) {
            shard.seek(5L * small);
            shard.write(0xFF ^ original[0][5 * small]);
        }
        try (LocalShards shards = new LocalShards(files, 14)) {
            EcShardRebuilder rebuilder = new EcShardRebuilder(metadata);
            assertThat(rebuilder.badBlocks(shards, 4)).containsExactly(3, 7);
            assertThat(rebuilder.badBlocks(shards, 9)).isEmpty();
            rebuilder.rebuild(files, shards, new TreeSet<>(java.util.List.of(4)));
        }
        assertThat(Files.readAllBytes(files.shard(4))).isEqualTo(original[4]);
    }

    @Test
    void aDamagedBlockIsRewrittenInPlaceFromTheOtherShards() throws IOException {
        int small = metadata.layout().smallBlock();
        try (RandomAccessFile shard = new RandomAccessFile(files.shard(12).toFile(), "rw")) {
            shard.seek(2L * small + 99);
            shard.write(0xFF ^ original[12][2 * small + 99]);
        }
        try (LocalShards shards = new LocalShards(files, 14)) {
            EcShardRebuilder rebuilder = new EcShardRebuilder(metadata);
            byte[] buffer = new byte[small];
            assertThat(rebuilder.blockSound(shards, 12, 2, buffer)).isFalse();
            assertThat(rebuilder.blockSound(shards, 12, 1, buffer)).isTrue();
            rebuilder.repairBlock(files, shards, 12, 2);
            assertThat(rebuilder.blockSound(shards, 12, 2, buffer)).isTrue();
            assertThat(rebuilder.badBlocks(shards, 12)).isEmpty();
        }
        assertThat(Files.readAllBytes(files.shard(12))).isEqualTo(original[12]);
    }

    @Test
    void aBlockWithTooFewGoodCopiesElsewhereIsLeftAsFound() throws IOException {
        int small = metadata.layout().smallBlock();
        for (int s : new int[] {0, 1, 2, 3}) {
            Files.delete(files.shard(s));
        }
        try (RandomAccessFile shard = new RandomAccessFile(files.shard(6).toFile(), "rw")) {
            shard.seek(small + 5);
            shard.write(0xFF ^ original[6][small + 5]);
        }
        byte[] damaged = Files.readAllBytes(files.shard(6));
        try (LocalShards shards = new LocalShards(files, 14)) {
            assertThatThrownBy(() -> new EcShardRebuilder(metadata).repairBlock(files, shards, 6, 1))
                    .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT))
                    .hasMessageContaining("block 1 has only 9 good copies");
        }
        assertThat(Files.readAllBytes(files.shard(6))).isEqualTo(damaged);
    }

    @Test
    void tooFewGoodShardsReplaceNothing() throws IOException {
        for (int s : new int[] {0, 1, 2, 3}) {
            Files.delete(files.shard(s));
        }
        try (RandomAccessFile shard = new RandomAccessFile(files.shard(6).toFile(), "rw")) {
            shard.seek(0);
            shard.write(0xFF ^ original[6][0]);
        }
        try (LocalShards shards = new LocalShards(files, 14)) {
            assertThatThrownBy(() -> new EcShardRebuilder(metadata).rebuild(files, shards,
                    new TreeSet<>(java.util.List.of(0, 1, 2, 3))))
                    .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT))
                    .hasMessageContaining("block 0 has only 9 good copies");
        }
        assertThat(files.shard(0)).doesNotExist();
        try (var listing = Files.list(dir)) {
            assertThat(listing.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".rebuild"));
        }
    }
}
