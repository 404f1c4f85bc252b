package io.hayloft.filer.http;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.streams.ReadStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A request body (or one multipart file part) as a blocking {@link InputStream} for a virtual
 * thread, with backpressure: the event loop queues incoming buffers and pauses the source above
 * {@value #HIGH_WATER} queued bytes; the reader resumes it once the queue drops below
 * {@value #LOW_WATER}. So a body of any size holds at most about a MiB here.
 *
 * <p>{@link #attach} runs on the source's event loop; {@code read} on one other thread.
 */
final class BodyInputStream extends InputStream {
    static final int HIGH_WATER = 1 << 20;
    static final int LOW_WATER = 256 << 10;
    /** A body that sends nothing for this long is treated as broken. */
    private static final long STALL_NANOS = TimeUnit.MINUTES.toNanos(2);

    private final ReadStream<Buffer> source;
    private final Context context;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Buffer> queue = new ArrayDeque<>();
    private long queued;
    private boolean paused;
    private boolean ended;
    private boolean discarding;
    private Throwable failure;
    private Buffer current;
    private int position;

    private BodyInputStream(ReadStream<Buffer> source, Context context) {
        this.source = source;
        this.context = context;
    }

    /** Starts reading {@code source}; call on its event loop. */
    static BodyInputStream attach(ReadStream<Buffer> source) {
        Context context = Vertx.currentContext();
        if (context == null) {
            throw new IllegalStateException("attach a body stream on its event loop");
        }
        BodyInputStream in = new BodyInputStream(source, context);
        source.handler(in::onData);
        source.exceptionHandler(in::onFailure);
        source.endHandler(v -> in.onEnd());
        if (!(source instanceof HttpServerRequest request && request.isEnded())) {
            source.resume();
        }
        return in;
    }

    /** Drops the rest of the body (the request failed before reading it) so the connection stays usable. */
    void discard() {
        lock.lock();
        try {
            discarding = true;
            queue.clear();
            queued = 0;
            paused = false;
        } finally {
            lock.unlock();
        }
        context.runOnContext(v -> resumeUnlessEnded());
    }

    /** Resumes the source on its event loop unless it ended (a finished stream refuses resume) or filled up again. */
    private void resumeUnlessEnded() {
        lock.lock();
        try {
            if (!paused && !ended && failure == null) {
                source.resume();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        lock.lock();
        try {
            long deadline = System.nanoTime() + STALL_NANOS;
            while (current == null || position == current.length()) {
                current = queue.poll();
                position = 0;
                if (current != null) {
                    queued -= current.length();
                    resumeIfDrained();
                    continue;
                }
                if (failure != null) {
                    throw new IOException("request body broke: " + failure.getMessage(), failure);
                }
                if (ended) {
                    return -1;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("request body stalled for " + TimeUnit.NANOSECONDS.toSeconds(STALL_NANOS) + " s");
                }
                changed.awaitNanos(left);
            }
            int n = Math.min(len, current.length() - position);
            current.getBytes(position, position + n, b, off);
            position += n;
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the request body", e);
        } finally {
            lock.unlock();
        }
    }

    private void resumeIfDrained() {
        if (paused && queued <= LOW_WATER) {
            paused = false;
            context.runOnContext(v -> resumeUnlessEnded());
        }
    }

    private void onData(Buffer buffer) {
        lock.lock();
        try {
            if (discarding) {
                return;
            }
            queue.add(buffer);
            queued += buffer.length();
            if (queued >= HIGH_WATER) {
                paused = true;
                source.pause();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void onEnd() {
        lock.lock();
        try {
            ended = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void onFailure(Throwable t) {
        lock.lock();
        try {
            if (failure == null) {
                failure = t;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
