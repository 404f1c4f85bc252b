package io.hayloft.s3.filer;

import java.io.IOException;
import java.io.InputStream;

/**
 * A write's body as the filer takes it from the HTTP client: exactly {@code length} bytes (when known),
 * the first failure of the underlying stream kept. A body that ends early or runs past {@code length}
 * fails the read, as a request whose body disagrees with its {@code Content-Length} fails to send.
 *
 * <p>Used by one thread.
 */
final class ExactLengthStream extends InputStream {
    private final InputStream in;
    private final long length;
    private long read;
    private volatile Throwable failure;

    /** @param length the bytes {@code in} must hold, or -1 for "to its end, whatever that is" */
    ExactLengthStream(InputStream in, long length) {
        this.in = in;
        this.length = length;
    }

    /** Why reading failed (the underlying stream's exception, or a length mismatch), or null. */
    Throwable failure() {
        return failure;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (failure != null) {
            throw new IOException(failure.getMessage(), failure);
        }
        if (len == 0) {
            return 0;
        }
        try {
            if (length >= 0 && read == length) {
                if (in.read() >= 0) {
                    throw fail(new IOException("the body is longer than the " + length + " bytes announced"));
                }
                return -1;
            }
            int ask = length >= 0 ? (int) Math.min(len, length - read) : len;
            int n = in.read(b, off, ask);
            if (n < 0) {
                if (length >= 0) {
                    throw fail(new IOException("the body ended after " + read + " of the " + length
                            + " bytes announced"));
                }
                return -1;
            }
            read += n;
            return n;
        } catch (IOException | RuntimeException e) {
            if (failure == null) {
                failure = e;
            }
            throw e;
        }
    }

    private IOException fail(IOException e) {
        failure = e;
        return e;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
