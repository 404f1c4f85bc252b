package io.hayloft.volume.ec;

import io.hayloft.api.VolumeId;
import io.hayloft.storage.ec.ShardSource;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * The shards of one generation of an erasure-coded volume wherever they are: those held here ({@link #local}, which
 * changes as shards are copied in, rebuilt or deleted), then the other servers' ({@link RemoteShards}).
 * Thread-safe.
 */
final class ClusterShards implements ShardSource {
    private final VolumeId id;
    private final int generation;
    private final Supplier<ShardSource> local;
    private final RemoteShards remote;

    /** @param generation the generation of the volume's shards read (a holder serves any it keeps) */
    ClusterShards(VolumeId id, int generation, Supplier<ShardSource> local, RemoteShards remote) {
        this.id = id;
        this.generation = generation;
        this.local = local;
        this.remote = remote;
    }

    @Override
    public boolean has(int shard) {
        return local.get().has(shard) || remote.has(id, shard);
    }

    @Override
    public void read(int shard, long offset, byte[] into, int at, int length) throws IOException {
        ShardSource here = local.get();
        if (here.has(shard)) {
            try {
                here.read(shard, offset, into, at, length);
                return;
            } catch (IOException e) {
                if (!remote.has(id, shard)) {
                    throw e;
                }
            }
        }
        remote.read(id, generation, shard, offset, into, at, length);
    }
}
