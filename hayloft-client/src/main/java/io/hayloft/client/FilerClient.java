package io.hayloft.client;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.wire.FilerApi;
import io.hayloft.api.wire.FilerChangesResponse;
import io.hayloft.api.wire.FilerComposeRequest;
import io.hayloft.api.wire.FilerEntryJson;
import io.hayloft.api.wire.FilerListingResponse;
import io.hayloft.api.wire.FilerStatusResponse;
import io.hayloft.api.wire.FilerWriteResponse;
import io.hayloft.api.wire.HttpTransport;
import io.hayloft.api.wire.PathQuery;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one client of the filer's HTTP API ({@link FilerApi}), for {@code hayloft fs} and the S3 gateway
 * ({@code hayloft s3 -filer}): look up, list, make directories, write a stream, read a range, rename,
 * delete, and the filer's status. Requests are built from {@link FilerApi} (paths percent-encoded
 * segment by segment, so any name travels: spaces, {@code %}, {@code +}, unicode); answers are read as
 * the api's DTOs ({@link FilerEntryJson}, {@link FilerListingResponse}, {@link FilerWriteResponse},
 * {@link FilerStatusResponse}). Bodies stream both ways: a write sends the caller's stream as it is
 * read, a read hands back the answer's stream, so no file is held whole in memory.
 *
 * <p>How bytes travel is an {@link HttpTransport}: the JDK's client ({@link #create}) for the shell and
 * applications, a server's Vert.x one ({@code io.hayloft.http.VertxHttpTransport}) inside Hayloft.
 *
 * <p>Thread-safe; every call blocks (call from virtual threads) and has a deadline: the metadata
 * timeout up to the answer's headers (plus a second per MiB of a write's body), then the transport's
 * stall timeout while a body streams. Failures are {@link HayloftException}s decided on the error
 * body's {@code code} (the status only when the body has none): NOT_FOUND, CONFLICT (a file where a
 * directory is needed or the reverse, a non-empty directory), BAD_REQUEST, PAYLOAD_TOO_LARGE,
 * INTERNAL or UNAVAILABLE from the filer; {@link HttpTransport.Unreachable} (UNAVAILABLE) when it cannot
 * be reached or a write's body broke; {@link RangeNotSatisfiable} for a range past a file's end.
 */
public final class FilerClient implements AutoCloseable {
    /** Prefix of request and response headers that carry user metadata. */
    public static final String METADATA_HEADER = "Seaweed-";
    /** How much of an error body is read. */
    private static final int ERROR_BODY_LIMIT = 64 * 1024;
    private static final Map<String, String> ACCEPT_JSON = Map.of("Accept", "application/json");

    private final String address;
    private final HttpTransport transport;
    private final boolean ownsTransport;
    private final Duration timeout;
    private final Json json = new Json();

    private FilerClient(String address, HttpTransport transport, boolean ownsTransport, Duration timeout) {
        HayloftException.checkArgument(address != null && !address.isBlank(), "filer address is required");
        HayloftException.checkArgument(timeout != null && timeout.isPositive(), "filer timeout must be positive");
        this.address = address;
        this.transport = transport;
        this.ownsTransport = ownsTransport;
        this.timeout = timeout;
    }

    /**
     * A client of the filer at {@code filer} on the JDK's HTTP client, with its own connection pool;
     * close it to release the pool.
     *
     * @param filer   {@code host:port} (or {@code http://host:port})
     * @param timeout how long a call may wait for the answer's headers (also the connect timeout)
     */
    public static FilerClient create(String filer, Duration timeout) {
        return new FilerClient(filer, new JdkHttpTransport(timeout), true, timeout);
    }

    /**
     * As {@link #create(String, Duration)}, set up as {@code security} asks ({@link SecureTransports#jdk}):
     * HTTPS trusting the cluster's CA with {@code [tls]}, the internal token with {@code [internal]}.
     *
     * @throws HayloftException {@code BAD_REQUEST} when {@code [tls]}'s files are not PEM
     */
    public static FilerClient create(String filer, Duration timeout, io.hayloft.security.SecurityConfig security) {
        return new FilerClient(filer, SecureTransports.jdk(timeout, security), true, timeout);
    }

