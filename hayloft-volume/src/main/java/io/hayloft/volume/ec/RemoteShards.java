package io.hayloft.volume.ec;

import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.volume.transfer.VolumePeerClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads shard bytes of an erasure-coded volume from the other servers holding them ({@code GET
 * /internal/ec/shard}), through the server's {@link VolumePeerClient}, each call bounded by a
 * deadline: a slow or dead holder costs at most that before the next holder (or a degraded read) is
 * tried. Where shards are comes from the {@link ShardLocator}; a failed call forgets its answer.
 * Blocking: call from virtual threads. Thread-safe.
 */
public final class RemoteShards {
    /** How old a lookup that names no holder of a wanted shard may be before the master is asked again. */
    private static final Duration REFRESH_WHEN_NONE = Duration.ofSeconds(1);

    private final VolumePeerClient peers;
    private final ShardLocator locator;
    private final Duration deadline;

    /**
     * @param peers    the server's peer client
     * @param locator  where shards are
     * @param deadline longest wait for one shard read from one server
     */
    public RemoteShards(VolumePeerClient peers, ShardLocator locator, Duration deadline) {
        this.peers = peers;
        this.locator = locator;
        this.deadline = deadline;
    }

    /** Whether another server is known to hold shard {@code shard} of volume {@code id}. */
    public boolean has(VolumeId id, int shard) {
        return !locator.holders(id, shard).isEmpty();
    }

    /**
     * Reads {@code length} bytes of shard {@code shard} of generation {@code generation} at {@code offset} from a
     * server holding it (the holders of a shard hold it in every generation they keep).
     *
     * @throws IOException when no holder answers with the bytes within the deadline
     */
    public void read(VolumeId id, int generation, int shard, long offset, byte[] into, int at, int length)
            throws IOException {
        List<String> holders = locator.holdersRefreshed(id, shard, REFRESH_WHEN_NONE);
        if (holders.isEmpty()) {
            throw new IOException("no other server holds shard " + shard + " of volume " + id);
        }
        StringBuilder failures = new StringBuilder();
        for (String holder : holders) {
            try {
                byte[] bytes = peers.readShard(holder, id, generation, shard, offset, length)
                        .get(deadline.toMillis(), TimeUnit.MILLISECONDS);
                System.arraycopy(bytes, 0, into, at, length);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted reading shard " + shard + " of volume " + id, e);
            } catch (ExecutionException | TimeoutException e) {
                failures.append(holder).append(": ").append(e instanceof TimeoutException
                        ? "no answer within " + deadline : e.getCause() instanceof HayloftException h
                        ? h.code() + " " + h.getMessage() : String.valueOf(e.getCause())).append("; ");
            }
        }
        locator.invalidate(id);
        throw new IOException("cannot read shard " + shard + " of volume " + id + ": " + failures);
    }
}
