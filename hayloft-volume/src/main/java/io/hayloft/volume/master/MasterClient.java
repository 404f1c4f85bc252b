package io.hayloft.volume.master;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.ErrorResponse;
import io.hayloft.api.wire.Heartbeat;
import io.hayloft.api.wire.HeartbeatResponse;
import io.hayloft.api.wire.LookupResponse;
import io.hayloft.api.wire.NodeIdResponse;
import io.hayloft.http.Json;
import io.hayloft.http.PeerClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The volume server's calls to the masters: node id, heartbeat and volume lookup. Heartbeats go to
 * every configured master in parallel, so each master keeps its own topology and a newly elected
 * leader already knows every volume. Node ids and lookups try the master last known to lead first,
 * then every configured master in order; the leader a heartbeat names is remembered. Blocking:
 * call from virtual threads. Thread-safe.
 */
public final class MasterClient {
    private final List<String> configured;
    private volatile List<String> masters;
    private final PeerClient peers;
    private final AtomicReference<String> leader = new AtomicReference<>();

    /**
     * @param masters master {@code host:port} addresses, in the order to try them
     * @param peers   the pooled HTTP client
     */
    public MasterClient(List<String> masters, PeerClient peers) {
        HayloftException.checkArgument(!masters.isEmpty(), "at least one master is required");
        this.configured = List.copyOf(masters);
        this.masters = this.configured;
        this.peers = peers;
    }

    /**
     * Asks a master for a new node id ({@code POST /internal/node/id?address=}).
     *
     * @param address this server's {@code ip:port}
     * @throws HayloftException {@code UNAVAILABLE} when no master answers
     */
    public long assignNodeId(String address) {
        String path = "/internal/node/id?address=" + URLEncoder.encode(address, StandardCharsets.UTF_8);
        return firstAnswer(m -> peers.call(HttpMethod.POST, "http://" + m + path, Map.of(), null),
                NodeIdResponse.class).nodeId();
    }

    /**
     * Sends one heartbeat to every master in parallel, waiting at most the client's timeout; see
     * {@link #heartbeat(Heartbeat, Duration)}.
     */
    public HeartbeatResponse heartbeat(Heartbeat heartbeat) {
        return heartbeat(heartbeat, null);
    }

    /**
     * Sends one heartbeat to every master in parallel and remembers the leader they name. A master
     * that is down or has not answered within {@code wait} is skipped, so one hung master cannot
     * delay the beat the others are waiting for.
     *
     * @param wait longest wait for the answers; null for the client's own timeout
     * @return the leader's answer when the leader answered, else any master's answer
     * @throws HayloftException {@code UNAVAILABLE} when no master answers
     */
    public HeartbeatResponse heartbeat(Heartbeat heartbeat, Duration wait) {
        Buffer body = Buffer.buffer(Json.write(heartbeat, false));
        Map<String, CompletableFuture<PeerClient.Response>> calls = new LinkedHashMap<>();
        for (String m : masters) {
            calls.put(m, peers.send(HttpMethod.POST, "http://" + m + "/internal/heartbeat",
                    Map.of("Content-Type", "application/json"), body));
        }
        Map<String, HeartbeatResponse> answers = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        long deadline = wait == null ? Long.MAX_VALUE : System.nanoTime() + wait.toNanos();
        calls.forEach((m, call) -> {
            try {
                PeerClient.Response r = deadline == Long.MAX_VALUE ? call.join()
                        : call.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                HeartbeatResponse answer = r.ok() ? parse(r, HeartbeatResponse.class) : null;
                if (answer != null) {
                    answers.put(m, answer);
                } else {
                    failures.add(m + " answered " + r.status() + " " + errorText(r));
                }
            } catch (CompletionException | CancellationException | ExecutionException e) {
                failures.add(m + ": " + (e.getCause() == null ? e : e.getCause()));
            } catch (TimeoutException e) {
                failures.add(m + ": no answer within " + wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add(m + ": interrupted");
            }
        });
        if (answers.isEmpty()) {
            throw new HayloftException(ErrorCode.UNAVAILABLE, "no master answered: " + String.join("; ", failures));
        }
        String named = answers.values().stream().map(HeartbeatResponse::leader)
                .filter(l -> l != null && !l.isBlank()).findFirst().orElse(null);
        leader.set(named);
        HeartbeatResponse chosen = named != null && answers.containsKey(named) ? answers.get(named)
                : answers.values().iterator().next();
        follow(chosen.masters());
        return chosen;
    }

    /**
     * Heartbeats and lookups go to the configured masters plus every member the group announces,
     * so a master added at run time hears from this server and a removed one no longer does
     * (unless configured).
     */
    private void follow(List<String> announced) {
        if (announced.isEmpty()) {
            return;
        }
        List<String> next = new ArrayList<>(configured);
        announced.stream().filter(m -> !next.contains(m)).forEach(next::add);
        masters = List.copyOf(next);
    }

    /** The masters this server talks to now: the configured ones, then any the group announced. */
    public List<String> masters() {
        return masters;
    }

    /**
     * Looks up where a volume's replicas live ({@code GET /dir/lookup?volumeId=}).
     *
     * @throws HayloftException {@code NOT_FOUND} when the master does not know the volume,
     *                          {@code UNAVAILABLE} when no master answers
     */
    public LookupResponse lookup(VolumeId volumeId) {
        return firstAnswer(m -> peers.get("http://" + m + "/dir/lookup?volumeId=" + volumeId), LookupResponse.class);
    }

    /** The master last known to lead, or null. */
    public String leader() {
        return leader.get();
    }

    /**
     * Asks each master in turn; the first 2xx answer that parses as {@code type} wins. A master that
     * is unreachable, answers an error or unreadable JSON is skipped; a 404 is final.
     */
    private <T> T firstAnswer(Function<String, PeerClient.Response> call, Class<T> type) {
        List<String> order = new ArrayList<>();
        String known = leader.get();
        if (known != null) {
            order.add(known);
        }
        for (String m : masters) {
            if (!order.contains(m)) {
                order.add(m);
            }
        }
        List<String> failures = new ArrayList<>();
        for (String master : order) {
            try {
                PeerClient.Response r = call.apply(master);
                if (r.status() == 404) {
                    throw HayloftException.notFound("master " + master + ": " + errorText(r));
                }
                T answer = r.ok() ? parse(r, type) : null;
                if (answer != null) {
                    return answer;
                }
                failures.add(master + " answered " + r.status() + " " + errorText(r));
            } catch (HayloftException e) {
                if (e.code() != ErrorCode.UNAVAILABLE) {
                    throw e;
                }
                failures.add(e.getMessage());
            }
            if (master.equals(known)) {
                leader.compareAndSet(known, null);
            }
        }
        throw new HayloftException(ErrorCode.UNAVAILABLE, "no master answered: " + String.join("; ", failures));
    }

    private static <T> T parse(PeerClient.Response r, Class<T> type) {
        try {
            return r.json(type);
        } catch (HayloftException e) {
            return null;
        }
    }

    private static String errorText(PeerClient.Response r) {
        try {
            return r.json(ErrorResponse.class).error();
        } catch (HayloftException e) {
            return r.bodyAsString();
        }
    }
}