    /**
     * A client of the filer at {@code filer} sending through {@code transport} (a server's Vert.x one);
     * closing it leaves {@code transport} to its owner.
     */
    public static FilerClient over(String filer, HttpTransport transport, Duration timeout) {
        return new FilerClient(filer, transport, false, timeout);
    }

    /** The filer's address, as given. */
    public String address() {
        return address;
    }

    /**
     * What a write stores besides the bytes: MIME type (empty: none), user metadata, collection (empty: the
     * filer's), and whether the filer must make the whole body's MD5 the ETag however large the file
     * ({@code md5=true}; otherwise a file of several chunks gets an ETag derived from its chunks).
     */
    public record WriteOptions(String contentType, Map<String, String> metadata, String collection,
                               boolean wholeMd5) {
        /** Options without {@code md5=true}. */
        public WriteOptions(String contentType, Map<String, String> metadata, String collection) {
            this(contentType, metadata, collection, false);
        }

        public WriteOptions {
            contentType = contentType == null ? "" : contentType;
            metadata = Map.copyOf(metadata);
            collection = collection == null ? "" : collection;
        }

        /** No MIME type, no metadata, the filer's collection. */
        public static WriteOptions plain() {
            return new WriteOptions("", Map.of(), "");
        }
    }

    /**
     * An open read of a file's bytes: the stream to copy and close.
     *
     * @param body   the bytes asked for (the whole file or the range)
     * @param length how many bytes {@code body} holds, or -1 when the filer did not say
     * @param eTag   the filer's ETag of the file read, quoted
     */
    public record FileRead(InputStream body, long length, String eTag) implements AutoCloseable {
        @Override
        public void close() {
            try {
                body.close();
            } catch (IOException e) {
                // the connection is dropped: nothing else to release
            }
        }
    }

    /** A read whose range starts at or past the file's end (HTTP 416); BAD_REQUEST. */
    public static final class RangeNotSatisfiable extends HayloftException {
        RangeNotSatisfiable(String message) {
            super(ErrorCode.BAD_REQUEST, message);
        }
    }

