package io.hayloft.volume.copy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/** Where {@link CopyStreamWriter} sends a copy stream, one chunk at a time. Blocking. */
@FunctionalInterface
public interface ChunkSink {
    /**
     * Sends the chunk's remaining bytes, waiting while the receiver is behind. The sink takes
     * ownership of the buffer: the writer never touches it again.
     *
     * @throws IOException if the receiver is gone or the send fails
     */
    void write(ByteBuffer chunk) throws IOException;

    /** A sink that writes to {@code out} (tests, files). */
    static ChunkSink of(OutputStream out) {
        return chunk -> out.write(chunk.array(), chunk.arrayOffset() + chunk.position(), chunk.remaining());
    }
}
