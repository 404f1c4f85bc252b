package io.hayloft.master.repair;

import io.hayloft.api.HayloftException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Limits replica copies: at most {@code concurrency} at a time and at most one per target server
 * (so a new server is not flooded). Thread-safe.
 */
final class CopySlots {
    private final int concurrency;
    private final Set<String> targets = new HashSet<>();

    CopySlots(int concurrency) {
        HayloftException.checkArgument(concurrency >= 1,
                "replication concurrency must be positive, got " + concurrency);
        this.concurrency = concurrency;
    }

    /** Takes a slot for a copy to {@code target} if one is free now; false otherwise. */
    synchronized boolean tryAcquire(String target) {
        if (targets.size() >= concurrency || targets.contains(target)) {
            return false;
        }
        targets.add(target);
        return true;
    }

    /**
     * Takes slots for copies to every one of {@code wanted} (distinct servers, at most the
     * concurrency) at once, waiting until all are free.
     */
    synchronized void acquireAll(List<String> wanted) throws InterruptedException {
        HayloftException.checkArgument(wanted.size() <= concurrency && Set.copyOf(wanted).size() == wanted.size(),
                "copy targets must be distinct and at most " + concurrency + ": " + wanted);
        while (targets.size() + wanted.size() > concurrency || wanted.stream().anyMatch(targets::contains)) {
            wait();
        }
        targets.addAll(wanted);
    }

    int concurrency() {
        return concurrency;
    }

    synchronized void release(String target) {
        targets.remove(target);
        notifyAll();
    }

    /** Servers receiving a copy now. */
    synchronized Set<String> busyTargets() {
        return Set.copyOf(targets);
    }
}
