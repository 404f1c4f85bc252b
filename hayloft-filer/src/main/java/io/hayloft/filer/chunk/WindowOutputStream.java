package io.hayloft.filer.chunk;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Passes on only bytes {@code [offset, offset + length)} of what is written to it and drops the rest.
 * Not thread-safe; does not close the target.
 */
final class WindowOutputStream extends OutputStream {
    private final OutputStream target;
    private final long start;
    private final long end;
    private long position;

    WindowOutputStream(OutputStream target, long offset, long length) {
        this.target = target;
        this.start = offset;
        this.end = offset + length;
    }

    @Override
    public void write(int b) throws IOException {
        if (position >= start && position < end) {
            target.write(b);
        }
        position++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        long from = Math.max(position, start);
        long to = Math.min(position + len, end);
        if (from < to) {
            target.write(b, off + (int) (from - position), (int) (to - from));
        }
        position += len;
    }

    @Override
    public void flush() throws IOException {
        target.flush();
    }
}
