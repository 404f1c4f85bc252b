package io.hayloft.filer.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.api.Ttl;
import io.hayloft.filer.entry.Entry;
import io.hayloft.filer.entry.FileChunk;
import io.hayloft.filer.entry.FullPath;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link FilerStore} meets. Each mutation here stays inside one top-level directory,
 * the unit of atomicity of a partitioned store (one spanning two is refused there, see
 * {@code PartitionedFilerStoreTest}); deletion sequences are only compared within one. Subclass it, open a fresh store in {@link #openStore()}
 * and reopen the same one in {@link #reopenStore()}.
 */
public abstract class FilerStoreConformanceTest {
    protected static final Instant T0 = Instant.parse("2025-01-02T03:04:05.123456789Z");
    protected FilerStore store;

    /** A new, empty store. */
    protected abstract FilerStore openStore();

    /** Closes {@link #store} and opens the same data again, as after a restart. */
    protected abstract FilerStore reopenStore();

    @BeforeEach
    void open() {
        store = openStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private static FullPath p(String s) {
        return FullPath.parse(s);
    }

    private static Entry dir(String path) {
        return Entry.newDirectory(p(path), T0);
    }

    private static Entry inline(String path, String content) {
        return Entry.newInlineFile(p(path), T0, "text/plain", "", Ttl.NONE, content.getBytes());
    }

    @Test
    void appliedMutationsAreVisibleAtOnceAndSurviveAReopenOnceAwaited() throws Exception {
        int writers = 16;
                try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                Entry file = inline("/g/f" + i, "v" + i);
                FilerStore.Durable d = store.apply(new Mutation().put(file)
                        .enqueueDeletion(List.of(FileId.parse((i + 1) + ",01637037d6"))));
                assertThat(store.find(file.path())).as("visible before it is durable").contains(file);
                done.add(pool.submit(d::await));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
        assertThat(store.pendingDeletions(-1, 100)).hasSize(writers);

        store = reopenStore();
        for (int i = 0; i < writers; i++) {
            assertThat(store.find(p("/g/f" + i))).contains(inline("/g/f" + i, "v" + i));
        }
        assertThat(store.pendingDeletions(-1, 100)).hasSize(writers);
    }

    @Test
    void findReturnsWhatWasPutWithEveryAttribute() {
        Entry chunked = new Entry(p("/a/big.bin"), false, 300, 0600, 1000, 1001, T0, T0.minusSeconds(60),
                "application/x-big", "d41d8cd98f00b204e9800998ecf8427e", Ttl.parse("3d"), Map.of("owner", "ann", "k", "v"),
                List.of(new FileChunk(FileId.parse("3,01637037d6"), 0, 200, 17, "abcd0123"),
                        new FileChunk(FileId.parse("4,02637037d6"), 200, 100, 18, "")), null);
        Entry small = inline("/a/small.txt", "hello");
        store.commit(new Mutation().put(dir("/a")).put(chunked).put(small));

        assertThat(store.find(p("/a/big.bin"))).contains(chunked);
        assertThat(store.find(p("/a/small.txt"))).contains(small);
        assertThat(store.find(p("/a"))).contains(dir("/a"));
        assertThat(store.find(p("/a/missing"))).isEmpty();
    }

    @Test
    void putReplacesAndDeleteRemovesOnlyThatEntry() {
        store.commit(new Mutation().put(dir("/d")).put(inline("/d/f", "one")).put(inline("/d/g", "two")));
        store.commit(new Mutation().put(inline("/d/f", "three")));
        store.commit(new Mutation().delete(p("/d/g")).delete(p("/d/never-existed")));

        assertThat(store.find(p("/d/f")).orElseThrow().content()).isEqualTo("three".getBytes());
        assertThat(store.find(p("/d/g"))).isEmpty();
        assertThat(store.find(p("/d"))).isPresent();
    }

    @Test
    void listReturnsOnlyDirectChildrenInNameOrder() {
        // one commit per top-level directory: a partitioned store keeps each in its own partition
        store.commit(new Mutation().put(dir("/x")).put(inline("/x/b", "")).put(inline("/x/a", ""))
                .put(dir("/x/c")).put(inline("/x/c/deep", "")));
        store.commit(new Mutation().put(inline("/xy", "")));
        store.commit(new Mutation().put(inline("/x-sibling", "")));

        assertThat(store.list(p("/x"), "", true, 100)).extracting(Entry::name).containsExactly("a", "b", "c");
        assertThat(store.list(FullPath.root(), "", true, 100)).extracting(Entry::name)
                .containsExactly("x", "x-sibling", "xy");
    }

    @Test
    void listPagesWithStartFileNameInclusiveOrNot() {
        Mutation m = new Mutation().put(dir("/p"));
        for (String n : List.of("a", "b", "c", "d", "e")) {
            m.put(inline("/p/" + n, n));
        }
        store.commit(m);

        assertThat(store.list(p("/p"), "b", true, 2)).extracting(Entry::name).containsExactly("b", "c");
        assertThat(store.list(p("/p"), "b", false, 2)).extracting(Entry::name).containsExactly("c", "d");
        assertThat(store.list(p("/p"), "bb", false, 10)).extracting(Entry::name).containsExactly("c", "d", "e");
        assertThat(store.list(p("/p"), "e", false, 10)).isEmpty();
        assertThat(store.list(p("/nothing"), "", true, 10)).isEmpty();
    }

    @Test
    void listOrdersRandomNamesByTheirUtf8Bytes() {
        long seed = System.nanoTime();
        System.out.println("listOrdersRandomNamesByTheirUtf8Bytes seed=" + seed);
        Random random = new Random(seed);
        TreeSet<String> names = new TreeSet<>((x, y) -> java.util.Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8)));
        Mutation m = new Mutation().put(dir("/r"));
        String alphabet = "aZ09-_.é漢😀";
        while (names.size() < 200) {
            StringBuilder sb = new StringBuilder();
            int len = 1 + random.nextInt(8);
            for (int i = 0; i < len; i++) {
                sb.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0,
                        random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
            }
            String name = sb.toString();
            if (!name.equals(".") && !name.equals("..") && names.add(name)) {
                m.put(inline("/r/" + name, ""));
            }
        }
        store.commit(m);

        List<String> listed = new ArrayList<>();
        String after = "";
        while (true) {
            List<Entry> page = store.list(p("/r"), after, false, 17);
            if (page.isEmpty()) {
                break;
            }
            page.forEach(e -> listed.add(e.name()));
            after = page.getLast().name();
        }
        assertThat(listed).as("seed " + seed).containsExactlyElementsOf(names);
    }

    @Test
    void mutationIsAtomicDeletesBeforePuts() {
        store.commit(new Mutation().put(dir("/t")).put(inline("/t/m", "old")));
        store.commit(new Mutation().delete(p("/t/m")).put(inline("/t/m", "new")).put(inline("/t/n", "n")));

        assertThat(store.find(p("/t/m")).orElseThrow().content()).isEqualTo("new".getBytes());
        assertThat(store.find(p("/t/n"))).isPresent();
    }

    @Test
    void deletionQueueKeepsOrderAndPagesAfterASequence() {
        List<FileId> fids = List.of(FileId.parse("1,01637037d6"), FileId.parse("1,02637037d6"), FileId.parse("2,03637037d6"));
        store.commit(new Mutation().enqueueDeletion(fids.subList(0, 2)));
        store.commit(new Mutation().enqueueDeletion(fids.subList(2, 3)).put(inline("/q", "")));

        List<PendingDeletion> all = store.pendingDeletions(-1, 10);
        assertThat(all).extracting(PendingDeletion::fid).containsExactlyElementsOf(fids);
        assertThat(all).extracting(PendingDeletion::sequence).isSorted().doesNotHaveDuplicates();
        assertThat(store.pendingDeletions(all.getFirst().sequence(), 1)).containsExactly(all.get(1));

        store.completeDeletions(List.of(all.get(1)));
        assertThat(store.pendingDeletions(-1, 10)).extracting(PendingDeletion::fid)
                .containsExactly(fids.get(0), fids.get(2));
    }

    @Test
    void entriesAndQueuedDeletionsSurviveReopen() {
        store.commit(new Mutation().put(dir("/keep")).put(inline("/keep/f", "data"))
                .enqueueDeletion(List.of(FileId.parse("7,0a0b0c0d0e"))));
        long firstSeq = store.pendingDeletions(-1, 10).getFirst().sequence();

        store = reopenStore();

        assertThat(store.find(p("/keep/f")).orElseThrow().content()).isEqualTo("data".getBytes());
        assertThat(store.pendingDeletions(-1, 10)).extracting(PendingDeletion::fid)
                .containsExactly(FileId.parse("7,0a0b0c0d0e"));
        // queued with an entry of the same top-level directory: sequences ascend within a partition
        store.commit(new Mutation().put(inline("/keep/g", "")).enqueueDeletion(List.of(FileId.parse("7,0f0f0f0f0f"))));
        assertThat(store.pendingDeletions(firstSeq, 10)).extracting(PendingDeletion::fid)
                .containsExactly(FileId.parse("7,0f0f0f0f0f"));
    }

    @Test
    void uploadIntentsAreKeptPerOwnerAndClearedWithTheCommitThatUsesThem() {
        UploadIntent a = new UploadIntent("filer-a:8888", FileId.parse("3,01637037d6"));
        UploadIntent b = new UploadIntent("filer-a:8888", FileId.parse("4,02637037d6"));
        UploadIntent other = new UploadIntent("filer-b:8888", FileId.parse("5,03637037d6"));
        store.recordUploadIntents(List.of(a, b, other));
        store.recordUploadIntents(List.of(a));

        assertThat(store.uploadIntents("filer-a:8888", 10)).containsExactlyInAnyOrder(a, b);
        assertThat(store.uploadIntents("filer-a:8888", 1)).hasSize(1);

        store.commit(new Mutation().put(inline("/committed", "x")).clearUploadIntents(List.of(a)));
        assertThat(store.uploadIntents("filer-a:8888", 10)).containsExactly(b);
        assertThat(store.uploadIntents("filer-b:8888", 10)).containsExactly(other);
        assertThat(store.uploadIntents("filer-c:8888", 10)).isEmpty();
    }

    @Test
    void uploadIntentsSurviveReopen() {
        UploadIntent a = new UploadIntent("me:1", FileId.parse("3,0a637037d6"));
        store.recordUploadIntents(List.of(a));

        store = reopenStore();

        assertThat(store.uploadIntents("me:1", 10)).containsExactly(a);
    }

    @Test
    void intentsRecordedBeforeACutoffAreFoundWhateverTheirOwner() {
        UploadIntent a = new UploadIntent("filer-a:8888", FileId.parse("3,01637037d6"));
        UploadIntent b = new UploadIntent("filer-b:8888", FileId.parse("4,02637037d6"));
        store.recordUploadIntents(List.of(a, b));

        assertThat(store.uploadIntentsRecordedBefore(T0.minusSeconds(1), 10)).isEmpty();
        assertThat(store.uploadIntentsRecordedBefore(T0.plusSeconds(1), 10)).containsExactlyInAnyOrder(a, b);
        assertThat(store.uploadIntentsRecordedBefore(T0.plusSeconds(1), 1)).hasSize(1);
    }

    @Test
    void claimingAnIntentThatIsGoneFailsWithConflictAndAppliesNothing() {
        UploadIntent a = new UploadIntent("filer-a:8888", FileId.parse("3,01637037d6"));
        UploadIntent b = new UploadIntent("filer-a:8888", FileId.parse("4,02637037d6"));
        store.recordUploadIntents(List.of(a, b));
        store.commit(new Mutation().enqueueDeletion(List.of(a.fid())).claimUploadIntents(List.of(a)));
        long queued = store.pendingDeletions(-1, 100).size();

        assertThatThrownBy(() -> store.commit(new Mutation().put(inline("/late", "x"))
                .enqueueDeletion(List.of(FileId.parse("9,09637037d6"))).claimUploadIntents(List.of(b, a))))
                .isInstanceOfSatisfying(HayloftException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));

        assertThat(store.find(p("/late"))).isEmpty();
        assertThat(store.pendingDeletions(-1, 100)).hasSize((int) queued);
        assertThat(store.uploadIntents("filer-a:8888", 10)).containsExactly(b);
    }
}
