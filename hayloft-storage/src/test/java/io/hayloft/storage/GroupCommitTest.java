package io.hayloft.storage;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupCommitTest {

    @Test
    void concurrentWritersShareForces() throws Exception {
        int writers = 64;
        AtomicLong written = new AtomicLong();
        AtomicLong forcedUpTo = new AtomicLong();
        CountDownLatch allAppended = new CountDownLatch(writers);
        AtomicInteger forces = new AtomicInteger();
        GroupCommit commit = new GroupCommit(() -> {
            long target = written.get();
            if (forces.incrementAndGet() == 1) {
                // The first force lasts until every writer has appended: the next one covers them all.
                awaitLatch(allAppended);
            }
            forcedUpTo.accumulateAndGet(target, Math::max);
        }, written::get, 0);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                done.add(pool.submit(() -> {
                    long end = written.addAndGet(8);
                    allAppended.countDown();
                    commit.awaitDurable(end);
                    assertThat(forcedUpTo.get()).isGreaterThanOrEqualTo(end);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
        assertThat(commit.forceCount()).isBetween(1L, 2L);
    }

    @Test
    void aFailedForceFailsEveryLaterWaiterBecauseASecondFsyncProvesNothing() {
        AtomicInteger calls = new AtomicInteger();
        GroupCommit commit = new GroupCommit(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new IOException("disk on fire");
            }
        }, () -> 16, 0);
        assertThatThrownBy(() -> commit.awaitDurable(16)).isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> commit.awaitDurable(16)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("earlier fsync failed");
        assertThat(calls).hasValue(1);
        assertThat(commit.forceCount()).isZero();
    }

    @Test
    void bytesAlreadyDurableNeedNoForce() {
        GroupCommit commit = new GroupCommit(() -> {
            throw new IOException("must not be called");
        }, () -> 64, 64);
        commit.awaitDurable(64);
        assertThat(commit.forceCount()).isZero();
    }

    private static void awaitLatch(CountDownLatch latch) throws IOException {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IOException("writers did not arrive in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
