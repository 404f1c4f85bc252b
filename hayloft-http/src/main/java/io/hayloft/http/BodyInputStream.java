package io.hayloft.http;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.streams.ReadStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An HTTP body (a request body, one multipart file part, or a client response body) as a blocking
 * {@link InputStream} for a virtual thread, with backpressure: the event loop queues incoming
 * buffers and pauses the source above {@value #HIGH_WATER} queued bytes; the reader resumes it once
 * the queue drops below {@value #LOW_WATER}. So a body of any size holds at most about a MiB here.
 * A body that sends nothing for the stall timeout fails the read.
 *
 * <p>{@link #attach} runs on the source's event loop, before any buffer can arrive; {@code read}
 * and {@code close} on one other thread.
 */
public final class BodyInputStream extends InputStream {
    static final int HIGH_WATER = 1 << 20;
    static final int LOW_WATER = 256 << 10;
    /** How long a request body may send nothing before it is treated as broken. */
    public static final Duration DEFAULT_STALL = Duration.ofMinutes(2);

    private final ReadStream<Buffer> source;
    private final Context context;
    private final long stallNanos;
    /** Run on the event loop when the reader closes the stream before its end; null: nothing. */
    private final Runnable onEarlyClose;
    private final BiConsumer<HttpServerRequest, String> malformed;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Buffer> queue = new ArrayDeque<>();
    private long queued;
    private boolean paused;
    private boolean ended;
    private boolean discarding;
    private Throwable failure;
    private boolean closed;
    private Buffer current;
    private int position;

    private BodyInputStream(ReadStream<Buffer> source, Context context, Duration stall, Runnable onEarlyClose,
                            BiConsumer<HttpServerRequest, String> malformed) {
        this.source = source;
        this.malformed = malformed;
        this.stallNanos = stall.toNanos();
        this.onEarlyClose = onEarlyClose;
        this.context = context;
    }

    /** Starts reading {@code source} with the {@link #DEFAULT_STALL}; call on its event loop. */
    public static BodyInputStream attach(ReadStream<Buffer> source) {
        return attach(source, DEFAULT_STALL, null);
    }

    /**
     * Starts reading {@code source}; call on its event loop.
     *
     * @param stall        how long a read waits for the next bytes before it fails
     * @param onEarlyClose run on the event loop when {@link #close()} comes before the end of the body
     *                     (a client resets its request, so the sender stops); null: close does nothing
     */
    public static BodyInputStream attach(ReadStream<Buffer> source, Duration stall, Runnable onEarlyClose) {
        return attach(source, stall, onEarlyClose, (request, message) -> MalformedRequests.answer(request, 400, message));
    }

    /**
     * {@link #attach(ReadStream, Duration, Runnable)} for a server whose errors are not Hayloft's JSON (the
     * S3 gateway's are XML): {@code malformed} answers a request whose body framing is broken (a chunk size
     * that is not hex), on the event loop, given the request and what is wrong; it must answer 400 and close
     * the connection, and do nothing when the answer is already under way.
     */
    public static BodyInputStream attach(ReadStream<Buffer> source, Duration stall, Runnable onEarlyClose,
                                         BiConsumer<HttpServerRequest, String> malformed) {
        Context context = Vertx.currentContext();
        if (context == null) {
            throw new IllegalStateException("attach a body stream on its event loop");
        }
        BodyInputStream in = new BodyInputStream(source, context, stall, onEarlyClose, malformed);
        source.handler(in::onData);
        source.exceptionHandler(in::onFailure);
        source.endHandler(v -> in.onEnd());
        if (!(source instanceof HttpServerRequest request && request.isEnded())) {
            source.resume();
        }
        return in;
    }

    /** Drops the rest of the body (the request failed before reading it) so the connection stays usable. */
    public void discard() {
        boolean wasPaused;
        lock.lock();
        try {
            discarding = true;
            queue.clear();
            queued = 0;
            wasPaused = paused;
            paused = false;
        } finally {
            lock.unlock();
        }
        if (wasPaused) {
            // only this stream pauses the source: one that flows needs no trip to the event loop (most
            // requests end here with their body read or empty)
            context.runOnContext(v -> resumeUnlessEnded());
        }
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
            if (closed) {
                throw new IOException("stream closed");
            }
            long deadline = System.nanoTime() + stallNanos;
            while (current == null || position == current.length()) {
                current = queue.poll();
                position = 0;
                if (current != null) {
                    queued -= current.length();
                    resumeIfDrained();
                    continue;
                }
                if (failure != null) {
                    throw new IOException("body broke: " + failure.getMessage(), failure);
                }
                if (ended) {
                    return -1;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("body stalled: no data for " + TimeUnit.NANOSECONDS.toSeconds(stallNanos) + " s");
                }
                changed.awaitNanos(left);
            }
            int n = Math.min(len, current.length() - position);
            current.getBytes(position, position + n, b, off);
            position += n;
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while reading a body");
        } finally {
            lock.unlock();
        }
    }

    /**
     * Without an early-close action, does nothing (the body goes on being readable, as a server
     * request's must for the response to follow it). With one, refuses further reads and, before the
     * end of the body, drops what is queued and runs the action on the event loop.
     */
    @Override
    public void close() {
        if (onEarlyClose == null) {
            return;
        }
        boolean early;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            early = !ended && failure == null;
            if (early) {
                discarding = true;
                queue.clear();
                queued = 0;
                current = null;
            }
        } finally {
            lock.unlock();
        }
        if (early) {
            context.runOnContext(v -> onEarlyClose.run());
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
        if (source instanceof HttpServerRequest request && MalformedRequests.isDecodeFailure(t)) {
            // Vert.x closes the connection once this handler returns: answer the broken framing now,
            // not from the reader's thread
            malformed.accept(request, "malformed request body: " + MalformedRequests.describe(t));
        }
    }
}
