package io.hayloft.volume.master;

import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.EcShardReport;
import io.hayloft.api.wire.Heartbeat;
import io.hayloft.api.wire.HeartbeatResponse;
import io.hayloft.volume.store.Store;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background loop that registers this volume server with the master and heartbeats every
 * pulse. On each beat it obtains a node id if it has none (kept in the {@link NodeIdFile}), sends a
 * {@link Heartbeat}: a full report of every volume first, then deltas of what changed
 * ({@link HeartbeatDeltas}: a full report again when a master asks for one, at once, and every
 * {@link HeartbeatDeltas#DEFAULT_FULL_EVERY} beats), with every erasure-coded shard held in each beat;
 * applies the master's volume size limit to the store,
 * compares the volumes the master believes it holds with its own ({@link Reconciliation}: missing
 * and unexpected volumes are logged and shown in {@code /status}) and deletes volumes whose TTL ran out. A master that is down is retried every pulse; the loop
 * never stops on a failure. A full report a master deferred (too many at once:
 * {@link HeartbeatResponse#fullReportRetryAfterMs}) is sent again, as a full report, after the wait the
 * master named (with jitter), and nothing is sent in between.
 *
 * <pre>
 *   start() ──► [virtual thread] ─┬─► nodeId? ──no──► POST /internal/node/id ─► NodeIdFile.write
 *                                 ├─► POST /internal/heartbeat ─► store.applySizeLimit(limit)
 *                                 └─► wait(pulse | beatNow()) ─► loop until close()
 * </pre>
 * Thread-safe.
 */
public final class HeartbeatLoop implements AutoCloseable {
    /** Retry period while no master answers. */
    private static final long UNREACHABLE_RETRY_MS = 500;
    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatLoop.class);

    private final Store store;
    private final Supplier<List<EcShardReport>> ecShards;
    private final MasterClient master;
    private final NodeIdFile nodeIdFile;
    private volatile NodeAddress address;
    private final Duration pulse;
    private final Duration ttlGrace;
    private final AtomicLong nodeId = new AtomicLong();
    private final AtomicReference<Reconciliation> reconciliation = new AtomicReference<>();
    /** Only the heartbeat thread touches it. */
    private final HeartbeatDeltas deltas = new HeartbeatDeltas();
    /** Volume ids the previous answered beat reported; only the heartbeat thread touches it. */
    private volatile List<Integer> reportedBefore = List.of();
    /** Opened by the first heartbeat a master answered: from then on the master knows this server. */
    private final java.util.concurrent.CountDownLatch firstAnswer = new java.util.concurrent.CountDownLatch(1);
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean running;
    private volatile boolean masterReachable = true;
    /** The wait before the next beat when a master deferred a full report, else null; the heartbeat thread's. */
    private Duration deferredFor;
    private final java.util.random.RandomGenerator jitter = new java.util.SplittableRandom();
    private Thread thread;

    /**
     * @param store      the volumes to report
     * @param master     the master client
     * @param nodeIdFile where the node id is kept
     * @param pulse      heartbeat period
     * @throws IllegalStateException when the node id file is invalid
     */
    public HeartbeatLoop(Store store, MasterClient master, NodeIdFile nodeIdFile, Duration pulse) {
        this(store, master, nodeIdFile, pulse, Duration.ZERO);
    }

    /**
     * @param ttlGrace how long an expired TTL volume stays on disk (read-only) before it is deleted
     * @see #HeartbeatLoop(Store, MasterClient, NodeIdFile, Duration)
     */
    public HeartbeatLoop(Store store, MasterClient master, NodeIdFile nodeIdFile, Duration pulse, Duration ttlGrace) {
        this(store, List::of, master, nodeIdFile, pulse, ttlGrace);
    }

    /**
     * @param ecShards the erasure-coded shards held here, reported in every beat
     * @see #HeartbeatLoop(Store, MasterClient, NodeIdFile, Duration, Duration)
     */
    public HeartbeatLoop(Store store, Supplier<List<EcShardReport>> ecShards, MasterClient master,
                         NodeIdFile nodeIdFile, Duration pulse, Duration ttlGrace) {
        this.store = store;
        this.ecShards = ecShards;
        this.master = master;
        this.nodeIdFile = nodeIdFile;
        this.pulse = pulse;
        this.ttlGrace = ttlGrace;
        nodeIdFile.read().ifPresent(nodeId::set);
    }

    /**
     * Starts the loop on a virtual thread; the first beat goes out at once. Call once.
     *
     * @param self how this server presents itself (known once its port is bound)
     */
    public synchronized void start(NodeAddress self) {
        this.address = self;
        running = true;
        thread = Thread.ofVirtual().name("hayloft-heartbeat-" + self.port()).start(this::run);
    }

    /** Asks for a heartbeat now (after a volume was allocated or deleted). Never blocks; before start it is a no-op. */
    public void beatNow() {
        wakeUp.release();
    }

    /**
     * Waits until a master has answered a heartbeat, so it knows this server and its volumes.
     *
     * @return true once answered; false when {@code timeout} passed first
     */
    public boolean awaitFirstHeartbeat(Duration timeout) throws InterruptedException {
        return firstAnswer.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The node id, or 0 until the master assigned one. */
    public long nodeId() {
        return nodeId.get();
    }

    private void run() {
        while (running) {
            beatOnce();
            try {
                // while no master answers (e.g. it is still electing a leader), retry sooner than a pulse
                long waitMs = deferredFor != null ? deferredFor.toMillis()
                        : masterReachable ? pulse.toMillis() : Math.min(pulse.toMillis(), UNREACHABLE_RETRY_MS);
                wakeUp.tryAcquire(waitMs, TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One beat; every failure is logged, never thrown, so the loop survives it. */
    void beatOnce() {
        deferredFor = null;
        try {
            ensureNodeId();
            // Before the beat is built: an expired volume's grace period starts no later than the
            // beat that first reports it read-only, so whoever sees it leave assignment can count on it.
            List<VolumeId> expired = store.deleteExpired(ttlGrace);
            if (!expired.isEmpty()) {
                LOG.info("deleted expired volumes {}", expired);
            }
            Heartbeat beat = heartbeat();
            HeartbeatResponse answer = master.heartbeat(beat, answerWait());
            if (answer.fullReportDeferred()) {
                deltas.requestFull();
                deferredFor = answer.fullReportRetryDelay(jitter);
                LOG.debug("full report deferred by the master for {}", deferredFor);
                markReachable();
                return;
            }
            firstAnswer.countDown();
            if (answer.fullReportRequested()) {
                deltas.requestFull();
                beatNow();
            }
            store.applySizeLimit(answer.volumeSizeLimit());
            reconcile(beat, answer);
            markReachable();
        } catch (RuntimeException e) {
            if (masterReachable) {
                LOG.warn("heartbeat failed, retrying every {}: {}", pulse, e.getMessage());
                masterReachable = false;
            } else {
                LOG.debug("heartbeat failed: {}", e.getMessage());
            }
        }
    }

    private void markReachable() {
        if (!masterReachable) {
            LOG.info("master reachable again (leader {})", master.leader());
            masterReachable = true;
        }
    }

    private void reconcile(Heartbeat beat, HeartbeatResponse answer) {
        if (answer.expectedVolumes() == null || beat.delta()) {
            return;
        }
        List<Integer> reported = beat.volumes().stream().map(v -> v.id()).toList();
        Reconciliation r = Reconciliation.compare(master.leader() == null ? "" : master.leader(),
                answer.expectedVolumes(), reported,
                store.volumes().stream().map(v -> v.id().value()).toList(), reportedBefore);
        reportedBefore = reported;
        Reconciliation previous = reconciliation.getAndSet(r);
        if (!r.agrees() && !r.equals(previous)) {
            LOG.warn("the master expects volumes {} here that this server lacks (missing), and does not know {}"
                    + " that it holds (unexpected)", r.missing(), r.unexpected());
        }
    }

    /** The masters heartbeats go to now. */
    public List<String> masters() {
        return master.masters();
    }

    /** The outcome of the last heartbeat whose master knew this node; empty before one. Any thread. */
    public Optional<Reconciliation> reconciliation() {
        return Optional.ofNullable(reconciliation.get());
    }

    private void ensureNodeId() {
        if (nodeId.get() != 0) {
            return;
        }
        long id = master.assignNodeId(address.url());
        nodeIdFile.write(id);
        nodeId.set(id);
        LOG.info("registered with the master as node {}", id);
    }

    /** How long a beat waits for the masters' answers ({@link Heartbeat#answerWait}). */
    private Duration answerWait() {
        return Heartbeat.answerWait(pulse);
    }

    /** The next heartbeat: this server now, with a full report of its volumes or the changes since the last beat. */
    Heartbeat heartbeat() {
        HeartbeatDeltas.Beat b = deltas.next(store.reports());
        return new Heartbeat(nodeId.get(), address.ip(), address.port(), address.publicUrl(), address.dataCenter(),
                address.rack(), store.maxVolumeCount(), store.maxFileKey(), b.volumes(), ecShards.get(), b.sequence(),
                b.delta(), b.deleted());
    }

    /** Stops the loop and waits briefly for an in-flight beat; idempotent. */
    @Override
    public synchronized void close() {
        running = false;
        if (thread != null) {
            // no interrupt: it would close the file channels of a volume the beat is touching
            wakeUp.release();
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }
}
