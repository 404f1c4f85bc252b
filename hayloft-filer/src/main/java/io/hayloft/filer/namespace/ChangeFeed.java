package io.hayloft.filer.namespace;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.filer.entry.FullPath;
import io.hayloft.filer.store.Change;
import io.hayloft.filer.store.ChangePage;
import io.hayloft.filer.store.FilerStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * The metadata change stream: the changes under a path prefix after a {@link Cursor}, read from the
 * store's change logs ({@link FilerStore#changes}: one per partition, each in the order its partition
 * applied them), and waited for when there are none yet (long polling).
 *
 * <p>A cursor is the last sequence seen in each log; a reader that keeps the cursor of its last page
 * resumes exactly there after a disconnect, seeing every change once, in order within a partition
 * (changes of different partitions have no order between them). Changes outside the prefix still advance
 * the cursor (a prefix inside one partition reads that partition's log alone, and leaves the other
 * positions as they were). A cursor older than what a log keeps fails with CONFLICT: the reader missed changes and
 * must read the tree again.
 *
 * <p>Thread-safe; every method blocks on the store (call from virtual threads).
 */
public final class ChangeFeed {
    private final FilerStore store;
    private final Clock clock;
    private final Duration pollInterval;

    /**
     * @param clock        measures the wait of {@link #await}
     * @param pollInterval how often {@link #await} reads the logs again while nothing new came
     */
    public ChangeFeed(FilerStore store, Clock clock, Duration pollInterval) {
        this.store = store;
        this.clock = clock;
        this.pollInterval = pollInterval;
    }

    /**
     * A position in every change log: the last sequence seen in each (-1: none). Its text form is the
     * sequences joined by {@code .}, log 0 first (e.g. {@code 15.-1.3}).
     */
    public record Cursor(List<Long> seen) {
        public Cursor {
            seen = List.copyOf(seen);
        }

        /**
         * Parses the text form.
         *
         * @throws HayloftException BAD_REQUEST when it is malformed or names another number of logs
         */
        public static Cursor parse(String text, int logs) {
            String[] parts = text.split("\\.", -1);
            HayloftException.checkArgument(parts.length == logs, "cursor '" + text + "' names " + parts.length
                    + " change logs, this filer has " + logs + ": start again from cursor=now");
            List<Long> seen = new ArrayList<>(logs);
            for (String p : parts) {
                try {
                    long v = Long.parseLong(p);
                    HayloftException.checkArgument(v >= -1, "cursor '" + text + "' has a negative position");
                    seen.add(v);
                } catch (NumberFormatException e) {
                    throw HayloftException.badRequest("cursor '" + text + "' is not a list of sequences joined by '.'");
                }
            }
            return new Cursor(seen);
        }

        @Override
        public String toString() {
            return seen.stream().map(String::valueOf).collect(Collectors.joining("."));
        }
    }

    /** A change and the log (partition) it comes from. */
    public record Event(int log, Change change) {
    }

    /** Changes after a cursor, and the cursor to read from next. */
    public record Page(List<Event> events, Cursor next) {
        public Page {
            events = List.copyOf(events);
        }
    }

    /** The cursor after every change made so far: a watch from it sees only what comes next. */
    public Cursor now() {
        List<Long> seen = new ArrayList<>();
        for (int log = 0; log < store.changeLogs(); log++) {
            seen.add(store.changes(log, Long.MAX_VALUE - 1, 1).latest());
        }
        return new Cursor(seen);
    }

    /** The cursor before every change the logs still keep. */
    public Cursor start() {
        List<Long> seen = new ArrayList<>();
        for (int log = 0; log < store.changeLogs(); log++) {
            seen.add(store.changes(log, -1, 1).oldest() - 1);
        }
        return new Cursor(seen);
    }

    /**
     * The changes at or under {@code prefix} after {@code after}, at most {@code limit}, without waiting.
     *
     * @throws HayloftException CONFLICT when a log no longer keeps the changes right after the cursor
     */
    public Page read(FullPath prefix, Cursor after, int limit) {
        HayloftException.checkArgument(limit >= 1, "limit must be at least 1");
        HayloftException.checkArgument(after.seen().size() == store.changeLogs(), "the cursor names "
                + after.seen().size() + " change logs, this filer has " + store.changeLogs());
        List<Event> events = new ArrayList<>();
        List<Long> next = new ArrayList<>(after.seen());
        int only = store.changeLogOf(prefix); // a path inside one partition: only its log can hold changes
        for (int log = 0; log < next.size() && events.size() < limit; log++) {
            if (only >= 0 && log != only) {
                continue;
            }
            long seen = next.get(log);
            ChangePage page = store.changes(log, seen, limit);
            if (seen + 1 < page.oldest()) {
                throw new HayloftException(ErrorCode.CONFLICT, "the changes of log " + log + " after " + seen
                        + " are no longer kept (it keeps them from " + page.oldest()
                        + "): read the tree again, then watch from cursor=now");
            }
            for (Change c : page.changes()) {
                if (events.size() == limit) {
                    break;
                }
                if (prefix.isRoot() || c.path().equals(prefix) || prefix.isAncestorOf(c.path())) {
                    events.add(new Event(log, c));
                }
                seen = c.sequence();
            }
            next.set(log, seen);
        }
        return new Page(events, new Cursor(next));
    }

    /**
     * {@link #read}, waiting up to {@code wait} for a first change when there is none yet (long polling).
     *
     * @return the changes, or none and the advanced cursor when the wait ran out
     */
    public Page await(FullPath prefix, Cursor after, int limit, Duration wait) {
        Instant deadline = clock.instant().plus(wait);
        Page page = read(prefix, after, limit);
        while (page.events().isEmpty() && clock.instant().isBefore(deadline)) {
            LockSupport.parkNanos(pollInterval.toNanos());
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            page = read(prefix, page.next(), limit);
        }
        return page;
    }
}
