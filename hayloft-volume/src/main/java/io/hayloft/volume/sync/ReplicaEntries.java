package io.hayloft.volume.sync;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What one replica holds in some buckets of a volume: its live needles (key to cookie and body
 * size) and the keys it deleted (a tombstone in {@code .idx} and no live needle). A key in neither
 * is absent without a tombstone. Immutable.
 *
 * @param live    live needles by key
 * @param deleted deleted keys; never also live
 */
record ReplicaEntries(Map<Long, Live> live, Set<Long> deleted) {
    /** Nothing live, nothing deleted. */
    static final ReplicaEntries EMPTY = new ReplicaEntries(Map.of(), Set.of());

    /**
     * A live needle as the entries list it.
     *
     * @param cookie its cookie
     * @param size   its body size (what the digest hashes)
     */
    record Live(int cookie, int size) {
    }

    ReplicaEntries {
        live = Collections.unmodifiableMap(new HashMap<>(live));
        deleted = Collections.unmodifiableSet(new HashSet<>(deleted));
        for (Long key : deleted) {
            if (live.containsKey(key)) {
                throw new IllegalArgumentException("key " + Long.toHexString(key) + " is both live and deleted");
            }
        }
    }

    /** The union with the entries of other buckets (disjoint key sets). */
    ReplicaEntries plus(ReplicaEntries other) {
        Map<Long, Live> l = new HashMap<>(live);
        l.putAll(other.live);
        Set<Long> d = new HashSet<>(deleted);
        d.addAll(other.deleted);
        return new ReplicaEntries(l, d);
    }
}
