package io.hayloft.master.raft;

import io.hayloft.api.wire.PartitionTable;
import io.hayloft.http.Json;
import java.nio.ByteBuffer;

/**
 * One change to the replicated master state, as written into a Raft log entry.
 *
 * <p>Wire form (big-endian): {@code kind u8 | argument i64}, 9 bytes, then for
 * {@link Kind#REGISTER_NODE} only: {@code address length u16 | address UTF-8}, and for
 * {@link Kind#PUT_FILER_PARTITIONS} only: {@code table length u32 | table JSON (UTF-8)}, the
 * {@link PartitionTable} as its wire record. The kind codes are part of the log format and never
 * change meaning; new kinds take new codes.
 *
 * @param kind     what to do
 * @param argument the kind's operand (block size, key, volume id, expected table version); 0 when unused
 * @param address  a volume server's {@code host:port} for {@link Kind#REGISTER_NODE}; "" otherwise
 * @param table    the next filer partition table for {@link Kind#PUT_FILER_PARTITIONS}; null otherwise
 */
public record MasterCommand(Kind kind, long argument, String address, PartitionTable table) {
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
        RAISE_VOLUME_ID(5),
        /**
         * Hand out the next node id and record it with {@code address} in the node registry, in one
         * entry. Reply: the new node id.
         */
        REGISTER_NODE(6),
        /**
         * Replace the filer partition table with {@code table} when its version is {@code argument}
         * (compare-and-set); the new table is numbered {@code argument + 1}. Reply: the new version, or
         * -1 when the version had moved on (nothing changed).
         */
        PUT_FILER_PARTITIONS(7);

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

    /** Largest accepted address, bytes of UTF-8. */
    public static final int MAX_ADDRESS = 1024;

    /** A command without a partition table. */
    public MasterCommand(Kind kind, long argument, String address) {
        this(kind, argument, address, null);
    }

    public MasterCommand {
        if ((kind == Kind.PUT_FILER_PARTITIONS) != (table != null)) {
            throw new IllegalArgumentException("a partition table goes with PUT_FILER_PARTITIONS and nothing else");
        }
        if (address == null) {
            address = "";
        }
        if ((kind == Kind.REGISTER_NODE) == address.isEmpty()) {
            throw new IllegalArgumentException("an address goes with REGISTER_NODE and nothing else");
        }
        if (address.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_ADDRESS) {
            throw new IllegalArgumentException("node address longer than " + MAX_ADDRESS + " bytes");
        }
        if (kind == null) {
            throw new IllegalArgumentException("command kind is required");
        }
        if (argument < 0) {
            throw new IllegalArgumentException("command argument must not be negative, got " + argument);
        }
    }

    public static MasterCommand allocateVolumeId() {
        return new MasterCommand(Kind.ALLOCATE_VOLUME_ID, 0, "");
    }

    public static MasterCommand reserveKeyBlock(long size) {
        return new MasterCommand(Kind.RESERVE_KEY_BLOCK, size, "");
    }

    public static MasterCommand raiseKeyCeiling(long key) {
        return new MasterCommand(Kind.RAISE_KEY_CEILING, key, "");
    }

    public static MasterCommand nextNodeId() {
        return new MasterCommand(Kind.NEXT_NODE_ID, 0, "");
    }

    public static MasterCommand raiseVolumeId(long volumeId) {
        return new MasterCommand(Kind.RAISE_VOLUME_ID, volumeId, "");
    }

    /** Hands out the next node id for the volume server at {@code address} and records it. */
    public static MasterCommand registerNode(String address) {
        return new MasterCommand(Kind.REGISTER_NODE, 0, address);
    }

    /** Replaces the filer partition table with {@code next} if it is still at version {@code expected}. */
    public static MasterCommand putFilerPartitions(long expected, PartitionTable next) {
        return new MasterCommand(Kind.PUT_FILER_PARTITIONS, expected, "", next);
    }

    /** The log form. */
    public byte[] encode() {
        if (kind == Kind.PUT_FILER_PARTITIONS) {
            byte[] t = Json.write(table, false);
            return ByteBuffer.allocate(SIZE + 4 + t.length).put(kind.code).putLong(argument).putInt(t.length).put(t)
                    .array();
        }
        if (kind != Kind.REGISTER_NODE) {
            return ByteBuffer.allocate(SIZE).put(kind.code).putLong(argument).array();
        }
        byte[] a = address.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return ByteBuffer.allocate(SIZE + 2 + a.length).put(kind.code).putLong(argument)
                .putShort((short) a.length).put(a).array();
    }

    /**
     * Decodes the log form.
     *
     * @throws IllegalArgumentException if the bytes are not a command this version knows
     */
    public static MasterCommand decode(byte[] bytes) {
        if (bytes.length < SIZE) {
            throw new IllegalArgumentException("master command must be at least " + SIZE + " bytes, got " + bytes.length);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        Kind kind = Kind.ofCode(b.get());
        long argument = b.getLong();
        if (kind == Kind.PUT_FILER_PARTITIONS) {
            if (bytes.length < SIZE + 4 || b.getInt() != bytes.length - SIZE - 4) {
                throw new IllegalArgumentException("PUT_FILER_PARTITIONS table length does not match its "
                        + Math.max(0, bytes.length - SIZE - 4) + " bytes");
            }
            byte[] t = new byte[bytes.length - SIZE - 4];
            b.get(t);
            try {
                return putFilerPartitions(argument, Json.read(t, PartitionTable.class));
            } catch (io.hayloft.api.HayloftException e) {
                throw new IllegalArgumentException("PUT_FILER_PARTITIONS carries a bad table: " + e.getMessage(), e);
            }
        }
        if (kind != Kind.REGISTER_NODE) {
            if (bytes.length != SIZE) {
                throw new IllegalArgumentException(kind + " must be " + SIZE + " bytes, got " + bytes.length);
            }
            return new MasterCommand(kind, argument, "");
        }
        if (bytes.length < SIZE + 2) {
            throw new IllegalArgumentException("REGISTER_NODE without its address length");
        }
        int length = Short.toUnsignedInt(b.getShort());
        if (bytes.length != SIZE + 2 + length) {
            throw new IllegalArgumentException("REGISTER_NODE address length " + length + " does not match "
                    + (bytes.length - SIZE - 2) + " bytes");
        }
        byte[] a = new byte[length];
        b.get(a);
        return new MasterCommand(kind, argument, new String(a, java.nio.charset.StandardCharsets.UTF_8));
    }
}
