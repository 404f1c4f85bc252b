package io.hayloft.s3.filer;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.wire.FilerEntryJson;
import io.hayloft.api.wire.FilerListingResponse;
import io.hayloft.api.wire.FilerWriteResponse;
import io.hayloft.api.wire.HttpTransport;
import io.hayloft.client.FilerClient;
import io.hayloft.client.JdkHttpTransport;
import io.hayloft.http.EventLoops;
import io.hayloft.http.PeerClient;
import io.hayloft.http.VertxHttpTransport;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@link FilerAccess} over the filer's HTTP API ({@code hayloft s3 -filer host:port}): a thin adapter
 * over the one filer client ({@link FilerClient}), which builds the requests from
 * {@link io.hayloft.api.wire.FilerApi}, streams bodies both ways and decides on the error body's
 * {@code code}. Here that code becomes the status {@link FilerException} carries: NOT_FOUND 404,
 * CONFLICT 409, BAD_REQUEST 400 (416 for a range past the end), PAYLOAD_TOO_LARGE 413, a volume that
 * cannot take writes or any server failure 5xx, and 0 when the filer cannot be reached or the body
 * broke.
 *
 * <p>Thread-safe; every call blocks, so call from virtual threads.
 */
public final class HttpFilerAccess implements FilerAccess, AutoCloseable {
    /** How long the filer may send or take nothing while a body streams, on the Vert.x path. */
    public static final Duration STALL = Duration.ofMinutes(2);

    private final FilerClient client;
    private final HttpTransport transport;
    private final Runnable onClose;

    /**
     * @param client    the filer client to call through
     * @param transport how {@code client} sends (for the gateway's other calls between roles: the masters)
     * @param onClose   run by {@link #close()} (closes the client and whatever transport it was given)
     */
    public HttpFilerAccess(FilerClient client, HttpTransport transport, Runnable onClose) {
        this.client = client;
        this.transport = transport;
        this.onClose = onClose;
    }

    /**
     * The filer at {@code filer} ({@code host:port}) over Vert.x, as every call between roles goes
     * ({@code hayloft s3 -filer}): a Vert.x instance of its own (one event loop), its pooled
     * {@link PeerClient} and a {@link VertxHttpTransport}, all released by {@link #close()}.
     *
     * @param timeout how long a call may wait for the filer's answer (a body streams under {@link #STALL})
     */
    public static HttpFilerAccess overVertx(String filer, Duration timeout) {
        return overVertx(filer, timeout, io.hayloft.security.SecurityConfig.NONE);
    }

    /** {@link #overVertx(String, Duration)} as {@code security} asks: HTTPS with {@code [tls]}, the internal token. */
    public static HttpFilerAccess overVertx(String filer, Duration timeout, io.hayloft.security.SecurityConfig security) {
        Vertx vertx = EventLoops.create(1);
        PeerClient peers = new PeerClient(vertx, timeout, security);
        VertxHttpTransport transport = new VertxHttpTransport(peers, STALL);
        FilerClient client = FilerClient.over(filer, transport, timeout);
        return new HttpFilerAccess(client, transport, () -> {
            client.close();
            peers.close();
            vertx.close();
        });
    }

    /**
     * The filer at {@code filer} ({@code host:port}) over the JDK's HTTP client, with its own connection
     * pool that {@link #close()} releases.
     *
     * @param timeout how long a metadata call may take (a body streams under the stall timeouts)
     */
    public static HttpFilerAccess overJdk(String filer, Duration timeout) {
        JdkHttpTransport transport = new JdkHttpTransport(timeout);
        FilerClient client = FilerClient.over(filer, transport, timeout);
        return new HttpFilerAccess(client, transport, () -> {
            client.close();
            transport.close();
        });
    }

    /** The transport the filer client sends through: the gateway's calls to masters take it too. */
    @Override
    public Optional<HttpTransport> transport() {
        return Optional.of(transport);
    }

    /** The filer's {@code host:port}. */
    @Override
    public String describe() {
        return client.address();
    }

    @Override
    public List<String> masters() {
        return call("status", () -> client.status().masters());
    }

    @Override
    public Optional<FilerEntry> find(String path) {
        return call("look up " + path, () -> client.find(path).map(HttpFilerAccess::entry));
    }

    @Override
    public FilerPage list(String directory, String start, boolean inclusive, int limit) {
        FilerListingResponse page = call("list " + directory, () -> client.list(directory, start, inclusive, limit));
        return new FilerPage(page.entries().stream().map(HttpFilerAccess::entry).toList(), page.shouldDisplayLoadMore());
    }

    @Override
    public void mkdirs(String directory) {
        call("create directory " + directory, () -> {
            client.mkdirs(directory);
            return null;
        });
    }

    @Override
    public Written write(String path, InputStream body, long length, WriteOptions options) {
        FilerWriteResponse w = call("write " + path, () -> client.write(path, body, length,
                // S3 clients take a PutObject's ETag for the MD5 of the bytes, however large the object
                new FilerClient.WriteOptions(options.contentType(), options.metadata(), options.collection(), true)));
        return new Written(w.size(), w.eTag());
    }

    @Override
    public Written compose(String path, java.util.List<String> sources, WriteOptions options) {
        FilerWriteResponse w = call("compose " + path, () -> client.compose(path, sources,
                new FilerClient.WriteOptions(options.contentType(), options.metadata(), options.collection())));
        return new Written(w.size(), "");
    }

    @Override
    public void rename(String from, String to) {
        call("move " + from + " to " + to, () -> {
            client.rename(from, to);
            return null;
        });
    }

    @Override
    public boolean delete(String path, boolean recursive) {
        return call("delete " + path, () -> client.delete(path, recursive));
    }

    @Override
    public FilerRead read(String path, long offset, long length) {
        FilerClient.FileRead r = call("read " + path, () -> client.read(path, offset, length));
        return new FilerRead(r.body(), r.length(), r.eTag());
    }

    /** Closes the client (and the transport it owns). */
    @Override
    public void close() {
        onClose.run();
    }

    private static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (HttpTransport.Unreachable e) {
            throw new FilerException(what + ": " + e.getMessage(), e);
        } catch (FilerClient.RangeNotSatisfiable e) {
            throw new FilerException(416, what + ": " + e.getMessage(), e);
        } catch (HayloftException e) {
            throw new FilerException(status(e.code()), what + ": " + e.getMessage(), e);
        }
    }

    /** The status the gateway decides on, from the filer's error code. */
    static int status(ErrorCode code) {
        // a full or read-only volume is the cluster's trouble, not a conflict between keys
        return code == ErrorCode.VOLUME_NOT_WRITABLE ? ErrorCode.UNAVAILABLE.httpStatus() : code.httpStatus();
    }

    static FilerEntry entry(FilerEntryJson e) {
        return new FilerEntry(e.fullPath(), e.directory(), e.fileSize(), e.modified(), e.mime(), e.entityTag(),
                new java.util.TreeMap<>(e.extended()));
    }
}
