package io.hayloft.cli.benchmark;

import io.hayloft.api.FileId;

/**
 * A blob the write phase stored.
 *
 * @param fid  where
 * @param size its length in bytes; its content is {@link Payload#of(FileId, int)}
 */
record StoredBlob(FileId fid, int size) {
}
