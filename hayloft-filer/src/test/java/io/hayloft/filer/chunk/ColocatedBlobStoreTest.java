package io.hayloft.filer.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.client.ClientConfig;
import io.hayloft.client.HayloftClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ClientBlobStore} beside a volume server in the same process: reads of the blobs it holds never
 * touch the network (the client points at a master that does not exist) and hand the chunk over without
 * a copy; what it does not hold, or holds corrupt, goes to the cluster.
 */
class ColocatedBlobStoreTest {
    private static final FileId HELD = FileId.of(3, 0x11, 0xabcdef01);
    private static final FileId ELSEWHERE = FileId.of(4, 0x12, 0xabcdef02);
    private final long seed = System.nanoTime();
    private final Random random = new Random(seed);
    private final FakeVolume volume = new FakeVolume();
    private final BufferedBytes buffered = new BufferedBytes();
    private final HayloftClient client = HayloftClient.create(
            ClientConfig.defaults(List.of("127.0.0.1:1")).withUnavailableRetry(Duration.ZERO, Duration.ofMillis(1)));
    private final ClientBlobStore blobs = new ClientBlobStore(client, volume, buffered);

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void aHeldChunkIsReadByMethodCallIntoTheBufferTheOutputLendsAndSentFromIt() {
        byte[] data = new byte[100_000];
        random.nextBytes(data);
        volume.blobs.put(HELD, data);
        RecordingOutput out = new RecordingOutput();

        blobs.read(HELD, 1_000, 50_000, out);

        assertThat(out.lent).as("seed %d", seed).hasSize(1);
        assertThat(out.written).hasSize(1);
        assertThat(out.written.getFirst().array()).isSameAs(out.lent.getFirst().array());
        assertThat(out.written.getFirst().position()).as("indexes of the lent buffer, not of a slice").isEqualTo(20 + 1_000);
        assertThat(out.toByteArray()).isEqualTo(Arrays.copyOfRange(data, 1_000, 51_000));
        assertThat(buffered.current()).isZero();
        assertThat(buffered.peak()).isEqualTo(FakeVolume.RECORD_OVERHEAD + data.length);
    }

    @Test
    void aVolumeClosedUnderTheReadIsReadFromTheCluster() {
        volume.blobs.put(HELD, new byte[10]);
        volume.closedUnderRead = true;

        assertThatThrownBy(() -> blobs.read(HELD, 0, 1, new ByteArrayOutputStream()))
                .as("the client went to the (unreachable) master")
                .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }

    @Test
    void aBufferLentForAReadThatFailsIsReclaimed() {
        volume.blobs.put(HELD, new byte[10]);
        volume.failAfterReading = true;
        RecordingOutput out = new RecordingOutput();

        assertThatThrownBy(() -> blobs.read(HELD, 0, 1, out)).isInstanceOf(HayloftException.class);

        assertThat(out.lent).hasSize(1);
        assertThat(out.reclaimed).isPositive();
        assertThat(out.written).isEmpty();
        assertThat(buffered.current()).isZero();
    }

    @Test
    void aPlainOutputStreamGetsACopyOfTheRange() {
        byte[] data = new byte[70_000];
        random.nextBytes(data);
        volume.blobs.put(HELD, data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        blobs.read(HELD, 69_999, 1, out);

        assertThat(out.toByteArray()).containsExactly(data[69_999]);
    }

    @Test
    void aRangeOutsideTheHeldChunkIsABadRequest() {
        volume.blobs.put(HELD, new byte[10]);

        assertThatThrownBy(() -> blobs.read(HELD, 5, 6, new ByteArrayOutputStream()))
                .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
    }

    @Test
    void aMissingHeldChunkIsNotFoundWithoutAskingTheCluster() {
        assertThatThrownBy(() -> blobs.read(HELD, 0, 1, new ByteArrayOutputStream()))
                .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void aChunkNotHeldHereOrCorruptHereIsReadFromTheCluster() {
        volume.blobs.put(HELD, new byte[10]);
        volume.corrupt = true;

        for (FileId fid : List.of(HELD, ELSEWHERE)) {
            assertThatThrownBy(() -> blobs.read(fid, 0, 1, new ByteArrayOutputStream()))
                    .as("the client went to the (unreachable) master for %s", fid)
                    .isInstanceOfSatisfying(HayloftException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
        }
    }

    /** Records what it lent, what came back and what it reclaimed. */
    private static final class RecordingOutput extends ChunkOutput {
        final List<ByteBuffer> lent = new ArrayList<>();
        final List<ByteBuffer> written = new ArrayList<>();
        int reclaimed;
        private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            copy.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            copy.write(b, off, len);
        }

        @Override
        public ByteBuffer lend(int size) {
            ByteBuffer b = super.lend(size);
            lent.add(b);
            return b;
        }

        @Override
        public void writeLent(ByteBuffer data) throws IOException {
            written.add(data);
            super.writeLent(data);
        }

        @Override
        public void reclaim() {
            reclaimed++;
            super.reclaim();
        }

        byte[] toByteArray() {
            return copy.toByteArray();
        }
    }

    /** A volume server holding volume 3 only; records are the data behind a 20-byte header, 4 bytes after. */
    private static final class FakeVolume implements ColocatedVolume {
        static final int RECORD_OVERHEAD = 24;
        final Map<FileId, byte[]> blobs = new ConcurrentHashMap<>();
        volatile boolean corrupt;
        volatile boolean failAfterReading;
        volatile boolean closedUnderRead;

        @Override
        public String url() {
            return "127.0.0.1:2";
        }

        @Override
        public boolean holds(FileId fid) {
            return fid.volumeId().equals(HELD.volumeId());
        }

        @Override
        public String write(FileId fid, byte[] data, int length, String name, String mime) {
            blobs.put(fid, java.util.Arrays.copyOf(data, length));
            return "etag";
        }

        @Override
        public ByteBuffer read(FileId fid, IntFunction<ByteBuffer> buffers) {
            if (corrupt) {
                throw new HayloftException(ErrorCode.CORRUPT, "injected CRC mismatch");
            }
            if (closedUnderRead) {
                throw new IllegalStateException("volume 3 is closed");
            }
            byte[] data = blobs.get(fid);
            if (data == null) {
                throw HayloftException.notFound("no needle " + fid);
            }
            ByteBuffer record = buffers.apply(RECORD_OVERHEAD + data.length);
            if (failAfterReading) {
                throw new HayloftException(ErrorCode.CORRUPT, "injected CRC mismatch after the read");
            }
            record.put(20, data);
            return record.limit(20 + data.length).position(20);
        }
    }
}
