package io.hayloft.volume;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hayloft.api.wire.Heartbeat;
import io.hayloft.api.wire.HeartbeatResponse;
import io.hayloft.api.wire.Location;
import io.hayloft.api.wire.LookupResponse;
import io.hayloft.api.wire.NodeIdResponse;
import io.hayloft.http.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * A master stand-in for tests: answers {@code /internal/node/id}, {@code /internal/heartbeat} and
 * {@code /dir/lookup} from fields the test sets, and records what it was sent.
 */
public final class FakeMaster implements AutoCloseable {
    public final List<Heartbeat> heartbeats = new CopyOnWriteArrayList<>();
    public final List<String> nodeIdRequests = new CopyOnWriteArrayList<>();
    public final AtomicInteger lookups = new AtomicInteger();
    public final AtomicLong volumeSizeLimit = new AtomicLong(30_000L * 1024 * 1024);
    public final Map<Integer, List<String>> replicas = new ConcurrentHashMap<>();
    private final AtomicLong nextNodeId = new AtomicLong(41);
    private final HttpServer server;

    public FakeMaster() throws IOException {
        this(0);
    }

    public FakeMaster(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/internal/node/id", ex -> {
            nodeIdRequests.add(query(ex.getRequestURI()).getOrDefault("address", ""));
            send(ex, 200, new NodeIdResponse(nextNodeId.incrementAndGet()));
        });
        server.createContext("/internal/heartbeat", ex -> {
            heartbeats.add(Json.read(ex.getRequestBody().readAllBytes(), Heartbeat.class));
            send(ex, 200, new HeartbeatResponse(volumeSizeLimit.get(), address()));
        });
        server.createContext("/dir/lookup", ex -> {
            lookups.incrementAndGet();
            String vid = query(ex.getRequestURI()).getOrDefault("volumeId", "");
            List<String> urls = replicas.get(io.hayloft.api.VolumeId.parse(vid).value());
            if (urls == null) {
                send(ex, 404, Map.of("error", "volume id " + vid + " not found"));
            } else {
                send(ex, 200, new LookupResponse(vid, vid,
                        urls.stream().map(u -> new Location(u, u)).toList()));
            }
        });
        server.start();
    }

    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The newest heartbeat, or null. */
    public Heartbeat lastHeartbeat() {
        return heartbeats.isEmpty() ? null : heartbeats.getLast();
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes; returns whether it held. */
    public static boolean await(Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return true;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
        return condition.getAsBoolean();
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> q = new ConcurrentHashMap<>();
        String raw = uri.getRawQuery();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    q.put(kv.substring(0, eq), java.net.URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }

    private static void send(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = Json.write(body, false);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
