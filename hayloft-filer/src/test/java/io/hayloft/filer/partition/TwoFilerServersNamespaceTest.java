package io.hayloft.filer.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.HayloftException;
import io.hayloft.api.Ttl;
import io.hayloft.filer.entry.Entry;
import io.hayloft.filer.entry.FullPath;
import io.hayloft.filer.namespace.Namespace;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two filer servers' namespaces over the same partitions: no process lock orders their writes, so the
 * tree operations must be atomic where they are applied. One moves a directory back and forth while
 * the other writes files into it; every acknowledged file must end up exactly once in the tree,
 * reachable from the root (a rename computed from a stale read would leave entries under a directory
 * that no longer exists).
 */
class TwoFilerServersNamespaceTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    private PartitionCluster cluster;
    private final List<PartitionedFilerStore> stores = new ArrayList<>();

    @AfterEach
    void stop() {
        stores.forEach(PartitionedFilerStore::close);
        cluster.close();
    }

    @Test
    void aDirectoryMovedByOneServerWhileTheOtherWritesIntoItLosesNoFile() throws Exception {
        cluster = PartitionCluster.start(dir, 3, 2, PartitionCluster.TUNING);
        stores.add(cluster.store(CLOCK, cluster.nodes().get(0)));
        stores.add(cluster.store(CLOCK, cluster.nodes().get(1)));
        AtomicInteger wakeUps = new AtomicInteger();
        Namespace mover = new Namespace(stores.get(0), CLOCK, wakeUps::incrementAndGet);
        Namespace writer = new Namespace(stores.get(1), CLOCK, wakeUps::incrementAndGet);
        mover.mkdirs(FullPath.parse("/r/dir"));

        Map<String, String> acknowledged = new HashMap<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> moves = pool.submit(() -> {
                for (int i = 0; i < 15; i++) {
                    tryRename(mover, "/r/dir", "/r/moved");
                    tryRename(mover, "/r/moved", "/r/dir");
                }
            });
            for (int i = 0; i < 40; i++) {
                String name = "f" + i;
                writer.commitFile(Entry.newInlineFile(FullPath.parse("/r/dir/" + name), CLOCK.instant(), "", "",
                        Ttl.NONE, name.getBytes()));
                acknowledged.put(name, name);
            }
            moves.get(120, TimeUnit.SECONDS);
        }

        Map<String, Integer> found = new HashMap<>();
        Deque<FullPath> dirs = new ArrayDeque<>(List.of(FullPath.parse("/r")));
        while (!dirs.isEmpty()) {
            for (Entry e : writer.list(dirs.poll(), "", true, 10_000).entries()) {
                if (e.directory()) {
                    dirs.add(e.path());
                } else {
                    found.merge(e.name(), 1, Integer::sum);
                    assertThat(new String(e.content())).isEqualTo(e.name());
                }
            }
        }
        assertThat(found.keySet()).containsExactlyInAnyOrderElementsOf(acknowledged.keySet());
        assertThat(found.values()).allMatch(n -> n == 1);
        assertThat(wakeUps.get()).isPositive();
    }

    @Test
    void metadataUpdatedByOneServerWhileTheOtherUpdatesItLosesNeitherChange() {
        cluster = PartitionCluster.start(dir, 3, 2, PartitionCluster.TUNING);
        stores.add(cluster.store(CLOCK, cluster.nodes().get(0)));
        stores.add(cluster.store(CLOCK, cluster.nodes().get(1)));
        Namespace one = new Namespace(stores.get(0), CLOCK, () -> { });
        Namespace two = new Namespace(stores.get(1), CLOCK, () -> { });
        FullPath object = FullPath.parse("/meta/object");
        one.commitFile(Entry.newInlineFile(object, CLOCK.instant(), "", "", Ttl.NONE, "x".getBytes()));
        AtomicInteger calls = new AtomicInteger();

        Entry stored = one.updateExtended(object, old -> {
            if (calls.incrementAndGet() == 1) { // the other server updates it between this read and the write
                two.updateExtended(object, theirs -> with(theirs, "colour", "red"));
            }
            return with(old, "size", "large");
        });

        assertThat(stored.extended()).containsEntry("colour", "red").containsEntry("size", "large");
        assertThat(one.lookup(object).extended()).containsEntry("colour", "red").containsEntry("size", "large");
        assertThat(calls).as("the change read the entry again after the other server's update").hasValue(2);
    }

    @Test
    void anUploadCompletedByTwoServersAtOnceIsCompletedByExactlyOne() throws Exception {
        cluster = PartitionCluster.start(dir, 3, 2, PartitionCluster.TUNING);
        stores.add(cluster.store(CLOCK, cluster.nodes().get(0)));
        stores.add(cluster.store(CLOCK, cluster.nodes().get(1)));
        List<Namespace> servers = List.of(new Namespace(stores.get(0), CLOCK, () -> { }),
                new Namespace(stores.get(1), CLOCK, () -> { }));
        int uploads = 10;
        int[] wins = new int[uploads];
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int u = 0; u < uploads; u++) {
                List<Entry> parts = new ArrayList<>();
                for (int k = 1; k <= 2; k++) {
                    parts.add(servers.get(0).commitFile(chunked("/mpu/.uploads/u" + u + "/part-" + k, u, k)));
                }
                Entry object = chunked("/mpu/object-" + u, u, 1).withPath(FullPath.parse("/mpu/object-" + u));
                Entry composed = Entry.newChunkedFile(object.path(), CLOCK.instant(), 20, "", "", Ttl.NONE,
                        List.of(parts.get(0).chunks().getFirst(), new io.hayloft.filer.entry.FileChunk(
                                parts.get(1).chunks().getFirst().fid(), 10, 10, 1, "")));
                java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                List<Future<Boolean>> attempts = new ArrayList<>();
                for (Namespace ns : servers) {
                    attempts.add(pool.submit(() -> {
                        go.await();
                        try {
                            ns.composeFile(composed, parts, List.of());
                            return true;
                        } catch (HayloftException e) {
                            assertThat(e.code()).isEqualTo(io.hayloft.api.ErrorCode.CONFLICT);
                            return false;
                        }
                    }));
                }
                go.countDown();
                for (Future<Boolean> f : attempts) {
                    wins[u] += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertThat(servers.get(1).lookup(composed.path()).chunks()).isEqualTo(composed.chunks());
                assertThat(servers.get(1).find(parts.get(0).path())).isEmpty();
                assertThat(servers.get(1).find(parts.get(1).path())).isEmpty();
            }
        }
        assertThat(wins).as("completions per upload").containsOnly(1);
    }

    @Test
    void aCompositionFromAChangedSourceChangesNothing() {
        cluster = PartitionCluster.start(dir, 3, 2, PartitionCluster.TUNING);
        stores.add(cluster.store(CLOCK, cluster.nodes().get(0)));
        stores.add(cluster.store(CLOCK, cluster.nodes().get(1)));
        Namespace one = new Namespace(stores.get(0), CLOCK, () -> { });
        Namespace two = new Namespace(stores.get(1), CLOCK, () -> { });
        Entry part = one.commitFile(chunked("/stale/.uploads/u/part-1", 1, 1));
        two.commitFile(chunked("/stale/.uploads/u/part-1", 1, 2)); // re-uploaded by the other server

        Entry object = chunked("/stale/object", 1, 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> one.composeFile(object, List.of(part), List.of()))
                .isInstanceOfSatisfying(HayloftException.class, e -> {
                    assertThat(e.code()).isEqualTo(io.hayloft.api.ErrorCode.CONFLICT);
                    assertThat(e.getMessage()).contains("part-1", "changed");
                });
        assertThat(one.find(object.path())).isEmpty();
        assertThat(two.lookup(part.path()).chunks()).isEqualTo(chunked("/x", 1, 2).chunks());
    }

    /** A file of one 10-byte chunk whose fid is unique to {@code upload} and {@code n}. */
    private static Entry chunked(String path, int upload, int n) {
        io.hayloft.api.FileId fid = io.hayloft.api.FileId.parse((upload + 1) + "," + String.format("%02x", n) + "637037d6");
        return Entry.newChunkedFile(FullPath.parse(path), CLOCK.instant(), 10, "", "", Ttl.NONE,
                List.of(new io.hayloft.filer.entry.FileChunk(fid, 0, 10, 1, "")));
    }

    private static Map<String, String> with(Map<String, String> old, String key, String value) {
        Map<String, String> out = new HashMap<>(old);
        out.put(key, value);
        return out;
    }

    private static void tryRename(Namespace ns, String from, String to) {
        try {
            ns.rename(FullPath.parse(from), FullPath.parse(to));
        } catch (HayloftException e) {
            // NOT_FOUND or CONFLICT when the writer re-created the directory meanwhile: nothing changed
        }
    }
}
