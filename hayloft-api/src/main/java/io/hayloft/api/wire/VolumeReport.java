package io.hayloft.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One volume as a volume server reports it in its heartbeat.
 *
 * @param id               volume id
 * @param collection       collection name, "" for the default
 * @param size             bytes of the {@code .dat} file
 * @param fileCount        live needles
 * @param deleteCount      deleted needles
 * @param deletedBytes     bytes taken by deleted needles (garbage)
 * @param replication      placement code such as {@code 001}
 * @param ttl              volume TTL such as {@code 3d}, "" for none
 * @param readOnly         true when the volume refuses writes (read-only or full)
 * @param compactRevision  superblock compaction revision
 * @param modifiedAtSecond unix seconds of the newest write
 */
public record VolumeReport(@JsonProperty("id") int id, @JsonProperty("collection") String collection,
                           @JsonProperty("size") long size, @JsonProperty("fileCount") long fileCount,
                           @JsonProperty("deleteCount") long deleteCount,
                           @JsonProperty("deletedBytes") long deletedBytes,
                           @JsonProperty("replication") String replication, @JsonProperty("ttl") String ttl,
                           @JsonProperty("readOnly") boolean readOnly,
                           @JsonProperty("compactRevision") int compactRevision,
                           @JsonProperty("modifiedAtSecond") long modifiedAtSecond) {
}
