package io.hayloft.master.ec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Plans shard moves that spread erasure-coded volumes evenly (the planning half of {@code ec.balance}).
 * Two goals, in order:
 * <ol>
 *   <li>each volume's shards over as many racks, then servers, as there are: a move is taken when it
 *       lowers the sum of squares of the volume's shards per rack, or keeps that and lowers the sum per
 *       server (so a server or rack above the code's parity is emptied first);</li>
 *   <li>the servers' shard counts (over every erasure-coded volume) within one of each other, by moves
 *       that leave every volume spread at least as well.</li>
 * </ol>
 * No move ever puts more than {@code parity} shards of a volume on a server, nor (with at least
 * {@code ceil(total / parity)} racks) on a rack, nor a shard on a server without room. Pure; stateless.
 */
public final class EcShardBalance {
    /**
     * A server that may hold shards.
     *
     * @param url  its {@code ip:port}
     * @param rack its data center and rack ({@code dc1/r1})
     * @param room shards it may still take
     */
    public record Node(String url, String rack, int room) {
    }

    /**
     * Where each shard of one erasure-coded volume is.
     *
     * @param volume     its id
     * @param collection its collection
     * @param holders    shard → the url of (one of) its holders
     */
    public record Volume(int volume, String collection, SortedMap<Integer, String> holders) {
    }

    /** Moving shard {@code shard} of {@code volume} from server {@code from} to {@code to}. */
    public record Move(int volume, String collection, int shard, String from, String to) {
    }

    private EcShardBalance() {
    }

    /**
     * The moves that balance {@code volumes} over {@code nodes}. Shards held on a server not among
     * {@code nodes} stay where they are and count for their rack as unknown.
     *
     * @param total  shards per volume (14)
     * @param parity shards the code can lose (4)
     * @return the moves, at most one per shard (from where it is now to where it should end), by volume and shard
     */
    public static List<Move> plan(List<Node> nodes, List<Volume> volumes, int total, int parity) {
        return new State(nodes, volumes, total, parity).plan();
    }

    private static final class State {
        private final Map<String, Node> nodes = new LinkedHashMap<>();
        private final List<Volume> volumes;
        private final int parity;
        private final boolean rackLimited;
        private final Map<String, Integer> room = new HashMap<>();
        private final Map<String, Integer> totals = new HashMap<>();
        /** volume → shard → current holder. */
        private final Map<Integer, SortedMap<Integer, String>> where = new TreeMap<>();
        private final Map<Integer, Map<String, Integer>> perNode = new HashMap<>();
        private final Map<Integer, Map<String, Integer>> perRack = new HashMap<>();

        State(List<Node> nodeList, List<Volume> volumes, int total, int parity) {
            this.volumes = volumes;
            this.parity = parity;
            for (Node n : nodeList) {
                nodes.put(n.url(), n);
                room.put(n.url(), n.room());
                totals.put(n.url(), 0);
            }
            rackLimited = nodeList.stream().map(Node::rack).distinct().count() >= (total + parity - 1) / parity;
            for (Volume v : volumes) {
                where.put(v.volume(), new TreeMap<>(v.holders()));
                v.holders().values().forEach(url -> add(v.volume(), url, 1));
            }
        }

        private String rack(String url) {
            Node n = nodes.get(url);
            return n == null ? "?" + url : n.rack();
        }

        private void add(int volume, String url, int delta) {
            perNode.computeIfAbsent(volume, k -> new HashMap<>()).merge(url, delta, Integer::sum);
            perRack.computeIfAbsent(volume, k -> new HashMap<>()).merge(rack(url), delta, Integer::sum);
            totals.merge(url, delta, Integer::sum);
        }

        private int onNode(int volume, String url) {
            return perNode.get(volume).getOrDefault(url, 0);
        }

        private int onRack(int volume, String rack) {
            return perRack.get(volume).getOrDefault(rack, 0);
        }

        /** Whether {@code to} may take one more shard of {@code volume} coming from {@code from}. */
        private boolean allowed(int volume, String from, String to) {
            if (from.equals(to) || !nodes.containsKey(to) || room.get(to) <= 0 || onNode(volume, to) >= parity) {
                return false;
            }
            return !rackLimited || rack(from).equals(rack(to)) || onRack(volume, rack(to)) < parity;
        }

        /** Change of the volume's sum of squares per rack, then per server, if one shard moves. */
        private int rackDelta(int volume, String from, String to) {
            return rack(from).equals(rack(to)) ? 0
                    : 2 * (onRack(volume, rack(to)) - onRack(volume, rack(from))) + 2;
        }

        private int nodeDelta(int volume, String from, String to) {
            return 2 * (onNode(volume, to) - onNode(volume, from)) + 2;
        }

        private void move(int volume, String from, String to) {
            SortedMap<Integer, String> shards = where.get(volume);
            int shard = shards.entrySet().stream().filter(e -> e.getValue().equals(from)).mapToInt(Map.Entry::getKey)
                    .max().orElseThrow();
            shards.put(shard, to);
            add(volume, from, -1);
            add(volume, to, 1);
            room.merge(to, -1, Integer::sum);
            room.computeIfPresent(from, (k, r) -> r + 1);
        }

        List<Move> plan() {
            for (Volume v : volumes) {
                spread(v.volume());
            }
            evenOut();
            List<Move> moves = new ArrayList<>();
            for (Volume v : volumes) {
                SortedMap<Integer, String> now = where.get(v.volume());
                v.holders().forEach((shard, from) -> {
                    String to = now.get(shard);
                    if (!to.equals(from)) {
                        moves.add(new Move(v.volume(), v.collection(), shard, from, to));
                    }
                });
            }
            return moves;
        }

        /** Goal 1 for one volume: the best improving move, until none improves. */
        private void spread(int volume) {
            while (true) {
                String bestFrom = null;
                String bestTo = null;
                int[] best = {0, 0, 0};
                for (String from : List.copyOf(perNode.get(volume).keySet())) {
                    if (onNode(volume, from) == 0) {
                        continue;
                    }
                    for (String to : nodes.keySet()) {
                        if (!allowed(volume, from, to)) {
                            continue;
                        }
                        int[] score = {rackDelta(volume, from, to), nodeDelta(volume, from, to),
                                totals.get(to) - totals.getOrDefault(from, 0)};
                        boolean improves = score[0] < 0 || (score[0] == 0 && score[1] < 0);
                        if (improves && (bestTo == null || Arrays.compare(score, best) < 0)) {
                            best = score;
                            bestFrom = from;
                            bestTo = to;
                        }
                    }
                }
                if (bestTo == null) {
                    return;
                }
                move(volume, bestFrom, bestTo);
            }
        }

        /** Goal 2: from the fullest server to the emptiest, by moves no volume's spread suffers from. */
        private void evenOut() {
            int guard = where.values().stream().mapToInt(Map::size).sum() * Math.max(1, nodes.size());
            while (guard-- > 0) {
                List<String> byTotal = new ArrayList<>(nodes.keySet());
                byTotal.sort(Comparator.comparingInt((String u) -> totals.get(u)).thenComparing(u -> u));
                if (!evenOneShard(byTotal)) {
                    return;
                }
            }
        }

        private boolean evenOneShard(List<String> byTotal) {
            for (int hi = byTotal.size() - 1; hi > 0; hi--) {
                String from = byTotal.get(hi);
                for (int lo = 0; lo < hi; lo++) {
                    String to = byTotal.get(lo);
                    if (totals.get(from) - totals.get(to) <= 1) {
                        break;
                    }
                    for (int volume : where.keySet()) {
                        if (onNode(volume, from) > 0 && allowed(volume, from, to)
                                && rackDelta(volume, from, to) <= 0 && nodeDelta(volume, from, to) <= 0) {
                            move(volume, from, to);
                            return true;
                        }
                    }
                }
            }
            return false;
        }
    }
}
