package io.hayloft.client;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The JDK HTTP client the whole {@link HayloftClient} shares: HTTP/1.1 with keep-alive, callbacks on
 * virtual threads. Turns I/O failures into UNAVAILABLE {@link HayloftException}s. Thread-safe.
 */
final class Transport implements AutoCloseable {
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http;
    private final Duration requestTimeout;

    Transport(Duration connectTimeout, Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    /** Uploads get extra time on top of the request timeout: at least this many bytes per second. */
    static final long SLOWEST_UPLOAD_BYTES_PER_SECOND = 1024 * 1024;

    /** A request builder for {@code uri} with the configured timeout. */
    HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(requestTimeout);
    }

    /**
     * A request builder for sending {@code bodyBytes} to {@code uri}: the configured timeout plus one
     * second per MiB, so a large upload over a slow link is not cut off while its body is still sent.
     */
    HttpRequest.Builder request(URI uri, long bodyBytes) {
        long extraSeconds = Math.max(0, bodyBytes) / SLOWEST_UPLOAD_BYTES_PER_SECOND;
        return HttpRequest.newBuilder(uri).timeout(requestTimeout.plusSeconds(extraSeconds));
    }

    /** Sends and reads the whole answer, whatever its status; an unreachable server is UNAVAILABLE. */
    Reply send(HttpRequest request) {
        HttpResponse<byte[]> r = exchange(request, HttpResponse.BodyHandlers.ofByteArray());
        return new Reply(request.uri(), r.statusCode(), r.headers(), r.body());
    }

    /** Sends and returns the answer with its body still to be read; the caller closes the stream. */
    HttpResponse<InputStream> open(HttpRequest request) {
        return exchange(request, HttpResponse.BodyHandlers.ofInputStream());
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw unreachable(request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HayloftException(ErrorCode.UNAVAILABLE, "interrupted while calling " + request.uri(), e);
        }
    }

    /** The UNAVAILABLE failure for an I/O error talking to {@code uri}. */
    static HayloftException unreachable(URI uri, IOException e) {
        String why = e.getMessage() != null ? e.getMessage()
                : e instanceof ConnectException ? "connection refused"
                : e.getClass().getSimpleName();
        return new HayloftException(ErrorCode.UNAVAILABLE, "cannot reach " + uri.getRawAuthority() + ": " + why, e);
    }

    @Override
    public void close() {
        http.shutdownNow();
        http.close();
        executor.close();
    }
}
