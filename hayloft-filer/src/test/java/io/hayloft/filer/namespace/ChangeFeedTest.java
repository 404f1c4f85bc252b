package io.hayloft.filer.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.Ttl;
import io.hayloft.filer.entry.Entry;
import io.hayloft.filer.entry.FullPath;
import io.hayloft.filer.store.Change;
import io.hayloft.filer.store.rocks.RocksFilerStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The change stream over the embedded store: order, prefixes, resuming, waiting. */
class ChangeFeedTest {
    private static final Clock CLOCK = Clock.systemUTC();

    @TempDir
    Path dir;
    private RocksFilerStore store;
    private Namespace ns;
    private ChangeFeed feed;

    @BeforeEach
    void open() {
        store = RocksFilerStore.open(dir, CLOCK);
        ns = new Namespace(store, CLOCK, () -> { });
        feed = new ChangeFeed(store, CLOCK, Duration.ofMillis(10));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static FullPath p(String s) {
        return FullPath.parse(s);
    }

    private void write(String path) {
        ns.commitFile(Entry.newInlineFile(p(path), CLOCK.instant(), "", "", Ttl.NONE, "x".getBytes()));
    }

    private static List<String> described(ChangeFeed.Page page) {
        return page.events().stream().map(e -> e.change().kind() + " " + e.change().path()
                + (e.change().directory() ? "/" : "")).toList();
    }

    @Test
    void everyChangeUnderThePrefixComesInTheOrderItWasApplied() {
        ChangeFeed.Cursor from = feed.now();
        write("/photos/2024/a.jpg");
        write("/docs/readme");
        ns.rename(p("/photos/2024"), p("/photos/old"));
        ns.delete(p("/photos/old"), true);

        ChangeFeed.Page page = feed.read(p("/photos"), from, 100);

        assertThat(described(page)).containsExactly(
                "PUT /photos/", "PUT /photos/2024/", "PUT /photos/2024/a.jpg",
                "DELETE /photos/2024/", "DELETE /photos/2024/a.jpg", "PUT /photos/old/", "PUT /photos/old/a.jpg",
                "DELETE /photos/old/", "DELETE /photos/old/a.jpg");
        assertThat(page.events()).extracting(e -> e.change().sequence()).isSorted();
        assertThat(described(feed.read(p("/docs/readme"), from, 100))).containsExactly("PUT /docs/readme");
    }

    @Test
    void aReaderResumesFromItsCursorAndSeesEachChangeOnce() {
        ChangeFeed.Cursor from = feed.start();
        for (int i = 0; i < 5; i++) {
            write("/a/f" + i);
        }
        ChangeFeed.Page first = feed.read(p("/a"), from, 3);
        write("/a/f5");
        ChangeFeed.Page second = feed.read(p("/a"), ChangeFeed.Cursor.parse(first.next().toString(), 1), 100);

        assertThat(described(first)).containsExactly("PUT /a/", "PUT /a/f0", "PUT /a/f1");
        assertThat(described(second)).containsExactly("PUT /a/f2", "PUT /a/f3", "PUT /a/f4", "PUT /a/f5");
        assertThat(feed.read(p("/a"), second.next(), 100).events()).isEmpty();
    }

    @Test
    void changesElsewhereAdvanceTheCursorWithoutBeingReturned() {
        ChangeFeed.Cursor from = feed.now();
        write("/elsewhere/x");
        ChangeFeed.Page page = feed.read(p("/watched"), from, 100);
        write("/watched/y");

        assertThat(page.events()).isEmpty();
        assertThat(page.next()).isNotEqualTo(from);
        assertThat(described(feed.read(p("/watched"), page.next(), 100)))
                .containsExactly("PUT /watched/", "PUT /watched/y");
    }

    @Test
    void aWaitingReaderGetsTheChangeAsSoonAsItIsApplied() throws Exception {
        ChangeFeed.Cursor from = feed.now();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<ChangeFeed.Page> waiting = pool.submit(() -> feed.await(p("/w"), from, 100, Duration.ofSeconds(60)));
            write("/w/new");
            ChangeFeed.Page page = waiting.get(30, TimeUnit.SECONDS);
            assertThat(described(page)).contains("PUT /w/new");
        }
        assertThat(feed.await(p("/w/nothing"), feed.now(), 100, Duration.ofMillis(50)).events()).isEmpty();
    }

    @Test
    void aMalformedCursorIsABadRequest() {
        assertThatThrownBy(() -> ChangeFeed.Cursor.parse("1.2", 1)).isInstanceOfSatisfying(HayloftException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        assertThatThrownBy(() -> ChangeFeed.Cursor.parse("x", 1)).isInstanceOfSatisfying(HayloftException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        assertThatThrownBy(() -> ChangeFeed.Cursor.parse("-5", 1)).isInstanceOfSatisfying(HayloftException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
    }

    @Test
    void theChangeLogSurvivesAReopenAndGoesOnFromWhereItWas() {
        write("/r/a");
        long last = store.changes(0, -1, 100).latest();
        store.close();
        store = RocksFilerStore.open(dir, CLOCK);
        ns = new Namespace(store, CLOCK, () -> { });
        write("/r/b");

        List<Change> all = store.changes(0, -1, 100).changes();
        assertThat(all).extracting(c -> c.path().value()).containsExactly("/r", "/r/a", "/r/b");
        assertThat(all.getLast().sequence()).isEqualTo(last + 1);
    }
}
