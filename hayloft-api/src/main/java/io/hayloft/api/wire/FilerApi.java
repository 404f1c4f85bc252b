package io.hayloft.api.wire;

import static io.hayloft.api.wire.Endpoint.Method.DELETE;
import static io.hayloft.api.wire.Endpoint.Method.GET;
import static io.hayloft.api.wire.Endpoint.Method.HEAD;
import static io.hayloft.api.wire.Endpoint.Method.POST;
import static io.hayloft.api.wire.Endpoint.Method.PUT;

import java.util.List;
import java.util.Set;

/**
 * The filer's HTTP API, defined once: {@code FilerRoutes} registers these routes and the shell's
 * {@code fs} commands build their requests from them. Every other path is a file or directory
 * ({@link #READ}, {@link #WRITE}, {@link #DELETE_ENTRY}), in SeaweedFS's manner.
 */
public final class FilerApi {
    // parameter names
    public static final String LIMIT = "limit";
    public static final String LAST_FILE_NAME = "lastFileName";
    /** With {@link #LAST_FILE_NAME}: {@code true} lists from that name itself (the S3 gateway's prefix listings). */
    public static final String INCLUSIVE = "inclusive";
    public static final String METADATA = "metadata";
    /**
     * On a write, {@code true}: the whole body's MD5 is the file's ETag however many chunks it takes (by
     * default only a file of at most one chunk gets one, see the filer's {@code Entry.eTag()}).
     */
    public static final String WHOLE_MD5 = "md5";
    public static final String RECURSIVE = "recursive";
    /**
     * {@code GET /<path>?watch=true}: the changes at or under the path after {@code cursor} (a
     * {@link FilerChangesResponse}), waiting up to {@code wait} seconds for a first one (long polling).
     */
    public static final String WATCH = "watch";
    /** With {@link #WATCH}: where to read from: {@code now} (the default), {@code start}, or a page's cursor. */
    public static final String CURSOR = "cursor";
    /** With {@link #WATCH}: how many seconds to wait for a change, 0 to 60 (default 30). */
    public static final String WAIT = "wait";
    public static final String COLLECTION = "collection";
    public static final String REPLICATION = "replication";
    public static final String TTL = "ttl";
    public static final String MAX_MB = "maxMB";
    /** {@code POST /to?mv.from=/from}: rename. */
    public static final String MOVE_FROM = "mv.from";
    /** {@code POST /to?op=compose} with a {@link FilerComposeRequest}: a file made of other files' chunks. */
    public static final String OP = "op";
    /** The value of {@link #OP} that composes a file. */
    public static final String OP_COMPOSE = "compose";

    /** {@code GET /status}: version, masters, chunk deletion counters. */
    public static final Endpoint STATUS = Endpoint.of("/status", GET);
    /**
     * {@code GET|HEAD /<path>}: file bytes, a directory listing, with {@code metadata=true} the entry, with
     * {@code watch=true} the changes under the path.
     */
    public static final Endpoint READ = new Endpoint("/{path}", Set.of(GET, HEAD), Set.of(LIMIT, LAST_FILE_NAME,
            INCLUSIVE, METADATA, WATCH, CURSOR, WAIT));
    /**
     * {@code POST|PUT /<path>}: upload (raw or multipart), {@code /dir/} makes a directory, {@code mv.from=}
     * renames, {@code op=compose} makes a file of other files' chunks.
     */
    public static final Endpoint WRITE = new Endpoint("/{path}", Set.of(POST, PUT), Set.of(COLLECTION, REPLICATION,
            TTL, MAX_MB, MOVE_FROM, OP, WHOLE_MD5, "disk", "fsync", "dataCenter", "rack", "dataNode", "saveInside"));
    /** {@code DELETE /<path>[?recursive=true]}. */
    public static final Endpoint DELETE_ENTRY = Endpoint.of("/{path}", DELETE, RECURSIVE);
    /** {@code GET /metrics}: Prometheus. */
    public static final Endpoint METRICS = Endpoint.METRICS;

    /** Every route. */
    public static final List<Endpoint> ALL = List.of(STATUS, READ, WRITE, DELETE_ENTRY, METRICS);

    private FilerApi() {
    }
}
