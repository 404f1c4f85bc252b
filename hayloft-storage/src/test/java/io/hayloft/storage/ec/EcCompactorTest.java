package io.hayloft.storage.ec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;
import io.hayloft.storage.FaultPoints;
import io.hayloft.storage.Needle;
import io.hayloft.storage.SuperBlock;
import io.hayloft.storage.Volume;
import io.hayloft.storage.VolumeOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compaction's new generation, on one server's disk: written beside the old one from the live needles only
 * (smaller shards, same superblock, the generation in its {@code .ecm}), the old generation untouched, deletes
 * carried over, nothing left behind when it fails; and the on-disk formats it adds (the generation pointer,
 * the {@code .ecm}'s version 2 beside version 1).
 */
class EcCompactorTest {
    private static final long LARGE = 64 << 10;
    private static final int SMALL = 4 << 10;

    @TempDir
    Path dir;

    private final Map<Long, byte[]> live = new LinkedHashMap<>();
    private EcFiles gen0;

    @BeforeEach
    void encodeAVolume() {
        Volume volume = Volume.create(dir, "pics", VolumeId.of(9), ReplicaPlacement.parse("001"), Ttl.NONE,
                VolumeOptions.defaults());
        SplittableRandom random = new SplittableRandom(13);
        for (long key = 1; key <= 400; key++) {
            byte[] data = new byte[random.nextInt(1, 6000)];
            random.nextBytes(data);
            volume.write(Needle.of(key, 0x77, data));
            live.put(key, data);
        }
        volume.setReadOnly(true);
        encoder().encode(volume);
        gen0 = EcFiles.of(volume.datPath());
        volume.destroy();
    }

    @AfterEach
    void disarm() {
        FaultPoints.disarmAll();
    }

    private static EcEncoder encoder() {
        return new EcEncoder(ReedSolomon.rs10x4(), LARGE, SMALL);
    }

    @Test
    void theNewGenerationHoldsOnlyLiveNeedlesBesideTheUntouchedOldOne() throws IOException {
        long oldShardSize = Files.size(gen0.shard(0));
        try (LocalShards shards = new LocalShards(gen0, 14)) {
            EcVolume old = EcVolume.open(gen0, shards);
            for (long key = 1; key <= 400; key += 2) { // half the needles deleted
                assertThat(old.delete(key)).isTrue();
                live.remove(key);
            }
            assertThat(old.garbageRatio()).isBetween(0.4, 0.6);
            EcFiles gen1 = gen0.withGeneration(1);
            EcMetadata m = new EcCompactor(encoder()).compact(old, VolumeId.of(9), "pics", gen1);

            assertThat(m.generation()).isEqualTo(1);
            assertThat(EcMetadata.read(gen1.metadata()).generation()).isEqualTo(1);
            assertThat(gen1.shard(0).getFileName().toString()).isEqualTo("pics_9.g1.ec00");
            assertThat(Files.size(gen1.shard(0))).isLessThan(oldShardSize * 2 / 3);
            assertThat(Files.size(gen0.shard(0))).isEqualTo(oldShardSize);
            assertThat(EcCompactor.scratchDir(gen1)).doesNotExist();
            try (LocalShards next = new LocalShards(gen1, 14)) {
                EcVolume compacted = EcVolume.open(gen1, next);
                assertThat(compacted.needleCount()).isEqualTo(live.size());
                assertThat(compacted.garbageRatio()).isZero();
                for (Map.Entry<Long, byte[]> e : live.entrySet()) {
                    assertThat(compacted.readStored(e.getKey()).orElseThrow().data()).isEqualTo(e.getValue());
                }
                assertThat(compacted.readStored(1)).isEmpty();
                assertThat(SuperBlock.decode(compacted.readDat(0, SuperBlock.SIZE)).replicaPlacement())
                        .isEqualTo(ReplicaPlacement.parse("001"));

                // a delete journaled in the old generation while the new one was written is carried over
                assertThat(old.delete(2)).isTrue();
                assertThat(compacted.deleteAll(old.deletedKeys())).isEqualTo(1);
                assertThat(compacted.readStored(2)).isEmpty();
                assertThat(compacted.deleteAll(old.deletedKeys())).as("carried over once").isZero();
            }
            try (LocalShards next = new LocalShards(gen1, 14)) {
                assertThat(EcVolume.open(gen1, next).readStored(2)).as("journaled durably").isEmpty();
            }
        }
    }

    @Test
    void aCompactionCutShortLeavesNothingOfTheNewGeneration() throws IOException {
        FaultPoints.arm(EcCompactor.SCRATCH_WRITTEN, p -> {
            throw new HayloftException(ErrorCode.UNAVAILABLE, "disk pulled");
        });
        EcFiles gen1 = gen0.withGeneration(1);
        try (LocalShards shards = new LocalShards(gen0, 14)) {
            EcVolume old = EcVolume.open(gen0, shards);
            assertThatThrownBy(() -> new EcCompactor(encoder()).compact(old, VolumeId.of(9), "pics", gen1))
                    .hasMessageContaining("disk pulled");
        }
        assertThat(gen1.metadata()).doesNotExist();
        assertThat(gen1.shard(0)).doesNotExist();
        assertThat(EcCompactor.scratchDir(gen1)).doesNotExist();
    }

    @Test
    void theGenerationPointerRoundTripsAndRefusesDamage() throws IOException {
        assertThat(EcGenerationPointer.read(gen0)).as("absent: generation 0").isZero();
        EcGenerationPointer.write(gen0, 3);
        assertThat(EcGenerationPointer.read(gen0.withGeneration(5))).as("one pointer per volume").isEqualTo(3);
        byte[] bytes = Files.readAllBytes(gen0.pointer());
        assertThat(bytes).hasSize(12);
        assertThat(ByteBuffer.wrap(bytes).getInt(0)).isEqualTo(0x484C4547);
        assertThat(ByteBuffer.wrap(bytes).getInt(4)).isEqualTo(3);
        bytes[7] = 4;
        Files.write(gen0.pointer(), bytes);
        assertThatThrownBy(() -> EcGenerationPointer.read(gen0))
                .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT));
    }

    @Test
    void anEcmOfVersionOneReadsAsGenerationZero() throws IOException {
        EcMetadata v2 = EcMetadata.read(gen0.metadata());
        byte[] b = Files.readAllBytes(gen0.metadata());
        assertThat(ByteBuffer.wrap(b).getShort(4)).isEqualTo((short) 2);
        // version 1: the same without the 4-byte generation at offset 32
        ByteBuffer v1 = ByteBuffer.allocate(b.length - 4);
        v1.put(b, 0, 32).put(b, 36, b.length - 36 - 4);
        v1.putShort(4, (short) 1);
        CRC32C crc = new CRC32C();
        crc.update(v1.array(), 0, v1.position());
        v1.putInt((int) crc.getValue());
        Files.write(gen0.metadata(), v1.array());
        EcMetadata read = EcMetadata.read(gen0.metadata());
        assertThat(read.generation()).isZero();
        assertThat(read.blockCrcs()).isDeepEqualTo(v2.blockCrcs());
        assertThat(read.layout()).isEqualTo(v2.layout());
    }

    @Test
    void fileNamesTellTheirGeneration() {
        assertThat(gen0.generationOf("pics_9.ec03")).isZero();
        assertThat(gen0.generationOf("pics_9.g12.ecx")).isEqualTo(12);
        assertThat(gen0.generationOf("pics_9.g2.ec13.copying")).isEqualTo(2);
        assertThat(gen0.generationOf("pics_9.ecg")).isEqualTo(-1);
        assertThat(gen0.generationOf("pics_90.ec03")).isEqualTo(-1);
        assertThat(gen0.generationOf("pics_9.g0.ec03")).isEqualTo(-1);
    }
}
