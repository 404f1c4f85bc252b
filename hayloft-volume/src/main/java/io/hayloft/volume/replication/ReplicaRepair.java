package io.hayloft.volume.replication;

import io.hayloft.volume.transfer.VolumePeerClient;
import io.hayloft.volume.transfer.PeerAnswer;
import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.storage.Needle;
import io.hayloft.storage.NeedleRecord;
import io.hayloft.storage.Volume;
import io.hayloft.volume.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings other replicas back in line with this server's copy of a needle after a replicated write
 * or delete could not reach all of them (a replica died, possibly after it stored the needle but
 * before it answered). Each pending repair names a fid and the peers still to fix; a repair makes
 * a peer <em>agree with the local copy</em>: if this server holds the needle its record is sent again
 * (with its append time), otherwise its tombstone is (the one appended here, with its append time), both to
 * {@code POST /internal/needle/replicate} ({@link VolumePeerClient#replicate}; a tombstone answered NOT_FOUND
 * counts as done). Repairs are retried every period until each peer has answered, and they are
 * durable: the {@link ReplicationJournal} entry opened before the change stays open until the
 * repair finished, so a restart (even after {@code kill -9} mid-write) resumes them.
 *
 * <p>A new write or delete of the same fid through this server supersedes its pending repair
 * ({@link #begin} waits for a repair in flight, then cancels it). Thread-safe.
 */
public final class ReplicaRepair implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaRepair.class);

    /** One fid's peers still to repair; guarded by its own monitor. */
    private static final class Pending {
        private final Set<String> peers;
        private boolean cancelled;

        Pending(Collection<String> peers) {
            this.peers = new LinkedHashSet<>(peers);
        }
    }

    private final Store store;
    private final VolumePeerClient peers;
    private final ReplicationJournal journal;
    private final Clock clock;
    private final ConcurrentMap<FileId, Pending> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("replica-repair").factory());

    /**
     * Takes over every entry the journal left open (a previous run's unfinished changes).
     *
     * @param clock stamps the tombstone sent for a needle whose volume is no longer here
     */
    public ReplicaRepair(Store store, VolumePeerClient peers, ReplicationJournal journal, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.peers = peers;
        this.journal = journal;
        journal.openEntries().forEach((fid, p) -> pending.put(fid, new Pending(p)));
        if (!pending.isEmpty()) {
            LOG.warn("{} replicated change(s) left unfinished by the last run; repairing their replicas", pending.size());
        }
    }

    /** Starts retrying pending repairs every {@code period}; returns this. */
    public ReplicaRepair start(Duration period) {
        long ms = Math.max(1, period.toMillis());
        timer.scheduleWithFixedDelay(this::repairAll, ms, ms, TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Before {@code fid} changes here and on {@code others}: supersedes its pending repair and journals the change.
     *
     * @return true when a pending repair was superseded (if the change then fails, call {@link #repair})
     */
    public boolean begin(FileId fid, List<String> others) {
        Pending p = pending.get(fid);
        boolean superseded = false;
        if (p != null) {
            synchronized (p) {
                superseded = !p.cancelled;
                p.cancelled = true;
                pending.remove(fid, p);
            }
        }
        journal.begin(fid, others);
        return superseded;
    }

    /**
     * {@link #begin} for a caller that must not wait (an event loop): journals the change only when no
     * repair of {@code fid} is pending (superseding one may wait for it).
     *
     * @return true when the change was journaled; false when nothing was done
     */
    public boolean tryBegin(FileId fid, List<String> others) {
        if (pending.containsKey(fid)) {
            return false;
        }
        journal.begin(fid, others);
        return true;
    }

    /** Every replica has the change: closes its journal entry. */
    public void end(FileId fid) {
        journal.end(fid);
    }

    /**
     * The change reached only some replicas: {@code stale} must be made to agree with the local copy.
     * One attempt is made now; what fails is retried in the background.
     *
     * @return the peers still pending after the first attempt
     */
    public Set<String> repair(FileId fid, Collection<String> stale) {
        Pending p = new Pending(stale);
        pending.put(fid, p);
        attempt(fid, p);
        synchronized (p) {
            return Set.copyOf(p.peers);
        }
    }

    /** How many fids still have replicas to repair. */
    public int pendingCount() {
        return pending.size();
    }

    /** One attempt at every pending repair; failures are logged, never thrown. */
    public void repairAll() {
        for (Map.Entry<FileId, Pending> e : pending.entrySet()) {
            try {
                attempt(e.getKey(), e.getValue());
            } catch (RuntimeException ex) {
                LOG.warn("repair of {} failed: {}", e.getKey(), ex.getMessage());
            }
        }
    }

    private void attempt(FileId fid, Pending p) {
        synchronized (p) {
            if (p.cancelled) {
                return;
            }
            Optional<NeedleRecord> local = localCopy(fid);
            if (local.isEmpty()) {
                return; // the local copy cannot be read now (corrupt): try again later
            }
            p.peers.removeIf(peer -> agrees(peer, fid, local.get()));
            if (p.peers.isEmpty()) {
                pending.remove(fid, p);
                journal.end(fid);
                LOG.info("replicas of {} agree again", fid);
            }
        }
    }

    /**
     * What a peer must be told for its copy to agree with this server: the local needle's record (its
     * append time kept) when it is here, else the tombstone this volume appended when it deleted the
     * needle, as it is ({@link Volume#tombstoneRecord}, so the peer's {@code .dat} gets the same bytes),
     * else (never stored here, or its tombstone compacted away) a tombstone stamped now; empty when the
     * local copy cannot be read now.
     */
    private Optional<NeedleRecord> localCopy(FileId fid) {
        Optional<Volume> volume = store.find(fid.volumeId());
        if (volume.isEmpty()) {
            return Optional.of(NeedleRecord.tombstone(fid.key(), fid.cookie(), nowNs()));
        }
        try {
            Needle stored = volume.get().read(fid.key(), fid.cookie());
            return Optional.of(NeedleRecord.of(stored, stored.appendAtNs()));
        } catch (HayloftException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                return Optional.empty();
            }
            Optional<NeedleRecord> appended = volume.get().tombstoneRecord(fid.key())
                    .filter(t -> t.cookie() == fid.cookie());
            return Optional.of(appended.orElseGet(() -> volume.get().tombstoneOf(fid.key(), fid.cookie())));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private long nowNs() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private boolean agrees(String peer, FileId fid, NeedleRecord local) {
        try {
            PeerAnswer r = peers.replicate(peer, fid, local).join();
            if (r.ok() || (local.tombstone() && r.code() == ErrorCode.NOT_FOUND)) {
                return true;
            }
            LOG.debug("replica {} refused the repair of {}: {}", peer, fid, r);
            return false;
        } catch (RuntimeException e) {
            LOG.debug("replica {} unreachable for the repair of {}: {}", peer, fid, e.getMessage());
            return false;
        }
    }

    /** Stops the retries; pending repairs stay in the journal for the next start. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        journal.close();
    }
}
