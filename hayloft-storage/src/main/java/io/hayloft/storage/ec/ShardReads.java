package io.hayloft.storage.ec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads the same range of several shards at once, one virtual thread per shard: a rebuild or a degraded
 * read waits for the slowest of ten reads (most of them round trips to other servers) instead of their
 * sum. Stateless; thread-safe.
 */
final class ShardReads {
    private ShardReads() {
    }

    /**
     * Reads {@code length} bytes at {@code offset} of each shard in {@code shards} from {@code source} into
     * {@code into[shard][at..]}, all at once; returns when every read ended.
     *
     * @return for each shard of {@code shards}, in order, whether its read succeeded
     */
    static boolean[] readAll(ShardSource source, List<Integer> shards, long offset, byte[][] into, int at,
                             int length) {
        boolean[] ok = new boolean[shards.size()];
        if (shards.size() == 1) {
            ok[0] = readOne(source, shards.getFirst(), offset, into, at, length);
            return ok;
        }
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Boolean>> reads = new ArrayList<>(shards.size());
            for (int s : shards) {
                reads.add(threads.submit(() -> readOne(source, s, offset, into, at, length)));
            }
            for (int i = 0; i < ok.length; i++) {
                try {
                    ok[i] = reads.get(i).get();
                } catch (ExecutionException e) {
                    ok[i] = false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new boolean[shards.size()];
                }
            }
        }
        return ok;
    }

    private static boolean readOne(ShardSource source, int shard, long offset, byte[][] into, int at, int length) {
        try {
            source.read(shard, offset, into[shard], at, length);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
