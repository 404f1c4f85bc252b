package io.hayloft.filer.partition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.apache.ratis.protocol.RaftGroupId;

/**
 * Decides when a filer server drops a partition replica it hosts but the master's table does not name
 * for it. Two kinds look alike (a replica whose group's configuration leaves it out) and must not be
 * confused:
 * <ul>
 *   <li>a replica <b>moved away</b>: the table named it for this server before and no longer does. It is
 *       dropped {@code movedAwayAfter} after the table stopped naming it (until then clients that still
 *       knew it as the leader are told where the leader is), once its group's configuration leaves it out;</li>
 *   <li>a replica <b>being added by a move</b>: the master hosted it here and has the group's leader catch it
 *       up, and names it in the table only once the configuration change is committed. While it catches
 *       up, the configuration it has (from the leader's log) is the old one, without it. It is kept for
 *       {@code addedGrace} (longer than the master lets a move take) and dropped after that only if the
 *       configuration still leaves it out (the move failed half way).</li>
 * </ul>
 * A replica recovered from disk that the first table does not name moved away while this server was
 * down: dropped at once.
 *
 * <p>Not thread-safe: the heartbeat loop calls it.
 */
final class UnassignedReplicas {
    private final Duration movedAwayAfter;
    private final Duration addedGrace;
    private final LongSupplier nanoTime;
    /** Replicas hosted here that the table has named for this server. */
    private final Set<RaftGroupId> named = new HashSet<>();
    /** When the table stopped naming (or first failed to name) a hosted replica, by {@link #nanoTime}. */
    private final Map<RaftGroupId, Long> unassignedSince = new HashMap<>();

    /**
     * @param movedAwayAfter how long a replica moved away stays (a few heartbeat periods)
     * @param addedGrace     how long a replica the table never named is kept while a move may be adding it
     * @param nanoTime       the clock ({@code System::nanoTime})
     */
    UnassignedReplicas(Duration movedAwayAfter, Duration addedGrace, LongSupplier nanoTime) {
        this.movedAwayAfter = movedAwayAfter;
        this.addedGrace = addedGrace;
        this.nanoTime = nanoTime;
    }

    /**
     * The replicas to drop now, given what this server {@code hosted}, what the table {@code assigned} to
     * it, whether this is the first table since the server started, which replicas it {@code recovered}
     * from disk, and which replicas' own configuration names them. A replica returned is forgotten here.
     */
    List<RaftGroupId> toDrop(List<RaftGroupId> hosted, Set<RaftGroupId> assigned, boolean firstTable,
                             Set<RaftGroupId> recovered, Predicate<RaftGroupId> inOwnConfiguration) {
        // a replica dropped and later added again (moved back) starts afresh
        named.retainAll(hosted);
        unassignedSince.keySet().retainAll(hosted);
        List<RaftGroupId> drop = new ArrayList<>();
        long now = nanoTime.getAsLong();
        for (RaftGroupId g : hosted) {
            if (assigned.contains(g)) {
                named.add(g);
                unassignedSince.remove(g);
                continue;
            }
            long since = unassignedSince.computeIfAbsent(g, x -> now);
            Duration wait = named.contains(g) ? movedAwayAfter : addedGrace;
            boolean lingered = now - since >= wait.toNanos();
            if ((firstTable && recovered.contains(g)) || (lingered && !inOwnConfiguration.test(g))) {
                drop.add(g);
                named.remove(g);
                unassignedSince.remove(g);
            }
        }
        return drop;
    }
}
