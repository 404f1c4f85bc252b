package io.hayloft.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;
import io.hayloft.testkit.MutableClock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Volume#appendGathering}: the record it writes around the caller's data is byte for byte the one
 * {@link Volume#write} writes for the same needle (so every reader, the recovery scan and compaction see
 * no difference), with the same checks.
 */
class VolumeAppendGatheringTest {
    private static final VolumeId VID = VolumeId.of(4);

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));

    @Test
    void theRecordAroundTheDataIsTheEncodersRecordByteForByte() {
        Random random = new Random(7);
        for (int size = 0; size <= 17; size++) {
            for (Needle shape : shapes(size)) {
                byte[] data = new byte[size];
                random.nextBytes(data);
                Needle needle = withData(shape, data).withAppendAtNs(123_456_789L);

                ByteBuffer[] around = NeedleCodec.encodeAround(shape, size, needle.checksum(), 123_456_789L);

                ByteBuffer joined = ByteBuffer.allocate(around[0].remaining() + size + around[1].remaining());
                joined.put(around[0]).put(data).put(around[1]).flip();
                assertThat(joined).as("size %d, %s", size, shape).isEqualTo(NeedleCodec.encode(needle));
            }
        }
    }

    @Test
    void aVolumeWrittenByGatheringHoldsTheSameBytesAsOneWrittenWithRecords() throws IOException {
        Random random = new Random(11);
        Path a = Files.createDirectory(dir.resolve("records"));
        Path b = Files.createDirectory(dir.resolve("gathered"));
        try (Volume records = create(a, Volume.MAX_SIZE); Volume gathered = create(b, Volume.MAX_SIZE)) {
            long key = 1;
            for (int size : new int[] {0, 1, 5, 8, 4096, Volume.HEAP_WRITE_SLICE, (1 << 20) + 3, 3 << 20}) {
                for (Needle shape : shapes(size)) {
                    byte[] data = new byte[size];
                    random.nextBytes(data);
                    Needle fields = Needle.of(key, shape.cookie(), new byte[0]).withName(shape.name())
                            .withMime(shape.mime()).withLastModified(shape.lastModified()).withTtl(shape.ttl())
                            .withPairs(shape.pairs());
                    // direct data goes in one gathering write, heap data in slices: both are checked
                    ByteBuffer buffer = key % 2 == 0 ? ByteBuffer.allocateDirect(size + 16) : ByteBuffer.allocate(size + 16);
                    buffer.position(9);
                    buffer.put(data).flip().position(9);

                    WriteResult viaRecord = records.write(withData(fields, data));
                    WriteResult viaParts = gathered.appendGathering(fields, buffer);

                    assertThat(viaParts).isEqualTo(viaRecord);
                    assertThat(buffer.position()).isEqualTo(9); // the caller's buffer is left as it was
                    assertThat(gathered.read(key, shape.cookie()).data()).isEqualTo(data);
                    clock.advance(Duration.ofMillis(1));
                    key++;
                }
            }
        }
        assertThat(Files.readAllBytes(b.resolve("4.dat"))).isEqualTo(Files.readAllBytes(a.resolve("4.dat")));
        assertThat(Files.readAllBytes(b.resolve("4.idx"))).isEqualTo(Files.readAllBytes(a.resolve("4.idx")));
        try (Volume fromRecords = Volume.open(a, "", VID, VolumeOptions.defaults().withClock(clock));
             Volume fromParts = Volume.open(b, "", VID, VolumeOptions.defaults().withClock(clock))) {
            assertThat(fromParts.stats()).isEqualTo(fromRecords.stats());
        }
    }

    @Test
    void refusesWhatWriteRefusesAndRepeatsNothing() {
        try (Volume volume = create(dir, 4096)) {
            byte[] data = {1, 2, 3};
            Needle fields = Needle.of(9, 0x55, new byte[0]).withName("a");
            WriteResult first = volume.appendGathering(fields, ByteBuffer.wrap(data));
            VolumeStats afterFirst = volume.stats();

            assertThat(volume.appendGathering(fields, ByteBuffer.wrap(data)))
                    .isEqualTo(new WriteResult(first.offset(), 3, first.checksum(), true));
            assertThatThrownBy(() -> volume.appendGathering(Needle.of(9, 0x66, new byte[0]), ByteBuffer.wrap(data)))
                    .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
            assertThatThrownBy(() -> volume.appendGathering(Needle.of(10, 1, new byte[0]), ByteBuffer.allocate(8192)))
                    .isInstanceOfSatisfying(HayloftException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.VOLUME_NOT_WRITABLE));
            assertThatThrownBy(() -> volume.appendGathering(Needle.of(11, 1, data), ByteBuffer.wrap(data)))
                    .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
            assertThat(volume.stats()).isEqualTo(afterFirst);
            assertThat(volume.read(9, 0x55).data()).isEqualTo(data);
        }
    }

    private Volume create(Path at, long sizeLimit) {
        return Volume.create(at, "", VID, ReplicaPlacement.NONE, Ttl.NONE,
                VolumeOptions.defaults().withClock(clock).withSizeLimit(sizeLimit));
    }

    private static Needle withData(Needle shape, byte[] data) {
        return Needle.of(shape.key(), shape.cookie(), data).withName(shape.name()).withMime(shape.mime())
                .withLastModified(shape.lastModified()).withTtl(shape.ttl()).withPairs(shape.pairs());
    }

    /** Needles without data in every combination of optional fields that changes the tail's length. */
    private static Needle[] shapes(int salt) {
        Needle bare = Needle.of(salt + 100L, 0x1234 + salt, new byte[0]);
        return new Needle[] {
                bare,
                bare.withName("f.bin"),
                bare.withName("f.bin").withMime("application/x-test"),
                bare.withLastModified(1_700_000_000L + salt),
                bare.withTtl(Ttl.parse("3h")),
                bare.withName("é" + salt).withMime("text/plain").withLastModified(1).withTtl(Ttl.parse("1d"))
                        .withPairs(Map.of("k", "v", "key-" + salt, "value")),
        };
    }
}
