package io.hayloft.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;
import io.hayloft.testkit.MutableClock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Volume#readData}: the data left in a caller's (direct) buffer passes every check {@link Volume#read}
 * makes, so a reader that sends bytes straight from the buffer never sends corrupt, deleted, expired or
 * foreign bytes.
 */
class VolumeReadDataTest {
    private static final VolumeId VID = VolumeId.of(3);

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private Volume volume;

    @BeforeEach
    void createVolume() {
        volume = Volume.create(dir, "", VID, ReplicaPlacement.NONE, Ttl.NONE, VolumeOptions.defaults().withClock(clock));
    }

    @AfterEach
    void closeVolume() {
        volume.close();
    }

    @Test
    void leavesTheDataOfEveryNeedleInTheCallersBufferWithItsFields() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int size : new int[] {0, 1, 7, 8, 4096, 100_003}) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            Needle n = Needle.of(size + 1L, 0x1234, data).withName("f.bin").withMime("application/x-test")
                    .withTtl(Ttl.parse("1d")).withPairs(Map.of("k", "v"));
            volume.write(n);

            NeedleData read = volume.readData(size + 1L, 0x1234, ByteBuffer::allocateDirect);

            assertThat(read.data().isDirect()).isTrue();
            byte[] got = new byte[read.data().remaining()];
            read.data().duplicate().get(got);
            assertThat(got).as("size %d, seed %d", size, seed).isEqualTo(data);
            assertThat(read.needle().data()).isEmpty();
            assertThat(read.needle().name()).isEqualTo("f.bin");
            assertThat(read.needle().mime()).isEqualTo("application/x-test");
            assertThat(read.needle().eTag()).isEqualTo(volume.read(size + 1L, 0x1234).eTag());
        }
    }

    @Test
    void aLargerBufferIsUsedFromIndexZero() {
        volume.write(Needle.of(1, 7, "hello".getBytes(StandardCharsets.UTF_8)));
        ByteBuffer big = ByteBuffer.allocate(4096);
        big.position(100);

        NeedleData read = volume.readData(1, 7, n -> big);

        assertThat(StandardCharsets.UTF_8.decode(read.data()).toString()).isEqualTo("hello");
    }

    @Test
    void wrongCookieDeletedExpiredAndCorruptAreRefusedAsReadRefusesThem() throws IOException {
        volume.write(Needle.of(1, 7, "one".getBytes(StandardCharsets.UTF_8)));
        volume.write(Needle.of(2, 7, "two".getBytes(StandardCharsets.UTF_8)));
        volume.delete(2, 7);
        volume.write(Needle.of(3, 7, "three".getBytes(StandardCharsets.UTF_8)).withTtl(Ttl.parse("1m")));
        WriteResult corrupt = volume.write(Needle.of(4, 7, "four".getBytes(StandardCharsets.UTF_8)));
        volume.write(Needle.of(5, 7, "five".getBytes(StandardCharsets.UTF_8))); // so the corrupt one is no torn tail
        clock.advance(Duration.ofMinutes(2));

        assertThat(code(1, 8)).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(code(2, 7)).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(code(3, 7)).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(code(99, 7)).isEqualTo(ErrorCode.NOT_FOUND);
        volume.close();
        VolumeTest.flipByte(volume.datPath(), corrupt.offset() + NeedleCodec.DATA_START + 1);
        volume = Volume.open(dir, "", VID, VolumeOptions.defaults().withClock(clock));
        assertThat(code(4, 7)).isEqualTo(ErrorCode.CORRUPT);
        assertThat(volume.readData(1, 7, ByteBuffer::allocateDirect).data().remaining()).isEqualTo(3);
    }

    private ErrorCode code(long key, int cookie) {
        return VolumeTest.catchHayloft(() -> volume.readData(key, cookie, ByteBuffer::allocateDirect)).code();
    }
}
