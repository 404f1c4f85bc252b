package io.hayloft.storage;

import io.hayloft.api.VolumeId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;

/**
 * A volume's files opened for a whole-volume copy (see {@link Volume#snapshot()}): read-only
 * channels on {@code .idx} and {@code .dat} and the lengths to copy from each. The channels stay
 * valid if a compaction replaces the files meanwhile (they keep the old ones open).
 *
 * @param id         the volume
 * @param collection its collection, {@code ""} for the default one
 * @param superBlock its superblock at the snapshot (also the first 8 bytes of {@code .dat})
 * @param idx        {@code .idx}, opened for reading
 * @param idxLength  bytes of {@code .idx} to copy, a multiple of 16
 * @param dat        {@code .dat}, opened for reading
 * @param datLength  bytes of {@code .dat} to copy: every indexed record lies below it
 */
public record VolumeSnapshot(VolumeId id, String collection, SuperBlock superBlock, FileChannel idx, long idxLength,
                             FileChannel dat, long datLength) implements AutoCloseable {

    /** Closes both channels. */
    @Override
    public void close() {
        IOException failure = null;
        for (FileChannel ch : new FileChannel[]{idx, dat}) {
            try {
                ch.close();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw new UncheckedIOException("cannot close the copy of volume " + id, failure);
        }
    }
}
