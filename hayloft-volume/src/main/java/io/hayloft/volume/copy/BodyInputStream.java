package io.hayloft.volume.copy;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Vert.x HTTP response body as a blocking {@link InputStream}, in bounded memory: the event loop
 * queues the body's buffers, pausing the response once {@link #HIGH_WATER} bytes wait, and the
 * reading (virtual) thread resumes it when they fall under {@link #LOW_WATER}. Closing the stream
 * before its end resets the request, so the sender stops.
 *
 * <p>Create it on the response's event loop (in the callback that received the response), so no
 * buffer arrives before its handlers are set. One reader thread.
 */
final class BodyInputStream extends InputStream {
    static final long HIGH_WATER = 8L << 20;
    static final long LOW_WATER = 2L << 20;
    private static final Object END = new Object();

    private final HttpClientResponse response;
    private final Context context;
    private final Duration idleTimeout;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queued = new AtomicLong();
    private final AtomicBoolean paused = new AtomicBoolean();
    private Buffer current;
    private int position;
    private boolean ended;
    private boolean closed;

    /**
     * @param context     the event loop context the response is delivered on
     * @param idleTimeout how long {@link #read} waits for the next bytes before it fails
     */
    BodyInputStream(HttpClientResponse response, Context context, Duration idleTimeout) {
        this.response = response;
        this.context = context;
        this.idleTimeout = idleTimeout;
        response.handler(this::arrived);
        response.endHandler(v -> queue.add(END));
        response.exceptionHandler(queue::add);
    }

    private void arrived(Buffer b) {
        queue.add(b);
        if (queued.addAndGet(b.length()) > HIGH_WATER && paused.compareAndSet(false, true)) {
            response.pause();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(length, current.length() - position);
        current.getBytes(position, position + n, into, offset);
        position += n;
        return n;
    }

    /** Makes {@link #current} hold unread bytes; false at the end of the body. */
    private boolean fill() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        while (current == null || position == current.length()) {
            if (ended) {
                return false;
            }
            Object next;
            try {
                next = queue.poll(idleTimeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while receiving a volume copy");
            }
            if (next == null) {
                throw new IOException("no data from the source for " + idleTimeout);
            }
            if (next == END) {
                ended = true;
                return false;
            }
            if (next instanceof Throwable t) {
                throw new IOException("the volume copy stream failed: " + t, t);
            }
            current = (Buffer) next;
            position = 0;
            if (queued.addAndGet(-current.length()) < LOW_WATER && paused.compareAndSet(true, false)) {
                context.runOnContext(v -> response.resume());
            }
        }
        return true;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.clear();
        current = null;
        if (!ended) {
            context.runOnContext(v -> response.request().reset());
        }
    }
}
