package io.hayloft.s3.filer;

import io.hayloft.api.wire.FilerApi;

import io.hayloft.http.Json;
import io.hayloft.s3.auth.SigV4;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The filer's HTTP API (docs/http-api.md, "Filer") as a {@link FilerAccess}: typed, blocking calls: look up, list, make
 * directories, write a stream, read a range, rename, delete. Bodies stream both ways (a write sends
 * the caller's stream as it is read; a read hands back the response stream), so no object is held
 * whole in memory.
 *
 * <p>Thread-safe; every call blocks, so call from virtual threads. Failures are
 * {@link FilerException}s: the filer's status and message, or status 0 when it cannot be reached.
 */
public final class FilerClient implements FilerAccess {
    /** Go's {@code os.ModeDir}, as the filer's JSON marks a directory. */
    private static final long GO_MODE_DIR = 1L << 31;
    /** Prefix of request and response headers that carry user metadata. */
    public static final String METADATA_HEADER = "Seaweed-";

    private final String address;
    private final String base;
    private final HttpClient http;
    private final Duration timeout;

    /**
     * @param filer   {@code host:port} of the filer
     * @param timeout how long a metadata call may take (streams are bounded by the filer's own stall timeout)
     */
    public FilerClient(String filer, Duration timeout) {
        this.address = filer;
        this.base = "http://" + filer;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    /** The entry at {@code path}, or empty when there is none. */
    /** The filer's {@code host:port}. */
    @Override
    public String describe() {
        return address;
    }

    @Override
    public Optional<FilerEntry> find(String path) {
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(uri(path, "metadata=true")).GET().timeout(timeout));
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        checkOk(r, "look up " + path);
        return Optional.of(entry(Json.MAPPER.readTree(r.body())));
    }

    /**
     * A page of {@code directory}'s children in name order.
     *
     * @param start     list after this name ({@code inclusive}: from it); empty for the beginning
     * @param limit     1..10000
     * @throws FilerException status 404 when the directory does not exist
     */
    @Override
    public FilerPage list(String directory, String start, boolean inclusive, int limit) {
        StringBuilder q = new StringBuilder("limit=").append(limit);
        if (!start.isEmpty()) {
            q.append("&lastFileName=").append(SigV4.uriEncode(start, false));
            if (inclusive) {
                q.append("&inclusive=true");
            }
        }
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(uri(directory.endsWith("/") ? directory : directory + "/",
                q.toString())).header("Accept", "application/json").GET().timeout(timeout));
        checkOk(r, "list " + directory);
        JsonNode json = Json.MAPPER.readTree(r.body());
        List<FilerEntry> entries = new ArrayList<>();
        JsonNode list = json.get("Entries");
        if (list != null && list.isArray()) {
            for (JsonNode e : list) {
                entries.add(entry(e));
            }
        }
        JsonNode more = json.get("ShouldDisplayLoadMore");
        return new FilerPage(entries, more != null && more.asBoolean());
    }

    /** Creates {@code directory} and its parents (nothing when it exists). */
    @Override
    public void mkdirs(String directory) {
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(uri(directory + "/", null))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(timeout));
        checkOk(r, "create directory " + directory);
    }

    /**
     * Stores {@code body} at {@code path}, replacing any file there; the filer commits it only once the
     * whole body arrived.
     *
     * @param length the body's length, or -1 when unknown (sent chunked)
     */
    @Override
    public Written write(String path, InputStream body, long length, WriteOptions options) {
        // S3 clients take a PutObject's ETag for the MD5 of the bytes, however large the object
        String query = FilerApi.WHOLE_MD5 + "=true" + (options.collection().isEmpty() ? ""
                : "&collection=" + SigV4.uriEncode(options.collection(), false));
        // the JDK refuses a fixed length of 0 (an empty object is common: folder markers, flags)
        HttpRequest.BodyPublisher publisher = length == 0 ? HttpRequest.BodyPublishers.noBody()
                : length > 0
                ? HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> body), length)
                : HttpRequest.BodyPublishers.ofInputStream(() -> body);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path, query)).PUT(publisher)
                .header("Content-Type", options.contentType().isEmpty() ? "application/octet-stream" : options.contentType());
        options.metadata().forEach((k, v) -> b.header(METADATA_HEADER + k, v));
        HttpResponse<byte[]> r = send(b);
        checkOk(r, "write " + path);
        JsonNode json = Json.MAPPER.readTree(r.body());
        return new Written(json.get("size").asLong(), json.get("eTag") == null ? "" : json.get("eTag").asString());
    }

    /** Moves the file {@code from} to {@code to} atomically, replacing a file there. */
    @Override
    public void rename(String from, String to) {
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(uri(to, "mv.from=" + SigV4.uriEncode(from, false)))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(timeout));
        checkOk(r, "move " + from + " to " + to);
    }

    /**
     * Removes {@code path} ({@code recursive}: with its subtree).
     *
     * @return false when there was nothing there
     */
    @Override
    public boolean delete(String path, boolean recursive) {
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(uri(path, recursive ? "recursive=true" : null))
                .DELETE().timeout(timeout));
        if (r.statusCode() == 404) {
            return false;
        }
        checkOk(r, "delete " + path);
        return true;
    }

    /**
     * Opens the bytes {@code [offset, offset + length)} of the file at {@code path} ({@code length} -1:
     * to the end). Close the result.
     *
     * @throws FilerException status 404 when the file is gone
     */
    @Override
    public FilerRead read(String path, long offset, long length) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path, null)).GET();
        if (offset > 0 || length >= 0) {
            b.header("Range", "bytes=" + offset + "-" + (length >= 0 ? Long.toString(offset + length - 1) : ""));
        }
        HttpResponse<InputStream> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new FilerException("cannot reach the filer at " + base + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FilerException("interrupted reading " + path, e);
        }
        if (r.statusCode() != 200 && r.statusCode() != 206) {
            String message;
            try (InputStream in = r.body()) {
                message = new String(in.readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8);
            } catch (IOException e) {
                message = e.toString();
            }
            throw new FilerException(r.statusCode(), "read " + path + ": " + message);
        }
        long n = r.headers().firstValueAsLong("Content-Length").orElse(-1);
        return new FilerRead(r.body(), n, r.headers().firstValue("ETag").orElse(""));
    }

    /** From the filer's {@code GET /status} ({@code "Masters"}). */
    @Override
    public java.util.List<String> masters() {
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(URI.create(base + "/status")).timeout(timeout).GET());
        checkOk(r, "status");
        JsonNode masters = Json.MAPPER.readTree(r.body()).get("Masters");
        java.util.List<String> list = new java.util.ArrayList<>();
        if (masters != null) {
            masters.forEach(m -> list.add(m.asString()));
        }
        return list;
    }

    private URI uri(String path, String query) {
        return URI.create(base + SigV4.uriEncode(path, true) + (query == null ? "" : "?" + query));
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new FilerException("cannot reach the filer at " + base + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FilerException("interrupted calling the filer", e);
        }
    }

    private static void checkOk(HttpResponse<byte[]> r, String what) {
        if (r.statusCode() / 100 != 2) {
            String message = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
            try {
                JsonNode e = Json.MAPPER.readTree(r.body()).get("error");
                if (e != null) {
                    message = e.asString();
                }
            } catch (RuntimeException notJson) {
                // keep the raw body
            }
            throw new FilerException(r.statusCode(), what + ": " + message);
        }
    }

    static FilerEntry entry(JsonNode e) {
        String md5 = text(e, "Md5");
        String eTag = text(e, "ETag");
        String md5Hex = !eTag.isEmpty() ? eTag
                : md5.isEmpty() ? "" : HexFormat.of().formatHex(Base64.getDecoder().decode(md5));
        Map<String, String> extended = new java.util.TreeMap<>();
        JsonNode ext = e.get("Extended");
        if (ext != null && ext.isObject()) {
            for (Map.Entry<String, JsonNode> kv : ext.properties()) {
                extended.put(kv.getKey(), kv.getValue().asString());
            }
        }
        long mode = e.get("Mode") == null ? 0 : e.get("Mode").asLong();
        return new FilerEntry(text(e, "FullPath"), (mode & GO_MODE_DIR) != 0,
                e.get("FileSize") == null ? 0 : e.get("FileSize").asLong(), Instant.parse(text(e, "Mtime")),
                text(e, "Mime"), md5Hex, extended);
    }

    private static String text(JsonNode e, String field) {
        JsonNode v = e.get(field);
        return v == null || v.isNull() ? "" : v.asString();
    }
}
