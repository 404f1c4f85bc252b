package io.hayloft.cli.shell;

import io.hayloft.api.wire.MasterApi;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * {@code volume.list [-collection C]}: every volume replica the master knows, grouped by data
 * center, rack and server, with size, file and delete counts, garbage ratio, placement and TTL.
 */
final class VolumeListVerb implements ShellVerb {
    @Override
    public String name() {
        return "volume.list";
    }

    @Override
    public String summary() {
        return "list every volume replica by data center, rack and server";
    }

    @Override
    public String usage() {
        return "[-collection NAME]";
    }

    @Override
    public void run(ShellArgs args, ShellSession session) {
        args.allowOnly("collection");
        String only = args.value("collection").orElse(null);
        JsonNode volumes = session.masters().get(MasterApi.VOL_STATUS.query()).get("Volumes");
        session.out().printf("slots: %d max, %d free%n", volumes.get("Max").asLong(), volumes.get("Free").asLong());
        for (Map.Entry<String, JsonNode> dc : volumes.get("DataCenters").properties()) {
            session.out().printf("data center %s%n", dc.getKey());
            for (Map.Entry<String, JsonNode> rack : dc.getValue().properties()) {
                session.out().printf("  rack %s%n", rack.getKey());
                for (Map.Entry<String, JsonNode> node : rack.getValue().properties()) {
                    session.out().printf("    server %s%n", node.getKey());
                    for (JsonNode v : node.getValue()) {
                        String collection = v.get("Collection").asString();
                        if (only != null && !only.equals(collection)) {
                            continue;
                        }
                        long size = v.get("Size").asLong();
                        double garbage = size == 0 ? 0 : (double) v.get("DeletedByteCount").asLong() / size;
                        session.out().printf("      volume %d  collection '%s'  size %d  files %d  deleted %d"
                                        + "  garbage %.2f  replication %s  ttl '%s'%s%n",
                                v.get("Id").asLong(), collection, size, v.get("FileCount").asLong(),
                                v.get("DeleteCount").asLong(), garbage, v.get("ReplicaPlacement").asString(),
                                v.get("Ttl").asString(), v.get("ReadOnly").asBoolean() ? "  read-only" : "");
                    }
                }
            }
        }
    }
}
