package io.hayloft.storage;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;

/**
 * The first 8 bytes of every {@code .dat} file: how the volume is replicated and expires, and which
 * format the rest of the file uses.
 *
 * <pre>
 * byte  field
 *  0    format version: {@value #CURRENT_VERSION}; any other value is refused on open
 *  1    replica placement, 100x + 10y + z ({@link ReplicaPlacement#toByte()})
 *  2    TTL count (0..255)
 *  3    TTL unit code (0 none, 1 minute, 2 hour, 3 day, 4 week, 5 month, 6 year)
 *  4-5  compaction revision, unsigned 16 bits big-endian; incremented by each vacuum
 *  6-7  reserved, written as 0 and ignored on read
 * </pre>
 *
 * @param version            the format version
 * @param replicaPlacement   the volume's replica placement
 * @param ttl                the volume's TTL, inherited by needles without one
 * @param compactionRevision 0..65535
 */
public record SuperBlock(int version, ReplicaPlacement replicaPlacement, Ttl ttl, int compactionRevision) {
    /** Length of the superblock in bytes; the first needle record starts here. */
    public static final int SIZE = 8;
    /** The format version this build writes and reads. */
    public static final int CURRENT_VERSION = 1;

    /**
     * Validates the fields.
     *
     * @throws HayloftException {@code BAD_REQUEST} on a null field or a value that does not fit its bytes
     */
    public SuperBlock {
        HayloftException.checkArgument(version >= 0 && version <= 255, "superblock version must fit a byte");
        HayloftException.checkArgument(replicaPlacement != null, "replica placement is required");
        HayloftException.checkArgument(ttl != null, "ttl is required");
        HayloftException.checkArgument(compactionRevision >= 0 && compactionRevision <= 0xFFFF,
                "compaction revision must be 0..65535, got " + compactionRevision);
    }

    /** A current-version superblock at compaction revision 0. */
    public static SuperBlock of(ReplicaPlacement placement, Ttl ttl) {
        return new SuperBlock(CURRENT_VERSION, placement, ttl, 0);
    }

    /** Returns the 8 bytes described in the class comment. */
    public byte[] encode() {
        byte[] b = new byte[SIZE];
        b[0] = (byte) version;
        b[1] = replicaPlacement.toByte();
        b[2] = ttl.countByte();
        b[3] = ttl.unitByte();
        b[4] = (byte) (compactionRevision >>> 8);
        b[5] = (byte) compactionRevision;
        return b;
    }

    /**
     * Decodes the first 8 bytes of {@code bytes}.
     *
     * @throws HayloftException {@code CORRUPT} if fewer than 8 bytes are given, the version is not
     *                          {@value #CURRENT_VERSION}, or the placement or TTL bytes are invalid
     */
    public static SuperBlock decode(byte[] bytes) {
        if (bytes.length < SIZE) {
            throw new HayloftException(ErrorCode.CORRUPT, "superblock is " + bytes.length + " bytes, expected " + SIZE);
        }
        int version = bytes[0] & 0xFF;
        if (version != CURRENT_VERSION) {
            throw new HayloftException(ErrorCode.CORRUPT, "unsupported volume format version " + version
                    + " (this build reads version " + CURRENT_VERSION + ")");
        }
        try {
            return new SuperBlock(version, ReplicaPlacement.fromByte(bytes[1]), Ttl.fromBytes(bytes[2], bytes[3]),
                    ((bytes[4] & 0xFF) << 8) | (bytes[5] & 0xFF));
        } catch (HayloftException e) {
            throw new HayloftException(ErrorCode.CORRUPT, "invalid superblock: " + e.getMessage(), e);
        }
    }
}
