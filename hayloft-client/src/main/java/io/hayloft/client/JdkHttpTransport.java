package io.hayloft.client;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.wire.HttpTransport;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@link HttpTransport} on the JDK's {@link HttpClient} (HTTP/1.1, keep-alive, callbacks on virtual
 * threads): for applications and the shell ({@code hayloft fs}). Hayloft's servers use the Vert.x one
 * ({@code io.hayloft.http.VertxHttpTransport}). A request's deadline covers its body's upload too (the
 * JDK times the whole exchange up to the answer's headers), so a body of known length gets one more
 * second per MiB and a body of unknown length {@link #UNKNOWN_LENGTH_ALLOWANCE} more. Thread-safe.
 */
public final class JdkHttpTransport implements HttpTransport {
    /** Extra time for sending a body whose length is not known up front. */
    public static final Duration UNKNOWN_LENGTH_ALLOWANCE = Duration.ofMinutes(30);
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http;

    /** @param connectTimeout how long opening a TCP connection may take */
    public JdkHttpTransport(Duration connectTimeout) {
        this(connectTimeout, null);
    }

    /**
     * @param connectTimeout how long opening a TCP connection may take
     * @param tls            the TLS context of {@code https} calls (the cluster's CA trusted), or null for the JDK's default
     */
    public JdkHttpTransport(Duration connectTimeout, javax.net.ssl.SSLContext tls) {
        HttpClient.Builder builder = HttpClient.newBuilder();
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    @Override
    public Response open(Request request) {
        Duration deadline = request.timeout();
        HttpRequest.BodyPublisher publisher;
        switch (request.body()) {
            case null -> publisher = HttpRequest.BodyPublishers.noBody();
            case Bytes b -> {
                // published in slices read from the caller's array: the byte-array publisher copies it whole
                publisher = b.length() == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                                () -> new java.io.ByteArrayInputStream(b.bytes())), b.length());
                deadline = deadline.plusSeconds(b.length() / Transport.SLOWEST_UPLOAD_BYTES_PER_SECOND);
            }
            case Stream s -> {
                // the JDK refuses a fixed length of 0 (an empty file is common: folder markers, flags)
                publisher = s.length() == 0 ? HttpRequest.BodyPublishers.noBody()
                        : s.length() > 0
                        ? HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(s::in), s.length())
                        : HttpRequest.BodyPublishers.ofInputStream(s::in);
                deadline = s.length() < 0 ? deadline.plus(UNKNOWN_LENGTH_ALLOWANCE)
                        : deadline.plusSeconds(s.length() / Transport.SLOWEST_UPLOAD_BYTES_PER_SECOND);
            }
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(request.uri()).timeout(deadline)
                .method(request.method(), publisher);
        request.headers().forEach(b::header);
        HttpResponse<InputStream> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new Unreachable(request.uri(), e);
        } catch (IllegalArgumentException e) {
            throw HayloftException.badRequest("cannot send " + request.method() + " " + request.uri() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HayloftException(ErrorCode.UNAVAILABLE, "interrupted calling " + request.uri(), e);
        }
        return new JdkResponse(r);
    }

    @Override
    public void close() {
        http.shutdownNow();
        http.close();
        executor.close();
    }

    private record JdkResponse(HttpResponse<InputStream> response) implements Response {
        @Override
        public int status() {
            return response.statusCode();
        }

        @Override
        public Optional<String> header(String name) {
            return response.headers().firstValue(name);
        }

        @Override
        public Map<String, List<String>> all() {
            return response.headers().map();
        }

        @Override
        public InputStream body() {
            return response.body();
        }

        @Override
        public void close() {
            try {
                response.body().close();
            } catch (IOException e) {
                // the connection is dropped: nothing else to release
            }
        }
    }
}
