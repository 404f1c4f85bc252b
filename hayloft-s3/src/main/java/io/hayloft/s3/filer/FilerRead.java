package io.hayloft.s3.filer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * An open read of a file's bytes from the filer: a stream to copy ({@link #body()}) or bytes to write
 * into an output ({@link #writeTo}); close it either way.
 *
 * <p>A read from {@link FilerAccess#readDirect} in the filer's process has no stream until one is asked
 * for: {@link #writeTo} runs the filer's chunk reader on the caller's thread straight into the output,
 * which lends the reader its buffers when it is a {@link io.hayloft.filer.chunk.ChunkOutput} (a response body that sends them as
 * they are: no copy between the volume server's bytes and the socket). Used by one thread.
 */
public final class FilerRead implements AutoCloseable {
    /** Writes the bytes read into an output (the filer's chunk reader), failing as {@link FilerAccess#read} does. */
    @FunctionalInterface
    public interface Writer {
        /**
         * @throws FilerException      when the filer fails before or while reading
         * @throws java.io.UncheckedIOException when writing to {@code out} fails
         */
        void writeTo(OutputStream out);
    }

    private final long length;
    private final String eTag;
    private final Writer writer;
    private InputStream body;

    /**
     * A read whose bytes are {@code body}.
     *
     * @param length how many bytes {@code body} holds
     * @param eTag   the filer's ETag of the file read, quoted (to detect a file replaced since its lookup)
     */
    public FilerRead(InputStream body, long length, String eTag) {
        this.body = body;
        this.length = length;
        this.eTag = eTag;
        this.writer = null;
    }

    private FilerRead(Writer writer, long length, String eTag) {
        this.writer = writer;
        this.length = length;
        this.eTag = eTag;
    }

    /** A read of {@code length} bytes that {@code writer} produces when they are written out or streamed. */
    public static FilerRead written(Writer writer, long length, String eTag) {
        return new FilerRead(writer, length, eTag);
    }

    /** How many bytes the read holds. */
    public long length() {
        return length;
    }

    /** The filer's ETag of the file read, quoted. */
    public String eTag() {
        return eTag;
    }

    /**
     * The bytes as a stream (for a written read, produced on a virtual thread of its own, {@link PipedRange}).
     *
     * @throws FilerException when the filer fails before the first byte
     */
    public InputStream body() {
        if (body == null) {
            body = PipedRange.start("s3-read", writer::writeTo);
        }
        return body;
    }

    /**
     * Writes all the bytes into {@code out} (not closed): by the writer itself on this thread for a written
     * read, else copied from {@link #body()}.
     *
     * @throws FilerException when the filer fails
     * @throws IOException    when the body or {@code out} fails, or the body ends short
     */
    public void writeTo(OutputStream out) throws IOException {
        if (writer != null && body == null) {
            try {
                writer.writeTo(out);
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            }
            return;
        }
        long copied = body().transferTo(out);
        if (copied != length) {
            throw new IOException("the filer sent " + copied + " of " + length + " bytes");
        }
    }

    @Override
    public void close() {
        if (body == null) {
            return;
        }
        try {
            body.close();
        } catch (IOException e) {
            // nothing to do: the connection is dropped
        }
    }
}
