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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
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
    void aHeldChunkIsReadByMethodCallAndHandedOverWithoutACopy() {
        byte[] data = new byte[100_000];
        random.nextBytes(data);
        volume.blobs.put(HELD, data);
        RecordingOutput out = new RecordingOutput();

        blobs.read(HELD, 1_000, 50_000, out);

        assertThat(out.owned).as("seed %d", seed).hasSize(1);
        assertThat(out.owned.getFirst()).isSameAs(data);
        assertThat(out.toByteArray()).isEqualTo(Arrays.copyOfRange(data, 1_000, 51_000));
        assertThat(buffered.current()).isZero();
        assertThat(buffered.peak()).isEqualTo(data.length);
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

    /** Records what it was handed over. */
    private static final class RecordingOutput extends ChunkOutput {
        final List<byte[]> owned = new ArrayList<>();
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
        public void writeOwned(byte[] data, int off, int len) throws IOException {
            owned.add(data);
            write(data, off, len);
        }

        byte[] toByteArray() {
            return copy.toByteArray();
        }
    }

    /** A volume server holding volume 3 only. */
    private static final class FakeVolume implements ColocatedVolume {
        final Map<FileId, byte[]> blobs = new ConcurrentHashMap<>();
        volatile boolean corrupt;

        @Override
        public String url() {
            return "127.0.0.1:2";
        }

        @Override
        public boolean holds(FileId fid) {
            return fid.volumeId().equals(HELD.volumeId());
        }

        @Override
        public String write(FileId fid, byte[] data, String name, String mime) {
            blobs.put(fid, data);
            return "etag";
        }

        @Override
        public byte[] read(FileId fid) {
            if (corrupt) {
                throw new HayloftException(ErrorCode.CORRUPT, "injected CRC mismatch");
            }
            byte[] data = blobs.get(fid);
            if (data == null) {
                throw HayloftException.notFound("no needle " + fid);
            }
            return data;
        }
    }
}
