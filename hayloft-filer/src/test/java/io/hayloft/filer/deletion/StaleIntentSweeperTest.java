package io.hayloft.filer.deletion;

import io.hayloft.testkit.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.api.Ttl;
import io.hayloft.filer.entry.Entry;
import io.hayloft.filer.entry.FileChunk;
import io.hayloft.filer.entry.FullPath;
import io.hayloft.filer.namespace.Namespace;
import io.hayloft.filer.store.PendingDeletion;
import io.hayloft.filer.store.UploadIntent;
import io.hayloft.filer.store.rocks.RocksFilerStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The age-based sweep of upload intents, on an injected clock. */
class StaleIntentSweeperTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration MAX_AGE = Duration.ofHours(1);

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(T0);
    private RocksFilerStore store;
    private StaleIntentSweeper sweeper;

    @BeforeEach
    void open() {
        store = RocksFilerStore.open(dir, clock);
        sweeper = new StaleIntentSweeper(store, clock, MAX_AGE);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void intentsOlderThanTheAgeOfAnyOwnerAreQueuedAndYoungerOnesStay() {
        UploadIntent dead = new UploadIntent("dead:8888", FileId.parse("3,01637037d6"));
        UploadIntent deadToo = new UploadIntent("gone:8888", FileId.parse("4,02637037d6"));
        store.recordUploadIntents(List.of(dead, deadToo));
        clock.set(T0.plus(Duration.ofMinutes(50)));
        UploadIntent live = new UploadIntent("live:8888", FileId.parse("5,03637037d6"));
        store.recordUploadIntents(List.of(live));

        assertThat(sweeper.sweep()).as("nothing is an hour old yet").isZero();
        clock.set(T0.plus(MAX_AGE).plusSeconds(1));

        assertThat(sweeper.sweep()).isEqualTo(2);
        assertThat(store.pendingDeletions(-1, 10)).extracting(PendingDeletion::fid)
                .containsExactlyInAnyOrder(dead.fid(), deadToo.fid());
        assertThat(store.uploadIntents("live:8888", 10)).containsExactly(live);
        assertThat(sweeper.sweep()).as("a second sweep finds nothing").isZero();
    }

    @Test
    void aWriteWhoseIntentWasSweptCannotCommitSoNoEntryReferencesAQueuedChunk() {
        UploadIntent slow = new UploadIntent("slow:8888", FileId.parse("3,01637037d6"));
        store.recordUploadIntents(List.of(slow));
        clock.set(T0.plus(MAX_AGE).plusSeconds(1));
        assertThat(sweeper.sweep()).isEqualTo(1);

        Namespace namespace = new Namespace(store, clock, () -> { });
        FullPath path = FullPath.parse("/late.bin");
        Entry file = Entry.newChunkedFile(path, clock.instant(), 10, "", "", Ttl.NONE,
                List.of(new FileChunk(slow.fid(), 0, 10, 0, "")));
        assertThatThrownBy(() -> namespace.commitFile(file, List.of(slow)))
                .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        assertThat(store.find(path)).isEmpty();
    }

    @Test
    void aWriteThatCommitsFirstKeepsItsChunkFromTheSweep() {
        UploadIntent slow = new UploadIntent("slow:8888", FileId.parse("3,01637037d6"));
        store.recordUploadIntents(List.of(slow));
        Namespace namespace = new Namespace(store, clock, () -> { });
        Entry file = Entry.newChunkedFile(FullPath.parse("/done.bin"), clock.instant(), 10, "", "", Ttl.NONE,
                List.of(new FileChunk(slow.fid(), 0, 10, 0, "")));
        namespace.commitFile(file, List.of(slow));
        clock.set(T0.plus(MAX_AGE).plusSeconds(1));

        assertThat(sweeper.sweep()).isZero();
        assertThat(store.pendingDeletions(-1, 10)).isEmpty();
    }
}
