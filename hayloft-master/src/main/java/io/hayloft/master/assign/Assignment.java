package io.hayloft.master.assign;

import io.hayloft.api.FileId;
import io.hayloft.api.wire.AssignResponse;
import io.hayloft.api.wire.Location;

/**
 * A granted assignment: write {@code fid} (and {@code fid_1} … {@code fid_{count-1}}) to {@code location}.
 *
 * @param fid      the first file id
 * @param location the replica to upload to
 * @param count    how many consecutive keys were reserved
 */
public record Assignment(FileId fid, Location location, int count) {
    /** The {@code /dir/assign} JSON answer. */
    public AssignResponse toResponse() {
        return new AssignResponse(fid.toString(), location.url(), location.publicUrl(), count);
    }
}
