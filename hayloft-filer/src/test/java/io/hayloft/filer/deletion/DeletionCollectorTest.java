package io.hayloft.filer.deletion;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.FileId;
import io.hayloft.filer.chunk.MemoryBlobStore;
import io.hayloft.filer.chunk.StoragePolicy;
import io.hayloft.filer.store.Mutation;
import io.hayloft.filer.store.PendingDeletion;
import io.hayloft.filer.store.rocks.RocksFilerStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeletionCollectorTest {
    @TempDir
    Path dir;
    private RocksFilerStore store;
    private final MemoryBlobStore blobs = new MemoryBlobStore();

    @BeforeEach
    void open() {
        store = RocksFilerStore.open(dir, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        store.close();
    }

    private List<FileId> storeBlobs(int n) {
        List<FileId> fids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            fids.add(blobs.write(new byte[] {(byte) i}, "b", "", StoragePolicy.defaults()).fid());
        }
        return fids;
    }

    @Test
    void passDeletesQueuedChunksAndEmptiesTheQueue() {
        List<FileId> fids = storeBlobs(600);
        store.commit(new Mutation().enqueueDeletion(fids));
        DeletionCollector collector = new DeletionCollector(store, blobs, Duration.ofHours(1));

        assertThat(collector.runOnce()).isEqualTo(new DeletionCollector.Pass(600, 0));
        assertThat(blobs.size()).isZero();
        assertThat(store.pendingDeletions(-1, 10)).isEmpty();
    }

    @Test
    void chunkAlreadyGoneCountsAsDone() {
        store.commit(new Mutation().enqueueDeletion(List.of(FileId.parse("9,01637037d6"))));
        DeletionCollector collector = new DeletionCollector(store, blobs, Duration.ofHours(1));

        assertThat(collector.runOnce().done()).isEqualTo(1);
        assertThat(store.pendingDeletions(-1, 10)).isEmpty();
    }

    @Test
    void failedDeleteStaysQueuedWithoutBlockingOthersAndIsRetriedLater() {
        List<FileId> fids = storeBlobs(3);
        blobs.setUndeletable(fids.getFirst(), true);
        store.commit(new Mutation().enqueueDeletion(fids));
        DeletionCollector collector = new DeletionCollector(store, blobs, Duration.ofHours(1));

        assertThat(collector.runOnce()).isEqualTo(new DeletionCollector.Pass(2, 1));
        assertThat(store.pendingDeletions(-1, 10)).extracting(PendingDeletion::fid).containsExactly(fids.getFirst());

        blobs.setUndeletable(fids.getFirst(), false);
        assertThat(collector.runOnce()).isEqualTo(new DeletionCollector.Pass(1, 0));
        assertThat(blobs.size()).isZero();
    }

    @Test
    void queueSurvivesRestartAndTheBackgroundCollectorFinishesIt() {
        List<FileId> fids = storeBlobs(5);
        store.commit(new Mutation().enqueueDeletion(fids));
        store.close();
        store = RocksFilerStore.open(dir, Clock.systemUTC());

        try (DeletionCollector collector = new DeletionCollector(store, blobs, Duration.ofMillis(50))) {
            collector.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (blobs.size() > 0 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
            }
        }
        assertThat(blobs.size()).isZero();
        assertThat(store.pendingDeletions(-1, 10)).isEmpty();
    }
}
