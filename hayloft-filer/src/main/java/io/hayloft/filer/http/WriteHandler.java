package io.hayloft.filer.http;

import io.hayloft.api.wire.FilerApi;
import io.hayloft.api.wire.FilerWriteResponse;
import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.filer.chunk.FileUploader;
import io.hayloft.filer.chunk.StoragePolicy;
import io.hayloft.filer.entry.Entry;
import io.hayloft.filer.entry.FullPath;
import io.hayloft.filer.namespace.Namespace;
import io.hayloft.filer.rules.PathRule;
import io.hayloft.filer.rules.PathRules;
import io.hayloft.http.Blocking;
import io.hayloft.http.BodyInputStream;
import io.hayloft.http.ExpectContinue;
import io.hayloft.http.MultipartParser;
import io.hayloft.http.Params;
import io.hayloft.http.Responses;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.hayloft.api.wire.FilerComposeRequest;
import io.hayloft.http.Json;
import java.util.Base64;
import java.util.List;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST|PUT /path}:
 * <ul>
 *   <li>{@code ?mv.from=/old} renames {@code /old} to {@code /path} atomically → 200 {@code {"name","size"}};</li>
 *   <li>a path ending in {@code /} creates that directory (and parents) → 201;</li>
 *   <li>{@code ?op=compose} with a JSON body {@code {"sources":["/a","/b"],"mime":"..."}} stores a file made of
 *       those files' chunks without copying a byte and removes them, atomically → 201
 *       {@code {"name","size","eTag"}} (S3's CompleteMultipartUpload);</li>
 *   <li>otherwise the body (the first file part of {@code multipart/form-data}, or the raw body) becomes
 *       the file → 201 {@code {"name","size","eTag"}} with {@code ETag: "<eTag>"} (the body's MD5 hex for
 *       a file of at most one chunk or with {@code md5=true}, otherwise derived from the chunks, see
 *       {@code Entry.eTag()}); a {@code Content-MD5} header is checked before the file is committed (400
 *       and nothing stored when it differs).</li>
 * </ul>
 * Query: {@code collection}, {@code replication}, {@code ttl}, {@code maxMB} (chunk size in MiB); each one
 * a request leaves out comes from the path's rule ({@link PathRules}, longest prefix wins), and failing
 * that from the filer's defaults.
 * Headers {@code Seaweed-<key>: value} are stored as user metadata. The body streams from the event
 * loop into a {@link BodyInputStream} read on a virtual thread; any failure answers a JSON error and
 * discards the rest of the body.
 */
final class WriteHandler implements io.vertx.core.Handler<RoutingContext> {
    /** Prefix of request headers stored as user metadata (as SeaweedFS does). */
    static final String METADATA_PREFIX = "Seaweed-";
    static final int MAX_CHUNK_MB = 256;
    /** The largest {@code op=compose} body: 10,000 sources of about 100 bytes each. */
    static final int MAX_COMPOSE_BODY = 1 << 20;
    /**
     * What SeaweedFS's filer accepts on a write, but {@code op=append} and {@code cp.from} (not
     * supported: refused rather than silently overwriting); {@code disk}, {@code fsync},
     * {@code dataCenter}, {@code rack}, {@code dataNode} and {@code saveInside} are accepted and ignored.
     */
    private static final Set<String> PARAMS = FilerApi.WRITE.params();

    /** What the filer writes when a request names nothing else: the path's rule, then the filer's defaults. */
    record Defaults(StoragePolicy policy, int chunkSize, PathRules rules) {
    }

    private final Namespace namespace;
    private final FileUploader uploader;
    private final Defaults defaults;

    WriteHandler(Namespace namespace, FileUploader uploader, Defaults defaults) {
        this.namespace = namespace;
        this.uploader = uploader;
        this.defaults = defaults;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        String op = req.getParam(FilerApi.OP);
        if (op != null) {
            BodyInputStream body = BodyInputStream.attach(req);
            ExpectContinue.accept(req);
            Blocking.handle(ctx, c -> {
                try {
                    HayloftException.checkArgument(FilerApi.OP_COMPOSE.equals(op),
                            "unsupported op '" + op + "' (only op=compose is)");
                    compose(c, body);
                } finally {
                    body.discard();
                }
            });
            return;
        }
        if (req.getParam("mv.from") != null || (req.path().endsWith("/") && !isMultipart(req))) {
            BodyInputStream unused = BodyInputStream.attach(req);
            Blocking.handle(ctx, c -> {
                unused.discard();
                if (req.getParam("mv.from") != null) {
                    rename(c);
                } else {
                    mkdir(c);
                }
            });
            return;
        }
        if (isMultipart(req)) {
            receiveMultipart(ctx);
        } else {
            BodyInputStream body = BodyInputStream.attach(req);
            ExpectContinue.accept(req);
            Blocking.handle(ctx, c -> write(c, body, body, "", mime(req.getHeader("Content-Type"))));
        }
    }

    private void receiveMultipart(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        String contentType = req.getHeader("Content-Type");
        BodyInputStream raw = BodyInputStream.attach(req);
        ExpectContinue.accept(req);
        Blocking.handle(ctx, c -> {
            MultipartFileInput file;
            try {
                file = MultipartFileInput.open(raw, contentType);
            } catch (RuntimeException e) {
                raw.discard();
                throw e;
            }
            write(c, raw, file, file.fileName(), mime(file.contentType()));
            raw.discard(); // the closing boundary and any later parts
        });
    }

    /**
     * Stores {@code content} (the raw body, or the file part read from it) at the request's path.
     *
     * @param body the request body, discarded if the write fails before reading it all
     */
    private void write(RoutingContext ctx, BodyInputStream body, java.io.InputStream content, String partName,
                       String mime) {
        Entry entry;
        try {
            Params.allowOnly(ctx, PARAMS);
            FullPath path = RequestPath.parse(ctx.request().path()).path();
            if (ctx.request().path().endsWith("/") && partName != null && !partName.isEmpty()) {
                path = path.child(partName);
            }
            PathRule rule = defaults.rules().match(path);
            StoragePolicy policy = policy(ctx, rule.applyTo(defaults.policy()));
            int chunkSize = chunkSize(ctx, rule.chunkSizeOr(defaults.chunkSize()));
            String announced = announcedMd5(ctx.request().getHeader("Content-MD5"));
            boolean wholeMd5 = Params.bool(ctx, FilerApi.WHOLE_MD5, false) || announced != null;
            entry = uploader.upload(new FileUploader.Upload(path, mime, policy, chunkSize, metadata(ctx.request()),
                    wholeMd5), content, file -> {
                        if (announced != null && !announced.equals(file.md5())) {
                            throw HayloftException.badRequest("Content-MD5 " + ctx.request().getHeader("Content-MD5")
                                    + " does not match the body received (MD5 " + file.md5() + "); nothing was stored");
                        }
                    });
        } catch (RuntimeException e) {
            body.discard();
            throw e;
        }
        ctx.response().putHeader("ETag", "\"" + entry.eTag() + "\"");
        Responses.json(ctx, 201, new FilerWriteResponse(entry.name(), entry.size(), entry.eTag()));
    }

    /**
     * The MD5 a {@code Content-MD5} header announces (base64 of the 16-byte digest, RFC 1864) as lowercase
     * hex, or null without the header.
     *
     * @throws HayloftException BAD_REQUEST when the header is no base64 of 16 bytes
     */
    static String announcedMd5(String header) {
        if (header == null) {
            return null;
        }
        byte[] digest;
        try {
            digest = Base64.getDecoder().decode(header.strip());
        } catch (IllegalArgumentException e) {
            digest = new byte[0];
        }
        HayloftException.checkArgument(digest.length == 16,
                "Content-MD5 must be the base64 of a 16-byte MD5 digest, got '" + header + "'");
        return HexFormat.of().formatHex(digest);
    }

    /**
     * {@code op=compose}: the JSON body names the sources ({@link FilerComposeRequest}); the file at the path
     * takes over their chunks and they are removed ({@link FileUploader#compose}) → 201 {@code {"name","size","eTag"}}.
     */
    private void compose(RoutingContext ctx, BodyInputStream body) {
        Params.allowOnly(ctx, PARAMS);
        HayloftException.checkArgument(!ctx.request().path().endsWith("/"), "op=compose needs a file path, not a directory");
        byte[] json;
        try {
            json = body.readNBytes(MAX_COMPOSE_BODY + 1);
        } catch (java.io.IOException e) {
            throw HayloftException.badRequest("cannot read the request body: " + e.getMessage());
        }
        HayloftException.checkArgument(json.length <= MAX_COMPOSE_BODY,
                "an op=compose body is at most " + MAX_COMPOSE_BODY + " bytes");
        FilerComposeRequest request = Json.read(json, FilerComposeRequest.class);
        FullPath path = RequestPath.parse(ctx.request().path()).path();
        List<FullPath> sources = new java.util.ArrayList<>(request.sources().size());
        for (String source : request.sources()) {
            HayloftException.checkArgument(source != null && source.startsWith("/"), "a source must be an absolute path, got " + source);
            sources.add(FullPath.parse(source));
        }
        PathRule rule = defaults.rules().match(path);
        Entry entry = uploader.compose(new FileUploader.Composition(path, sources, request.mime(),
                policy(ctx, rule.applyTo(defaults.policy())), chunkSize(ctx, rule.chunkSizeOr(defaults.chunkSize())),
                metadata(ctx.request())));
        ctx.response().putHeader("ETag", "\"" + entry.eTag() + "\"");
        Responses.json(ctx, 201, new FilerWriteResponse(entry.name(), entry.size(), entry.eTag()));
    }

    private void mkdir(RoutingContext ctx) {
        Params.allowOnly(ctx, PARAMS);
        Entry dir = namespace.mkdirs(RequestPath.parse(ctx.request().path()).path());
        Responses.json(ctx, 201, new FilerWriteResponse(dir.name(), 0, ""));
    }

    private void rename(RoutingContext ctx) {
        Params.allowOnly(ctx, PARAMS);
        FullPath to = RequestPath.parse(ctx.request().path()).path();
        FullPath from = FullPath.parse(Params.string(ctx, "mv.from", ""));
        Entry moved = namespace.rename(from, to);
        Responses.json(ctx, 200, new FilerWriteResponse(moved.name(), moved.size(), moved.eTag()));
    }

    /** The request's query over {@code base} (the path rule over the filer's defaults). */
    private static StoragePolicy policy(RoutingContext ctx, StoragePolicy base) {
        String collection = Params.string(ctx, "collection", base.collection());
        String replication = Params.string(ctx, "replication", "");
        ReplicaPlacement placement = replication.isEmpty() ? base.replication() : ReplicaPlacement.parse(replication);
        String ttl = Params.string(ctx, "ttl", "");
        return new StoragePolicy(collection, placement, ttl.isEmpty() ? base.ttl() : Ttl.parse(ttl));
    }

    private static int chunkSize(RoutingContext ctx, int base) {
        int mb = Params.intParam(ctx, "maxMB", 0, 0, MAX_CHUNK_MB);
        return mb == 0 ? base : mb << 20;
    }

    private static Map<String, String> metadata(HttpServerRequest req) {
        Map<String, String> out = new LinkedHashMap<>();
        int n = METADATA_PREFIX.length();
        req.headers().forEach(h -> {
            if (h.getKey().length() > n && h.getKey().regionMatches(true, 0, METADATA_PREFIX, 0, n)) {
                out.put(h.getKey().substring(n), h.getValue());
            }
        });
        return out;
    }

    private static boolean isMultipart(HttpServerRequest req) {
        return MultipartParser.isMultipart(req.getHeader("Content-Type"));
    }

    private static String mime(String contentType) {
        if (contentType == null || contentType.isBlank()
                || contentType.toLowerCase(Locale.ROOT).startsWith("application/octet-stream")
                || contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return "";
        }
        return contentType.trim();
    }
}
