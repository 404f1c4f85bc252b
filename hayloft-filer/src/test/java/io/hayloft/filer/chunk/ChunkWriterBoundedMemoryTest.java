package io.hayloft.filer.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.FileId;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import io.hayloft.filer.entry.FileChunk;
import org.junit.jupiter.api.Test;

/**
 * A 1 GiB stream, generated as it is read and never held whole, goes through a {@link ChunkWriter}
 * while the {@link BufferedBytes} counter watches: its peak stays at (parallelism + 1) chunks whatever
 * the file size, and every byte arrives once, in order.
 */
class ChunkWriterBoundedMemoryTest {
    private static final long SIZE = 1L << 30;
    private static final int CHUNK = 8 << 20;
    private static final int PARALLELISM = 2;

    @Test
    void aGibibyteStreamIsHeldAtMostParallelismPlusOneChunksAtATime() {
        long seed = System.nanoTime();
        BufferedBytes buffered = new BufferedBytes();
        CountingBlobs blobs = new CountingBlobs(buffered);
        ChunkWriter writer = new ChunkWriter(blobs, Clock.systemUTC(), PARALLELISM, buffered);

        List<FileChunk> chunks = writer.write(new GeneratedStream(seed, SIZE), CHUNK, "big.bin", "",
                StoragePolicy.defaults(), fid -> { });

        assertThat(chunks).hasSize((int) (SIZE / CHUNK));
        assertThat(blobs.bytes.get()).isEqualTo(SIZE);
        assertThat(blobs.maxHeldDuringWrite.get()).as("seed %d", seed).isPositive()
                .isLessThanOrEqualTo((long) (PARALLELISM + 1) * CHUNK);
        assertThat(buffered.peak()).isLessThanOrEqualTo((long) (PARALLELISM + 1) * CHUNK);
        assertThat(buffered.current()).isZero();
        assertThat(blobs.arrays).as("chunk buffers are reused").hasSizeLessThanOrEqualTo(PARALLELISM + 1);
        long offset = 0;
        for (FileChunk c : chunks) {
            assertThat(c.offset()).isEqualTo(offset);
            offset += c.size();
        }
    }

    /**
     * Uploads one after the other reuse the same arrays: the writer keeps one upload's worth between them,
     * so a server taking large files one after another allocates its chunk buffers once (before, every
     * upload allocated fresh ones, which piled up in the old generation). The kept arrays stay counted.
     */
    @Test
    void uploadsOneAfterAnotherReuseTheKeptArrays() {
        int chunk = 1 << 20;
        long spare = (long) (PARALLELISM + 1) * chunk;
        BufferedBytes buffered = new BufferedBytes(4 * spare, java.time.Duration.ofSeconds(60));
        CountingBlobs blobs = new CountingBlobs(buffered);
        ChunkWriter writer = new ChunkWriter(blobs, Clock.systemUTC(), PARALLELISM, buffered, spare);

        for (int i = 0; i < 5; i++) {
            assertThat(writer.write(new GeneratedStream(i, 10L * chunk + 3), chunk, "u.bin", "",
                    StoragePolicy.defaults(), fid -> { })).hasSize(11);
        }

        assertThat(blobs.bytes.get()).isEqualTo(5 * (10L * chunk + 3));
        assertThat(blobs.arrays).as("five uploads share one upload's arrays").hasSizeLessThanOrEqualTo(PARALLELISM + 1);
        assertThat(writer.spareBytes()).isPositive().isLessThanOrEqualTo(spare);
        assertThat(buffered.current()).as("only the kept arrays are held").isEqualTo(writer.spareBytes());
        assertThat(buffered.peak()).isLessThanOrEqualTo(spare);
    }

