package io.hayloft.filer.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.filer.entry.FileChunk;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ChunkWriter}'s pipeline: chunks received into pooled buffers while earlier ones are stored and
 * digested keep every byte in its place, the digest sees the stream in order, at most {@code parallelism}
 * stores run at once, and a failure (storing or receiving) gives every buffer back.
 */
class ChunkWriterPipelineTest {
    private static final int CHUNK = 64 << 10;
    private static final int PARALLELISM = 2;

    @Test
    void everyChunkHoldsItsBytesAndTheDigestIsTheWholeStreams() throws Exception {
        long seed = System.nanoTime();
        byte[] content = new byte[37 * CHUNK + 123];
        new Random(seed).nextBytes(content);
        MemoryBlobStore blobs = new MemoryBlobStore();
        BufferedBytes buffered = new BufferedBytes();
        MessageDigest md5 = MessageDigest.getInstance("MD5");

        List<FileChunk> chunks = new ChunkWriter(blobs, Clock.systemUTC(), PARALLELISM, buffered)
                .write(new ByteArrayInputStream(content), CHUNK, "f", "", StoragePolicy.defaults(), fid -> { }, md5,
                        false);

        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (FileChunk c : chunks) {
            blobs.read(c.fid(), 0, c.size(), joined);
        }
        assertThat(joined.toByteArray()).as("seed %d", seed).isEqualTo(content);
        assertThat(md5.digest()).isEqualTo(MessageDigest.getInstance("MD5").digest(content));
        assertThat(chunks).hasSize(38);
        assertThat(chunks.getLast().size()).isEqualTo(123);
        assertThat(blobs.maxConcurrentWrites()).isLessThanOrEqualTo(PARALLELISM);
        assertThat(buffered.peak()).isLessThanOrEqualTo((long) (PARALLELISM + 1) * CHUNK);
        assertThat(buffered.current()).isZero();
    }

    @Test
    void aFirstChunkOnlyDigestSeesTheFirstChunkAndEveryBufferStillComesBack() throws Exception {
        byte[] content = new byte[5 * CHUNK + 7];
        new Random(System.nanoTime()).nextBytes(content);
        MemoryBlobStore blobs = new MemoryBlobStore();
        BufferedBytes buffered = new BufferedBytes();
        MessageDigest md5 = MessageDigest.getInstance("MD5");

        List<FileChunk> chunks = new ChunkWriter(blobs, Clock.systemUTC(), PARALLELISM, buffered)
                .write(new ByteArrayInputStream(content), CHUNK, "f", "", StoragePolicy.defaults(), fid -> { }, md5,
                        true);

        assertThat(chunks).hasSize(6);
        MessageDigest first = MessageDigest.getInstance("MD5");
        first.update(content, 0, CHUNK);
        assertThat(md5.digest()).isEqualTo(first.digest());
        assertThat(buffered.current()).isZero();
    }

    @Test
    void aFailedStoreGivesEveryBufferBack() throws Exception {
        MemoryBlobStore blobs = new MemoryBlobStore();
        blobs.failWritesAfter(3);
        BufferedBytes buffered = new BufferedBytes();
        byte[] content = new byte[20 * CHUNK];

        assertThatThrownBy(() -> new ChunkWriter(blobs, Clock.systemUTC(), PARALLELISM, buffered)
                .write(new ByteArrayInputStream(content), CHUNK, "f", "", StoragePolicy.defaults(), fid -> { },
                        MessageDigest.getInstance("MD5"), false))
                .isInstanceOfSatisfying(UploadAbortedException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
        assertThat(buffered.current()).isZero();
        assertThat(buffered.peak()).isLessThanOrEqualTo((long) (PARALLELISM + 1) * CHUNK);
    }

    @Test
    void aBodyThatBreaksGivesEveryBufferBackAndListsWhatWasStored() throws Exception {
        MemoryBlobStore blobs = new MemoryBlobStore();
        BufferedBytes buffered = new BufferedBytes();
        InputStream breaking = new InputStream() {
            private long sent;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (sent >= 3L * CHUNK + 5) {
                    throw new IOException("connection reset");
                }
                int n = (int) Math.min(len, 3L * CHUNK + 5 - sent);
                sent += n;
                return n;
            }
        };

        assertThatThrownBy(() -> new ChunkWriter(blobs, Clock.systemUTC(), PARALLELISM, buffered)
                .write(breaking, CHUNK, "f", "", StoragePolicy.defaults(), fid -> { }, MessageDigest.getInstance("MD5"),
                        false))
                .isInstanceOfSatisfying(UploadAbortedException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
                    assertThat(e.uploaded()).hasSize(3);
                });
        assertThat(buffered.current()).isZero();
    }
}
