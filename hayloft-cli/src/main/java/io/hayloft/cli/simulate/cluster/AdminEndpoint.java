package io.hayloft.cli.simulate.cluster;

import io.hayloft.api.wire.VolumeApi;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The admin API of every synthetic server on one port: the master's allocate, delete, copy, mark,
 * vacuum, garbage and sync calls ({@link VolumeApi}, what {@code master.volumes.VolumeServerClient}
 * sends), told apart by the {@code Host} header. A call to a killed or unknown server gets its
 * connection closed unanswered, as a dead process would. Answers on the event loop; thread-safe.
 */
final class AdminEndpoint implements AutoCloseable {
    private final Map<String, SyntheticServer> byUrl;
    private final Consumer<SyntheticServer> beatNow;
    private final CopyListener copies;
    private final HttpServer server;

    /** Told of each replica copied in (re-replication). */
    interface CopyListener {
        void copied(int volumeId, String targetUrl);
    }

    private AdminEndpoint(Map<String, SyntheticServer> byUrl, Consumer<SyntheticServer> beatNow,
                          CopyListener copies, HttpServer server) {
        this.byUrl = byUrl;
        this.beatNow = beatNow;
        this.copies = copies;
        this.server = server;
    }

    /**
     * Listens on 127.0.0.1:{@code port}.
     *
     * @param beatNow sends a server's next heartbeat at once (after its volumes changed)
     * @throws IllegalStateException when the port cannot be bound
     */
    static AdminEndpoint start(Vertx vertx, int port, Map<String, SyntheticServer> byUrl,
                               Consumer<SyntheticServer> beatNow, CopyListener copies) {
        HttpServer http = vertx.createHttpServer();
        AdminEndpoint endpoint = new AdminEndpoint(byUrl, beatNow, copies, http);
        http.requestHandler(endpoint::handle);
        try {
            http.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot listen on 127.0.0.1:" + port + ": " + e, e);
        }
        return endpoint;
    }

    private void handle(HttpServerRequest req) {
        String host = req.getHeader("Host") == null ? "" : req.getHeader("Host");
        SyntheticServer s = byUrl.get(host);
        if (s == null || !s.alive()) {
            req.connection().close();
            return;
        }
        int id;
        try {
            id = Integer.parseInt(req.getParam(VolumeApi.VOLUME, ""));
        } catch (NumberFormatException e) {
            answer(req, 400, "{\"error\":\"volume is required\",\"code\":\"BAD_REQUEST\"}");
            return;
        }
        String path = req.path();
        String method = req.method().name();
        if (path.equals(VolumeApi.ALLOCATE.path()) && method.equals("POST")) {
            String replication = req.getParam(VolumeApi.REPLICATION, "000");
            s.put(new SyntheticServer.Volume(id, req.getParam(VolumeApi.COLLECTION, ""), replication, 8, 0,
                    System.currentTimeMillis() / 1000));
            answer(req, 200, "{}");
            beatNow.accept(s);
        } else if (path.equals(VolumeApi.DELETE_VOLUME.path()) && method.equals("POST")) {
            s.remove(id);
            answer(req, 200, "{}");
            beatNow.accept(s);
        } else if (path.equals(VolumeApi.COPY_IN.path()) && method.equals("POST")) {
            copy(req, s, id);
        } else if (path.equals(VolumeApi.MARK.path()) && method.equals("POST")) {
            boolean readOnly = Boolean.parseBoolean(req.getParam(VolumeApi.READONLY, "true"));
            found(req, s.update(id, v -> v.readOnly = readOnly), "{}");
        } else if (path.equals(VolumeApi.VACUUM.path()) && method.equals("POST")) {
            long[] reclaimed = new long[1];
            boolean held = s.update(id, v -> {
                reclaimed[0] = v.deletedBytes;
                v.size -= Math.min(v.size, v.deletedBytes);
                v.deletedBytes = 0;
                v.deleteCount = 0;
                v.compactRevision++;
            });
            found(req, held, "{\"bytesReclaimed\":" + reclaimed[0] + "}");
        } else if (path.equals(VolumeApi.GARBAGE.path()) && method.equals("GET")) {
            double[] ratio = new double[1];
            boolean held = s.update(id, v -> ratio[0] = v.size == 0 ? 0 : (double) v.deletedBytes / v.size);
            found(req, held, "{\"garbageRatio\":" + ratio[0] + "}");
        } else if (path.equals(VolumeApi.SYNC.path()) && method.equals("POST")) {
            found(req, s.volume(id).isPresent(), "{\"repaired\":0}");
        } else {
            answer(req, 404, "{\"error\":\"the simulator does not serve " + method + " " + path
                    + "\",\"code\":\"NOT_FOUND\"}");
        }
    }

    /** A replica copied in takes the source's counters; unknown or dead source: 503, as a failed read. */
    private void copy(HttpServerRequest req, SyntheticServer target, int id) {
        SyntheticServer source = byUrl.get(req.getParam(VolumeApi.SOURCE, ""));
        var volume = source == null || !source.alive() ? java.util.Optional.<SyntheticServer.Volume>empty()
                : source.volume(id);
        if (volume.isEmpty()) {
            answer(req, 503, "{\"error\":\"cannot read volume " + id + " from its source\",\"code\":\"UNAVAILABLE\"}");
            return;
        }
        target.put(volume.get());
        answer(req, 200, "{\"bytes\":" + volume.get().size + "}");
        copies.copied(id, target.url());
        beatNow.accept(target);
    }

    private static void found(HttpServerRequest req, boolean held, String json) {
        if (held) {
            answer(req, 200, json);
        } else {
            answer(req, 404, "{\"error\":\"volume not here\",\"code\":\"NOT_FOUND\"}");
        }
    }

    private static void answer(HttpServerRequest req, int status, String json) {
        req.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(json);
    }

    @Override
    public void close() {
        server.close();
    }
}
