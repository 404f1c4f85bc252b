package io.hayloft.filer.entry;

import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;

/**
 * One piece of a file's content stored as a blob on the volume servers.
 *
 * @param fid     the blob holding the bytes
 * @param offset  where the piece starts in the file, bytes
 * @param size    the piece's length, bytes
 * @param mtimeNs when the piece was written, nanoseconds since the epoch
 * @param eTag    the volume server's eTag of the blob (CRC-32C hex), or empty
 */
public record FileChunk(FileId fid, long offset, long size, long mtimeNs, String eTag) {
    public FileChunk {
        HayloftException.checkArgument(fid != null, "chunk fid is required");
        HayloftException.checkArgument(offset >= 0 && size >= 0, "chunk offset and size must not be negative");
        eTag = eTag == null ? "" : eTag;
    }

    /** The offset just past this chunk's last byte. */
    public long end() {
        return offset + size;
    }
}
