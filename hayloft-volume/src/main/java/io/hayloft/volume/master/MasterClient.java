package io.hayloft.volume.master;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.ErrorResponse;
import io.hayloft.api.wire.Heartbeat;
import io.hayloft.api.wire.HeartbeatResponse;
import io.hayloft.api.wire.LookupResponse;
import io.hayloft.api.wire.NodeIdResponse;
import io.hayloft.http.PeerClient;
import io.vertx.core.http.HttpMethod;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The volume server's calls to the masters: node id, heartbeat and volume lookup. Tries the master
 * last known to lead first, then every configured master in order; remembers the leader a
 * heartbeat names. Blocking: call from virtual threads. Thread-safe.
 */
public final class MasterClient {
    private final List<String> masters;
    private final PeerClient peers;
    private final AtomicReference<String> leader = new AtomicReference<>();

    /**
     * @param masters master {@code host:port} addresses, in the order to try them
     * @param peers   the pooled HTTP client
     */
    public MasterClient(List<String> masters, PeerClient peers) {
        HayloftException.checkArgument(!masters.isEmpty(), "at least one master is required");
        this.masters = List.copyOf(masters);
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
     * Sends one heartbeat and remembers the leader the master names.
     *
     * @return the master's answer
     * @throws HayloftException {@code UNAVAILABLE} when no master answers
     */
    public HeartbeatResponse heartbeat(Heartbeat heartbeat) {
        HeartbeatResponse r = firstAnswer(m -> peers.postJson("http://" + m + "/internal/heartbeat", heartbeat),
                HeartbeatResponse.class);
        if (r.leader() != null && !r.leader().isBlank()) {
            leader.set(r.leader());
        }
        return r;
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
