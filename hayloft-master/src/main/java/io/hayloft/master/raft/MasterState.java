package io.hayloft.master.raft;

import java.nio.ByteBuffer;

/**
 * The durable master state every peer holds after applying the Raft log: immutable, replaced
 * whole by each applied command.
 *
 * <p>Snapshot form (32 bytes, big-endian):
 * <pre>
 *   magic   u32  0x484c4d53 ("HLMS")
 *   version u32  1
 *   maxVolumeId   i64   largest volume id ever handed out or reported
 *   keyCeiling    i64   largest needle key ever reserved or reported
 *   lastNodeId    i64   largest node id handed out
 * </pre>
 *
 * @param maxVolumeId largest volume id issued; the next one is {@code maxVolumeId + 1}
 * @param keyCeiling  every key at or below it may be in use; new blocks start above it
 * @param lastNodeId  largest node id issued
 */
public record MasterState(long maxVolumeId, long keyCeiling, long lastNodeId) {
    /** The state of a fresh cluster. */
    public static final MasterState INITIAL = new MasterState(0, 0, 0);
    static final int MAGIC = 0x484c4d53;
    static final int VERSION = 1;
    static final int SNAPSHOT_SIZE = 32;

    /** A command's effect: the next state and the reply the client gets. */
    public record Applied(MasterState state, long reply) {
    }

    /**
     * Applies one command. Pure and deterministic, as every peer must compute the same result;
     * never throws for a decoded command.
     */
    public Applied apply(MasterCommand command) {
        long arg = command.argument();
        return switch (command.kind()) {
            case ALLOCATE_VOLUME_ID -> maxVolumeId >= Integer.MAX_VALUE
                    ? new Applied(this, -1)
                    : new Applied(new MasterState(maxVolumeId + 1, keyCeiling, lastNodeId), maxVolumeId + 1);
            case RAISE_VOLUME_ID -> {
                long max = Math.max(maxVolumeId, Math.min(arg, Integer.MAX_VALUE));
                yield new Applied(new MasterState(max, keyCeiling, lastNodeId), max);
            }
            case RESERVE_KEY_BLOCK -> {
                long size = Math.max(1, Math.min(arg, Long.MAX_VALUE - keyCeiling));
                yield new Applied(new MasterState(maxVolumeId, keyCeiling + size, lastNodeId), keyCeiling + 1);
            }
            case RAISE_KEY_CEILING -> {
                long ceiling = Math.max(keyCeiling, arg);
                yield new Applied(new MasterState(maxVolumeId, ceiling, lastNodeId), ceiling);
            }
            case NEXT_NODE_ID -> new Applied(new MasterState(maxVolumeId, keyCeiling, lastNodeId + 1), lastNodeId + 1);
        };
    }

    /** The snapshot form. */
    public byte[] toBytes() {
        return ByteBuffer.allocate(SNAPSHOT_SIZE).putInt(MAGIC).putInt(VERSION)
                .putLong(maxVolumeId).putLong(keyCeiling).putLong(lastNodeId).array();
    }

    /**
     * Reads the snapshot form.
     *
     * @throws IllegalArgumentException on a wrong size, magic or version
     */
    public static MasterState fromBytes(byte[] bytes) {
        if (bytes.length != SNAPSHOT_SIZE) {
            throw new IllegalArgumentException("master snapshot must be " + SNAPSHOT_SIZE + " bytes, got " + bytes.length);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int magic = b.getInt();
        int version = b.getInt();
        if (magic != MAGIC || version != VERSION) {
            throw new IllegalArgumentException("not a master snapshot (magic " + Integer.toHexString(magic)
                    + ", version " + version + ")");
        }
        return new MasterState(b.getLong(), b.getLong(), b.getLong());
    }
}
