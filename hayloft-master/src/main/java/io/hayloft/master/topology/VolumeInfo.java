package io.hayloft.master.topology;

import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.VolumeReport;

/**
 * One replica of a volume as its volume server last reported it (or as growth created it).
 *
 * @param id          volume id
 * @param key         collection, replication and TTL
 * @param size        bytes of its {@code .dat}
 * @param fileCount   live needles
 * @param deleteCount deleted needles
 * @param deletedBytes bytes held by deleted needles
 * @param readOnly    true when the server refuses writes to it
 * @param compactRevision superblock compaction revision
 * @param modifiedAtSecond unix seconds of its newest write
 */
public record VolumeInfo(VolumeId id, LayoutKey key, long size, long fileCount, long deleteCount,
                         long deletedBytes, boolean readOnly, int compactRevision, long modifiedAtSecond) {

    /**
     * Reads a heartbeat entry.
     *
     * @throws io.hayloft.api.HayloftException {@code BAD_REQUEST} for a bad id, replication, TTL or collection
     */
    public static VolumeInfo from(VolumeReport r) {
        LayoutKey key = new LayoutKey(r.collection(), ReplicaPlacement.parse(r.replication()), Ttl.parse(r.ttl()));
        return new VolumeInfo(VolumeId.of(r.id()), key, r.size(), r.fileCount(), r.deleteCount(),
                r.deletedBytes(), r.readOnly(), r.compactRevision(), r.modifiedAtSecond());
    }

    /** An empty volume just allocated by growth. */
    public static VolumeInfo empty(VolumeId id, LayoutKey key) {
        return new VolumeInfo(id, key, 0, 0, 0, 0, false, 0, 0);
    }
}
