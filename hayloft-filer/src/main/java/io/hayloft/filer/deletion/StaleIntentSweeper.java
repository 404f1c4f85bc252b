package io.hayloft.filer.deletion;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.filer.store.FilerStore;
import io.hayloft.filer.store.Mutation;
import io.hayloft.filer.store.UploadIntent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Reclaims the orphans of a filer that never comes back: upload intents of any owner older than
 * {@code maxAge} go onto the deletion queue. {@link OrphanReclaimer} handles a filer that restarts;
 * this sweep, run by every filer sharing the store, handles one that does not.
 *
 * <p>Safe against a write that is still running: the sweep claims each intent
 * ({@link Mutation#claimUploadIntents}) and a write's commit claims its intents too, so of the two
 * exactly one succeeds. A write that loses fails with CONFLICT and its client retries; no entry ever
 * references a chunk the sweep queued.
 *
 * <p>Thread-safe (stateless apart from its settings).
 */
public final class StaleIntentSweeper {
    /** Intents read and moved per commit. */
    static final int BATCH = 500;

    private final FilerStore store;
    private final Clock clock;
    private final Duration maxAge;

    /** @param maxAge intents recorded longer ago than this are orphans; positive */
    public StaleIntentSweeper(FilerStore store, Clock clock, Duration maxAge) {
        HayloftException.checkArgument(maxAge != null && maxAge.isPositive(), "stale intent age must be positive");
        this.store = store;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    /**
     * Moves every intent recorded before now minus {@code maxAge} onto the deletion queue, in atomic
     * batches. An intent another filer's sweep or its write's commit claims first is skipped.
     *
     * @return how many chunks this call queued
     */
    public int sweep() {
        Instant cutoff = clock.instant().minus(maxAge);
        int total = 0;
        while (true) {
            List<UploadIntent> stale = store.uploadIntentsRecordedBefore(cutoff, BATCH);
            if (stale.isEmpty()) {
                return total;
            }
            if (claim(stale)) {
                total += stale.size();
                continue;
            }
            for (UploadIntent one : stale) {
                total += claim(List.of(one)) ? 1 : 0;
            }
        }
    }

    /** Queues the intents' chunks and claims the intents in one commit; false when one was already gone. */
    private boolean claim(List<UploadIntent> intents) {
        try {
            store.commit(new Mutation().enqueueDeletion(intents.stream().map(UploadIntent::fid).toList())
                    .claimUploadIntents(intents));
            return true;
        } catch (HayloftException e) {
            if (e.code() != ErrorCode.CONFLICT) {
                throw e;
            }
            return false;
        }
    }
}
