package io.hayloft.filer.store;

import io.hayloft.api.FileId;
import java.time.Instant;

/**
 * A chunk waiting on the deletion queue.
 *
 * @param sequence   the queue position, unique and increasing within one store
 * @param fid        the blob to delete from the volume servers
 * @param enqueuedAt when it was queued
 */
public record PendingDeletion(long sequence, FileId fid, Instant enqueuedAt) {
}
