package io.hayloft.storage;

import io.hayloft.api.Collections;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;

import java.util.Optional;

/**
 * Names of a volume's files: {@code <collection>_<id>.dat} and {@code .idx}, or {@code <id>.dat}
 * in the default collection ({@code ""}).
 */
public final class VolumeFiles {
    /** Extension of the data file. */
    public static final String DAT = ".dat";
    /** Extension of the index file. */
    public static final String IDX = ".idx";
    /** Extension of the data file a compaction is writing (see {@code VolumeCompactor}). */
    public static final String COMPACT_DAT = ".cpd";
    /** Extension of the index file a compaction is writing. */
    public static final String COMPACT_IDX = ".cpx";
    /** Extension of the compaction marker ({@code CompactionMarker}): present only while switching. */
    public static final String COMPACT_MARKER = ".cpm";

    /** A collection and volume id parsed from a file name. */
    public record VolumeName(String collection, VolumeId id) {
    }

    private VolumeFiles() {
    }

    /**
     * Returns the file name without extension: {@code "pictures_1"}, or {@code "1"} for the default
     * collection.
     *
     * @throws HayloftException {@code BAD_REQUEST} if the collection name is invalid
     */
    public static String baseName(String collection, VolumeId id) {
        String c = Collections.check(collection);
        return c.isEmpty() ? id.toString() : c + "_" + id;
    }

    /**
     * Parses a data file name: {@code "pictures_1.dat"} is (pictures, 1), {@code "7.dat"} is ("", 7).
     *
     * @return the name, or empty for anything that {@link #baseName} would not have produced
     *         (other extensions, leading zeros, invalid collections)
     */
    public static Optional<VolumeName> parse(String datFileName) {
        if (datFileName == null || !datFileName.endsWith(DAT)) {
            return Optional.empty();
        }
        String base = datFileName.substring(0, datFileName.length() - DAT.length());
        int underscore = base.lastIndexOf('_');
        String collection = underscore < 0 ? "" : base.substring(0, underscore);
        String number = base.substring(underscore + 1);
        try {
            VolumeId id = VolumeId.parse(number);
            if (!baseName(collection, id).equals(base)) {
                return Optional.empty();
            }
            return Optional.of(new VolumeName(collection, id));
        } catch (HayloftException e) {
            return Optional.empty();
        }
    }
}
