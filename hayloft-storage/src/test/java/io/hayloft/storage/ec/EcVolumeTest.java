package io.hayloft.storage.ec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.NeedleShardMap;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real volume of random needles, sealed and erasure-coded with small blocks (64 KiB rows of 4 KiB
 * blocks, so both kinds of row and needles across block edges occur), then read back through its shards:
 * whole, with shards gone, with a shard's bytes damaged, and with too many shards gone.
 */
class EcVolumeTest {
    private static final long LARGE = 64 << 10;
    private static final int SMALL = 4 << 10;

    @TempDir
    Path dir;

    private Volume volume;
    private final Map<Long, byte[]> written = new LinkedHashMap<>();

    @BeforeEach
    void fill() {
        volume = Volume.create(dir, "", VolumeId.of(7), ReplicaPlacement.NONE, Ttl.NONE, VolumeOptions.defaults());
        SplittableRandom random = new SplittableRandom(20261207L);
        for (long key = 1; key <= 600; key++) {
            byte[] data = new byte[random.nextInt(1, 9000)];
            random.nextBytes(data);
            volume.write(Needle.of(key, 0x1234, data));
            written.put(key, data);
        }
        volume.delete(17, 0x1234); // deleted before sealing: not in the coded index
        written.remove(17L);
        volume.setReadOnly(true);
    }

    private EcMetadata encode() {
        return new EcEncoder(ReedSolomon.rs10x4(), LARGE, SMALL).encode(volume);
    }

    private void assertEveryNeedleReadsBack(EcVolume ec) {
        for (Map.Entry<Long, byte[]> e : written.entrySet()) {
            Needle n = ec.readStored(e.getKey()).orElseThrow();
            assertThat(n.data()).as("needle %d", e.getKey()).isEqualTo(e.getValue());
            assertThat(n.cookie()).isEqualTo(0x1234);
        }
        assertThat(ec.readStored(17)).isEmpty();
        assertThat(ec.readStored(601)).isEmpty();
    }

    @Test
    void everyNeedleReadsBackFromTheShards() throws IOException {
        EcMetadata metadata = encode();
        assertThat(metadata.layout().largeRows()).isPositive();
        assertThat(metadata.layout().smallRows()).isPositive();
        EcFiles files = EcFiles.of(volume.datPath());
        for (int i = 0; i < 14; i++) {
            assertThat(Files.size(files.shard(i))).isEqualTo(metadata.layout().shardSize());
        }
        try (LocalShards shards = new LocalShards(files, 14)) {
            EcVolume ec = EcVolume.open(files, shards);
            assertThat(ec.needleCount()).isEqualTo(written.size());
            assertEveryNeedleReadsBack(ec);
        }
        assertThat(EcMetadata.read(files.metadata()).blockCrcs()).isDeepEqualTo(metadata.blockCrcs());
    }

    @Test
    void anyFourLostShardsLoseNothing() throws IOException {
        encode();
        EcFiles files = EcFiles.of(volume.datPath());
        for (int lost : new int[] {0, 3, 9, 12}) { // three data shards and one parity shard
            Files.delete(files.shard(lost));
        }
        try (LocalShards shards = new LocalShards(files, 14)) {
            assertEveryNeedleReadsBack(EcVolume.open(files, shards));
        }
    }

    @Test
    void damagedBytesInAShardAreFoundByTheBlockChecksumsAndRebuilt() throws IOException {
        encode();
        EcFiles files = EcFiles.of(volume.datPath());
        try (RandomAccessFile shard = new RandomAccessFile(files.shard(2).toFile(), "rw")) {
            for (long at = 100; at < shard.length(); at += 777) {
                shard.seek(at);
                shard.write(0x5A);
            }
        }
        try (LocalShards shards = new LocalShards(files, 14)) {
            assertEveryNeedleReadsBack(EcVolume.open(files, shards));
        }
    }

