package io.hayloft.filer.store.rocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.testkit.Await;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Group commit: nobody returns before a sync that covers them; concurrent writers share syncs. */
class GroupSyncTest {
    /** A log whose sync blocks until released, recording what each sync covered. */
    private static final class FakeLog {
        final AtomicLong appended = new AtomicLong();
        final AtomicLong durable = new AtomicLong();
        final AtomicInteger syncs = new AtomicInteger();
        volatile CountDownLatch gate = new CountDownLatch(0);
        volatile boolean failNext;

        long append() {
            return appended.incrementAndGet();
        }

        void sync() throws Exception {
            long covered = appended.get();
            gate.await(30, TimeUnit.SECONDS);
            if (failNext) {
                failNext = false;
                throw new IOException("disk gone");
            }
            syncs.incrementAndGet();
            durable.accumulateAndGet(covered, Math::max);
        }
    }

    @Test
    void aWriterReturnsOnlyOnceASyncCoveredItsRecord() throws Exception {
        FakeLog log = new FakeLog();
        GroupSync sync = new GroupSync(log.appended::get, log::sync);

        long seq = log.append();
        sync.await(seq);

        assertThat(log.durable.get()).isGreaterThanOrEqualTo(seq);
        assertThat(log.syncs.get()).isEqualTo(1);
        sync.await(seq);
        assertThat(log.syncs.get()).as("already durable: no second sync").isEqualTo(1);
    }

    @Test
    void writersWaitingDuringASyncShareTheNextOne() throws Exception {
        FakeLog log = new FakeLog();
        GroupSync sync = new GroupSync(log.appended::get, log::sync);
        log.gate = new CountDownLatch(1);
        int writers = 32;
        List<Future<Long>> done = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            long first = log.append();
            done.add(pool.submit(() -> {
                sync.await(first);
                return log.durable.get() - first;
            }));
            // the first writer's sync is now blocked; everyone else appends and waits behind it
            Await.until("the first sync to start", Duration.ofSeconds(10), sync::syncing);
            for (int i = 1; i < writers; i++) {
                long seq = log.append();
                done.add(pool.submit(() -> {
                    sync.await(seq);
                    return log.durable.get() - seq;
                }));
            }
            log.gate.countDown();
            for (Future<Long> f : done) {
                assertThat(f.get(30, TimeUnit.SECONDS)).as("durable past the writer's record").isGreaterThanOrEqualTo(0);
            }
        }
        assertThat(log.syncs.get()).as("32 writers, at most the blocked sync and one more").isLessThanOrEqualTo(2);
        assertThat(sync.syncs()).isEqualTo(log.syncs.get());
    }

    @Test
    void aFailedSyncFailsItsCallerAndTheNextWriterSyncsAgain() throws Exception {
        FakeLog log = new FakeLog();
        GroupSync sync = new GroupSync(log.appended::get, log::sync);
        long seq = log.append();
        log.failNext = true;

        assertThatThrownBy(() -> sync.await(seq)).isInstanceOf(IOException.class).hasMessage("disk gone");
        assertThat(log.durable.get()).isLessThan(seq);

        sync.await(seq);
        assertThat(log.durable.get()).isGreaterThanOrEqualTo(seq);
    }
}
