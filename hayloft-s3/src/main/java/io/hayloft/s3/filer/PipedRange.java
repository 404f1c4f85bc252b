package io.hayloft.s3.filer;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Bytes a producer pushes into an {@link OutputStream} (the filer's chunk reader) read as an
 * {@link InputStream}: the producer runs on a virtual thread of its own and hands over blocks of
 * {@value #BLOCK} bytes through a queue of {@value #DEPTH}, so a read of any size holds at most
 * {@code (DEPTH + 2) × BLOCK} bytes and the producer waits for a slow reader.
 *
 * <p>A failure of the producer before its first byte is thrown by {@link #start} as it was thrown (the
 * caller maps it like any failure of the call); a later one by {@link #read} as an {@link IOException}
 * with it as the cause, as a broken connection would. {@link #close} before the end stops the producer at
 * its next write. The reading side is used by one thread.
 */
final class PipedRange extends InputStream {
    static final int BLOCK = 64 * 1024;
    static final int DEPTH = 4;
    private static final byte[] END = new byte[0];

    /** {@code byte[]} blocks, then {@link #END} or the producer's {@link Throwable}. */
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(DEPTH);
    private volatile boolean closed;
    private byte[] current = new byte[0];
    private int pos;
    private boolean ended;
    private IOException broken;

    private PipedRange() {
    }

    /**
     * Runs {@code producer} on a virtual thread named {@code name} and waits for its first block.
     *
     * @throws RuntimeException what the producer threw before writing anything
     */
    static PipedRange start(String name, Consumer<OutputStream> producer) {
        PipedRange pipe = new PipedRange();
        Thread.ofVirtual().name(name).start(() -> {
            Object last = END;
            try (Sink out = pipe.new Sink()) {
                producer.accept(out);
            } catch (Throwable t) {
                last = t;
            }
            pipe.hand(last);
        });
        Object first;
        try {
            first = pipe.queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pipe.close();
            throw new IllegalStateException("interrupted waiting for the first bytes", e);
        }
        if (first instanceof RuntimeException e) {
            throw e;
        }
        if (first instanceof Throwable t) {
            throw new IllegalStateException(t.toString(), t);
        }
        if (first instanceof byte[] block) {
            pipe.current = block;
        } else {
            pipe.ended = true; // END: nothing was written
        }
        return pipe;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("the read is closed");
        }
        if (broken != null) {
            throw broken;
        }
        if (len == 0) {
            return 0;
        }
        while (pos == current.length) {
            if (ended) {
                return -1;
            }
            try {
                take(queue.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted reading from the filer");
            }
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    private void take(Object item) throws IOException {
        if (item == END) {
            ended = true;
        } else if (item instanceof byte[] block) {
            current = block;
            pos = 0;
        } else {
            ended = true;
            Throwable t = (Throwable) item;
            broken = new IOException("the filer's read broke: " + t.getMessage(), t);
            throw broken;
        }
    }

    /** Stops the producer at its next write (whatever it queued is dropped). Idempotent. */
    @Override
    public void close() {
        closed = true;
        queue.clear(); // frees a producer blocked on a full queue; it sees closed at its next write
    }

    /** Queues {@code item} unless the reader is gone (then it is dropped, so the producer never blocks on it). */
    private void hand(Object item) {
        if (closed) {
            return;
        }
        try {
            queue.put(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The producer's side: collects writes into blocks and queues each full one. */
    private final class Sink extends OutputStream {
        private byte[] block = new byte[BLOCK];
        private int filled;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (closed) {
                    throw new IOException("the reader closed the stream");
                }
                int n = Math.min(len, BLOCK - filled);
                System.arraycopy(b, off, block, filled, n);
                filled += n;
                off += n;
                len -= n;
                if (filled == BLOCK) {
                    flush();
                }
            }
        }

        @Override
        public void flush() throws IOException {
            if (filled == 0) {
                return;
            }
            if (closed) {
                throw new IOException("the reader closed the stream");
            }
            byte[] full = filled == block.length ? block : java.util.Arrays.copyOf(block, filled);
            block = new byte[BLOCK];
            filled = 0;
            hand(full);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
