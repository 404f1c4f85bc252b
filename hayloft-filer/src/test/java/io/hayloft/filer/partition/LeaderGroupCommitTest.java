package io.hayloft.filer.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.filer.entry.Entry;
import io.hayloft.filer.entry.FullPath;
import io.hayloft.testkit.Await;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.TimeDuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The leader's group commit: writes of every filer server share entries, a write sent again is applied once. */
class LeaderGroupCommitTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

    @TempDir
    Path dir;
    private PartitionCluster cluster;
    private PartitionedFilerStore store;

    @AfterEach
    void stop() {
        if (store != null) {
            store.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static FullPath p(String s) {
        return FullPath.parse(s);
    }

    /** Forwards {@code writes} to the partition's leader as a filer server that leads nothing does. */
    private ForwardedWrites.Outcome forward(RaftClient client, RequestId id, PartitionCommand command) throws Exception {
        byte[] message = ForwardedWrites.encode(List.of(new ForwardedWrites.Write(id, 0, command.encode())));
        RaftClientReply reply = client.async().sendReadOnlyNonLinearizable(Message.valueOf(ByteString.copyFrom(message)))
                .get(30, TimeUnit.SECONDS);
        assertThat(reply.isSuccess()).as("reply %s", reply).isTrue();
        return ForwardedWrites.decodeOutcomes(reply.getMessage().getContent().toByteArray()).getFirst();
    }

    private RaftClient client() {
        return RaftClient.newBuilder().setProperties(PartitionServer.properties(PartitionCluster.TUNING))
                .setRaftGroup(cluster.map().group(0))
                .setRetryPolicy(RetryPolicies.retryForeverWithSleep(TimeDuration.valueOf(100, TimeUnit.MILLISECONDS)))
                .build();
    }

    @Test
    void aRenameSentAgainUnderItsIdIsAnsweredNotAppliedTwice() throws Exception {
        cluster = PartitionCluster.start(dir, 3, 1, PartitionCluster.TUNING);
        store = cluster.store(CLOCK);
        store.mkdirs(p("/a/x"));
        PartitionCommand rename = new PartitionCommand.Rename(T0, p("/a/x"), p("/a/y"));
        RequestId id = new RequestId.Source().next();
        try (RaftClient client = client()) {
            ForwardedWrites.Outcome first = forward(client, id, rename);
            ForwardedWrites.Outcome again = forward(client, id, rename);
            assertThat(first.reply().orThrow().entry().map(Entry::path)).contains(p("/a/y"));
            assertThat(again).isEqualTo(first);
            // the same rename under another id is applied, and finds nothing to move
            ForwardedWrites.Outcome other = forward(client, new RequestId.Source().next(), rename);
            assertThat(other.reply().error()).isEqualTo(ErrorCode.NOT_FOUND);
        }
        assertThat(store.find(p("/a/y"))).isPresent();
        assertThat(store.find(p("/a/x"))).isEmpty();
    }

    @Test
    void aWriteSentAgainToTheNextLeaderIsAnsweredFromWhatItApplied() throws Exception {
        cluster = PartitionCluster.start(dir, 3, 1, PartitionCluster.TUNING);
        store = cluster.store(CLOCK);
        store.mkdirs(p("/a/x"));
        PartitionCommand rename = new PartitionCommand.Rename(T0, p("/a/x"), p("/a/y"));
        RequestId id = new RequestId.Source().next();
        try (RaftClient client = client()) {
            ForwardedWrites.Outcome first = forward(client, id, rename);
            String oldLeader = cluster.leader(0).orElseThrow();
            // every replica applied the entry (not only a majority) before the leader goes
            long applied = cluster.appliedIndex(oldLeader, 0);
            for (String node : cluster.nodes()) {
                Await.until(node + " applies the rename", Duration.ofSeconds(30),
                        () -> cluster.appliedIndex(node, 0) >= applied);
            }
            cluster.stop(oldLeader);
            Await.until("a new leader", Duration.ofSeconds(60), () -> cluster.leader(0).isPresent());
            ForwardedWrites.Outcome again = forward(client, id, rename);
            assertThat(again).isEqualTo(first);
        }
        assertThat(store.find(p("/a/y"))).isPresent();
    }

    @Test
    void writesOfSeveralFilerServersShareEntriesAndEachGetsItsOwnReply() throws Exception {
        cluster = PartitionCluster.start(dir, 3, 1, PartitionCluster.TUNING);
        String leader = cluster.leader(0).orElseThrow();
        List<PartitionedFilerStore> stores = cluster.nodes().stream().map(n -> cluster.store(CLOCK, n)).toList();
        long before = cluster.appliedIndex(leader, 0);
        int writers = 48;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Entry>> made = new java.util.ArrayList<>();
            for (int i = 0; i < writers; i++) {
                int n = i;
                made.add(pool.submit(() -> stores.get(n % stores.size()).mkdirs(p("/b/d" + n))));
            }
            for (int i = 0; i < writers; i++) {
                assertThat(made.get(i).get(60, TimeUnit.SECONDS).path()).isEqualTo(p("/b/d" + i));
            }
        } finally {
            stores.forEach(PartitionedFilerStore::close);
        }
        store = cluster.store(CLOCK);
        assertThat(store.list(p("/b"), "", false, 100)).hasSize(writers);
        assertThat(cluster.appliedIndex(leader, 0) - before).as("log entries for %d writes", writers)
                .isLessThan(writers);
    }

    /**
     * A leader whose Raft server never answers one entry (seen when its replica was moved away: the
     * division closed under the entry): with one entry in flight per partition, every later write to the
     * partition on that filer server waited behind it for good. The entry's writes are answered "send
     * again" after the deadline and the next entry goes.
     */
    @Test
    void anEntryTheRaftServerNeverAnswersDoesNotStallTheWritesQueuedBehindIt() throws Exception {
        RecentRequests recent = new RecentRequests(64);
        List<RaftClientRequest> submitted = new java.util.concurrent.CopyOnWriteArrayList<>();
        LeaderGroupCommit commit = new LeaderGroupCommit(request -> {
            submitted.add(request);
            return submitted.size() == 1 ? new CompletableFuture<>() : CompletableFuture.completedFuture(
                    applied(recent, request));
        }, RaftPeerId.valueOf("1"), PartitionMap.groupId(0), recent, Duration.ofMillis(300));
        RequestId.Source ids = new RequestId.Source();
        RequestId lost = ids.next();
        PartitionCommand a = new PartitionCommand.Mkdirs(T0, p("/a"));
        CompletableFuture<PartitionReply> first = commit.submit(lost, a, a.encode());
        PartitionCommand b = new PartitionCommand.Mkdirs(T0, p("/b"));
        CompletableFuture<PartitionReply> second = commit.submit(ids.next(), b, b.encode());

        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(PartitionReply.ok(null, 1));
        assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(LeaderGroupCommit.NotApplied.class);
        // sent again under its id while its entry may still be applied: it joins that entry, no second one
        assertThatThrownBy(() -> commit.submit(lost, a, a.encode()).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(LeaderGroupCommit.NotApplied.class);
        assertThat(submitted).hasSize(2);
        // the replica stops leading: the write is forgotten here, and sent again it goes in a new entry
        commit.abandonAll("stopped leading");
        assertThat(commit.unsettled()).isZero();
        assertThat(commit.submit(lost, a, a.encode()).get(10, TimeUnit.SECONDS)).isEqualTo(PartitionReply.ok(null, 0));
        assertThat(submitted).hasSize(3);
    }

    @Test
    void writesQueuedOrPendingFailNotAppliedAtOnceWhenTheReplicaStopsLeading() {
        RecentRequests recent = new RecentRequests(64);
        LeaderGroupCommit commit = new LeaderGroupCommit(request -> new CompletableFuture<>(), RaftPeerId.valueOf("1"),
                PartitionMap.groupId(0), recent, Duration.ofMinutes(5));
        RequestId.Source ids = new RequestId.Source();
        PartitionCommand a = new PartitionCommand.Mkdirs(T0, p("/a"));
        CompletableFuture<PartitionReply> inFlight = commit.submit(ids.next(), a, a.encode());
        CompletableFuture<PartitionReply> queued = commit.submit(ids.next(), a, a.encode());
        assertThat(commit.unsettled()).isEqualTo(2);
        commit.abandonAll("stopped leading");
        assertThat(inFlight).isCompletedExceptionally();
        assertThat(queued).isCompletedExceptionally();
        assertThatThrownBy(queued::join).hasCauseInstanceOf(LeaderGroupCommit.NotApplied.class)
                .hasMessageContaining("stopped leading");
    }

    /** What the replica's apply does with an entry of requests: each id applied, the replies in the answer. */
    private static RaftClientReply applied(RecentRequests recent, RaftClientRequest request) {
        PartitionCommand.Requests entry = (PartitionCommand.Requests) PartitionCommand.decode(
                request.getMessage().getContent().toByteArray());
        List<PartitionReply> replies = new java.util.ArrayList<>();
        for (int i = 0; i < entry.ids().size(); i++) {
            PartitionReply reply = PartitionReply.ok(null, entry.commands().get(i) instanceof PartitionCommand.Mkdirs m
                    && m.directory().equals(p("/b")) ? 1 : 0);
            recent.applied(entry.ids().get(i), reply);
            replies.add(reply);
        }
        return RaftClientReply.newBuilder().setRequest(request).setSuccess()
                .setMessage(Message.valueOf(ByteString.copyFrom(PartitionReply.encodeAll(replies)))).build();
    }

    @Test
    void recentRequestsForgetTheOldestAppliedWritesBeyondTheirCapacity() {
        RecentRequests recent = new RecentRequests(2);
        RequestId.Source ids = new RequestId.Source();
        RequestId a = ids.next();
        RequestId b = ids.next();
        RequestId c = ids.next();
        CompletableFuture<PartitionReply> pending = new CompletableFuture<>();
        assertThat(recent.register(a, pending)).isNull();
        recent.applied(a, PartitionReply.ok(null, 1));
        assertThat(pending).isCompletedWithValue(PartitionReply.ok(null, 1));
        recent.applied(b, PartitionReply.ok(null, 2));
        recent.applied(c, PartitionReply.ok(null, 3));
        assertThat(recent.register(a, new CompletableFuture<>())).as("a is forgotten").isNull();
        assertThat(recent.register(c, new CompletableFuture<>())).isCompletedWithValue(PartitionReply.ok(null, 3));
    }

    @Test
    void anAbandonedWriteCanBeSubmittedAgainButNotOnceApplied() {
        RecentRequests recent = new RecentRequests(16);
        RequestId id = new RequestId.Source().next();
        CompletableFuture<PartitionReply> first = new CompletableFuture<>();
        recent.register(id, first);
        recent.abandon(id, first, new LeaderGroupCommit.NotApplied("leader lost"));
        assertThat(first).isCompletedExceptionally();
        CompletableFuture<PartitionReply> second = new CompletableFuture<>();
        assertThat(recent.register(id, second)).isNull();
        recent.applied(id, PartitionReply.ok(null, 7));
        recent.abandon(id, second, new LeaderGroupCommit.NotApplied("too late"));
        assertThat(recent.register(id, new CompletableFuture<>())).isCompletedWithValue(PartitionReply.ok(null, 7));
    }

    @Test
    void onlyTheReplicaThatLeadsTakesWritesInProcess() {
        cluster = PartitionCluster.start(dir, 3, 1, PartitionCluster.TUNING);
        RaftGroupId g = PartitionMap.groupId(0);
        String follower = cluster.nodes().stream().filter(n -> !cluster.server(n).leads(g)).findFirst().orElseThrow();
        assertThat(cluster.server(follower).leading(g)).isEqualTo(Optional.empty());
        assertThat(cluster.server(cluster.leader(0).orElseThrow()).leading(g)).isPresent();
    }

    @Test
    void followerReadsAreAnsweredByTheFilerServersOwnReplicaEvenWithoutALeader() {
        cluster = PartitionCluster.start(dir, 3, 1, PartitionCluster.TUNING);
        store = cluster.store(CLOCK);
        store.mkdirs(p("/c/seen"));
        String reader = cluster.nodes().getFirst();
        // the reader's replica applied the write before the other two servers stop
        long applied = cluster.appliedIndex(cluster.leader(0).orElseThrow(), 0);
        Await.until(reader + " applies the write", Duration.ofSeconds(30), () -> cluster.appliedIndex(reader, 0) >= applied);
        try (PartitionedFilerStore follower = cluster.store(CLOCK, reader, PartitionReads.FOLLOWER);
             PartitionedFilerStore linearizable = cluster.store(CLOCK, Duration.ofSeconds(2))) {
            cluster.nodes().stream().filter(n -> !n.equals(reader)).toList().forEach(cluster::stop);
            assertThat(follower.find(p("/c/seen"))).isPresent();
            assertThat(follower.list(p("/c"), "", false, 10)).extracting(Entry::path).containsExactly(p("/c/seen"));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> linearizable.find(p("/c/seen")))
                    .isInstanceOf(io.hayloft.api.HayloftException.class)
                    .extracting(e -> ((io.hayloft.api.HayloftException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE);
        }
    }

    @Test
    void aForwardedWriteOfAPartitionItsDestinationDoesNotLeadIsSentAgainNotApplied() throws Exception {
        cluster = PartitionCluster.start(dir, 3, 2, PartitionCluster.TUNING);
        String leader0 = cluster.leader(0).orElseThrow();
        if (cluster.leader(1).orElseThrow().equals(leader0)) {
            // the other partition must be led elsewhere: hand its leadership to another server
            String other = cluster.nodes().stream().filter(n -> !n.equals(leader0)).findFirst().orElseThrow();
            try (RaftClient c = RaftClient.newBuilder().setProperties(PartitionServer.properties(PartitionCluster.TUNING))
                    .setRaftGroup(cluster.map().group(1)).build()) {
                c.admin().transferLeadership(PartitionMap.peerId(other), 30_000);
            }
            Await.until("partition 1 led by " + other, Duration.ofSeconds(60),
                    () -> cluster.leader(1).filter(other::equals).isPresent());
        }
        store = cluster.store(CLOCK);
        FullPath inOne = java.util.stream.IntStream.range(0, 1000).mapToObj(i -> p("/d" + i))
                .filter(x -> cluster.map().partitionOf(x) == 1).findFirst().orElseThrow();
        byte[] message = ForwardedWrites.encode(List.of(new ForwardedWrites.Write(new RequestId.Source().next(), 1,
                new PartitionCommand.Mkdirs(T0, inOne).encode())));
        try (RaftClient viaZero = client()) {
            RaftClientReply reply = viaZero.async().sendReadOnlyNonLinearizable(
                    Message.valueOf(ByteString.copyFrom(message))).get(30, TimeUnit.SECONDS);
            ForwardedWrites.Outcome outcome = ForwardedWrites.decodeOutcomes(
                    reply.getMessage().getContent().toByteArray()).getFirst();
            assertThat(outcome.retryable()).as("outcome %s", outcome).isTrue();
            assertThat(outcome.retry()).contains("partition 1 is not led by");
        }
        assertThat(store.find(inOne)).isEmpty();
    }
}
