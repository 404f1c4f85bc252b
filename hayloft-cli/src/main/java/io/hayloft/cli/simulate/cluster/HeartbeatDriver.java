package io.hayloft.cli.simulate.cluster;

import io.hayloft.api.wire.Heartbeat;
import io.hayloft.api.wire.HeartbeatResponse;
import io.hayloft.api.wire.MasterApi;
import io.hayloft.api.wire.NodeIdResponse;
import io.hayloft.http.Json;
import io.hayloft.http.PeerClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Registers the synthetic servers and sends their heartbeats: each server beats once a pulse, the
 * beats of all servers spread evenly over the pulse, each beat to every master at once (as a real
 * volume server sends them), and at once again when a master asks for a full report or a server's
 * volumes changed through an admin call. A full report a master deferred is sent again, after the
 * wait it named with the real server's jitter, at the server's first slot after that. Counts what it
 * sent. Thread-safe.
 */
final class HeartbeatDriver implements AutoCloseable {
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    private static final long TICK_MS = 10;

    private final List<SyntheticServer> servers;
    private final PeerClient peers;
    private final Supplier<List<String>> masters;
    private final Duration pulse;
    private final double churn;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("sim-heartbeats").factory());
    final AtomicLong fullReports = new AtomicLong();
    final AtomicLong deltas = new AtomicLong();
    final AtomicLong bytesSent = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    final AtomicLong fullRequested = new AtomicLong();
    final AtomicLong fullDeferred = new AtomicLong();
    private final java.util.random.RandomGenerator jitter = new java.util.SplittableRandom(11);
    private long tick;

    /**
     * @param masters the masters' {@code host:port} to beat to now (a killed master simply fails)
     * @param churn   volumes per server whose counters change between two beats, on average
     */
    HeartbeatDriver(List<SyntheticServer> servers, PeerClient peers, Supplier<List<String>> masters, Duration pulse,
                    double churn) {
        this.servers = servers;
        this.peers = peers;
        this.masters = masters;
        this.pulse = pulse;
        this.churn = churn;
    }

    /**
     * Asks a master for a node id for every server that has none, {@code parallel} at a time, blocking
     * until all have one.
     *
     * @throws IllegalStateException when a registration keeps failing past {@code timeout}
     */
    void registerAll(int parallel, Duration timeout) throws InterruptedException {
        Semaphore slots = new Semaphore(parallel);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (var exec = Executors.newVirtualThreadPerTaskExecutor()) {
            for (SyntheticServer s : servers) {
                slots.acquire();
                exec.submit(() -> {
                    try {
                        register(s, deadline);
                    } finally {
                        slots.release();
                    }
                });
            }
        }
        long missing = servers.stream().filter(s -> s.nodeId() == 0).count();
        if (missing > 0) {
            throw new IllegalStateException(missing + " synthetic servers got no node id within " + timeout);
        }
    }

    private void register(SyntheticServer s, long deadline) {
        while (s.nodeId() == 0 && System.nanoTime() < deadline) {
            for (String m : masters.get()) {
                try {
                    PeerClient.Response r = peers.call(HttpMethod.POST,
                            MasterApi.NODE_ID.query().param("address", s.url()).url(m), Map.of(), null);
                    if (r.ok()) {
                        s.setNodeId(r.json(NodeIdResponse.class).nodeId());
                        return;
                    }
                } catch (RuntimeException e) {
                    // that master is down or electing: try the next one
                }
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
    }

    /** Starts the beats; each server's first beat (a full report) falls somewhere in the first pulse. */
    void start() {
        ticker.scheduleAtFixedRate(this::tick, 0, TICK_MS, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            long slotsPerPulse = Math.max(1, pulse.toMillis() / TICK_MS);
            long slot = tick++ % slotsPerPulse;
            for (int i = (int) slot; i < servers.size(); i += (int) slotsPerPulse) {
                beat(servers.get(i), false);
            }
        } catch (RuntimeException e) {
            failures.incrementAndGet();
        }
    }

    /** Sends {@code s}'s next beat at once, after the one out if there is one (its volumes changed). */
    void beatNow(SyntheticServer s) {
        beat(s, true);
    }

    /**
     * Sends {@code s}'s next beat to every master (a dead server sends nothing). Beats of one server go
     * one at a time, as a real server's loop sends them: a routine beat while one is out is dropped, an
     * urgent one follows it.
     */
    private void beat(SyntheticServer s, boolean urgent) {
        if (!s.alive() || s.quiet(System.currentTimeMillis()) || !s.startBeat(urgent)) {
            return;
        }
        List<String> to = masters.get();
        Heartbeat hb;
        try {
            hb = s.nextHeartbeat(churn, System.currentTimeMillis() / 1000);
        } catch (RuntimeException e) {
            s.endBeat();
            throw e;
        }
        (hb.delta() ? deltas : fullReports).incrementAndGet();
        byte[] body = Json.write(hb, false);
        java.util.concurrent.atomic.AtomicInteger outstanding = new java.util.concurrent.atomic.AtomicInteger(to.size());
        if (to.isEmpty()) {
            s.endBeat();
            return;
        }
        for (String m : to) {
            bytesSent.addAndGet(body.length);
            CompletableFuture<PeerClient.Response> call = peers.send(HttpMethod.POST,
                    MasterApi.heartbeat(hb).url(m), JSON, Buffer.buffer(body));
            call.whenComplete((r, e) -> {
                HeartbeatResponse answer = e != null || !r.ok() ? null : r.json(HeartbeatResponse.class);
                if (answer == null) {
                    failures.incrementAndGet();
                } else if (answer.fullReportDeferred()) {
                    fullDeferred.incrementAndGet();
                    long wait = answer.fullReportRetryDelay(jitter).toMillis();
                    s.deferFull(System.currentTimeMillis() + wait);
                } else if (answer.fullReportRequested()) {
                    fullRequested.incrementAndGet();
                    s.requestFull();
                    s.startBeat(true); // queues the full report behind this beat
                }
                if (outstanding.decrementAndGet() == 0 && s.endBeat()) {
                    Thread.ofVirtual().start(() -> beat(s, true));
                }
            });
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
