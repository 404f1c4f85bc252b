package io.hayloft.filer.http;

import io.hayloft.api.wire.FilerApi;
import io.hayloft.api.HayloftException;
import io.hayloft.filer.chunk.ChunkReader;
import io.hayloft.filer.chunk.DirectChunkPool;
import io.hayloft.filer.entry.Entry;
import io.hayloft.filer.namespace.Listing;
import io.hayloft.filer.namespace.Namespace;
import io.hayloft.http.ByteRange;
import io.hayloft.http.Params;
import io.hayloft.http.Responses;
import io.hayloft.http.ui.AcceptHeader;
import io.hayloft.http.ui.UiPage;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLConnection;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import io.hayloft.api.wire.FilerChangesResponse;
import io.hayloft.filer.entry.FullPath;
import io.hayloft.filer.namespace.ChangeFeed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET|HEAD /path}: with {@code ?metadata=true} the entry itself as JSON (one element of a
 * listing's {@code Entries}, as SeaweedFS's filer answers), otherwise a file's bytes (ETag, Last-Modified, If-None-Match / If-Modified-Since →
 * 304, Range → 206, user metadata as {@code Seaweed-*} headers), or a directory's listing (JSON for
 * {@code Accept: application/json}; the file browser page for a browser, whose Accept prefers
 * {@code text/html}; a plain HTML listing otherwise, curl's {@code *}{@code /*} included; {@code limit} and {@code lastFileName} page it; {@code inclusive=true} lists from
 * {@code lastFileName} itself, as the S3 gateway needs for a prefix). With {@code ?watch=true} the changes
 * at or under the path ({@link ChangeFeed}): after {@code cursor} ({@code now} by default, {@code start}, or
 * the cursor of the previous answer), waiting up to {@code wait} seconds (30 by default, at most 60) for
 * one, at most {@code limit} (1000).
 * Runs on a virtual thread (wrap with {@code Blocking.handler}).
 */
