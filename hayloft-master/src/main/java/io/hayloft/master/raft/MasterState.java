package io.hayloft.master.raft;

import io.hayloft.api.wire.PartitionTable;
import io.hayloft.http.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The durable master state every peer holds after applying the Raft log: immutable, replaced
 * whole by each applied command.
 *
 * <p>Snapshot form (big-endian):
 * <pre>
 *   magic   u32  0x484c4d53 ("HLMS")
 *   version u32  3 (version 1 is the first 32 bytes alone: no registry; version 2 ends after the
 *                registry: no filer partitions)
 *   maxVolumeId   i64   largest volume id ever handed out or reported
 *   keyCeiling    i64   largest needle key ever reserved or reported
 *   lastNodeId    i64   largest node id handed out
 *   ---- version 2 ----
 *   nodeCount     u32   entries of the node registry, ascending by node id, each:
 *     nodeId      i64
 *     length      u16   then the node's address ({@code host:port}), UTF-8
 *   ---- version 3 ----
 *   tableLength   u32   then the filer partition table ({@link PartitionTable}) as JSON, UTF-8
 * </pre>
 *
 * @param maxVolumeId largest volume id issued; the next one is {@code maxVolumeId + 1}
 * @param keyCeiling  every key at or below it may be in use; new blocks start above it
 * @param lastNodeId  largest node id issued
 * @param nodes       the node registry: every node id handed out with {@code REGISTER_NODE} and the
 *                    address it was handed to (unmodifiable, ascending)
 * @param filerPartitions the filer partition map: filer servers, partitions, replicas, reported leaders
 */
public record MasterState(long maxVolumeId, long keyCeiling, long lastNodeId, SortedMap<Long, String> nodes,
                          PartitionTable filerPartitions) {
    /** The state of a fresh cluster. */
    public static final MasterState INITIAL = new MasterState(0, 0, 0);
    static final int MAGIC = 0x484c4d53;
    static final int VERSION = 3;
    static final int V1_SNAPSHOT_SIZE = 32;

    public MasterState {
        // shared between successive states: every command used to copy the whole registry
        nodes = NodeRegistry.of(nodes);
        filerPartitions = filerPartitions == null ? PartitionTable.EMPTY : filerPartitions;
    }

    /** A state without filer partitions. */
    public MasterState(long maxVolumeId, long keyCeiling, long lastNodeId, SortedMap<Long, String> nodes) {
        this(maxVolumeId, keyCeiling, lastNodeId, nodes, PartitionTable.EMPTY);
    }

    /** A state with an empty node registry. */
    public MasterState(long maxVolumeId, long keyCeiling, long lastNodeId) {
        this(maxVolumeId, keyCeiling, lastNodeId, NodeRegistry.EMPTY);
    }

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
                    : new Applied(new MasterState(maxVolumeId + 1, keyCeiling, lastNodeId, nodes, filerPartitions), maxVolumeId + 1);
            case RAISE_VOLUME_ID -> {
                long max = Math.max(maxVolumeId, Math.min(arg, Integer.MAX_VALUE));
                yield new Applied(new MasterState(max, keyCeiling, lastNodeId, nodes, filerPartitions), max);
            }
            case RESERVE_KEY_BLOCK -> {
                long size = Math.max(1, Math.min(arg, Long.MAX_VALUE - keyCeiling));
                yield new Applied(new MasterState(maxVolumeId, keyCeiling + size, lastNodeId, nodes, filerPartitions), keyCeiling + 1);
            }
            case RAISE_KEY_CEILING -> {
                long ceiling = Math.max(keyCeiling, arg);
                yield new Applied(new MasterState(maxVolumeId, ceiling, lastNodeId, nodes, filerPartitions), ceiling);
            }
            case NEXT_NODE_ID -> new Applied(new MasterState(maxVolumeId, keyCeiling, lastNodeId + 1, nodes, filerPartitions),
                    lastNodeId + 1);
            case REGISTER_NODE -> {
                NodeRegistry registry = ((NodeRegistry) nodes).with(lastNodeId + 1, command.address());
                yield new Applied(new MasterState(maxVolumeId, keyCeiling, lastNodeId + 1, registry, filerPartitions), lastNodeId + 1);
            }
            case PUT_FILER_PARTITIONS -> arg != filerPartitions.version()
                    ? new Applied(this, -1)
                    : new Applied(new MasterState(maxVolumeId, keyCeiling, lastNodeId, nodes,
                            command.table().withVersion(arg + 1)), arg + 1);
        };
    }

    /** The snapshot form. */
    public byte[] toBytes() {
        byte[] table = Json.write(filerPartitions, false);
        int size = V1_SNAPSHOT_SIZE + 4 + 4 + table.length;
        for (String a : nodes.values()) {
            size += 8 + 2 + a.getBytes(StandardCharsets.UTF_8).length;
        }
        ByteBuffer b = ByteBuffer.allocate(size).putInt(MAGIC).putInt(VERSION)
                .putLong(maxVolumeId).putLong(keyCeiling).putLong(lastNodeId).putInt(nodes.size());
        nodes.forEach((id, address) -> {
            byte[] a = address.getBytes(StandardCharsets.UTF_8);
            b.putLong(id).putShort((short) a.length).put(a);
        });
        b.putInt(table.length).put(table);
        return b.array();
    }

    /**
     * Reads the snapshot form.
     *
     * @throws IllegalArgumentException on a wrong size, magic or version
     */
    public static MasterState fromBytes(byte[] bytes) {
        if (bytes.length < V1_SNAPSHOT_SIZE) {
            throw new IllegalArgumentException("master snapshot too short: " + bytes.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int magic = b.getInt();
        int version = b.getInt();
        if (magic != MAGIC || version < 1 || version > VERSION) {
            throw new IllegalArgumentException("not a master snapshot (magic " + Integer.toHexString(magic)
                    + ", version " + version + ")");
        }
        long maxVolumeId = b.getLong();
        long keyCeiling = b.getLong();
        long lastNodeId = b.getLong();
        TreeMap<Long, String> nodes = new TreeMap<>();
        PartitionTable table = PartitionTable.EMPTY;
        if (version == 1) {
            if (bytes.length != V1_SNAPSHOT_SIZE) {
                throw new IllegalArgumentException("version 1 master snapshot must be 32 bytes, got " + bytes.length);
            }
        } else {
            try {
                int count = b.getInt();
                for (int i = 0; i < count; i++) {
                    long id = b.getLong();
                    byte[] a = new byte[Short.toUnsignedInt(b.getShort())];
                    b.get(a);
                    nodes.put(id, new String(a, StandardCharsets.UTF_8));
                }
                if (version >= 3) {
                    int length = b.getInt();
                    if (length < 0 || length > b.remaining()) {
                        throw new IllegalArgumentException("master snapshot filer partition table of " + length
                                + " bytes, " + b.remaining() + " left");
                    }
                    byte[] t = new byte[length];
                    b.get(t);
                    table = Json.read(t, PartitionTable.class);
                }
            } catch (io.hayloft.api.HayloftException e) {
                throw new IllegalArgumentException("master snapshot has a bad filer partition table: " + e.getMessage(), e);
            } catch (java.nio.BufferUnderflowException e) {
                throw new IllegalArgumentException("truncated master snapshot", e);
            }
            if (b.hasRemaining()) {
                throw new IllegalArgumentException("master snapshot has " + b.remaining() + " trailing bytes");
            }
        }
        return new MasterState(maxVolumeId, keyCeiling, lastNodeId, nodes, table);
    }
}
