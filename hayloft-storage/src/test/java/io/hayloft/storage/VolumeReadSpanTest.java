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
 * {@link Volume#readSpan}: a needle verified in place passes every check {@link Volume#read} makes (its data
 * CRC'd in pieces through the span's own channel), so bytes sent from the file are never corrupt, deleted,
 * expired or another needle's; and its fields are {@link Volume#read}'s.
 */
class VolumeReadSpanTest {
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
    void theSpanHoldsTheDataWhereItLiesAndTheFieldsOfARead() throws IOException {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int size : new int[] {0, 1, 7, 4096, (1 << 20) - 1, (1 << 20) + 1, 3 * (1 << 20) + 5}) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            Needle n = Needle.of(size + 1L, 0x1234, data).withName("f.bin").withMime("application/x-test")
                    .withLastModified(1_700_000_000L).withTtl(Ttl.parse("1d")).withPairs(Map.of("k", "v"));
            volume.write(n);
            Needle read = volume.read(size + 1L, 0x1234);

            try (NeedleSpan span = volume.readSpan(size + 1L, 0x1234)) {
                assertThat(span.dataLength()).isEqualTo(size);
                ByteBuffer got = ByteBuffer.allocate(size);
                while (got.hasRemaining()) {
                    span.channel().read(got, span.dataOffset() + got.position());
                }
                assertThat(got.array()).as("size %d, seed %d", size, seed).isEqualTo(data);
                Needle fields = span.needle();
                assertThat(fields.data()).isEmpty();
                assertThat(fields.eTag()).isEqualTo(read.eTag());
                assertThat(fields.name()).isEqualTo("f.bin");
                assertThat(fields.mime()).isEqualTo("application/x-test");
                assertThat(fields.lastModified()).isEqualTo(1_700_000_000L);
                assertThat(fields.pairs()).isEqualTo(Map.of("k", "v"));
                assertThat(fields.appendAtNs()).isEqualTo(read.appendAtNs());
            }
        }
    }

    @Test
    void wrongCookieDeletedExpiredAndCorruptAreRefusedAsReadRefusesThem() throws IOException {
        byte[] big = new byte[2 << 20];
        new Random(5).nextBytes(big);
        volume.write(Needle.of(1, 7, big));
        volume.write(Needle.of(2, 7, big));
        volume.delete(2, 7);
        volume.write(Needle.of(3, 7, "three".getBytes(StandardCharsets.UTF_8)).withTtl(Ttl.parse("1m")));
        WriteResult corrupt = volume.write(Needle.of(4, 7, big));
        WriteResult tail = volume.write(Needle.of(5, 7, big));
        volume.write(Needle.of(6, 7, "six".getBytes(StandardCharsets.UTF_8))); // so no corrupt one is a torn tail
        clock.advance(Duration.ofMinutes(2));

        assertThat(code(1, 8)).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(code(2, 7)).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(code(3, 7)).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(code(99, 7)).isEqualTo(ErrorCode.NOT_FOUND);
        volume.close();
        // a bit flipped deep in the data (past the first 1 MiB piece), and one in the stored CRC after the data
        VolumeTest.flipByte(volume.datPath(), corrupt.offset() + NeedleCodec.DATA_START + (3 << 19));
        VolumeTest.flipByte(volume.datPath(), tail.offset() + NeedleCodec.DATA_START + big.length + 2);
        volume = Volume.open(dir, "", VID, VolumeOptions.defaults().withClock(clock));
        assertThat(code(4, 7)).isEqualTo(ErrorCode.CORRUPT);
        assertThat(code(5, 7)).isEqualTo(ErrorCode.CORRUPT);
        try (NeedleSpan good = volume.readSpan(1, 7)) {
            assertThat(good.dataLength()).isEqualTo(big.length);
        }
    }

    private ErrorCode code(long key, int cookie) {
        return VolumeTest.catchHayloft(() -> volume.readSpan(key, cookie).close()).code();
    }
}
