package io.hayloft.volume.copy;

import io.hayloft.http.BodyInputStream;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@code GET} to another volume server whose (possibly huge) answer is read as a stream, paused and
 * resumed by its reader, so memory stays bounded whatever the size: volume copies and erasure-coded
 * shard copies. Blocking: call from a virtual thread. Thread-safe.
 */
public final class StreamingGet implements AutoCloseable {
    private static final int ERROR_BODY_LIMIT = 4096;

    private final Vertx vertx;
    private final HttpClient client;
    private final Duration idleTimeout;

    /**
     * @param vertx       the server's Vert.x instance
     * @param idleTimeout how long the peer may send nothing (connect, headers, body) before the transfer fails
     */
    public StreamingGet(Vertx vertx, Duration idleTimeout) {
        this.vertx = vertx;
        this.idleTimeout = idleTimeout;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setTcpNoDelay(true)
                .setConnectTimeout((int) Math.min(idleTimeout.toMillis(), Integer.MAX_VALUE)));
    }

    /**
     * Sends the GET and waits for a 200 answer's head; its body is then read through the stream (close it).
     *
     * @throws NotFound    when the peer answers 404
     * @throws IOException when the peer cannot be reached, answers another non-200 status or stays silent
     */
    public BodyInputStream open(String url) throws IOException {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
                .setIdleTimeout(idleTimeout.toMillis());
        CompletableFuture<BodyInputStream> opened = new CompletableFuture<>();
        Context context = vertx.getOrCreateContext();
        // Built on the event loop, so the body handlers are set before any buffer is delivered.
        context.runOnContext(v -> request(options)
                .compose(req -> req.send())
                .onComplete(ar -> {
                    if (ar.failed()) {
                        opened.completeExceptionally(ar.cause());
                        return;
                    }
                    HttpClientResponse response = ar.result();
                    if (response.statusCode() == 200) {
                        opened.complete(BodyInputStream.attach(response, idleTimeout,
                                () -> response.request().reset()));
                    } else {
                        int status = response.statusCode();
                        response.body().onComplete(body -> {
                            String text = "the source answered " + status
                                    + (body.succeeded() ? ": " + excerpt(body.result().toString()) : "");
                            opened.completeExceptionally(status == 404 ? new NotFound(text) : new IOException(text));
                        });
                    }
                }));
        try {
            return opened.get(idleTimeout.toNanos() * 2, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            opened.thenAccept(BodyInputStream::close); // an answer arriving later is dropped
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking " + url, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException("cannot reach " + url + ": " + cause, cause);
        } catch (TimeoutException e) {
            opened.thenAccept(BodyInputStream::close);
            throw new IOException("no answer from " + url + " within " + idleTimeout.multipliedBy(2));
        }
    }

    /** The peer answered 404: it does not have what was asked for. */
    public static final class NotFound extends IOException {
        NotFound(String message) {
            super(message);
        }
    }

    /** The request, or a failed future (never a throw: the caller's future must always complete). */
    private Future<HttpClientRequest> request(RequestOptions options) {
        try {
            return client.request(options);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private static String excerpt(String body) {
        return body.length() <= ERROR_BODY_LIMIT ? body : body.substring(0, ERROR_BODY_LIMIT) + "...";
    }

    @Override
    public void close() {
        client.close();
    }
}
