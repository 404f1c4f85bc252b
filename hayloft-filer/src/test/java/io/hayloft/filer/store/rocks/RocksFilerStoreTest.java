package io.hayloft.filer.store.rocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.testkit.Await;
import io.hayloft.filer.entry.Entry;
import io.hayloft.filer.entry.FullPath;
import io.hayloft.filer.store.Mutation;
import io.hayloft.filer.store.UploadIntent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import io.hayloft.filer.store.FilerStore;
import io.hayloft.filer.store.FilerStoreConformanceTest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksFilerStoreTest extends FilerStoreConformanceTest {
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Override
    protected FilerStore openStore() {
        return RocksFilerStore.open(dir.resolve("db"), CLOCK);
    }

    @Override
    protected FilerStore reopenStore() {
        store.close();
        return RocksFilerStore.open(dir.resolve("db"), CLOCK);
    }

    @Test
    void everyOperationAfterCloseIsRefusedInsteadOfTouchingTheClosedDatabase() {
        store.close();
        FullPath d = FullPath.parse("/d");
        for (ThrowingCallable op : List.<ThrowingCallable>of(
                () -> store.find(d),
                () -> store.list(FullPath.parse("/"), "", true, 10),
                () -> store.commit(new Mutation().put(Entry.newDirectory(d, T0))),
                () -> store.pendingDeletions(0, 10),
                () -> store.recordUploadIntents(List.of(new UploadIntent("filer-1", FileId.parse("3,01637037d6")))),
                () -> store.uploadIntents("filer-1", 10),
                () -> store.uploadIntentsRecordedBefore(T0, 10))) {
            assertThatThrownBy(op).isInstanceOf(HayloftException.class)
                    .extracting("code").isEqualTo(ErrorCode.UNAVAILABLE);
        }
    }

    @Test
    void closeDuringConcurrentCommitsLetsEachFinishOrFailCleanly() throws Exception {
        int writers = 4;
        CountDownLatch running = new CountDownLatch(writers);
        AtomicBoolean stop = new AtomicBoolean();
        List<Throwable> unexpected = new CopyOnWriteArrayList<>();
        AtomicInteger committed = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            for (int w = 0; w < writers; w++) {
                int writer = w;
                pool.submit(() -> {
                    running.countDown();
                    for (int i = 0; !stop.get(); i++) {
                        try {
                            store.commit(new Mutation().put(Entry.newDirectory(FullPath.parse("/w" + writer + "-" + i), T0)));
                            store.find(FullPath.parse("/w" + writer + "-" + i));
                            committed.incrementAndGet();
                        } catch (HayloftException e) {
                            if (e.code() != ErrorCode.UNAVAILABLE) {
                                unexpected.add(e);
                            }
                            return;
                        } catch (Throwable t) {
                            unexpected.add(t);
                            return;
                        }
                    }
                });
            }
            running.await();
            Await.until("some commits", Duration.ofSeconds(10), () -> committed.get() >= 20);
            store.close(); // before the fix, a commit racing with this crashed the JVM in RocksDB.write0
            stop.set(true);
        }
        assertThat(unexpected).isEmpty();
        FilerStore reopened = RocksFilerStore.open(dir.resolve("db"), CLOCK);
        try {
            assertThat(reopened.list(FullPath.parse("/"), "", true, 100_000)).hasSizeGreaterThanOrEqualTo(committed.get());
        } finally {
            reopened.close();
        }
    }

    @Test
    void secondOpenOfTheSameDirectoryIsRefused() {
        assertThatThrownBy(() -> RocksFilerStore.open(dir.resolve("db"), CLOCK))
                .isInstanceOf(HayloftException.class).hasMessageContaining("cannot open RocksDB");
    }
}
