package io.hayloft.filer.chunk;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An output a chunk's bytes can be handed to without a copy: {@link #writeOwned} lets the stream keep
 * the caller's array (a response body sends it as it is). Used by one thread.
 */
public abstract class ChunkOutput extends OutputStream {
    /**
     * Writes {@code data[off, off + len)}, taking the array over: the caller never changes it again.
     * This implementation copies, as {@link #write(byte[], int, int)} does.
     */
    public void writeOwned(byte[] data, int off, int len) throws IOException {
        write(data, off, len);
    }

    /** {@code out.writeOwned} when {@code out} is a {@link ChunkOutput}, else a plain (copying) write. */
    static void writeOwned(OutputStream out, byte[] data, int off, int len) throws IOException {
        if (out instanceof ChunkOutput chunks) {
            chunks.writeOwned(data, off, len);
        } else {
            out.write(data, off, len);
        }
    }
}
