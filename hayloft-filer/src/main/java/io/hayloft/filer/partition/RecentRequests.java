package io.hayloft.filer.partition;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The writes ({@link RequestId}s) a replica has pending as leader or has recently applied, with their
 * replies: what keeps a retried write from being applied twice. Filled when entries are applied, on
 * every replica, so a new leader knows the writes its predecessor applied (Ratis makes a leader serve
 * only once it applied every entry of the earlier terms); consulted only when a write is submitted,
 * never when one is applied, so the replicas' states never depend on it. Like Ratis's own retry cache it
 * lives in memory: after a restart a retried write may be applied again.
 *
 * <p>Thread-safe.
 */
final class RecentRequests {
    private final int capacity;
    private final ConcurrentHashMap<RequestId, CompletableFuture<PartitionReply>> byId = new ConcurrentHashMap<>();
    /** Applied ids, oldest first, for eviction; guarded by itself. */
    private final ArrayDeque<RequestId> applied = new ArrayDeque<>();

    /** @param capacity how many applied writes are remembered (the oldest are forgotten first) */
    RecentRequests(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Registers {@code fresh} as the reply of {@code id} unless the id is already pending or applied;
     * returns the existing reply then, or null when {@code fresh} was registered.
     */
    CompletableFuture<PartitionReply> register(RequestId id, CompletableFuture<PartitionReply> fresh) {
        return byId.putIfAbsent(id, fresh);
    }

    /** Records that {@code id} was applied with {@code reply}, completing its pending future if any. */
    void applied(RequestId id, PartitionReply reply) {
        byId.compute(id, (k, f) -> {
            if (f == null || f.isCompletedExceptionally()) {
                return CompletableFuture.completedFuture(reply);
            }
            f.complete(reply);
            return f;
        });
        synchronized (applied) {
            applied.addLast(id);
            while (applied.size() > capacity) {
                RequestId old = applied.pollFirst();
                byId.computeIfPresent(old, (k, v) -> v.isDone() ? null : v);
            }
        }
    }

    /**
     * Forgets the pending {@code id} (its entry failed: it may be submitted again) and fails its future
     * with {@code why}, unless it was applied meanwhile.
     */
    void abandon(RequestId id, CompletableFuture<PartitionReply> pending, Throwable why) {
        if (pending.completeExceptionally(why)) {
            byId.remove(id, pending);
        }
    }

    /** How many writes are remembered (tests). */
    int size() {
        return byId.size();
    }
}