    @Test
    void twoShardsDamagedAtTheSamePlacesAreFoundByTheBlockChecksumsWhenTheRecordCheckFails() throws IOException {
        encode();
        EcFiles files = EcFiles.of(volume.datPath());
        for (int damaged : new int[] {2, 5}) { // a needle of shard 2 rebuilt from 0,1,3..10 includes damaged 5
            try (RandomAccessFile shard = new RandomAccessFile(files.shard(damaged).toFile(), "rw")) {
                for (long at = 100; at < shard.length(); at += 777) {
                    shard.seek(at);
                    shard.write(0x5A);
                }
            }
        }
        try (LocalShards shards = new LocalShards(files, 14)) {
            assertEveryNeedleReadsBack(EcVolume.open(files, shards));
        }
    }

    @Test
    void fiveLostShardsAreReportedCorrupt() throws IOException {
        encode();
        EcFiles files = EcFiles.of(volume.datPath());
        for (int lost : new int[] {0, 1, 2, 3, 4}) {
            Files.delete(files.shard(lost));
        }
        try (LocalShards shards = new LocalShards(files, 14)) {
            EcVolume ec = EcVolume.open(files, shards);
            assertThatThrownBy(() -> ec.readStored(written.keySet().iterator().next()))
                    .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT))
                    .hasMessageContaining("only 9 good shards");
        }
    }

    @Test
    void deletesAreJournaledAndSurviveAReopenAndATornLastEntry() throws IOException {
        encode();
        EcFiles files = EcFiles.of(volume.datPath());
        try (LocalShards shards = new LocalShards(files, 14)) {
            EcVolume ec = EcVolume.open(files, shards);
            assertThat(ec.delete(5)).isTrue();
            assertThat(ec.delete(5)).isFalse();
            assertThat(ec.delete(17)).isFalse(); // deleted before sealing
            assertThat(ec.delete(9999)).isFalse();
            assertThat(ec.readStored(5)).isEmpty();
            assertThat(ec.liveCount()).isEqualTo(written.size() - 1);
            Files.write(files.journal(), new byte[] {0, 0, 0}, java.nio.file.StandardOpenOption.APPEND); // a crash mid-append
            EcVolume reopened = EcVolume.open(files, shards);
            assertThat(reopened.readStored(5)).isEmpty();
            assertThat(reopened.readStored(6)).isPresent();
            assertThat(reopened.delete(6)).isTrue();
            assertThat(Files.size(files.journal())).isEqualTo(16); // the torn entry was dropped, not built on
            assertThat(EcVolume.open(files, shards).liveCount()).isEqualTo(written.size() - 2);
        }
        assertThat(Files.size(files.shard(0))).isEqualTo(EcMetadata.read(files.metadata()).layout().shardSize());
    }

    @Test
    void aWritableVolumeIsNotEncoded() {
        volume.setReadOnly(false);
        assertThatThrownBy(this::encode).isInstanceOfSatisfying(HayloftException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        assertThat(EcFiles.of(volume.datPath()).metadata()).doesNotExist();
    }

    @Test
    void aDamagedMetadataFileIsRefused() throws IOException {
        encode();
        EcFiles files = EcFiles.of(volume.datPath());
        byte[] bytes = Files.readAllBytes(files.metadata());
        bytes[40] ^= 1;
        Files.write(files.metadata(), bytes);
        assertThatThrownBy(() -> EcMetadata.read(files.metadata())).isInstanceOfSatisfying(HayloftException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT));
    }

    @Test
    void aNeedleHeldHereIsReadFromItsOneShardAndAnyOtherIsLeftToTheFullPath() throws IOException {
        EcMetadata metadata = encode();
        EcFiles files = EcFiles.of(volume.datPath());
        try (LocalShards all = new LocalShards(files, 14)) {
            EcVolume ec = EcVolume.open(files, all);
            ShardSource onlyShard1 = new ShardSource() {
                @Override
                public boolean has(int shard) {
                    return shard == 1;
                }

                @Override
                public void read(int shard, long offset, byte[] into, int at, int length) throws IOException {
                    all.read(shard, offset, into, at, length);
                }
            };
            NeedleShardMap map = ec.needleShards();
            int servedHere = 0;
            for (Map.Entry<Long, byte[]> e : written.entrySet()) {
                Needle here = ec.readHeldHere(e.getKey(), onlyShard1, 1 << 20);
                var ranges = locate(metadata, e.getKey());
                boolean wholeInShard1 = ranges.stream().allMatch(r -> r.shard() == 1);
                assertThat(here != null).as("needle %d in %s", e.getKey(), ranges).isEqualTo(wholeInShard1);
                assertThat(map.shardOf(e.getKey())).as("needle %d", e.getKey()).isEqualTo(ranges.getFirst().shard());
                if (here != null) {
                    assertThat(here.data()).isEqualTo(e.getValue());
                    servedHere++;
                }
            }
            assertThat(servedHere).isPositive();
            long inShard1 = written.keySet().stream().filter(k -> map.shardOf(k) == 1).findFirst().orElseThrow();
            assertThat(ec.readHeldHere(inShard1, onlyShard1, 8)).as("larger than allowed").isNull();
            assertThat(ec.readHeldHere(17, onlyShard1, 1 << 20)).as("deleted before sealing").isNull();
            ec.delete(inShard1);
            assertThat(ec.readHeldHere(inShard1, onlyShard1, 1 << 20)).as("deleted").isNull();
            // keys written in order: about one run per data block, not one per needle
            assertThat(map.runs()).isLessThanOrEqualTo((int) (metadata.layout().shardSize() / SMALL) * 10 + 1)
                    .isLessThan(written.size() / 4);
        }
    }

    @Test
    void aNeedleWhoseShardBytesAreDamagedIsNotServedByTheLocalRead() throws IOException {
        EcMetadata metadata = encode();
        EcFiles files = EcFiles.of(volume.datPath());
        long key = 300;
        EcLayout.ShardRange first = locate(metadata, key).getFirst();
        try (RandomAccessFile shard = new RandomAccessFile(files.shard(first.shard()).toFile(), "rw")) {
            shard.seek(first.offset() + first.length() / 2);
            int b = shard.read();
            shard.seek(first.offset() + first.length() / 2);
            shard.write(b ^ 0xFF);
        }
        try (LocalShards shards = new LocalShards(files, 14)) {
            EcVolume ec = EcVolume.open(files, shards);
            assertThat(ec.readHeldHere(key, shards, 1 << 20)).isNull();
            assertThat(ec.readStored(key).orElseThrow().data()).isEqualTo(written.get(key)); // rebuilt
        }
    }

    @Test
    void aVolumeWithoutALargeRowIsPaddedByBytesNotMegabytesAndReadsBack() throws IOException {
        EcMetadata metadata = new EcEncoder(ReedSolomon.rs10x4()).encode(volume); // the default 1 GiB / 1 MiB blocks
        EcLayout layout = metadata.layout();
        assertThat(layout.largeRows()).isZero();
        assertThat(layout.datSize()).isGreaterThan(2 << 20);
        assertThat(layout.shardSize() * 10 - layout.datSize()).isLessThan(80 * layout.smallRows());
        EcFiles files = EcFiles.of(volume.datPath());
        for (int lost : new int[] {1, 4, 10, 13}) {
            Files.delete(files.shard(lost));
        }
        try (LocalShards shards = new LocalShards(files, 14)) {
            assertEveryNeedleReadsBack(EcVolume.open(files, shards));
        }
    }

    /** Where needle {@code key}'s record lies, from the volume's own index. */
    private java.util.List<EcLayout.ShardRange> locate(EcMetadata metadata, long key) {
        long[] where = new long[2];
        volume.forEachLive((k, offsetUnits, size) -> {
            if (k == key) {
                where[0] = offsetUnits * 8;
                where[1] = io.hayloft.storage.NeedleRecords.recordLength(size);
            }
        });
        return metadata.layout().locate(where[0], where[1]);
    }
}
