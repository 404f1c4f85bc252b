package io.hayloft.s3.http;

import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer a handler builds on its virtual thread. Its status and headers are kept here, never in the
 * Vert.x response, and handed to Vert.x in one step on the request's event loop ({@link #end},
 * {@link #startBody}); there the hand-over is dropped when the event loop answered the request already
 * (a broken body framing gets {@code IncompleteBody} there, {@link InvalidRequests#answerMalformedBody}).
 * So exactly one party writes a response's head, and the two never touch the same headers at once.
 *
 * <p>Used by the one virtual thread that handles the request; the hand-over runs on the event loop.
 */
final class S3Response {
    private static final Logger LOG = LoggerFactory.getLogger(S3Response.class);
    /** How long {@link #startBody} waits for the event loop (which only stalls when Vert.x is closing). */
    private static final long HAND_OVER_SECONDS = 30;

    private final HttpServerResponse vertx;
    private final Context eventLoop;
    private final MultiMap headers = HttpHeaders.headers();
    private int status = 200;
    private boolean handedOver;

    /** The request was answered on the event loop before this answer could start. */
    static final class Preempted extends IOException {
        Preempted() {
            super("the request was answered before its body started");
        }
    }

    S3Response(HttpServerResponse vertx, Context eventLoop) {
        this.vertx = vertx;
        this.eventLoop = eventLoop;
    }

    /**
     * Sets header {@code name} to {@code value} (replacing any value).
     *
     * @throws IllegalArgumentException when the name or value is no HTTP header's (a line break, a control
     *                                  character)
     */
    S3Response putHeader(String name, String value) {
        headers.set(name, value);
        return this;
    }

    /** The value of header {@code name} set so far, or null. */
    String header(String name) {
        return headers.get(name);
    }

    /** Removes the headers whose names {@code which} accepts. */
    void removeHeaders(Predicate<String> which) {
        headers.names().stream().filter(which).toList().forEach(headers::remove);
    }

    /** Sets the status (200 unless set). */
    S3Response setStatusCode(int status) {
        this.status = status;
        return this;
    }

    /** Whether the head was handed to Vert.x (the answer is under way or was dropped): it can change no more. */
    boolean handedOver() {
        return handedOver;
    }

    /** Sends the status and headers with no body, unless the request was answered already. */
    void end() {
        handOver(r -> r.end());
    }

    /** Sends the status, headers and {@code body}, unless the request was answered already. */
    void end(Buffer body) {
        handOver(r -> r.end(body));
    }

    /**
     * Sends the status and headers with {@code first}, the start of a body the caller goes on writing to the
     * Vert.x response this returns (from this thread; Vert.x's writes are thread-safe), and waits until they
     * are under way.
     *
     * @throws Preempted   when the request was answered already (nothing to report: the client has its answer)
     * @throws IOException when the connection closed
     */
    HttpServerResponse startBody(Buffer first, Consumer<HttpServerResponse> prepare) throws IOException {
        CompletableFuture<Boolean> started = handOver(r -> {
            prepare.accept(r);
            r.write(first);
        });
        try {
            if (!started.get(HAND_OVER_SECONDS, TimeUnit.SECONDS)) {
                throw new Preempted();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the response", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("could not start the response: " + e, e);
        }
        return vertx;
    }

    /**
     * Gives up an answer that was handed over: on the event loop, after the hand-over, closes the connection
     * unless the answer ended (a body that stopped short is told by a broken connection).
     */
    void breakOff() {
        eventLoop.runOnContext(v -> {
            if (!vertx.ended() && !vertx.closed()) {
                vertx.reset();
            }
        });
    }

    /**
     * Hands the head to Vert.x on the event loop and runs {@code write} there, unless the response was
     * answered or closed meanwhile; completes with whether it ran.
     */
    private CompletableFuture<Boolean> handOver(Consumer<HttpServerResponse> write) {
        if (handedOver) {
            throw new IllegalStateException("the answer's head was handed over already");
        }
        handedOver = true;
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        eventLoop.runOnContext(v -> {
            if (vertx.ended() || vertx.closed() || vertx.headWritten()) {
                done.complete(false); // answered on the event loop (a broken body), or the client left
                return;
            }
            try {
                vertx.setStatusCode(status);
                vertx.headers().setAll(headers);
                write.accept(vertx);
                done.complete(true);
            } catch (RuntimeException e) {
                LOG.warn("could not send an answer: {}", e.toString(), e);
                done.completeExceptionally(e);
                vertx.reset(); // nothing sensible was sent: the client must not wait for more
            }
        });
        return done;
    }
}
