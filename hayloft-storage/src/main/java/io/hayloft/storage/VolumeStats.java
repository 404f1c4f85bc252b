package io.hayloft.storage;

/**
 * A consistent snapshot of a volume's counters.
 *
 * @param datSize             bytes in {@code .dat}, superblock included
 * @param fileCount           live needles
 * @param deleteCount         needles that stopped being live (deleted, or replaced by a newer version)
 * @param deletedBytes        sum of the body sizes of those needles: garbage a vacuum would reclaim
 * @param maxKey              largest key (unsigned) ever written, 0 if none
 * @param lastAppendAtSeconds epoch seconds of the newest record (write or delete), 0 if none
 */
public record VolumeStats(long datSize, long fileCount, long deleteCount, long deletedBytes, long maxKey,
                          long lastAppendAtSeconds) {
}
