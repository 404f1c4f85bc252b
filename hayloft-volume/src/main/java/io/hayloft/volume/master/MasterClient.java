package io.hayloft.volume.master;

import io.hayloft.client.MasterTransport;
import io.hayloft.http.VertxHttpTransport;
import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.Heartbeat;
import io.hayloft.api.wire.HeartbeatResponse;
import io.hayloft.api.wire.LookupResponse;
import io.hayloft.client.MasterClientConfig;
import io.hayloft.http.PeerClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The volume server's side of the master protocol, over the shared {@link io.hayloft.client.MasterClient}
 * (its failover policy and {@code MasterApi} requests): node id and lookups go to whichever master
 * serves them (the leader first, its hints followed); heartbeats go to every master in parallel, so
 * each master keeps its own topology and a newly elected leader already knows every volume. The
 * leader a heartbeat names, and the members it announces, steer later calls. Blocking: call from
 * virtual threads. Thread-safe.
 */
public final class MasterClient implements AutoCloseable {
    private final io.hayloft.client.MasterClient masters;
    private final Duration timeout;
    /** What this client created for itself and closes (the two-argument constructor); else nothing. */
    private final Runnable release;

    /**
     * A client on a Vert.x instance and peer client of its own, released by {@link #close()} (tests,
     * tools); a volume server passes its own with {@link #MasterClient(List, PeerClient, Duration)}.
     */
    public MasterClient(List<String> masters, Duration timeout) {
        this(requireSome(masters), timeout, io.hayloft.http.EventLoops.create());
    }

    private static List<String> requireSome(List<String> masters) {
        HayloftException.checkArgument(!masters.isEmpty(), "at least one master is required");
        return masters;
    }

    private MasterClient(List<String> masters, Duration timeout, io.vertx.core.Vertx vertx) {
        this(masters, new PeerClient(vertx, timeout), timeout, vertx::close);
    }

    /**
     * @param masters master {@code host:port} addresses ({@code -master}), in the order to try them
     * @param peers   the server's Vert.x client the calls go through; its timeout bounds one call to one master
     * @param timeout how long one call to one master may take (the peer client's timeout)
     */
    public MasterClient(List<String> masters, PeerClient peers, Duration timeout) {
        this(masters, peers, timeout, () -> { });
    }

    private MasterClient(List<String> masters, PeerClient peers, Duration timeout, Runnable release) {
        HayloftException.checkArgument(!masters.isEmpty(), "at least one master is required");
        this.timeout = timeout;
        this.release = release;
        // no retry rounds: the heartbeat loop calls again at the next pulse
        this.masters = io.hayloft.client.MasterClient.create(MasterClientConfig.of(masters, timeout, Duration.ZERO),
                MasterTransport.over(new VertxHttpTransport(peers, timeout)));
    }

    /**
     * Asks a master for a new node id ({@code POST /internal/node/id?address=}).
     *
     * @param address this server's {@code ip:port}
     * @throws HayloftException {@code UNAVAILABLE} when no master answers, BAD_REQUEST for an address it refuses
     */
    public long assignNodeId(String address) {
        return masters.nodeId(address);
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
     * @return the leader's answer when the leader answered, else any master's answer; asking for a full
     *         report when any master that answered asked for one, and deferring it by the longest wait
     *         when any master deferred it
     * @throws HayloftException {@code UNAVAILABLE} when no master answers
     */
    public HeartbeatResponse heartbeat(Heartbeat heartbeat, Duration wait) {
        Map<String, CompletableFuture<HeartbeatResponse>> calls = new LinkedHashMap<>();
        for (String m : masters.masters()) {
            CompletableFuture<HeartbeatResponse> call = new CompletableFuture<>();
            Thread.ofVirtual().name("heartbeat-" + m).start(() -> {
                try {
                    call.complete(masters.heartbeat(m, heartbeat));
                } catch (RuntimeException e) {
                    call.completeExceptionally(e);
                }
            });
            calls.put(m, call);
        }
        Map<String, HeartbeatResponse> answers = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        long deadline = System.nanoTime() + (wait == null ? timeout : wait).toNanos();
        calls.forEach((m, call) -> {
            try {
                answers.put(m, call.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (CancellationException | ExecutionException e) {
                failures.add(m + ": " + (e.getCause() == null ? e : e.getCause().getMessage()));
            } catch (TimeoutException e) {
                failures.add(m + ": no answer within " + (wait == null ? timeout : wait));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add(m + ": interrupted");
            }
        });
        if (answers.isEmpty()) {
            throw new HayloftException(ErrorCode.UNAVAILABLE, "no master answered: " + String.join("; ", failures));
        }
        String named = leader();
        HeartbeatResponse chosen = named != null && answers.containsKey(named) ? answers.get(named)
                : answers.values().iterator().next();
        masters.follow(chosen.masters());
        boolean fullRequested = answers.values().stream().anyMatch(HeartbeatResponse::fullReportRequested);
        HeartbeatResponse result = fullRequested && !chosen.fullReportRequested() ? chosen.withFullReportRequested()
                : chosen;
        long deferredMs = answers.values().stream().mapToLong(HeartbeatResponse::fullReportRetryAfterMs).max()
                .orElse(0);
        return deferredMs > result.fullReportRetryAfterMs() ? result.withFullReportDeferred(deferredMs) : result;
    }

    /** The masters this server talks to now: the configured ones, then any the group announced. */
    public List<String> masters() {
        return masters.masters();
    }

    /**
     * Looks up where a volume's replicas live ({@code GET /dir/lookup?volumeId=}).
     *
     * @throws HayloftException {@code NOT_FOUND} when the master does not know the volume,
     *                          {@code UNAVAILABLE} when no master answers
     */
    public LookupResponse lookup(VolumeId volumeId) {
        return masters.lookup(volumeId);
    }

    /** The master last known to lead, or null. */
    public String leader() {
        return masters.leader().orElse(null);
    }

    /** Releases the connections to the masters. */
    @Override
    public void close() {
        masters.close();
        release.run();
    }
}
