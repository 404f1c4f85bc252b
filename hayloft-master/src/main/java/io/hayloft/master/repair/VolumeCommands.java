package io.hayloft.master.repair;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.Location;
import io.hayloft.master.growth.VolumeServerAdmin;
import io.hayloft.master.topology.Topology;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operator commands on the replicas of one volume: mark read-only or writable ({@code POST
 * /vol/mark}) and delete ({@code POST /vol/delete}), on every replica or on one server. Thread-safe;
 * blocks on the volume servers.
 */
public final class VolumeCommands {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeCommands.class);

    private final Topology topology;
    private final VolumeServerAdmin admin;
    private final BusyVolumes busy;

    public VolumeCommands(Topology topology, VolumeServerAdmin admin, BusyVolumes busy) {
        this.topology = topology;
        this.admin = admin;
        this.busy = busy;
    }

    /**
     * Marks volume {@code id} read-only or writable on every replica, or only on {@code node}.
     *
     * @param node a server holding it ({@code ip:port}), or "" for every replica
     * @return the servers marked
     * @throws HayloftException {@code NOT_FOUND} for an unknown volume or a node without it (nothing
     *                          marked then); {@code UNAVAILABLE} naming the servers that failed
     *                          (the others are marked)
     */
    public List<String> mark(VolumeId id, boolean readOnly, String node) {
        List<String> nodes = replicas(id, node);
        List<String> failures = new ArrayList<>();
        List<String> marked = new ArrayList<>();
        for (String url : nodes) {
            try {
                admin.mark(url, id, readOnly);
                if (readOnly) {
                    topology.markReadOnly(id, url); // at once; a writable mark shows with the next heartbeat
                }
                marked.add(url);
            } catch (HayloftException e) {
                failures.add(url + ": " + e.getMessage());
            }
        }
        failIfAny("marking volume " + id + (readOnly ? " read-only" : " writable"), marked, failures);
        LOG.info("volume {} marked {} on {}", id, readOnly ? "read-only" : "writable", marked);
        return marked;
    }

    /**
     * Deletes volume {@code id} from every replica, or only from {@code node}, and forgets those
     * locations.
     *
     * @return the servers it was deleted from
     * @throws HayloftException {@code NOT_FOUND} as {@link #mark}; {@code CONFLICT} while the volume
     *                          is being copied or moved; {@code UNAVAILABLE} naming the servers that
     *                          failed (the others are deleted)
     */
    public List<String> delete(VolumeId id, String node) {
        List<String> nodes = replicas(id, node);
        busy.mark(id);
        List<String> failures = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        try {
            for (String url : nodes) {
                try {
                    admin.delete(url, id);
                    topology.dropReplica(id, url);
                    deleted.add(url);
                } catch (HayloftException e) {
                    failures.add(url + ": " + e.getMessage());
                }
            }
        } finally {
            busy.release(id);
        }
        failIfAny("deleting volume " + id, deleted, failures);
        LOG.info("volume {} deleted from {}", id, deleted);
        return deleted;
    }

    private List<String> replicas(VolumeId id, String node) {
        List<String> urls = topology.lookup(id)
                .orElseThrow(() -> HayloftException.notFound("volume " + id + " not found"))
                .stream().map(Location::url).toList();
        if (node.isEmpty()) {
            return urls;
        }
        if (!urls.contains(node)) {
            throw HayloftException.notFound("volume " + id + " is not on " + node + "; its replicas are on " + urls);
        }
        return List.of(node);
    }

    private static void failIfAny(String what, List<String> succeeded, List<String> failures) {
        if (!failures.isEmpty()) {
            throw new HayloftException(ErrorCode.UNAVAILABLE, what + " failed on " + failures
                    + (succeeded.isEmpty() ? "" : "; done on " + succeeded));
        }
    }
}