    /**
     * The entry at {@code path} ({@link FilerApi#READ} with {@code metadata=true}), or empty when there is none.
     *
     * @throws HayloftException the filer's error, UNAVAILABLE when it cannot be reached
     */
    public Optional<FilerEntryJson> find(String path) {
        PathQuery q = FilerApi.READ.at(path).flag(FilerApi.METADATA, true);
        HttpTransport.Answer a = send("GET", q, Map.of(), null);
        if (!a.ok()) {
            HayloftException e = failure(q, a);
            if (e.code() == ErrorCode.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(json.read(uri(q), a.body(), FilerEntryJson.class));
    }

    /**
     * A page of {@code directory}'s children in name order.
     *
     * @param start     list after this name ({@code inclusive}: from it); empty for the beginning
     * @param limit     at least 1
     * @throws HayloftException NOT_FOUND when the directory does not exist, BAD_REQUEST when it is a file
     */
    public FilerListingResponse list(String directory, String start, boolean inclusive, int limit) {
        HayloftException.checkArgument(limit >= 1, "a listing takes at least 1 entry, got " + limit);
        String dir = directory.endsWith("/") ? directory : directory + "/";
        PathQuery q = FilerApi.READ.at(dir).param(FilerApi.LIMIT, limit)
                .paramIfSet(FilerApi.LAST_FILE_NAME, start).flag(FilerApi.INCLUSIVE, inclusive && !start.isEmpty());
        HttpTransport.Answer a = send("GET", q, ACCEPT_JSON, null);
        check(q, a);
        return json.read(uri(q), a.body(), FilerListingResponse.class);
    }

    /**
     * The changes at or under {@code path} after {@code cursor} ({@link FilerApi#WATCH}), waiting up to
     * {@code waitSeconds} for a first one. The call's deadline is the wait plus this client's timeout.
     *
     * @param cursor {@code now}, {@code start}, or the cursor of the previous answer
     * @throws HayloftException BAD_REQUEST for a malformed cursor, CONFLICT when the filer no longer keeps
     *                          the changes after it (read the tree again and watch from {@code now})
     */
    public FilerChangesResponse changes(String path, String cursor, int waitSeconds, int limit) {
        PathQuery q = FilerApi.READ.at(path).flag(FilerApi.WATCH, true).param(FilerApi.CURSOR, cursor)
                .param(FilerApi.WAIT, waitSeconds).param(FilerApi.LIMIT, limit);
        HttpTransport.Answer a = transport.send(new HttpTransport.Request("GET", uri(q), ACCEPT_JSON, null,
                timeout.plusSeconds(waitSeconds)));
        check(q, a);
        return json.read(uri(q), a.body(), FilerChangesResponse.class);
    }

    /**
     * Creates {@code directory} and its parents (nothing when it exists).
     *
     * @throws HayloftException CONFLICT when it or a parent is a file
     */
    public void mkdirs(String directory) {
        PathQuery q = FilerApi.WRITE.at(directory.endsWith("/") ? directory : directory + "/");
        check(q, send("POST", q, Map.of(), null));
    }

    /**
     * Stores {@code body} at {@code path}, replacing any file there; the filer commits it only once the
     * whole body arrived. {@code body} is read, not closed.
     *
     * @param length the body's length, or -1 when unknown (sent chunked); a body that ends sooner or runs
     *               longer fails the write ({@link HttpTransport.Unreachable}) and the filer stores nothing
     * @return the stored size and ETag (the MD5 as hex for a file of at most one chunk or with
     *         {@link WriteOptions#wholeMd5()})
     * @throws HayloftException CONFLICT when the path is a directory or a parent is a file
     */
    public FilerWriteResponse write(String path, InputStream body, long length, WriteOptions options) {
        PathQuery q = FilerApi.WRITE.at(path).paramIfSet(FilerApi.COLLECTION, options.collection());
        if (options.wholeMd5()) {
            q = q.param(FilerApi.WHOLE_MD5, "true");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", options.contentType().isEmpty() ? "application/octet-stream" : options.contentType());
        options.metadata().forEach((k, v) -> headers.put(METADATA_HEADER + k, v));
        HttpTransport.Answer a = send("PUT", q, headers, new HttpTransport.Stream(body, length));
        check(q, a);
        return json.read(uri(q), a.body(), FilerWriteResponse.class);
    }

    /**
     * Stores a file at {@code path} made of the {@code sources}' bytes, in order, without copying them: it
     * takes over their chunks and they are removed, atomically ({@code POST path?op=compose}).
     *
     * @param options MIME type, user metadata and collection (for the chunk written for an inline source)
     * @return the stored size and ETag (derived from the chunks: no MD5 of the bytes is computed)
     * @throws HayloftException NOT_FOUND when a source is missing, BAD_REQUEST when one is a directory or
     *                          named twice, CONFLICT when the path cannot hold a file or a source changed
     */
    public FilerWriteResponse compose(String path, List<String> sources, WriteOptions options) {
        PathQuery q = FilerApi.WRITE.at(path).param(FilerApi.OP, FilerApi.OP_COMPOSE)
                .paramIfSet(FilerApi.COLLECTION, options.collection());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        options.metadata().forEach((k, v) -> headers.put(METADATA_HEADER + k, v));
        byte[] body = json.write(new FilerComposeRequest(sources, options.contentType()));
        HttpTransport.Answer a = send("POST", q, headers, new HttpTransport.Bytes(body));
        check(q, a);
        return json.read(uri(q), a.body(), FilerWriteResponse.class);
    }

    /**
     * Moves {@code from} to {@code to} atomically, replacing a file there (into {@code to} when it is a
     * directory).
     *
     * @throws HayloftException NOT_FOUND when {@code from} is missing, CONFLICT when {@code to} is a
     *                          directory where a file is needed or a parent of it is a file
     */
    public void rename(String from, String to) {
        PathQuery q = FilerApi.WRITE.at(to).param(FilerApi.MOVE_FROM, from);
        check(q, send("POST", q, Map.of(), null));
    }

    /**
     * Removes {@code path} ({@code recursive}: with its subtree).
     *
     * @return false when there was nothing there
     * @throws HayloftException CONFLICT for a non-empty directory without {@code recursive}
     */
    public boolean delete(String path, boolean recursive) {
        PathQuery q = FilerApi.DELETE_ENTRY.at(path).flag(FilerApi.RECURSIVE, recursive);
        HttpTransport.Answer a = send("DELETE", q, Map.of(), null);
        if (!a.ok()) {
            HayloftException e = failure(q, a);
            if (e.code() == ErrorCode.NOT_FOUND) {
                return false;
            }
            throw e;
        }
        return true;
    }

    /**
     * Opens the bytes {@code [offset, offset + length)} of the file at {@code path} ({@code length} -1:
     * to the end; a range past the end is cut at the end). Close the result.
     *
     * @throws HayloftException NOT_FOUND when the file is gone; {@link RangeNotSatisfiable} when
     *                          {@code offset} lies at or past its end
     */
    public FileRead read(String path, long offset, long length) {
        HayloftException.checkArgument(offset >= 0 && length >= -1 && length != 0,
                "a read needs offset >= 0 and length -1 or at least 1, got " + offset + "+" + length);
        PathQuery q = FilerApi.READ.at(path);
        Map<String, String> headers = offset > 0 || length >= 0
                ? Map.of("Range", "bytes=" + offset + "-" + (length >= 0 ? Long.toString(offset + length - 1) : ""))
                : Map.of();
        HttpTransport.Response r = transport.open(new HttpTransport.Request("GET", uri(q), headers, null, timeout));
        if (r.status() != 200 && r.status() != 206) {
            try (r) {
                byte[] error = r.body().readNBytes(ERROR_BODY_LIMIT);
                if (r.status() == 416) {
                    throw new RangeNotSatisfiable("range " + offset + "+" + length + " of " + path
                            + " starts past its end: " + json.errorMessage(error));
                }
                throw Reply.failure(json, uri(q), r.status(), error);
            } catch (IOException e) {
                throw new HttpTransport.Unreachable(uri(q), e);
            }
        }
        long n = r.header("Content-Length").map(FilerClient::parseLength).orElse(-1L);
        return new FileRead(r.body(), n, r.header("ETag").orElse(""));
    }

    /**
     * The filer's {@code GET /status}: its version, the masters it writes through, its deletion counters.
     *
     * @throws HayloftException the filer's error, UNAVAILABLE when it cannot be reached
     */
    public FilerStatusResponse status() {
        PathQuery q = FilerApi.STATUS.query();
        HttpTransport.Answer a = send("GET", q, Map.of(), null);
        check(q, a);
        return json.read(uri(q), a.body(), FilerStatusResponse.class);
    }

    /** Releases the connection pool when this client owns it. */
    @Override
    public void close() {
        if (ownsTransport) {
            transport.close();
        }
    }

    private HttpTransport.Answer send(String method, PathQuery q, Map<String, String> headers, HttpTransport.Body body) {
        return transport.send(new HttpTransport.Request(method, uri(q), headers, body, timeout));
    }

    private URI uri(PathQuery q) {
        return Endpoints.uri(address, q);
    }

    private void check(PathQuery q, HttpTransport.Answer a) {
        if (!a.ok()) {
            throw failure(q, a);
        }
    }

    private HayloftException failure(PathQuery q, HttpTransport.Answer a) {
        return Reply.failure(json, uri(q), a.status(), a.body());
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
