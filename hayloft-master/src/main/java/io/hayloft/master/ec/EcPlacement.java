package io.hayloft.master.ec;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Where shards of one erasure-coded volume go, so that no server holds more shards than the code can
 * lose ({@code parity}: any one server lost loses nothing) and, when the cluster has enough racks for it
 * ({@code ceil(total / parity)}, 4 for RS(10,4)), no rack does either. Shards go one at a time to the
 * rack, then the server, holding the fewest of the volume, among servers with room. Pure; stateless.
 */
public final class EcPlacement {
    /**
     * A server that may take shards.
     *
     * @param url      its {@code ip:port}
     * @param rack     its data center and rack, e.g. {@code dc1/r1}
     * @param room     shards it may still take (slots), before the per-server limit
     * @param holding  shards of this volume it holds already
     */
    public record Candidate(String url, String rack, int room, int holding) {
    }

    /**
     * The outcome.
     *
     * @param targets     server url → the shards it is to get
     * @param rackSafe    true when the cluster has enough racks and no rack ends with more than {@code parity}
     * @param racks       racks among the candidates
     */
    public record Plan(SortedMap<String, SortedSet<Integer>> targets, boolean rackSafe, int racks) {
    }

    private EcPlacement() {
    }

    /**
     * Places {@code shards} among {@code candidates}.
     *
     * @param total  shards of the volume in all (14)
     * @param parity shards the code can lose (4): the most one server (or rack) may hold
     * @throws HayloftException NOT_ACCEPTABLE when the servers cannot take the shards within the limits
     */
    public static Plan place(List<Candidate> candidates, SortedSet<Integer> shards, int total, int parity) {
        Map<String, Integer> perNode = new HashMap<>();
        Map<String, Integer> room = new HashMap<>();
        Map<String, Integer> perRack = new HashMap<>();
        for (Candidate c : candidates) {
            perNode.put(c.url(), c.holding());
            room.put(c.url(), c.room());
            perRack.merge(c.rack(), c.holding(), Integer::sum);
        }
        int racks = perRack.size();
        boolean rackLimited = racks >= (total + parity - 1) / parity;
        SortedMap<String, SortedSet<Integer>> targets = new TreeMap<>();
        for (int shard : shards) {
            Candidate best = candidates.stream()
                    .filter(c -> perNode.get(c.url()) < parity && room.get(c.url()) > 0)
                    .filter(c -> !rackLimited || perRack.get(c.rack()) < parity)
                    .min(Comparator.<Candidate>comparingInt(c -> perRack.get(c.rack()))
                            .thenComparingInt(c -> perNode.get(c.url()))
                            .thenComparing(Comparator.<Candidate>comparingInt(c -> room.get(c.url())).reversed())
                            .thenComparing(Candidate::url))
                    .orElseThrow(() -> new HayloftException(ErrorCode.NOT_ACCEPTABLE, "cannot place shard " + shard
                            + ": each server may hold at most " + parity + " shards of a volume"
                            + (rackLimited ? " and each rack at most " + parity : "") + ", so " + total
                            + " shards need at least " + ((total + parity - 1) / parity)
                            + " servers with room; " + candidates.stream().filter(c -> c.room() > 0).count()
                            + " of " + candidates.size() + " have room"));
            perNode.merge(best.url(), 1, Integer::sum);
            room.merge(best.url(), -1, Integer::sum);
            perRack.merge(best.rack(), 1, Integer::sum);
            targets.computeIfAbsent(best.url(), k -> new TreeSet<>()).add(shard);
        }
        boolean rackSafe = rackLimited && perRack.values().stream().allMatch(n -> n <= parity);
        return new Plan(targets, rackSafe, racks);
    }
}
