package io.hayloft.cli.shell;

import io.hayloft.api.wire.MasterApi;
import io.hayloft.api.VolumeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * The volume servers and volume replicas a master reports in {@code /vol/status}; {@link #holders}
 * asks {@code /dir/lookup} about one volume.
 *
 * @param maxSlots  volume slots over all servers
 * @param freeSlots slots not holding a volume
 * @param servers   every volume server's {@code host:port}, in the master's order
 * @param volumes   every volume by id
 */
record VolumeTopology(long maxSlots, long freeSlots, List<String> servers, SortedMap<Integer, Replicas> volumes) {
    /**
     * One volume and the servers holding a replica of it.
     *
     * @param id          the volume id
     * @param collection  its collection ({@code ""} for the default one)
     * @param replication its placement, e.g. {@code 001}
     * @param servers     the servers holding it, sorted
     */
    record Replicas(int id, String collection, String replication, List<String> servers) {
    }

    VolumeTopology {
        servers = List.copyOf(servers);
        volumes = new TreeMap<>(volumes);
    }

    /** Reads {@code /vol/status} from the masters. */
    static VolumeTopology read(MasterHttp masters) {
        JsonNode v = masters.get(MasterApi.VOL_STATUS.query()).get("Volumes");
        List<String> servers = new ArrayList<>();
        Map<Integer, JsonNode> first = new TreeMap<>();
        Map<Integer, List<String>> holders = new TreeMap<>();
        for (JsonNode dc : v.get("DataCenters")) {
            for (JsonNode rack : dc) {
                for (Map.Entry<String, JsonNode> node : rack.properties()) {
                    servers.add(node.getKey());
                    for (JsonNode volume : node.getValue()) {
                        int id = volume.get("Id").asInt();
                        first.putIfAbsent(id, volume);
                        holders.computeIfAbsent(id, k -> new ArrayList<>()).add(node.getKey());
                    }
                }
            }
        }
        SortedMap<Integer, Replicas> volumes = new TreeMap<>();
        first.forEach((id, volume) -> volumes.put(id, new Replicas(id, volume.get("Collection").asString(),
                volume.get("ReplicaPlacement").asString(), holders.get(id).stream().sorted().toList())));
        return new VolumeTopology(v.get("Max").asLong(), v.get("Free").asLong(), servers, volumes);
    }

    /** The servers holding volume {@code id}, in the order {@code /dir/lookup} names them. */
    static List<String> holders(MasterHttp masters, VolumeId id) {
        List<String> servers = new ArrayList<>();
        masters.get(MasterApi.LOOKUP.query().param(MasterApi.VOLUME_ID, id)).path("locations")
                .forEach(l -> servers.add(l.path("url").asString("")));
        return servers;
    }
}
