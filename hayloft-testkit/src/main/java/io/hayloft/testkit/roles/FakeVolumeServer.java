package io.hayloft.testkit.roles;

import io.hayloft.api.wire.Heartbeat;
import io.hayloft.api.wire.HeartbeatResponse;
import io.hayloft.api.wire.VolumeReport;
import io.hayloft.http.Json;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A volume server stand-in: answers {@code /admin/volume/allocate}, {@code /admin/volume/delete},
 * {@code /admin/volume/copy} (takes the volume's report from the source fake and heartbeats before
 * answering), {@code /admin/volume/sync}, {@code /admin/volume/mark} and uploads ({@code POST /<fid>}),
 * and sends heartbeats to the master when told to.
 */
public final class FakeVolumeServer implements AutoCloseable {
    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String master;
    private final int max;
    private final String dataCenter;
    private final String rack;
    public final Map<Integer, VolumeReport> volumes = new ConcurrentHashMap<>();
    public final List<String> allocateCalls = new CopyOnWriteArrayList<>();
    public final List<Integer> deleteCalls = new CopyOnWriteArrayList<>();
    public final List<String> uploads = new CopyOnWriteArrayList<>();
    /** When set, every upload is recorded, then refused with 409 and this JSON body. */
    public volatile String uploadRefusal;
    /** Copy, sync and mark calls: {@code "copy 3 from 127.0.0.1:p"}, {@code "sync 3"}, {@code "mark 3 true"}. */
    public final List<String> repairCalls = new CopyOnWriteArrayList<>();
    /** Every running fake by url, so a copy can find its source. */
    private static final Map<String, FakeVolumeServer> RUNNING = new ConcurrentHashMap<>();

    public FakeVolumeServer(String masterUrl, int max, String dataCenter, String rack) throws Exception {
        this.master = masterUrl;
        this.max = max;
        this.dataCenter = dataCenter;
        this.rack = rack;
        this.server = vertx.createHttpServer().requestHandler(this::handle)
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        RUNNING.put(url(), this);
    }

    public int port() {
        return server.actualPort();
    }

    public String url() {
        return "127.0.0.1:" + port();
    }

    public String publicUrl() {
        return "localhost:" + port();
    }

    private void handle(HttpServerRequest req) {
        req.body().onSuccess(body -> {
            String path = req.path();
            if (path.equals("/admin/volume/allocate")) {
                int id = Integer.parseInt(req.getParam("volume"));
                volumes.put(id, new VolumeReport(id, req.getParam("collection"), 0, 0, 0, 0,
                        req.getParam("replication"), req.getParam("ttl"), false, 0, 0));
                allocateCalls.add(req.query());
                json(req, 200, "{}");
            } else if (path.equals("/admin/volume/delete")) {
                int id = Integer.parseInt(req.getParam("volume"));
                volumes.remove(id);
                deleteCalls.add(id);
                json(req, 200, "{}");
            } else if (path.equals("/admin/volume/copy")) {
                copy(req);
            } else if (path.equals("/admin/volume/sync")) {
                int id = Integer.parseInt(req.getParam("volume"));
                repairCalls.add("sync " + id + " apply=" + req.getParam("apply"));
                json(req, 200, "{\"volume\":" + id + ",\"peers\":[],\"inSync\":true,\"missingHere\":0,"
                        + "\"missingOnPeers\":0,\"deleteHere\":0,\"deleteOnPeers\":0,\"conflicts\":0,"
                        + "\"repaired\":0,\"applied\":true}");
            } else if (path.equals("/admin/volume/mark")) {
                int id = Integer.parseInt(req.getParam("volume"));
                boolean readOnly = Boolean.parseBoolean(req.getParam("readonly"));
                repairCalls.add("mark " + id + " " + readOnly);
                volumes.computeIfPresent(id, (k, v) -> new VolumeReport(v.id(), v.collection(), v.size(),
                        v.fileCount(), v.deleteCount(), v.deletedBytes(), v.replication(), v.ttl(), readOnly,
                        v.compactRevision(), v.modifiedAtSecond()));
                json(req, 200, "{}");
            } else if (req.method().name().equals("POST")) {
                uploads.add(path.substring(1) + " " + req.getHeader("Content-Type") + " " + body.length());
                if (uploadRefusal != null) {
                    json(req, 409, uploadRefusal);
                    return;
                }
                json(req, 201, "{\"name\":\"test.pdf\",\"size\":" + body.length() + ",\"eTag\":\"0badcafe\"}");
            } else {
                json(req, 404, "{\"error\":\"not found\"}");
            }
        });
    }

    /** Takes the source fake's report of the volume, heartbeats it to the master, then answers. */
    private void copy(HttpServerRequest req) {
        int id = Integer.parseInt(req.getParam("volume"));
        String source = req.getParam("source");
        repairCalls.add("copy " + id + " from " + source + " mbps=" + req.getParam("mbps"));
        if (volumes.containsKey(id)) {
            json(req, 409, "{\"error\":\"volume " + id + " is held here\"}");
            return;
        }
        VolumeReport report = RUNNING.get(source).volumes.get(id);
        volumes.put(id, report);
        Thread.ofVirtual().start(() -> {
            try {
                heartbeat();
                json(req, 200, "{\"volume\":" + id + ",\"bytes\":" + report.size() + ",\"millis\":1}");
            } catch (Exception e) {
                json(req, 503, "{\"error\":\"heartbeat failed\"}");
            }
        });
    }

    private static void json(HttpServerRequest req, int status, String body) {
        req.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(Buffer.buffer(body));
    }

    /** Sets the reported size of a volume (for the size-limit tests). */
    public void setSize(int id, long size) {
        volumes.computeIfPresent(id, (k, v) -> new VolumeReport(v.id(), v.collection(), size, v.fileCount(),
                v.deleteCount(), v.deletedBytes(), v.replication(), v.ttl(), v.readOnly(), v.compactRevision(),
                v.modifiedAtSecond()));
    }

    /** Sends one heartbeat with every volume held; returns the master's answer. */
    public HeartbeatResponse heartbeat() throws Exception {
        Heartbeat hb = new Heartbeat(0, "127.0.0.1", port(), publicUrl(), dataCenter, rack, max, 0,
                List.copyOf(volumes.values()));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + master + "/internal/heartbeat"))
                .POST(HttpRequest.BodyPublishers.ofString(Json.writeString(hb)))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("heartbeat failed: " + r.statusCode() + " " + r.body());
        }
        return Json.read(r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8), HeartbeatResponse.class);
    }

    @Override
    public void close() throws Exception {
        RUNNING.remove(url());
        http.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
