package io.hayloft.master.vacuum;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.master.topology.DataNode;
import io.hayloft.master.topology.Topology;
import io.hayloft.master.topology.VolumeInfo;
import io.hayloft.master.topology.VolumeLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One vacuum pass over the topology: every volume whose garbage ratio (asked of every replica at
 * the start of the pass, {@link ReplicaGarbage}) passes the threshold (or that
 * a failed pass left withheld) is withheld from assignments, compacted on every replica in
 * parallel, and given back to assignments only when every replica succeeded. A volume with fewer
 * replicas than its placement asks for is never vacuumed (its tombstones must survive until the
 * away replica is reconciled; see {@code docs/self-healing.md}). Volumes are done one
 * at a time, so a pass costs each server at most one compaction at a time.
 *
 * <p>Thread-safe; one pass at a time ({@link #runPass} fails fast with {@code CONFLICT} when one runs).
 * Blocking: call from a virtual thread.
 */
public final class MasterVacuum {
    private static final Logger LOG = LoggerFactory.getLogger(MasterVacuum.class);

    private final Topology topology;
    private final ReplicaGarbage garbage;
    private final ReplicaVacuum replicas;
    private final VacuumMetrics metrics;
    private final ReentrantLock passLock = new ReentrantLock();
    /** Volumes a failed replica compaction left withheld: retried by every pass until one succeeds. */
    private final Set<VolumeId> failed = ConcurrentHashMap.newKeySet();

    /**
     * @param garbage  asks a replica for its garbage ratio now; when it cannot, the replica's last
     *                 heartbeat is used
     * @param replicas compacts a replica
     */
    public MasterVacuum(Topology topology, ReplicaGarbage garbage, ReplicaVacuum replicas, VacuumMetrics metrics) {
        this.topology = topology;
        this.garbage = garbage;
        this.replicas = replicas;
        this.metrics = metrics;
    }

    /**
     * Runs a pass now.
     *
     * @param threshold  garbage ratio (0..1, exclusive) at or above which a volume is compacted
     * @param collection only this collection's volumes; null for every collection
     * @return one outcome per volume compacted or tried, in id order
     * @throws HayloftException {@code BAD_REQUEST} for a threshold outside (0, 1); {@code CONFLICT}
     *                          when a pass is already running
     */
    public List<VacuumOutcome> runPass(double threshold, String collection) {
        HayloftException.checkArgument(threshold > 0 && threshold < 1,
                "garbageThreshold must be between 0 and 1, got " + threshold);
        if (!passLock.tryLock()) {
            throw new HayloftException(ErrorCode.CONFLICT, "a vacuum pass is running already; retry later");
        }
        try {
            metrics.pass();
            List<VacuumOutcome> outcomes = new ArrayList<>();
            for (Candidate c : candidates(threshold, collection)) {
                VacuumOutcome o = vacuum(c);
                metrics.outcome(o);
                outcomes.add(o);
            }
            return outcomes;
        } finally {
            passLock.unlock();
        }
    }

    /**
     * The leader's periodic pass: {@link #runPass} over every collection, with a summary logged when
     * it tried any volume.
     *
     * @throws HayloftException as {@link #runPass}
     */
    public void scheduledPass(double threshold) {
        List<VacuumOutcome> outcomes = runPass(threshold, null);
        if (!outcomes.isEmpty()) {
            LOG.info("vacuum pass: {} volumes tried, {} compacted", outcomes.size(),
                    outcomes.stream().filter(VacuumOutcome::compacted).count());
        }
    }

    /** Volumes withheld because a replica failed to compact, ascending. */
    public List<Integer> withheldAfterFailure() {
        return failed.stream().map(VolumeId::value).sorted().toList();
    }

    private record Candidate(VolumeId id, String collection, double ratio, List<String> nodes) {
    }

    /** A volume every replica of which is present, with each replica's ratio from its last heartbeat. */
    private record Eligible(VolumeId id, String collection, List<String> nodes, List<Double> reported) {
    }

    /**
     * The volumes to compact: every replica is asked for its garbage now (in parallel), and a
     * replica that cannot be asked counts with its last heartbeat; the volume's ratio is the
     * highest of its replicas'.
     */
    private List<Candidate> candidates(double threshold, String collection) {
        List<Eligible> eligible = eligible(collection);
        List<Candidate> out = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<List<Future<Double>>> asked = new ArrayList<>();
            for (Eligible e : eligible) {
                List<Future<Double>> perReplica = new ArrayList<>();
                for (String node : e.nodes()) {
                    perReplica.add(pool.submit(() -> garbage.garbageRatio(node, e.id())));
                }
                asked.add(perReplica);
            }
            for (int i = 0; i < eligible.size(); i++) {
                Eligible e = eligible.get(i);
                double ratio = 0;
                for (int r = 0; r < e.nodes().size(); r++) {
                    ratio = Math.max(ratio, answerOr(asked.get(i).get(r), e.reported().get(r), e.nodes().get(r), e.id()));
                }
                if (ratio >= threshold || failed.contains(e.id())) {
                    out.add(new Candidate(e.id(), e.collection(), Math.min(1, ratio), e.nodes()));
                }
            }
        }
        out.sort((a, b) -> a.id().compareTo(b.id()));
        return out;
    }

    private static double answerOr(Future<Double> answer, double reported, String node, VolumeId id) {
        try {
            return answer.get();
        } catch (ExecutionException e) {
            LOG.debug("vacuum: cannot ask {} for the garbage of volume {} ({}); using its last heartbeat", node, id,
                    e.getCause().getMessage());
            return reported;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return reported;
        }
    }

    private List<Eligible> eligible(String collection) {
        return topology.inspect(view -> {
            List<Eligible> out = new ArrayList<>();
            for (VolumeLayout layout : view.layouts()) {
                if (collection != null && !layout.key().collection().equals(collection)) {
                    continue;
                }
                for (VolumeId id : layout.volumeIds()) {
                    List<DataNode> nodes = layout.nodesOf(id);
                    if (nodes.size() < layout.key().replication().copies()) {
                        // A replica is away: compacting would drop the tombstones of the deletes it missed,
                        // and replica sync would then copy those needles back from it when it returns.
                        // The volume waits until re-replication or the returning replica completes it.
                        continue;
                    }
                    if (nodes.isEmpty()) {
                        continue;
                    }
                    List<Double> reported = new ArrayList<>();
                    for (DataNode n : nodes) {
                        VolumeInfo info = n.volumes().get(id);
                        reported.add(info != null && info.size() > 0 ? (double) info.deletedBytes() / info.size() : 0);
                    }
                    out.add(new Eligible(id, layout.key().collection(), nodes.stream().map(DataNode::url).toList(),
                            reported));
                }
            }
            return out;
        });
    }

    private VacuumOutcome vacuum(Candidate c) {
        topology.withholdWrites(c.id(), true);
        long reclaimed = 0;
        List<String> failures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Long>> calls = new ArrayList<>();
            for (String node : c.nodes()) {
                calls.add(pool.submit(() -> replicas.vacuum(node, c.id())));
            }
            for (int i = 0; i < calls.size(); i++) {
                try {
                    reclaimed += calls.get(i).get();
                } catch (ExecutionException e) {
                    failures.add(c.nodes().get(i) + ": " + e.getCause().getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failures.add(c.nodes().get(i) + ": interrupted");
                }
            }
        }
        if (failures.isEmpty()) {
            failed.remove(c.id());
            topology.withholdWrites(c.id(), false);
            LOG.info("vacuum: volume {} (garbage ratio {}) compacted on {}, {} bytes given back", c.id(),
                    String.format(java.util.Locale.ROOT, "%.3f", c.ratio()), c.nodes(), reclaimed);
        } else {
            failed.add(c.id());
            LOG.warn("vacuum: volume {} stays read-only until a later pass compacts every replica: {}", c.id(),
                    failures);
        }
        return new VacuumOutcome(c.id().value(), c.collection(), c.ratio(), c.nodes(), failures.isEmpty(),
                reclaimed, failures);
    }
}
