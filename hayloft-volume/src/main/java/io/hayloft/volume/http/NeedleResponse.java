package io.hayloft.volume.http;

import io.hayloft.api.ContentDisposition;
import io.hayloft.api.FileIdPath;
import io.hayloft.http.ByteRange;
import io.hayloft.storage.Needle;
import io.hayloft.storage.NeedleSpan;
import io.hayloft.volume.transfer.NeedleTransfer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Writes the answer to {@code GET|HEAD /<fid>} for a needle already read and CRC-checked: one place
 * for the headers, conditional and partial answers, shared by {@link ReadHandler} (the router) and
 * {@link FastReadPath} so both answer byte for byte alike. See {@link ReadHandler} for the headers.
 * Call it on the connection's event loop or any other thread (Vert.x hands writes to the loop).
 */
final class NeedleResponse {
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final CharSequence ETAG = HttpHeaders.createOptimized("ETag");
    private static final CharSequence LAST_MODIFIED = HttpHeaders.createOptimized("Last-Modified");
    private static final CharSequence ACCEPT_RANGES = HttpHeaders.createOptimized("Accept-Ranges");
    private static final CharSequence BYTES = HttpHeaders.createOptimized("bytes");
    private static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("Content-Type");
    private static final CharSequence CONTENT_DISPOSITION = HttpHeaders.createOptimized("Content-Disposition");
    private static final CharSequence CONTENT_RANGE = HttpHeaders.createOptimized("Content-Range");
    private static final CharSequence CONTENT_LENGTH = HttpHeaders.createOptimized("Content-Length");

    private NeedleResponse() {
    }

    /**
     * Answers with {@code needle}: 200, 206 for a satisfiable {@code Range}, 304 when a conditional
     * header matches; HEAD gets the headers alone.
     *
     * @param download {@code ?dl=true}: Content-Disposition {@code attachment}
     * @return the Content-Length announced (for HEAD too), or -1 for a 304
     * @throws ByteRange.Unsatisfiable when the {@code Range} lies outside the data; the validators,
     *         Content-Type, Content-Disposition and pairs are then already set on {@code r}, nothing is sent
     */
    static long send(HttpServerRequest req, HttpServerResponse r, Needle needle, FileIdPath path, boolean download) {
        byte[] data = needle.data();
        long[] range = head(req, r, needle, data.length, path, download);
        if (range == null) {
            return -1;
        }
        if (req.method() == HttpMethod.HEAD) {
            r.end();
        } else {
            r.end(Buffer.buffer(data).slice((int) range[0], (int) (range[0] + range[1])));
        }
        return range[1];
    }

    /**
     * {@link #send} of a needle verified in place: the same status and headers, the body sent from the
     * file by {@code sendfile} (the kernel copies it to the socket; the JVM never holds it). The span is
     * closed once the answer is sent or failed.
     */
    static long sendSpan(HttpServerRequest req, HttpServerResponse r, NeedleSpan span, FileIdPath path,
                         boolean download) {
        long[] range;
        try {
            range = head(req, r, span.needle(), span.dataLength(), path, download);
        } catch (RuntimeException e) {
            span.close();
            throw e;
        }
        if (range == null || req.method() == HttpMethod.HEAD) {
            span.close();
            if (range != null) {
                r.end();
            }
            return range == null ? -1 : range[1];
        }
        r.sendFile(span.channel(), span.dataOffset() + range[0], range[1]).onComplete(done -> span.close());
        return range[1];
    }

    /**
     * Sets the status and headers of the answer for {@code needle} (whose data is {@code dataLength} bytes);
     * answers a 304 itself.
     *
     * @return the data range to send, {start, length}; null when a 304 was sent
     */
    private static long[] head(HttpServerRequest req, HttpServerResponse r, Needle needle, long dataLength,
                               FileIdPath path, boolean download) {
        String eTag = needle.eTag();
        long lastModified = lastModified(needle);
        r.putHeader(ETAG, "\"" + eTag + "\"");
        r.putHeader(LAST_MODIFIED, HttpDate.format(lastModified));
        r.putHeader(ACCEPT_RANGES, BYTES);
        if (notModified(req, eTag, lastModified)) {
            r.setStatusCode(304).end();
            return null;
        }
        String name = needle.name() == null ? "" : needle.name();
        r.putHeader(CONTENT_TYPE, contentType(needle, name, path));
        if (!name.isEmpty() || download) {
            String shown = !name.isEmpty() ? name : path.fileName().orElse(path.fileId() + path.extension().orElse(""));
            r.putHeader(CONTENT_DISPOSITION, ContentDisposition.format(download ? "attachment" : "inline", shown));
        }
        if (needle.pairs() != null) {
            needle.pairs().forEach((k, v) -> r.putHeader(NeedleTransfer.PAIR_PREFIX + k, v));
        }
        long start = 0;
        long length = dataLength;
        Optional<ByteRange> range = ByteRange.parse(req.getHeader("Range"), dataLength);
        if (range.isPresent()) {
            start = range.get().start();
            length = range.get().length();
            r.setStatusCode(206).putHeader(CONTENT_RANGE, range.get().contentRange(dataLength));
        }
        r.putHeader(CONTENT_LENGTH, Long.toString(length));
        return new long[] {start, length};
    }

    /** True when {@code req}'s {@code Range} header, if any, can be served from {@code needle}. */
    static boolean rangeSatisfiable(HttpServerRequest req, Needle needle) {
        try {
            ByteRange.parse(req.getHeader("Range"), needle.data().length);
            return true;
        } catch (ByteRange.Unsatisfiable e) {
            return false;
        }
    }

    /** The needle's Last-Modified, epoch seconds: as uploaded, else its append time. */
    private static long lastModified(Needle needle) {
        return needle.lastModified() > 0 ? needle.lastModified() : needle.appendAtNs() / 1_000_000_000L;
    }

    /** RFC 9110 §13.2.2: If-None-Match wins; If-Modified-Since only when it is absent. */
    private static boolean notModified(HttpServerRequest req, String eTag, long lastModified) {
        String inm = req.getHeader("If-None-Match");
        if (inm != null) {
            for (String tag : inm.split(",")) {
                String t = tag.trim();
                if (t.startsWith("W/")) {
                    t = t.substring(2);
                }
                if (t.equals("*") || t.replace("\"", "").equals(eTag)) {
                    return true;
                }
            }
            return false;
        }
        String ims = req.getHeader("If-Modified-Since");
        if (ims == null) {
            return false;
        }
        try {
            return lastModified <= HTTP_DATE.parse(ims.trim(), Instant::from).getEpochSecond();
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String contentType(Needle needle, String name, FileIdPath path) {
        if (needle.mime() != null && !needle.mime().isEmpty()) {
            return needle.mime();
        }
        return MimeTypes.guess(name)
                .or(() -> path.extension().flatMap(MimeTypes::guess))
                .orElse(NeedleTransfer.OCTET_STREAM);
    }
}
