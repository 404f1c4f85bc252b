package io.hayloft.filer.store.rocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.filer.entry.Entry;
import io.hayloft.filer.entry.FullPath;
import io.hayloft.filer.store.FilerStore;
import io.hayloft.filer.store.FilerStoreConformanceTest;
import io.hayloft.filer.store.Mutation;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/**
 * The store that reopens RocksDB after a disk failure: it passes the store conformance suite, and with a disk
 * that "fills up" (an injected RocksDB {@code IOError/NoSpace}, what a full disk gives) it refuses changes with
 * 503 and keeps serving reads until the disk has room, then reopens and takes changes again with every
 * acknowledged one kept.
 */
class ReopeningFilerStoreTest extends FilerStoreConformanceTest {
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
    private static final long MIN_FREE = 100;
    private static final Duration RETRY = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private final AtomicLong usable = new AtomicLong(1_000);
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicBoolean diskFull = new AtomicBoolean();
    private final AtomicInteger opens = new AtomicInteger();
    private final AtomicInteger writesReachingTheDatabase = new AtomicInteger();

    @Override
    protected FilerStore openStore() {
        return new ReopeningFilerStore(this::openRocks, usable::get, MIN_FREE, RETRY, nanos::get);
    }

    @Override
    protected FilerStore reopenStore() {
        store.close();
        return openStore();
    }

    /** A RocksDB store whose commits fail as a full disk makes them fail while {@link #diskFull} is set. */
    private FilerStore openRocks() {
        opens.incrementAndGet();
        RocksFilerStore rocks = RocksFilerStore.open(dir.resolve("db"), CLOCK);
        InvocationHandler h = (proxy, method, args) -> {
            if (method.getName().equals("commit") || method.getName().equals("apply")) {
                writesReachingTheDatabase.incrementAndGet();
                if (diskFull.get()) {
                    throw new HayloftException(ErrorCode.INTERNAL, "cannot commit a filer mutation",
                            new RocksDBException("While appending to file: 000004.log: No space left on device",
                                    new Status(Status.Code.IOError, Status.SubCode.NoSpace, "No space left on device")));
                }
            }
            try {
                return method.invoke(rocks, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (FilerStore) Proxy.newProxyInstance(FilerStore.class.getClassLoader(), new Class<?>[] {FilerStore.class}, h);
    }

    @Test
    void aFullDiskRefusesChangesWith503KeepsReadsAndReopensOnceThereIsRoom() {
        FullPath kept = FullPath.parse("/kept");
        FullPath lost = FullPath.parse("/refused");
        FullPath later = FullPath.parse("/later");
        store.commit(new Mutation().put(Entry.newDirectory(kept, T0)));

        diskFull.set(true);
        usable.set(0);
        assertThatThrownBy(() -> store.commit(new Mutation().put(Entry.newDirectory(lost, T0))))
                .isInstanceOf(HayloftException.class)
                .satisfies(e -> assertThat(((HayloftException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE))
                .hasMessageContaining("No space left on device");
        assertThat(((ReopeningFilerStore) store).broken()).isTrue();

        // broken: changes refused without reaching the database, reads served
        diskFull.set(false); // RocksDB itself would go on refusing: only a reopen clears its error
        int before = writesReachingTheDatabase.get();
        nanos.addAndGet(RETRY.toNanos() * 5);
        assertThatThrownBy(() -> store.commit(new Mutation().put(Entry.newDirectory(later, T0))))
                .satisfies(e -> assertThat(((HayloftException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE));
        assertThat(writesReachingTheDatabase.get()).as("no write tried while the disk has no room").isEqualTo(before);
        assertThat(store.find(kept)).isPresent();
        assertThat(opens.get()).as("no reopen while the disk has no room").isEqualTo(1);

        // room again; the next attempt is due one interval after the last (refused for room) one
        usable.set(MIN_FREE);
        nanos.addAndGet(RETRY.toNanos());
        store.commit(new Mutation().put(Entry.newDirectory(later, T0)));
        assertThat(opens.get()).as("reopened once").isEqualTo(2);
        assertThat(((ReopeningFilerStore) store).broken()).isFalse();
        assertThat(store.find(kept)).isPresent();
        assertThat(store.find(later)).isPresent();
        assertThat(store.find(lost)).as("the refused change changed nothing").isEmpty();
    }

    @Test
    void attemptsAreSpacedAndAFailedReopenIsRetried() {
        diskFull.set(true);
        usable.set(0);
        assertThatThrownBy(() -> store.commit(new Mutation().put(Entry.newDirectory(FullPath.parse("/a"), T0))))
                .isInstanceOf(HayloftException.class);
        diskFull.set(false);
        usable.set(MIN_FREE);
        // within the interval: no attempt
        assertThatThrownBy(() -> store.commit(new Mutation().put(Entry.newDirectory(FullPath.parse("/b"), T0))))
                .satisfies(e -> assertThat(((HayloftException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE));
        assertThat(opens.get()).isEqualTo(1);
        nanos.addAndGet(RETRY.toNanos());
        store.commit(new Mutation().put(Entry.newDirectory(FullPath.parse("/b"), T0)));
        assertThat(opens.get()).isEqualTo(2);
    }

    @Test
    void otherFailuresPassThroughAndDoNotBreakTheStore() {
        HayloftException conflict = new HayloftException(ErrorCode.CONFLICT, "upload intent is gone");
        assertThat(ReopeningFilerStore.diskFailure(conflict)).isNull();
        HayloftException corrupt = new HayloftException(ErrorCode.INTERNAL, "cannot read",
                new RocksDBException("bad block", new Status(Status.Code.Corruption, Status.SubCode.None, "bad block")));
        assertThat(ReopeningFilerStore.diskFailure(corrupt)).isNull();
        HayloftException sync = new HayloftException(ErrorCode.INTERNAL, "cannot sync the filer's write-ahead log",
                new java.io.UncheckedIOException(new java.io.IOException("Input/output error")));
        assertThat(ReopeningFilerStore.diskFailure(sync)).isNotNull();
    }
}
