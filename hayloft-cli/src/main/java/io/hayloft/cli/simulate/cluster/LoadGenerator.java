package io.hayloft.cli.simulate.cluster;

import io.hayloft.api.wire.AssignResponse;
import io.hayloft.api.wire.MasterApi;
import io.hayloft.http.PeerClient;
import io.vertx.core.http.HttpMethod;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Issues {@code /dir/assign} and {@code /dir/lookup} to the leader at fixed rates, open loop (a slow
 * answer does not slow the schedule; past {@code maxInFlight} outstanding requests a due request is
 * counted as an error instead of sent), and records each answer's latency. Each assign is credited
 * to the volume it names on the server it names, as the upload that would follow it, so volume sizes
 * grow with the load. Thread-safe.
 */
final class LoadGenerator implements AutoCloseable {
    /**
     * How often due requests are sent: every millisecond, so that at 5,000 requests a second they leave in
     * groups of 5, not (at 5 ms) in bursts of 25 assigns and 25 lookups whose last had to wait for the whole
     * burst: the p99 measured the burst, not the master.
     */
    private static final long TICK_MICROS = 1_000;
    private static final int SAMPLE = 200_000;

    private final PeerClient peers;
    private final Supplier<String> leader;
    private final IntSupplier maxVolumeId;
    private final Map<String, SyntheticServer> byUrl;
    private final int assignRate;
    private final int lookupRate;
    private final Semaphore inFlight;
    private final SplittableRandom random = new SplittableRandom(5);
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("sim-load").factory());
    final LatencySample assignInterval = new LatencySample(SAMPLE);
    final LatencySample lookupInterval = new LatencySample(SAMPLE);
    final LatencySample assignTotal = new LatencySample(SAMPLE);
    final LatencySample lookupTotal = new LatencySample(SAMPLE);
    private long startNanos;
    private long assignsIssued;
    private long lookupsIssued;

    /**
     * @param leader      the leader's {@code host:port} now (null while there is none: requests then fail)
     * @param maxVolumeId the largest volume id to look up
     */
    LoadGenerator(PeerClient peers, Supplier<String> leader, IntSupplier maxVolumeId, Map<String, SyntheticServer> byUrl,
                  int assignRate, int lookupRate, int maxInFlight) {
        this.peers = peers;
        this.leader = leader;
        this.maxVolumeId = maxVolumeId;
        this.byUrl = byUrl;
        this.assignRate = assignRate;
        this.lookupRate = lookupRate;
        this.inFlight = new Semaphore(maxInFlight);
    }

    /** Starts issuing requests. */
    void start() {
        startNanos = System.nanoTime();
        ticker.scheduleAtFixedRate(this::tick, 0, TICK_MICROS, TimeUnit.MICROSECONDS);
    }

    private void tick() {
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        long assignsDue = (long) (elapsed * assignRate) - assignsIssued;
        long lookupsDue = (long) (elapsed * lookupRate) - lookupsIssued;
        for (long i = 0; i < assignsDue; i++) {
            assignsIssued++;
            send(true);
        }
        for (long i = 0; i < lookupsDue; i++) {
            lookupsIssued++;
            send(false);
        }
    }

    private void send(boolean assign) {
        LatencySample interval = assign ? assignInterval : lookupInterval;
        LatencySample total = assign ? assignTotal : lookupTotal;
        String to = leader.get();
        if (to == null || !inFlight.tryAcquire()) {
            interval.error();
            total.error();
            return;
        }
        String url = assign ? MasterApi.ASSIGN.query().url(to)
                : MasterApi.LOOKUP.query().param("volumeId", 1 + random.nextInt(Math.max(1, maxVolumeId.getAsInt())))
                        .url(to);
        long start = System.nanoTime();
        peers.send(HttpMethod.GET, url, Map.of(), null).whenComplete((r, e) -> {
            inFlight.release();
            long took = System.nanoTime() - start;
            if (e != null || !r.ok()) {
                interval.error();
                total.error();
                return;
            }
            interval.record(took);
            total.record(took);
            if (assign) {
                credit(r);
            }
        });
    }

    private void credit(PeerClient.Response r) {
        try {
            AssignResponse a = r.json(AssignResponse.class);
            int comma = a.fid().indexOf(',');
            int volume = Integer.parseInt(a.fid().substring(0, comma));
            String keyCookie = a.fid().substring(comma + 1);
            long key = Long.parseUnsignedLong(keyCookie.substring(0, Math.max(1, keyCookie.length() - 8)), 16);
            SyntheticServer s = byUrl.get(a.url());
            if (s != null) {
                s.written(volume, key, 32 * 1024, System.currentTimeMillis() / 1000);
            }
        } catch (RuntimeException e) {
            // an answer the simulator cannot read still counted as answered
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