final class ReadHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ReadHandler.class);
    static final int DEFAULT_LIST_LIMIT = 100;
    static final int MAX_LIST_LIMIT = 10_000;
    private static final Set<String> PARAMS = FilerApi.READ.params();
    static final int MAX_WATCH_LIMIT = 1000;
    static final int DEFAULT_WATCH_SECONDS = 30;
    static final int MAX_WATCH_SECONDS = 60;

    private final Namespace namespace;
    private final ChunkReader reader;
    private final DirectChunkPool chunkPool;
    private final UiPage browserPage;

    /**
     * @param chunkPool   where a response borrows chunk-sized direct buffers
     * @param browserPage the file browser, for a directory a browser asks for (Accept prefers HTML)
     */
    ReadHandler(Namespace namespace, ChunkReader reader, DirectChunkPool chunkPool, UiPage browserPage) {
        this.namespace = namespace;
        this.reader = reader;
        this.chunkPool = chunkPool;
        this.browserPage = browserPage;
    }

    void handle(RoutingContext ctx) {
        Params.allowOnly(ctx, PARAMS);
        RequestPath request = RequestPath.parse(ctx.request().path());
        if (Params.bool(ctx, FilerApi.WATCH, false)) {
            watch(ctx, request.path());
            return;
        }
        Entry entry = namespace.lookup(request.path());
        if (Params.bool(ctx, "metadata", false)) {
            Responses.json(ctx, 200, ListingJson.entry(entry));
        } else if (entry.directory()) {
            list(ctx, entry);
        } else {
            HayloftException.checkArgument(!request.trailingSlash(), request.path() + " is a file, not a directory");
            file(ctx, entry);
        }
    }

    /**
     * The changes at or under {@code path} (which need not exist) after the {@code cursor}, waiting up to
     * {@code wait} seconds for one.
     */
    private void watch(RoutingContext ctx, FullPath path) {
        ChangeFeed feed = namespace.changeFeed();
        String given = Params.string(ctx, FilerApi.CURSOR, "now");
        ChangeFeed.Cursor cursor = switch (given) {
            case "now" -> feed.now();
            case "start" -> feed.start();
            default -> ChangeFeed.Cursor.parse(given, namespace.changeLogs());
        };
        int limit = Params.intParam(ctx, FilerApi.LIMIT, MAX_WATCH_LIMIT, 1, MAX_WATCH_LIMIT);
        int wait = Params.intParam(ctx, FilerApi.WAIT, DEFAULT_WATCH_SECONDS, 0, MAX_WATCH_SECONDS);
        ChangeFeed.Page page = feed.await(path, cursor, limit, java.time.Duration.ofSeconds(wait));
        Responses.json(ctx, 200, new FilerChangesResponse(page.next().toString(), page.events().stream()
                .map(e -> new FilerChangesResponse.Change(e.log(), e.change().sequence(),
                        e.change().kind().name().toLowerCase(java.util.Locale.ROOT), e.change().path().value(),
                        e.change().directory()))
                .toList()));
    }

    private void list(RoutingContext ctx, Entry dir) {
        int limit = Params.intParam(ctx, "limit", DEFAULT_LIST_LIMIT, 1, MAX_LIST_LIMIT);
        String last = Params.string(ctx, "lastFileName", "");
        Listing listing = namespace.list(dir.path(), last, Params.bool(ctx, FilerApi.INCLUSIVE, false), limit);
        String accept = ctx.request().getHeader("Accept");
        if (accept != null && accept.contains("application/json")) {
            Responses.json(ctx, 200, ListingJson.of(listing, limit));
        } else if (AcceptHeader.prefersHtml(accept)) {
            browserPage.serve(ctx); // the file browser lists the directory itself, through the JSON above
        } else {
            ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
                    .end(ListingHtml.render(listing, limit));
        }
    }

    private void file(RoutingContext ctx, Entry file) {
        HttpServerResponse response = ctx.response();
        String eTag = "\"" + file.eTag() + "\"";
        Instant modified = file.mtime();
        response.putHeader("ETag", eTag)
                .putHeader("Last-Modified", httpDate(modified))
                .putHeader("Accept-Ranges", "bytes")
                .putHeader("Content-Type", contentType(file));
        for (Map.Entry<String, String> kv : file.extended().entrySet()) {
            response.putHeader(WriteHandler.METADATA_PREFIX + kv.getKey(), kv.getValue());
        }
        if (notModified(ctx, eTag, modified)) {
            response.setStatusCode(304).end();
            return;
        }
        long size = file.size();
        Optional<ByteRange> range;
        try {
            range = ByteRange.parse(ctx.request().getHeader("Range"), size);
        } catch (ByteRange.Unsatisfiable e) {
            response.putHeader("Content-Range", "bytes */" + size);
            Responses.error(ctx, 416, e.getMessage());
            return;
        }
        long start = range.map(ByteRange::start).orElse(0L);
        long length = range.map(ByteRange::length).orElse(size);
        range.ifPresent(r -> response.setStatusCode(206).putHeader("Content-Range", r.contentRange(size)));
        response.putHeader("Content-Length", Long.toString(length));
        if (ctx.request().method() == HttpMethod.HEAD) {
            response.end();
            return;
        }
        stream(ctx, file, start, length);
    }

    private void stream(RoutingContext ctx, Entry file, long start, long length) {
        ResponseOutputStream out = new ResponseOutputStream(ctx.response(), chunkPool);
        try {
            reader.read(file, start, length, out);
            out.close();
        } catch (HayloftException | UncheckedIOException | IOException e) {
            if (!ctx.response().headWritten()) {
                // nothing sent yet: the error replaces the file's headers (a stale Content-Length would leave
                // the client waiting for bytes that never come)
                clearFileHeaders(ctx.response());
                throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
            }
            // the status and Content-Length went out: only a broken connection tells the client the body is short
            LOG.warn("GET {} broke after the headers were sent, closing the connection: {}", file.path(),
                    e.getMessage());
            ctx.request().connection().close();
        }
    }

    private static void clearFileHeaders(HttpServerResponse response) {
        response.setStatusCode(200);
        response.headers().remove("Content-Length").remove("Content-Range").remove("ETag").remove("Last-Modified")
                .remove("Accept-Ranges").remove("Content-Type");
        response.headers().names().stream()
                .filter(n -> n.regionMatches(true, 0, WriteHandler.METADATA_PREFIX, 0, WriteHandler.METADATA_PREFIX.length()))
                .toList().forEach(n -> response.headers().remove(n));
    }

    private static boolean notModified(RoutingContext ctx, String eTag, Instant modified) {
        String ifNoneMatch = ctx.request().getHeader("If-None-Match");
        if (ifNoneMatch != null) {
            for (String tag : ifNoneMatch.split(",")) {
                String t = tag.trim();
                if (t.equals("*") || t.equals(eTag) || t.equals("W/" + eTag)) {
                    return true;
                }
            }
            return false;
        }
        String ifModifiedSince = ctx.request().getHeader("If-Modified-Since");
        if (ifModifiedSince != null) {
            try {
                Instant since = DateTimeFormatter.RFC_1123_DATE_TIME.parse(ifModifiedSince.trim(), Instant::from);
                return modified.getEpochSecond() <= since.getEpochSecond();
            } catch (DateTimeParseException e) {
                return false;
            }
        }
        return false;
    }

    private static String contentType(Entry file) {
        if (!file.mime().isEmpty()) {
            return file.mime();
        }
        String guessed = URLConnection.guessContentTypeFromName(file.name());
        return guessed == null ? "application/octet-stream" : guessed;
    }

    static String httpDate(Instant t) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(t.atOffset(ZoneOffset.UTC));
    }
}
