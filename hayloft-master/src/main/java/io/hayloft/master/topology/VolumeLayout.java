package io.hayloft.master.topology;

import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.Location;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * The volumes of one {@link LayoutKey} and where their replicas are. A volume is writable when it
 * has all its replicas ({@code copies()} locations), every replica is below the size limit,
 * none is read-only and the master does not withhold it (vacuum, a replica copy or move). Guarded by the
 * owning {@link Topology}'s lock.
 */
public final class VolumeLayout {
    /** Random draws an assignment tries before it looks at every volume of the layout. */
    static final int RANDOM_PROBES = 32;

    private final LayoutKey key;
    private final long volumeSizeLimit;
    private final Map<VolumeId, List<DataNode>> locations = new TreeMap<>();
    /** The keys of {@code locations} in no order, for picking one at random in constant time. */
    private final List<VolumeId> pickable = new ArrayList<>();
    private final Map<VolumeId, Integer> pickableIndex = new HashMap<>();
    /**
     * Volumes kept from assignments whatever their replicas report, with who holds them back (vacuum
     * in progress or failed, replica copies, moves): writable again only when every holder let go.
     */
    private final Map<VolumeId, Set<Object>> withheld = new HashMap<>();

    VolumeLayout(LayoutKey key, long volumeSizeLimit) {
        this.key = key;
        this.volumeSizeLimit = volumeSizeLimit;
    }

    public LayoutKey key() {
        return key;
    }

    /** Ids of every volume in the layout, ascending. */
    public List<VolumeId> volumeIds() {
        return List.copyOf(locations.keySet());
    }

    /** Ids of the writable volumes, ascending. */
    public List<VolumeId> writableIds() {
        return locations.keySet().stream().filter(this::isWritable).toList();
    }

    /** True when {@code id} can take new writes. */
    public boolean isWritable(VolumeId id) {
        List<DataNode> nodes = locations.get(id);
        if (nodes == null || nodes.size() != key.replication().copies() || withheld.containsKey(id)) {
            return false;
        }
        for (DataNode n : nodes) {
            VolumeInfo info = n.volumes().get(id);
            if (info == null || info.readOnly() || info.size() >= volumeSizeLimit) {
                return false;
            }
        }
        return true;
    }

    /** Adds to {@code out} the volumes whose replica count is not the placement's copies. */
    void addShortOrInSurplus(java.util.Collection<VolumeId> out) {
        int copies = key.replication().copies();
        for (Map.Entry<VolumeId, List<DataNode>> e : locations.entrySet()) {
            if (e.getValue().size() != copies) {
                out.add(e.getKey());
            }
        }
    }

    /** The replicas of {@code id}, in registration order; empty when unknown. */
    public List<DataNode> nodesOf(VolumeId id) {
        return List.copyOf(locations.getOrDefault(id, List.of()));
    }

    /**
     * Picks a writable volume at random among those with a replica the constraint admits, each such
     * volume as likely. Draws up to {@link #RANDOM_PROBES} volumes at random first (an assignment then
     * costs the same whatever the layout's size, as long as a fair share of it qualifies), and only
     * when none of them qualifies looks at every volume.
     *
     * @return the volume and its locations, the admitted replica first; empty when none qualifies
     */
    public Optional<WritableVolume> pickWritable(PlacementConstraint constraint, RandomGenerator random) {
        VolumeId id = null;
        for (int probe = 0; probe < RANDOM_PROBES && !pickable.isEmpty() && id == null; probe++) {
            VolumeId drawn = pickable.get(random.nextInt(pickable.size()));
            if (qualifies(drawn, constraint)) {
                id = drawn;
            }
        }
        if (id == null) {
            List<VolumeId> candidates = new ArrayList<>();
            for (VolumeId v : locations.keySet()) {
                if (qualifies(v, constraint)) {
                    candidates.add(v);
                }
            }
            if (candidates.isEmpty()) {
                return Optional.empty();
            }
            id = candidates.get(random.nextInt(candidates.size()));
        }
        List<DataNode> nodes = new ArrayList<>(locations.get(id));
        List<DataNode> ordered = new ArrayList<>(nodes.stream().filter(constraint::admits).toList());
        if (constraint.isAny()) {
            java.util.Collections.shuffle(ordered, random);
        } else {
            ordered = new ArrayList<>(ordered.subList(0, 1));
        }
        nodes.removeAll(ordered);
        ordered.addAll(nodes);
        return Optional.of(new WritableVolume(id, ordered.stream().map(DataNode::location).toList()));
    }

    private boolean qualifies(VolumeId id, PlacementConstraint constraint) {
        return isWritable(id) && locations.get(id).stream().anyMatch(constraint::admits);
    }

    /** True when {@code id} is kept from assignments by {@link #withhold}. */
    public boolean isWithheld(VolumeId id) {
        return withheld.containsKey(id);
    }

    /**
     * Keeps {@code id} from (or gives it back to) assignments on behalf of {@code holder}, whatever
     * heartbeats say; the volume stays withheld while any holder keeps it.
     */
    void withhold(VolumeId id, Object holder, boolean hold) {
        if (hold) {
            withheld.computeIfAbsent(id, v -> new HashSet<>()).add(holder);
        } else {
            Set<Object> holders = withheld.get(id);
            if (holders != null && holders.remove(holder) && holders.isEmpty()) {
                withheld.remove(id);
            }
        }
    }

    void add(VolumeId id, DataNode node) {
        List<DataNode> nodes = locations.get(id);
        if (nodes == null) {
            nodes = new ArrayList<>();
            locations.put(id, nodes);
            pickableIndex.put(id, pickable.size());
            pickable.add(id);
        }
        if (!nodes.contains(node)) {
            nodes.add(node);
        }
    }

    /** Drops one location; returns true when the volume has no location left. */
    boolean remove(VolumeId id, DataNode node) {
        List<DataNode> nodes = locations.get(id);
        if (nodes == null) {
            return true;
        }
        nodes.remove(node);
        if (nodes.isEmpty()) {
            locations.remove(id);
            withheld.remove(id);
            // swap-remove from the random-pick list
            int at = pickableIndex.remove(id);
            VolumeId last = pickable.removeLast();
            if (at < pickable.size()) {
                pickable.set(at, last);
                pickableIndex.put(last, at);
            }
            return true;
        }
        return false;
    }

    /** A writable volume picked for an assignment. */
    public record WritableVolume(VolumeId id, List<Location> locations) {
        public WritableVolume {
            locations = List.copyOf(locations);
        }
    }
}
