package io.hayloft.volume.ec;

import io.hayloft.api.VolumeId;
import io.hayloft.storage.ec.ShardSource;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * The shards of one erasure-coded volume wherever they are: those held here ({@link #local}, which
 * changes as shards are copied in, rebuilt or deleted), then the other servers' ({@link RemoteShards}).
 * Thread-safe.
 */
final class ClusterShards implements ShardSource {
    private final VolumeId id;
    private final Supplier<ShardSource> local;
    private final RemoteShards remote;

    ClusterShards(VolumeId id, Supplier<ShardSource> local, RemoteShards remote) {
        this.id = id;
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
        remote.read(id, shard, offset, into, at, length);
    }
}
