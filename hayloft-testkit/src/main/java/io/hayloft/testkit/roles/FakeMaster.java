package io.hayloft.testkit.roles;

import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.Heartbeat;
import io.hayloft.api.wire.HeartbeatResponse;
import io.hayloft.api.wire.Location;
import io.hayloft.api.wire.LookupResponse;
import io.hayloft.api.wire.NodeIdResponse;
import io.hayloft.http.Json;
import io.hayloft.testkit.http.FakeHttpServer;
import io.hayloft.testkit.http.FakeHttpServer.Request;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A master stand-in on loopback, for the tests of every role that talks to a master.
 *
 * <p>Out of the box it answers what a volume server needs from a master: {@code /internal/node/id}
 * (a new node id each time), {@code /internal/heartbeat} (recorded; answers {@link
 * #volumeSizeLimit}) and {@code /dir/lookup} (from {@link #replicas}, 404 for an unknown volume). Any
 * {@code METHOD path} can also be scripted with {@link #on}, which takes precedence over those (the
 * shell's tests script {@code /vol/status}, {@code /col/delete} and the like). An unscripted, unknown
 * call gets a 404 JSON error. Every request is recorded. Thread-safe.
 */
public final class FakeMaster implements AutoCloseable {
    /** One request as received: its query parameters (first value of each) in order, and its body. */
    public record Call(String method, String path, Map<String, String> params, byte[] body) {
        /** The parameters as {@code a=1&b=2}, in the order sent. */
        public String query() {
            StringBuilder sb = new StringBuilder();
            params.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : "&").append(k).append('=').append(v));
            return sb.toString();
        }
    }

    /** A canned answer. */
    public record Answer(int status, String json) {
        public static Answer ok(String json) {
            return new Answer(200, json);
        }
    }

    /** Every heartbeat received, in order. */
    public final List<Heartbeat> heartbeats = new CopyOnWriteArrayList<>();
    /** The {@code address} of every node-id request, in order. */
    public final List<String> nodeIdRequests = new CopyOnWriteArrayList<>();
    /** How many {@code /dir/lookup} calls were answered from {@link #replicas}. */
    public final AtomicInteger lookups = new AtomicInteger();
    /** What heartbeats are answered with as the volume size limit, in bytes. */
    public final AtomicLong volumeSizeLimit = new AtomicLong(30_000L * 1024 * 1024);
    /** Volume id to the urls {@code /dir/lookup} answers for it. */
    public final Map<Integer, List<String>> replicas = new ConcurrentHashMap<>();

    private final AtomicLong nextNodeId = new AtomicLong(41);
    private final Map<String, Function<Call, Answer>> scripted = new ConcurrentHashMap<>();
    private final FakeHttpServer server;

    /** A master on an ephemeral port. */
    public FakeMaster() {
        this(0);
    }

    /** A master on {@code port} (0: ephemeral), e.g. one that comes back where a stopped one was. */
    public FakeMaster(int port) {
        server = new FakeHttpServer(port).on("/", this::answer);
    }

    /** {@code host:port}. */
    public String address() {
        return server.address();
    }

    public int port() {
        return server.port();
    }

    /** Answers {@code method path} (the exact path) with 200 and {@code json}; replaces an earlier script. */
    public FakeMaster on(String method, String path, String json) {
        return on(method, path, 200, json);
    }

    /** Answers {@code method path} with {@code status} and {@code json}. */
    public FakeMaster on(String method, String path, int status, String json) {
        return on(method, path, call -> new Answer(status, json));
    }

    /** Answers {@code method path} as {@code answer} decides from the request. */
    public FakeMaster on(String method, String path, Function<Call, Answer> answer) {
        scripted.put(method + " " + path, answer);
        return this;
    }

    /** Every request so far, in order. */
    public List<Call> calls() {
        return server.requests().stream().map(FakeMaster::callOf).toList();
    }

    /** The requests to exactly {@code path}. */
    public List<Call> calls(String path) {
        return calls().stream().filter(c -> c.path().equals(path)).toList();
    }

    /** The newest heartbeat, or null. */
    public Heartbeat lastHeartbeat() {
        return heartbeats.isEmpty() ? null : heartbeats.getLast();
    }

    @Override
    public void close() {
        server.close();
    }

    private FakeHttpServer.Answer answer(Request request) {
        Call call = callOf(request);
        Function<Call, Answer> script = scripted.get(call.method() + " " + call.path());
        if (script != null) {
            Answer a = script.apply(call);
            return FakeHttpServer.Answer.json(a.status(), a.json());
        }
        return switch (call.path()) {
            case "/internal/node/id" -> {
                nodeIdRequests.add(call.params().getOrDefault("address", ""));
                yield json(200, new NodeIdResponse(nextNodeId.incrementAndGet()));
            }
            case "/internal/heartbeat" -> {
                heartbeats.add(Json.read(call.body(), Heartbeat.class));
                yield json(200, new HeartbeatResponse(volumeSizeLimit.get(), address()));
            }
            case "/dir/lookup" -> lookup(call.params().getOrDefault("volumeId", ""));
            default -> FakeHttpServer.Answer.json(404,
                    "{\"error\":\"nothing scripted for " + call.method() + " " + call.path() + "\"}");
        };
    }

    private FakeHttpServer.Answer lookup(String vid) {
        lookups.incrementAndGet();
        List<String> urls = replicas.get(VolumeId.parse(vid).value());
        if (urls == null) {
            return json(404, Map.of("error", "volume id " + vid + " not found"));
        }
        return json(200, new LookupResponse(vid, vid, urls.stream().map(u -> new Location(u, u)).toList()));
    }

    private static FakeHttpServer.Answer json(int status, Object body) {
        return FakeHttpServer.Answer.json(status, new String(Json.write(body, false), StandardCharsets.UTF_8));
    }

    private static Call callOf(Request request) {
        return new Call(request.method(), request.path(), request.params(), request.body());
    }
}
