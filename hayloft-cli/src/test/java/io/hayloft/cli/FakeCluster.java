package io.hayloft.cli;

import io.hayloft.api.FileId;
import io.hayloft.testkit.http.FakeHttpServer;
import io.hayloft.testkit.http.FakeHttpServer.Answer;
import io.hayloft.testkit.http.FakeHttpServer.Request;
import io.hayloft.testkit.http.Multipart;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A master and a volume server that keep blobs in memory and answer as Hayloft's do: enough for
 * the client commands to run end to end in tests.
 */
public final class FakeCluster implements AutoCloseable {
    /** A stored blob. */
    public record Blob(String name, String mime, byte[] data) {
    }

    private static final Pattern FILENAME = Pattern.compile("filename=\"([^\"]*)\"");

    private final FakeHttpServer master = new FakeHttpServer();
    private final FakeHttpServer volume = new FakeHttpServer();
    private final Map<String, Blob> blobs = new ConcurrentHashMap<>();
    private final AtomicLong nextKey = new AtomicLong(1);

    public FakeCluster() {
        master.on("/dir/assign", r -> Answer.json(200, "{\"fid\":\"" + FileId.of(1, nextKey.getAndIncrement(), 0x1234abcd)
                + "\",\"url\":\"" + volume.address() + "\",\"publicUrl\":\"" + volume.address() + "\",\"count\":1}"));
        master.on("/dir/lookup", r -> r.query().equals("volumeId=1")
                ? Answer.json(200, "{\"volumeId\":\"1\",\"volumeOrFileId\":\"1\",\"locations\":[{\"url\":\""
                        + volume.address() + "\",\"publicUrl\":\"" + volume.address() + "\"}]}")
                : Answer.json(404, "{\"error\":\"volume not found\"}"));
        volume.on("/", this::serve);
    }

    /** The master's {@code host:port}. */
    public String master() {
        return master.address();
    }

    public Map<String, Blob> blobs() {
        return blobs;
    }

    /** How many client connections the volume server has seen. */
    public int volumeConnections() {
        return volume.connections();
    }

    /** Stores a blob directly, as if uploaded earlier; returns its fid. */
    public String store(Blob blob) {
        String fid = FileId.of(1, nextKey.getAndIncrement(), 0x1234abcd).toString();
        blobs.put(fid, blob);
        return fid;
    }

    private Answer serve(Request r) {
        String fid = r.path().substring(1);
        return switch (r.method()) {
            case "POST", "PUT" -> {
                String contentType = r.header("Content-type");
                Blob blob;
                if (contentType != null && contentType.startsWith("multipart/")) {
                    Multipart part = Multipart.parse(contentType, r.body());
                    Matcher m = FILENAME.matcher(part.disposition());
                    blob = new Blob(m.find() ? m.group(1) : "", part.contentType(), part.data());
                } else { // a raw body, as the volume server takes it too
                    String disposition = r.header("Content-disposition");
                    Matcher m = FILENAME.matcher(disposition == null ? "" : disposition);
                    blob = new Blob(m.find() ? m.group(1) : "", contentType, r.body());
                }
                blobs.put(fid, blob);
                yield Answer.json(201, "{\"name\":\"" + blob.name() + "\",\"size\":" + blob.data().length
                        + ",\"eTag\":\"00c0ffee\"}");
            }
            case "GET" -> {
                Blob b = blobs.get(fid);
                if (b == null) {
                    yield Answer.json(404, "{\"error\":\"" + fid + " not found\"}");
                }
                Map<String, String> headers = new HashMap<>();
                headers.put("Content-Type", b.mime() == null ? "application/octet-stream" : b.mime());
                headers.put("ETag", "\"00c0ffee\"");
                if (!b.name().isEmpty()) {
                    headers.put("Content-Disposition", "inline; filename=\"" + b.name() + "\"");
                }
                yield Answer.bytes(200, headers, b.data());
            }
            case "DELETE" -> {
                Blob b = blobs.remove(fid);
                yield b == null ? Answer.json(404, "{\"error\":\"" + fid + " not found\"}")
                        : Answer.json(202, "{\"size\":" + b.data().length + "}");
            }
            default -> Answer.json(405, "{\"error\":\"method not allowed\"}");
        };
    }

    @Override
    public void close() {
        master.close();
        volume.close();
    }
}
