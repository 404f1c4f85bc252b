package io.hayloft.http;

import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Backpressure for a response written from a virtual thread: waits until Vert.x's write queue has
 * room again, the client goes away, or the client has read nothing for a while. Stateless.
 */
public final class ResponseDrain {
    /** How long a client may read nothing before the response is given up. */
    public static final Duration STALL = Duration.ofMinutes(2);

    private ResponseDrain() {
    }

    /**
     * Returns once {@code response}'s write queue has room.
     *
     * @param closed completes when the connection closes
     * @throws IOException when the connection closed first, the client read nothing for {@link #STALL},
     *                     or the thread was interrupted
     */
    public static void await(HttpServerResponse response, CompletableFuture<Void> closed) throws IOException {
        CompletableFuture<Void> drained = new CompletableFuture<>();
        response.drainHandler(v -> drained.complete(null));
        if (!response.writeQueueFull()) {
            drained.complete(null);
        }
        try {
            CompletableFuture.anyOf(drained, closed).get(STALL.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending the response", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the client stopped reading the response", e);
        }
        if (!drained.isDone()) {
            throw new IOException("the client closed the connection");
        }
    }
}
