package io.hayloft.volume.copy;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link ChunkSink} over a Vert.x {@link HttpServerResponse} with back-pressure: at most
 * {@code maxInFlight} chunks are queued towards the socket; the writing (virtual) thread waits for
 * the oldest to be written before it queues another, so a slow receiver slows the reader of the
 * files instead of filling memory. Not thread-safe: one writer thread.
 */
final class ResponseChunkSink implements ChunkSink {
    private final HttpServerResponse response;
    private final int maxInFlight;
    private final Duration stallTimeout;
    private final Deque<Future<Void>> inFlight = new ArrayDeque<>();

    /**
     * @param maxInFlight  chunks queued towards the socket at most
     * @param stallTimeout how long one chunk may wait for the receiver before the copy is abandoned
     */
    ResponseChunkSink(HttpServerResponse response, int maxInFlight, Duration stallTimeout) {
        this.response = response;
        this.maxInFlight = maxInFlight;
        this.stallTimeout = stallTimeout;
    }

    @Override
    public void write(ByteBuffer chunk) throws IOException {
        inFlight.addLast(response.write(buffer(chunk)));
        while (inFlight.size() > maxInFlight) {
            await(inFlight.removeFirst());
        }
    }

    /** Waits for every queued chunk, then ends the response. */
    void end() throws IOException {
        while (!inFlight.isEmpty()) {
            await(inFlight.removeFirst());
        }
        await(response.end());
    }

    private static Buffer buffer(ByteBuffer chunk) {
        if (chunk.hasArray() && chunk.arrayOffset() == 0 && chunk.position() == 0
                && chunk.remaining() == chunk.array().length) {
            return Buffer.buffer(chunk.array());
        }
        byte[] copy = new byte[chunk.remaining()];
        chunk.get(copy);
        return Buffer.buffer(copy);
    }

    private void await(Future<Void> f) throws IOException {
        try {
            f.toCompletionStage().toCompletableFuture().get(stallTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while sending a volume copy");
        } catch (ExecutionException e) {
            throw new IOException("the receiver of the volume copy is gone: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("the receiver of the volume copy took no data for " + stallTimeout);
        }
    }
}
