package io.hayloft.filer.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.api.Ttl;
import io.hayloft.filer.entry.Entry;
import io.hayloft.filer.entry.FileChunk;
import io.hayloft.filer.entry.FullPath;
import io.hayloft.filer.store.Mutation;
import io.hayloft.filer.store.PendingDeletion;
import io.hayloft.testkit.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic operations checked where they are applied, partition boundaries, failover, catch-up. */
class PartitionedFilerStoreTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

    @TempDir
    Path dir;
    private PartitionCluster cluster;
    private final List<PartitionedFilerStore> stores = new ArrayList<>();

    @AfterEach
    void stop() {
        stores.forEach(PartitionedFilerStore::close);
        if (cluster != null) {
            cluster.close();
        }
    }

    private PartitionedFilerStore start(int servers, int partitions) {
        cluster = PartitionCluster.start(dir, servers, partitions, PartitionCluster.TUNING);
        return newStore();
    }

    private PartitionedFilerStore newStore() {
        PartitionedFilerStore s = cluster.store(CLOCK);
        stores.add(s);
        return s;
    }

    private static FullPath p(String s) {
        return FullPath.parse(s);
    }

    private static Entry inline(String path, String content) {
        return Entry.newInlineFile(p(path), T0, "text/plain", "", Ttl.NONE, content.getBytes());
    }

    private static Entry chunked(String path, String... fids) {
        List<FileChunk> chunks = new ArrayList<>();
        long off = 0;
        for (String f : fids) {
            chunks.add(new FileChunk(FileId.parse(f), off, 10, 1, ""));
            off += 10;
        }
        return Entry.newChunkedFile(p(path), T0, off, "application/octet-stream", "", Ttl.NONE, chunks);
    }

    /** Two top-level names whose partitions differ, and one more in the first one's partition. */
    private String[] namesInTwoPartitions(PartitionMap map) {
        String a = "bucket-a";
        int pa = map.partitionOf(p("/" + a));
        String b = Stream.iterate(0, i -> i + 1).map(i -> "bucket-" + i)
                .filter(n -> map.partitionOf(p("/" + n)) != pa).findFirst().orElseThrow();
        return new String[] {a, b};
    }

    private static void assertConflict(Runnable op, String... mentions) {
        assertThatThrownBy(op::run).isInstanceOfSatisfying(HayloftException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
            assertThat(e.getMessage()).contains(mentions);
        });
    }

    /**
     * A store whose client of a partition first asks a server that does not host it (its replica moved
     * away and was dropped): Ratis answers "group not found", which its client does not retry and which
     * closed the client's ordered window, so every later call of that partition through the store failed
     * at once (AlreadyClosedException) until the partition's replicas moved again. The client is renewed
     * at the next replica and the calls go on.
     */
    @Test
    void aServerThatNoLongerHostsThePartitionDoesNotBreakTheStoresClientOfIt() {
        cluster = PartitionCluster.start(dir, 3, 1, PartitionCluster.TUNING);
        // the stranger and the followers: a Ratis client starts at a group's leader when a client in this
        // JVM learned it (a cache by group id), else at the group's first peer (in its hash order): the
        // stranger's name is picked to come first; the leader is found from the followers' hints
        String leader = cluster.leader(0).orElseThrow();
        List<String> followers = cluster.map().partitions().getFirst().replicas().stream()
                .filter(n -> !n.equals(leader)).toList();
        Map<String, String> addresses = new java.util.HashMap<>(cluster.map().raftAddresses());
        PartitionMap staleFirst = null;
        String stranger = null;
        for (int i = 0; staleFirst == null; i++) {
            String name = "stranger" + i;
            List<String> replicas = new ArrayList<>(List.of(name));
            replicas.addAll(followers);
            addresses.put(name, "127.0.0.1:1");
            PartitionMap m = new PartitionMap(List.of(new PartitionMap.Partition(0, replicas)), addresses);
            addresses.remove(name);
            if (m.group(0).getPeers().iterator().next().getId().toString().equals(name)) {
                staleFirst = m;
                stranger = name;
            }
        }
        PartitionServer server = PartitionServer.start(stranger, "127.0.0.1", 0, dir.resolve(stranger),
                PartitionCluster.TUNING);
        try {
            addresses.put(stranger, "127.0.0.1:" + server.raftPort());
            PartitionedFilerStore store = new PartitionedFilerStore(new PartitionMap(staleFirst.partitions(), addresses),
                    PartitionCluster.TUNING, CLOCK, Duration.ofSeconds(30));
            stores.add(store);

            assertThat(store.find(p("/a"))).isEmpty();
            store.mkdirs(p("/a/b"));
            assertThat(store.find(p("/a/b"))).isPresent();
        } finally {
            server.close();
        }
    }

    @Test
    void aMutationSpanningTwoPartitionsIsRefusedNamingBothAndChangesNothing() {
        PartitionedFilerStore store = start(3, 4);
        String[] n = namesInTwoPartitions(store.map());
        int pa = store.map().partitionOf(p("/" + n[0]));
        int pb = store.map().partitionOf(p("/" + n[1]));

        assertConflict(() -> store.commit(new Mutation().put(inline("/" + n[0], "x")).put(inline("/" + n[1], "y"))),
                "partition " + pa + " (/" + n[0] + ")", "partition " + pb + " (/" + n[1] + ")");

        assertThat(store.find(p("/" + n[0]))).isEmpty();
        assertThat(store.find(p("/" + n[1]))).isEmpty();
    }

    @Test
    void treeOperationsAreAppliedAtomicallyAndARenameAcrossPartitionsIsRefused() {
        PartitionedFilerStore store = start(3, 4);
        String[] n = namesInTwoPartitions(store.map());
        String a = "/" + n[0];
        store.commitFile(chunked(a + "/dir/f1", "3,01637037d6"), List.of());
        store.commitFile(chunked(a + "/dir/sub/f2", "3,02637037d6", "4,03637037d6"), List.of());

        int pa = store.map().partitionOf(p(a));
        int pb = store.map().partitionOf(p("/" + n[1]));
        assertConflict(() -> store.rename(p(a + "/dir"), p("/" + n[1] + "/dir")),
                "partition " + pa, "partition " + pb, a + "/dir");
        assertThat(store.find(p(a + "/dir/sub/f2"))).isPresent();

        Entry moved = store.rename(p(a + "/dir"), p(a + "/moved"));
        assertThat(moved.path()).isEqualTo(p(a + "/moved"));
        assertThat(store.find(p(a + "/dir"))).isEmpty();
        assertThat(store.find(p(a + "/moved/sub/f2")).orElseThrow().chunks()).hasSize(2);
        assertThat(store.list(p(a + "/moved"), "", true, 10)).extracting(Entry::name).containsExactly("f1", "sub");

        assertThatThrownBy(() -> store.delete(p(a + "/moved"), false)).isInstanceOfSatisfying(HayloftException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        assertThat(store.delete(p(a + "/moved"), true)).isEqualTo(4);
        assertThat(store.find(p(a + "/moved/f1"))).isEmpty();
        assertThat(store.pendingDeletions(-1, 10)).extracting(PendingDeletion::fid).containsExactlyInAnyOrder(
                FileId.parse("3,01637037d6"), FileId.parse("3,02637037d6"), FileId.parse("4,03637037d6"));
    }

    @Test
    void createIfAbsentFromTwoFilerServersRacingLetsExactlyOneWin() throws Exception {
        start(3, 4);
        List<PartitionedFilerStore> servers = List.of(newStore(), newStore());
        int racers = 16;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < racers; i++) {
                PartitionedFilerStore via = servers.get(i % 2);
                String content = "writer-" + i;
                results.add(pool.submit(() -> {
                    go.await();
                    try {
                        via.commitFile(inline("/race/file", content), List.of(), List.of(Condition.absent(p("/race/file"))));
                        return content;
                    } catch (HayloftException e) {
                        assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
                        return null;
                    }
                }));
            }
            go.countDown();
            List<String> winners = new ArrayList<>();
            for (Future<String> f : results) {
                String w = f.get(60, TimeUnit.SECONDS);
                if (w != null) {
                    winners.add(w);
                }
            }
            assertThat(winners).hasSize(1);
            assertThat(new String(servers.get(0).find(p("/race/file")).orElseThrow().content())).isEqualTo(winners.getFirst());
        }
    }

    @Test
    void updateIfETagMatchesIsCheckedWhenApplied() {
        PartitionedFilerStore store = start(3, 4);
        Entry v1 = store.commitFile(Entry.newInlineFile(p("/e/obj"), T0, "", "aaaa", Ttl.NONE, "one".getBytes()), List.of());

        assertConflict(() -> store.commitFile(Entry.newInlineFile(p("/e/obj"), T0, "", "cccc", Ttl.NONE, "x".getBytes()),
                List.of(), List.of(Condition.eTag(p("/e/obj"), "bbbb"))), "/e/obj", "aaaa", "bbbb");
        assertThat(store.find(p("/e/obj")).orElseThrow().content()).isEqualTo("one".getBytes());

        store.commitFile(Entry.newInlineFile(p("/e/obj"), T0, "", "cccc", Ttl.NONE, "two".getBytes()),
                List.of(), List.of(Condition.eTag(p("/e/obj"), v1.eTag())));
        assertThat(store.find(p("/e/obj")).orElseThrow().content()).isEqualTo("two".getBytes());
    }

    @Test
    void completingAMultipartUploadStoresTheObjectAndRemovesItsPartsInOneStep() {
        PartitionedFilerStore store = start(3, 4);
        store.commitFile(chunked("/mp/.uploads/u1/part-1", "5,01637037d6"), List.of());
        store.commitFile(chunked("/mp/.uploads/u1/part-2", "5,02637037d6", "6,03637037d6"), List.of());
        store.commitFile(chunked("/mp/.uploads/u1/part-3", "7,04637037d6"), List.of()); // not chosen
        store.commitFile(chunked("/mp/dir/obj", "8,05637037d6"), List.of()); // replaced
        Entry object = chunked("/mp/dir/obj", "5,01637037d6", "5,02637037d6", "6,03637037d6");
        List<FullPath> parts = List.of(p("/mp/.uploads/u1/part-1"), p("/mp/.uploads/u1/part-2"), p("/mp/.uploads/u1/part-3"));

        store.completeMultipart(object, parts);

        assertThat(store.find(p("/mp/dir/obj")).orElseThrow().chunks()).isEqualTo(object.chunks());
        assertThat(store.list(p("/mp/.uploads/u1"), "", true, 10)).isEmpty();
        assertThat(store.pendingDeletions(-1, 10)).extracting(PendingDeletion::fid)
                .containsExactlyInAnyOrder(FileId.parse("7,04637037d6"), FileId.parse("8,05637037d6"));
        assertConflict(() -> store.completeMultipart(object, parts), "part-1", "gone");
    }

    @Test
    void anUploadInProgressCompletesIntoItsBucketInOneStepAndBucketsListAcrossPartitions() {
        PartitionedFilerStore store = start(3, 8);
        io.hayloft.filer.namespace.Namespace ns = new io.hayloft.filer.namespace.Namespace(store, CLOCK, () -> { });
        ns.mkdirs(p("/buckets"));
        for (int i = 0; i < 12; i++) {
            ns.mkdirs(p("/buckets/b" + i));
        }
        Entry part = ns.commitFile(chunked("/.s3-uploads/b3/u1/part-00001", "5,01637037d6"));

        Entry object = ns.composeFile(chunked("/buckets/b3/dir/key", "5,01637037d6"), List.of(part), List.of());

        assertThat(store.find(p("/buckets/b3/dir/key")).orElseThrow().chunks()).isEqualTo(object.chunks());
        assertThat(store.find(part.path())).isEmpty();
        assertThat(ns.list(p("/buckets"), "", true, 100).entries()).extracting(Entry::name)
                .containsExactly("b0", "b1", "b10", "b11", "b2", "b3", "b4", "b5", "b6", "b7", "b8", "b9");
        assertThat(ns.list(p("/buckets"), "b2", false, 3).entries()).extracting(Entry::name)
                .containsExactly("b3", "b4", "b5");
        assertThat(ns.list(p("/"), "", true, 100).entries()).extracting(Entry::name)
                .containsExactly(".s3-uploads", "buckets");
        assertConflict(() -> store.delete(p("/buckets"), true), "/buckets", "every partition");
        assertConflict(() -> store.rename(p("/buckets"), p("/elsewhere")), "/buckets", "every partition");
        assertThat(store.find(p("/buckets/b7"))).isPresent();
    }

    @Test
    void eachPartitionsChangesComeInOrderWhicheverFilerServerMadeThem() {
        PartitionedFilerStore one = start(3, 4);
        PartitionedFilerStore two = newStore();
        String[] n = namesInTwoPartitions(one.map());
        io.hayloft.filer.namespace.ChangeFeed feed = new io.hayloft.filer.namespace.ChangeFeed(two, CLOCK,
                Duration.ofMillis(10));
        io.hayloft.filer.namespace.ChangeFeed.Cursor from = feed.now();
        for (int i = 0; i < 3; i++) {
            one.commitFile(inline("/" + n[0] + "/f" + i, "x"), List.of());
            two.commitFile(inline("/" + n[1] + "/g" + i, "y"), List.of());
        }

        io.hayloft.filer.namespace.ChangeFeed.Page page = feed.read(p("/"), from, 100);

        assertThat(page.events()).hasSize(8);
        assertThat(page.events().stream().filter(e -> e.log() == one.map().partitionOf(p("/" + n[0])))
                .map(e -> e.change().path().value()).toList())
                .containsExactly("/" + n[0], "/" + n[0] + "/f0", "/" + n[0] + "/f1", "/" + n[0] + "/f2");
        assertThat(page.events().stream().filter(e -> e.log() == one.map().partitionOf(p("/" + n[1])))
                .map(e -> e.change().path().value()).toList())
                .containsExactly("/" + n[1], "/" + n[1] + "/g0", "/" + n[1] + "/g1", "/" + n[1] + "/g2");
        io.hayloft.filer.namespace.ChangeFeed.Cursor inOne = feed.read(p("/" + n[1]), from, 100).next();
        int pb = one.map().partitionOf(p("/" + n[1]));
        for (int q = 0; q < 4; q++) { // a path inside one partition reads that partition's log alone
            assertThat(inOne.seen().get(q)).isEqualTo(q == pb ? page.next().seen().get(q) : from.seen().get(q));
        }
        two.delete(p("/" + n[1] + "/g0"), false);
        assertThat(feed.read(p("/" + n[1]), page.next(), 100).events())
                .extracting(e -> e.change().kind() + " " + e.change().path()).containsExactly("DELETE /" + n[1] + "/g0");
    }

    @Test
    void writesToAPartitionResumeAfterItsLeaderDies() {
        PartitionedFilerStore store = start(3, 3);
        int partition = store.map().partitionOf(p("/fail"));
        store.commitFile(inline("/fail/before", "x"), List.of());
        String leader = cluster.leader(partition).orElseThrow();

        long stopped = System.nanoTime();
        cluster.stop(leader);
        store.commitFile(inline("/fail/after", "y"), List.of());
        double seconds = (System.nanoTime() - stopped) / 1e9;
        System.out.printf("partition %d: leader %s stopped, next write acknowledged after %.2f s%n", partition, leader, seconds);

        assertThat(store.find(p("/fail/before"))).isPresent();
        assertThat(store.find(p("/fail/after"))).isPresent();
        assertThat(cluster.leader(partition)).isPresent().get().isNotEqualTo(leader);
        assertThat(seconds).as("failover time").isLessThan(15);
    }

    @Test
    void aWipedReplicaCatchesUpByInstallingTheLeadersSnapshot() throws Exception {
        PartitionedFilerStore store = start(3, 1); // one partition on all three servers
        for (int i = 0; i < 200; i++) { // well past a snapshot (every 64 entries) and a purged log segment
            store.commitFile(inline("/w/f" + i, "v" + i), List.of());
        }
        String leader = cluster.leader(0).orElseThrow();
        List<String> followers = cluster.nodes().stream().filter(n -> !n.equals(leader)).toList();
        String wiped = followers.get(0);
        cluster.stop(wiped);
        cluster.wipe(wiped);
        for (int i = 200; i < 220; i++) {
            store.commitFile(inline("/w/f" + i, "v" + i), List.of());
        }

        cluster.rejoin(wiped);
        long target = cluster.appliedIndex(leader, 0);
        Await.until("the wiped replica catching up to index " + target, Duration.ofSeconds(60),
                () -> cluster.appliedIndex(wiped, 0) >= target);
        Path sm = dir.resolve(wiped).resolve(PartitionMap.groupId(0).getUuid().toString()).resolve("sm");
        try (Stream<Path> files = Files.list(sm)) {
            assertThat(files.map(f -> f.getFileName().toString())).as("an installed snapshot")
                    .anyMatch(f -> f.startsWith("snapshot."));
        }

        // the wiped replica is now needed for a majority: everything must be there, and writes go on
        cluster.stop(followers.get(1));
        store.commitFile(inline("/w/last", "z"), List.of());
        assertThat(store.list(p("/w"), "", true, 1000)).hasSize(221);
        assertThat(store.find(p("/w/f7")).orElseThrow().content()).isEqualTo("v7".getBytes());
    }
}
