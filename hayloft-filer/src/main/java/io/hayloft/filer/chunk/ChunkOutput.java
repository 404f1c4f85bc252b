package io.hayloft.filer.chunk;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * An output that lends the buffer a chunk is read into and then sends that buffer as it is: a response
 * body lends a direct buffer, the chunk is read from disk straight into it and goes to the socket
 * without another copy. Without that, {@link #lend} gives a heap buffer and {@link #writeLent} copies.
 * Used by one thread; at most one buffer is lent at a time.
 */
public abstract class ChunkOutput extends OutputStream {
    private ByteBuffer lent;

    /**
     * A buffer of at least {@code size} bytes, used from index 0, for the next {@link #writeLent}; a
     * buffer lent before and never written is reclaimed.
     */
    public ByteBuffer lend(int size) {
        reclaim();
        lent = ByteBuffer.allocate(size);
        return lent;
    }

    /**
     * Writes the bytes between {@code data}'s position and limit; {@code data} is the buffer {@link #lend}
     * returned, or a duplicate of it (same indexes: not a slice), which goes back to this output.
     */
    public void writeLent(ByteBuffer data) throws IOException {
        lent = null;
        ByteBuffer d = data.duplicate();
        byte[] piece = new byte[Math.min(d.remaining(), 64 * 1024)];
        while (d.hasRemaining()) {
            int n = Math.min(piece.length, d.remaining());
            d.get(piece, 0, n);
            write(piece, 0, n);
        }
    }

    /** Frees a buffer lent and not written (the read into it failed). Idempotent. */
    public void reclaim() {
        lent = null;
    }
}
