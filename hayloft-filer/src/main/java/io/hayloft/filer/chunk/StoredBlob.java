package io.hayloft.filer.chunk;

import io.hayloft.api.FileId;

/**
 * A blob a {@link BlobStore} wrote.
 *
 * @param fid  its file id
 * @param eTag the volume server's eTag, or empty
 */
public record StoredBlob(FileId fid, String eTag) {
}
