package io.hayloft.master.raft;

import java.nio.ByteBuffer;

/**
 * One change to the replicated master state, as written into a Raft log entry.
 *
 * <p>Wire form (9 bytes, big-endian): {@code kind u8 | argument i64}. The kind codes are part of
 * the log format and never change meaning; new kinds take new codes.
 *
 * @param kind     what to do
 * @param argument the kind's operand (block size, key, volume id); 0 when unused
 */
public record MasterCommand(Kind kind, long argument) {
    /** Encoded size in bytes. */
    public static final int SIZE = 9;

    /** The command kinds and their log codes. */
    public enum Kind {
        /** Hand out {@code maxVolumeId + 1}. Reply: the new volume id, or -1 when ids are exhausted. */
        ALLOCATE_VOLUME_ID(1),
        /** Reserve {@code argument} keys above the ceiling. Reply: the first key of the block. */
        RESERVE_KEY_BLOCK(2),
        /** Raise the key ceiling to at least {@code argument}. Reply: the ceiling after the change. */
        RAISE_KEY_CEILING(3),
        /** Hand out the next node id. Reply: the new node id. */
        NEXT_NODE_ID(4),
        /** Raise the max volume id to at least {@code argument}. Reply: the max after the change. */
        RAISE_VOLUME_ID(5);

        private final byte code;

        Kind(int code) {
            this.code = (byte) code;
        }

        static Kind ofCode(byte code) {
            for (Kind k : values()) {
                if (k.code == code) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown master command code " + code);
        }
    }

    public MasterCommand {
        if (kind == null) {
            throw new IllegalArgumentException("command kind is required");
        }
        if (argument < 0) {
            throw new IllegalArgumentException("command argument must not be negative, got " + argument);
        }
    }

    public static MasterCommand allocateVolumeId() {
        return new MasterCommand(Kind.ALLOCATE_VOLUME_ID, 0);
    }

    public static MasterCommand reserveKeyBlock(long size) {
        return new MasterCommand(Kind.RESERVE_KEY_BLOCK, size);
    }

    public static MasterCommand raiseKeyCeiling(long key) {
        return new MasterCommand(Kind.RAISE_KEY_CEILING, key);
    }

    public static MasterCommand nextNodeId() {
        return new MasterCommand(Kind.NEXT_NODE_ID, 0);
    }

    public static MasterCommand raiseVolumeId(long volumeId) {
        return new MasterCommand(Kind.RAISE_VOLUME_ID, volumeId);
    }

    /** The 9-byte log form. */
    public byte[] encode() {
        return ByteBuffer.allocate(SIZE).put(kind.code).putLong(argument).array();
    }

    /**
     * Decodes the log form.
     *
     * @throws IllegalArgumentException if the bytes are not a command this version knows
     */
    public static MasterCommand decode(byte[] bytes) {
        if (bytes.length != SIZE) {
            throw new IllegalArgumentException("master command must be " + SIZE + " bytes, got " + bytes.length);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        return new MasterCommand(Kind.ofCode(b.get()), b.getLong());
    }
}
