package io.hayloft.volume.copy;

import io.hayloft.storage.VolumeSnapshot;
import io.hayloft.volume.throttle.ByteRateThrottle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Writes a {@link VolumeSnapshot} as a volume copy stream ({@link CopyHeader}, then the
 * {@code .idx} bytes, then the {@code .dat} bytes) in chunks of at most {@link #CHUNK_SIZE}, so a
 * volume of any size streams in bounded memory. Blocking: run it on a virtual thread.
 */
public final class CopyStreamWriter {
    /** Largest chunk read from a file and handed to the sink. */
    public static final int CHUNK_SIZE = 1 << 20;

    private CopyStreamWriter() {
    }

    /**
     * Writes the whole stream.
     *
     * @param throttle keeps the file bytes under a rate; null for none
     * @return bytes written, {@link CopyHeader#streamLength()}
     * @throws IOException if a file is shorter than the snapshot says, or reading or the sink fails
     */
    public static long write(VolumeSnapshot snapshot, ChunkSink sink, ByteRateThrottle throttle) throws IOException {
        byte[] header = CopyHeader.of(snapshot).encode();
        sink.write(ByteBuffer.wrap(header));
        long idx = copy(snapshot.idx(), snapshot.idxLength(), ".idx", sink, throttle);
        long dat = copy(snapshot.dat(), snapshot.datLength(), ".dat", sink, throttle);
        return header.length + idx + dat;
    }

    private static long copy(FileChannel from, long length, String what, ChunkSink sink, ByteRateThrottle throttle)
            throws IOException {
        long position = 0;
        while (position < length) {
            ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK_SIZE, length - position));
            while (chunk.hasRemaining()) {
                int n = from.read(chunk, position + chunk.position());
                if (n < 0) {
                    throw new IOException(what + " ended at " + (position + chunk.position())
                            + " bytes, before the " + length + " the snapshot holds");
                }
            }
            chunk.flip();
            int size = chunk.remaining();
            sink.write(chunk);
            position += size;
            if (throttle != null) {
                throttle.consumed(size);
            }
        }
        return position;
    }
}