    /**
     * Eight uploads at once against a limit of two uploads' worth of buffers: every one completes with all
     * its bytes (those beyond the limit run with fewer buffers), and the counter never passes the limit.
     */
    @Test
    void concurrentUploadsShareTheLimitAndEachCompletes() throws Exception {
        int chunk = 1 << 20;
        long limit = 2L * (PARALLELISM + 1) * chunk;
        BufferedBytes buffered = new BufferedBytes(limit, java.time.Duration.ofSeconds(60));
        CountingBlobs blobs = new CountingBlobs(buffered);
        ChunkWriter writer = new ChunkWriter(blobs, Clock.systemUTC(), PARALLELISM, buffered);
        List<java.util.concurrent.Future<List<FileChunk>>> uploads = new java.util.ArrayList<>();
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 8; i++) {
                long seed = i;
                uploads.add(threads.submit(() -> writer.write(new GeneratedStream(seed, 12L * chunk + 5), chunk,
                        "u.bin", "", StoragePolicy.defaults(), fid -> { })));
            }
            for (var u : uploads) {
                assertThat(u.get()).hasSize(13);
            }
        }
        assertThat(blobs.bytes.get()).isEqualTo(8 * (12L * chunk + 5));
        assertThat(buffered.peak()).isPositive().isLessThanOrEqualTo(limit);
        assertThat(buffered.current()).isZero();
    }

    @Test
    void anUploadWithNoRoomForItsFirstBufferIsRefusedAfterTheWait() {
        BufferedBytes buffered = new BufferedBytes(1 << 20, java.time.Duration.ofMillis(50));
        buffered.hold(1 << 20); // held by something else
        ChunkWriter writer = new ChunkWriter(new CountingBlobs(buffered), Clock.systemUTC(), PARALLELISM, buffered);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> writer.write(new GeneratedStream(1, 100), 1 << 20,
                        "u.bin", "", StoragePolicy.defaults(), fid -> { }))
                .isInstanceOfSatisfying(io.hayloft.api.HayloftException.class,
                        e -> assertThat(e.code()).isEqualTo(io.hayloft.api.ErrorCode.UNAVAILABLE));
        assertThat(buffered.current()).isEqualTo(1 << 20);
    }

    /** Checks nothing but counts bytes and what the counter said while each chunk was being stored. */
    private static final class CountingBlobs implements BlobStore {
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong maxHeldDuringWrite = new AtomicLong();
        final Set<byte[]> arrays = Collections.newSetFromMap(new IdentityHashMap<>());
        private final AtomicLong nextKey = new AtomicLong(1);
        private final BufferedBytes buffered;

        CountingBlobs(BufferedBytes buffered) {
            this.buffered = buffered;
        }

        @Override
        public StoredBlob write(byte[] data, int length, String name, String mime, StoragePolicy policy,
                                Consumer<FileId> assigned) {
            synchronized (arrays) {
                arrays.add(data);
            }
            return write(Arrays.copyOf(data, length), name, mime, policy, assigned);
        }

        @Override
        public StoredBlob write(byte[] data, String name, String mime, StoragePolicy policy, Consumer<FileId> assigned) {
            maxHeldDuringWrite.accumulateAndGet(buffered.current(), Math::max);
            CRC32C crc = new CRC32C();
            crc.update(data);
            bytes.addAndGet(data.length);
            FileId fid = FileId.of(1, nextKey.getAndIncrement(), 1);
            assigned.accept(fid);
            return new StoredBlob(fid, Long.toHexString(crc.getValue()));
        }

        @Override
        public void read(FileId fid, long offset, long length, java.io.OutputStream out) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean delete(FileId fid) {
            return false;
        }
    }

    /** {@code size} bytes cycled from a 1 MiB random block, produced on demand. */
    private static final class GeneratedStream extends InputStream {
        private final byte[] block = new byte[1 << 20];
        private long left;
        private int position;

        GeneratedStream(long seed, long size) {
            new Random(seed).nextBytes(block);
            left = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(Math.min(len, left), block.length - position);
            System.arraycopy(block, position, b, off, n);
            position = (position + n) % block.length;
            left -= n;
            return n;
        }
    }
}
