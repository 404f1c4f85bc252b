package io.hayloft.storage.ec;

import java.io.IOException;

/**
 * Where an erasure-coded volume's shards are read from: local files, or (in the volume server) other
 * servers. Implementations are thread-safe.
 */
public interface ShardSource {
    /** Whether shard {@code shard} can be asked for at all (held here, or known to be held elsewhere). */
    boolean has(int shard);

    /**
     * Reads {@code length} bytes of shard {@code shard} at {@code offset} into {@code into[at..]}.
     *
     * @throws IOException when the shard cannot be read there (missing, short, unreachable)
     */
    void read(int shard, long offset, byte[] into, int at, int length) throws IOException;
}
