package io.hayloft.filer.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.api.Ttl;
import io.hayloft.filer.entry.Entry;
import io.hayloft.filer.entry.FileChunk;
import io.hayloft.filer.entry.FullPath;
import io.hayloft.filer.store.PendingDeletion;
import io.hayloft.filer.store.rocks.RocksFilerStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NamespaceTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    private RocksFilerStore store;
    private Namespace ns;
    private final AtomicInteger wakeUps = new AtomicInteger();

    @BeforeEach
    void open() {
        store = RocksFilerStore.open(dir, CLOCK);
        ns = new Namespace(store, CLOCK, wakeUps::incrementAndGet);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static FullPath p(String s) {
        return FullPath.parse(s);
    }

    private static Entry chunked(String path, String... fids) {
        List<FileChunk> chunks = new java.util.ArrayList<>();
        for (int i = 0; i < fids.length; i++) {
            chunks.add(new FileChunk(FileId.parse(fids[i]), i * 10L, 10, 0, ""));
        }
        return Entry.newChunkedFile(p(path), CLOCK.instant(), fids.length * 10L, "", "", Ttl.NONE, chunks);
    }

    private List<FileId> queued() {
        return store.pendingDeletions(-1, 1000).stream().map(PendingDeletion::fid).toList();
    }

    private List<String> names(String d) {
        return ns.list(p(d), "", false, 1000).entries().stream().map(Entry::name).toList();
    }

    /** Asserts {@code call} fails with {@code code} and leaves the tree and the queue as they were. */
    private void assertRejected(ThrowingCallable call, ErrorCode code) {
        List<String> before = dump(FullPath.root());
        List<FileId> queueBefore = queued();
        assertThatThrownBy(call).isInstanceOf(HayloftException.class)
                .satisfies(e -> assertThat(((HayloftException) e).code()).isEqualTo(code));
        assertThat(dump(FullPath.root())).isEqualTo(before);
        assertThat(queued()).isEqualTo(queueBefore);
    }

    private List<String> dump(FullPath d) {
        List<String> out = new java.util.ArrayList<>();
        for (Entry e : ns.list(d, "", false, 1000).entries()) {
            out.add(e.path() + (e.directory() ? "/" : ":" + e.size()));
            if (e.directory()) {
                out.addAll(dump(e.path()));
            }
        }
        return out;
    }

    @Test
    void commitFileCreatesMissingParentsLikeMkdirP() {
        ns.commitFile(chunked("/a/b/c/file", "1,01637037d6"));

        assertThat(ns.lookup(p("/a")).directory()).isTrue();
        assertThat(ns.lookup(p("/a/b/c")).directory()).isTrue();
        assertThat(names("/a/b/c")).containsExactly("file");
    }

    @Test
    void overwritingAFileQueuesTheOldChunksAndKeepsItsCreationTime() {
        Entry first = ns.commitFile(chunked("/f", "1,01637037d6", "1,02637037d6"));
        Entry later = chunked("/f", "2,03637037d6").withCrtime(Instant.parse("2030-01-01T00:00:00Z"));
        Entry stored = ns.commitFile(later);

        assertThat(stored.crtime()).isEqualTo(first.crtime());
        assertThat(queued()).containsExactly(FileId.parse("1,01637037d6"), FileId.parse("1,02637037d6"));
        assertThat(wakeUps).hasValue(1);
    }

    @Test
    void listPagesWithLastFileNameAndSaysWhetherMoreFollow() {
        for (String n : List.of("e", "d", "c", "b", "a")) {
            ns.commitFile(chunked("/dir/" + n, "1,01637037d6"));
        }
        Listing first = ns.list(p("/dir"), "", false, 2);
        Listing second = ns.list(p("/dir"), first.lastFileName(), false, 2);
        Listing third = ns.list(p("/dir"), second.lastFileName(), false, 2);

        assertThat(first.entries()).extracting(Entry::name).containsExactly("a", "b");
        assertThat(first.hasMore()).isTrue();
        assertThat(second.entries()).extracting(Entry::name).containsExactly("c", "d");
        assertThat(third.entries()).extracting(Entry::name).containsExactly("e");
        assertThat(third.hasMore()).isFalse();
    }

    @Test
    void updateExtendedReplacesOnlyTheMetadataAndFreesNoChunk() {
        Entry stored = ns.commitFile(chunked("/b/k", "3,01637037d6", "3,02637037d6"));
        ns.mkdirs(p("/b/dir"));

        Entry updated = ns.updateExtended(p("/b/k"), old -> java.util.Map.of("s3-tagging", "a=b"));
        ns.updateExtended(p("/b/dir"), old -> java.util.Map.of("owner", "main"));

        assertThat(updated.extended()).containsExactly(java.util.Map.entry("s3-tagging", "a=b"));
        Entry read = ns.lookup(p("/b/k"));
        assertThat(read.extended()).isEqualTo(java.util.Map.of("s3-tagging", "a=b"));
        assertThat(read.chunks()).isEqualTo(stored.chunks());
        assertThat(read.mtime()).isEqualTo(stored.mtime());
        assertThat(ns.lookup(p("/b/dir")).extended()).containsEntry("owner", "main");
        assertThat(queued()).isEmpty();
        assertRejected(() -> ns.updateExtended(p("/b/missing"), old -> old), ErrorCode.NOT_FOUND);
        assertThatThrownBy(() -> ns.updateExtended(p("/b/k"), old -> {
            throw new IllegalStateException("refused");
        })).hasMessage("refused");
        assertThat(ns.lookup(p("/b/k")).extended()).containsEntry("s3-tagging", "a=b");
    }

    @Test
    void deleteOfAFileRemovesItAndQueuesItsChunksAtOnce() {
        ns.commitFile(chunked("/d/f", "1,01637037d6", "1,02637037d6"));

        assertThat(ns.delete(p("/d/f"), false)).isEqualTo(1);
        assertThat(ns.find(p("/d/f"))).isEmpty();
        assertThat(queued()).hasSize(2);
    }

    @Test
    void recursiveDeleteRemovesTheSubtreeAndQueuesEveryChunk() {
        ns.commitFile(chunked("/t/x/1", "1,01637037d6"));
        ns.commitFile(chunked("/t/x/y/2", "1,02637037d6"));
        ns.commitFile(chunked("/t/3", "1,03637037d6"));
        ns.commitFile(chunked("/tt", "1,04637037d6"));

        assertThat(ns.delete(p("/t"), true)).isEqualTo(6);
        assertThat(dump(FullPath.root())).containsExactly("/tt:10");
        assertThat(queued()).containsExactlyInAnyOrder(FileId.parse("1,01637037d6"), FileId.parse("1,02637037d6"),
                FileId.parse("1,03637037d6"));
    }

    @Test
    void nonEmptyDirectoryWithoutRecursiveIsRefusedAndNothingChanges() {
        ns.commitFile(chunked("/full/f", "1,01637037d6"));

        assertRejected(() -> ns.delete(p("/full"), false), ErrorCode.CONFLICT);
        ns.mkdirs(p("/empty"));
        ns.delete(p("/empty"), false);
        assertThat(ns.find(p("/empty"))).isEmpty();
    }

    @Test
    void deletingTheRootOrAMissingPathIsRefused() {
        ns.commitFile(chunked("/f", "1,01637037d6"));

        assertRejected(() -> ns.delete(FullPath.root(), true), ErrorCode.BAD_REQUEST);
        assertRejected(() -> ns.delete(p("/nope"), true), ErrorCode.NOT_FOUND);
    }

    @Test
    void renameMovesADirectoryWithItsWholeSubtreeAtomically() {
        ns.commitFile(chunked("/src/a/1", "1,01637037d6"));
        ns.commitFile(chunked("/src/2", "1,02637037d6"));

        ns.rename(p("/src"), p("/dst/moved"));

        assertThat(ns.find(p("/src"))).isEmpty();
        assertThat(dump(p("/dst"))).containsExactly("/dst/moved/", "/dst/moved/2:10", "/dst/moved/a/",
                "/dst/moved/a/1:10");
        assertThat(ns.lookup(p("/dst/moved/a/1")).chunks().getFirst().fid()).isEqualTo(FileId.parse("1,01637037d6"));
        assertThat(queued()).isEmpty();
    }

    @Test
    void renameIntoAnExistingDirectoryMovesUnderItsOwnName() {
        ns.commitFile(chunked("/f", "1,01637037d6"));
        ns.mkdirs(p("/box"));

        ns.rename(p("/f"), p("/box"));

        assertThat(names("/box")).containsExactly("f");
    }

    @Test
    void renameOverAFileReplacesItAndQueuesItsChunks() {
        ns.commitFile(chunked("/a", "1,01637037d6"));
        ns.commitFile(chunked("/b", "1,02637037d6"));

        ns.rename(p("/a"), p("/b"));

        assertThat(ns.find(p("/a"))).isEmpty();
        assertThat(ns.lookup(p("/b")).chunks().getFirst().fid()).isEqualTo(FileId.parse("1,01637037d6"));
        assertThat(queued()).containsExactly(FileId.parse("1,02637037d6"));
    }

    @Test
    void renamingADirectoryIntoItselfIsRefusedAndNothingChanges() {
        ns.commitFile(chunked("/d/sub/f", "1,01637037d6"));

        assertRejected(() -> ns.rename(p("/d"), p("/d/sub/inner")), ErrorCode.BAD_REQUEST);
        assertRejected(() -> ns.rename(p("/d"), p("/d/sub")), ErrorCode.BAD_REQUEST);
        assertRejected(() -> ns.rename(FullPath.root(), p("/x")), ErrorCode.BAD_REQUEST);
        assertRejected(() -> ns.rename(p("/missing"), p("/x")), ErrorCode.NOT_FOUND);
    }

    @Test
    void aFileCannotBeUsedAsADirectory() {
        ns.commitFile(chunked("/file", "1,01637037d6"));
        ns.mkdirs(p("/dir"));

        assertRejected(() -> ns.commitFile(chunked("/file/child", "1,02637037d6")), ErrorCode.CONFLICT);
        assertRejected(() -> ns.mkdirs(p("/file/sub")), ErrorCode.CONFLICT);
        assertRejected(() -> ns.commitFile(chunked("/dir", "1,02637037d6")), ErrorCode.CONFLICT);
        assertRejected(() -> ns.list(p("/file"), "", false, 10), ErrorCode.BAD_REQUEST);
    }

    @Test
    void pathsWithTraversalNulOrLongNamesAreRejected() {
        assertThatThrownBy(() -> FullPath.parse("/a/../b")).isInstanceOf(HayloftException.class);
        assertThatThrownBy(() -> FullPath.parse("/a/./b")).isInstanceOf(HayloftException.class);
        assertThatThrownBy(() -> FullPath.parse("/a\0b")).isInstanceOf(HayloftException.class);
        assertThatThrownBy(() -> FullPath.parse("/" + "x".repeat(256))).isInstanceOf(HayloftException.class);
        assertThat(FullPath.parse("/" + "é".repeat(127)).name()).hasSize(127);
        assertThatThrownBy(() -> FullPath.parse("/" + "é".repeat(128))).isInstanceOf(HayloftException.class);
        assertThat(FullPath.parse("//a///b/")).isEqualTo(new FullPath("/a/b"));
    }
}
