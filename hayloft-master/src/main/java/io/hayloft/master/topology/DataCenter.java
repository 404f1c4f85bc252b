package io.hayloft.master.topology;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** A data center: the top level of the topology tree. Guarded by the owning {@link Topology}'s lock. */
public final class DataCenter {
    private final String id;
    private final Map<String, Rack> racks = new LinkedHashMap<>();

    DataCenter(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Its racks in creation order; a read-only view. */
    public Collection<Rack> racks() {
        return java.util.Collections.unmodifiableCollection(racks.values());
    }

    /** Sum of its racks' free slots. */
    public int freeSlots() {
        return racks.values().stream().mapToInt(Rack::freeSlots).sum();
    }

    public int maxVolumeCount() {
        return racks.values().stream().mapToInt(Rack::maxVolumeCount).sum();
    }

    Rack getOrCreateRack(String rackId) {
        return racks.computeIfAbsent(rackId, r -> new Rack(r, this));
    }

    void removeIfEmpty(Rack rack) {
        if (rack.isEmpty()) {
            racks.remove(rack.id());
        }
    }

    boolean isEmpty() {
        return racks.isEmpty();
    }
}
