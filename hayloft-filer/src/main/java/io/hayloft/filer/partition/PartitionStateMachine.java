package io.hayloft.filer.partition;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.FileId;
import io.hayloft.filer.entry.Entry;
import io.hayloft.filer.entry.FileChunk;
import io.hayloft.filer.entry.FullPath;
import io.hayloft.filer.store.Mutation;
import java.util.ArrayList;
import java.util.List;
import io.hayloft.filer.namespace.Namespace;
import io.hayloft.filer.store.PendingDeletion;
import io.hayloft.filer.store.rocks.RocksFilerStore;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica of a partition: applies {@link PartitionCommand}s to a RocksDB ({@link RocksFilerStore}
 * opened as a replica, so it never syncs: the Raft log is what is durable) through the same
 * {@link Namespace} rules a single filer uses, and answers {@link PartitionQuery}s from it.
 *
 * <p><b>Crash consistency.</b> Every write batch carries the log position of the command that wrote
 * it, and its place in a {@link PartitionCommand.Batch} ({@link RocksFilerStore#markBatches}), so after a crash the store says how far it got (RocksDB
 * recovers a prefix of its unsynced log); Ratis replays the Raft log from the last snapshot and this
 * machine skips every command at or below that mark. A command that failed wrote nothing, and replaying
 * it fails again on the same state: the replicas stay the same.
 *
 * <p><b>Snapshots</b> are RocksDB checkpoints packed into one file ({@link SnapshotArchive}) named
 * {@code snapshot.<term>_<index>} in Ratis's state machine directory; a lagging or wiped replica gets
 * the leader's by InstallSnapshot, then {@link #reinitialize} replaces its store with it. The live
 * store lives beside Ratis's directories, in {@code <group dir>/rocks}.
 *
 * <p><b>Threading.</b> Ratis applies commands and takes snapshots on its updater thread; queries come
 * from server threads and read RocksDB concurrently. The lifecycle follows what InstallSnapshot needs
 * (stack.md pitfalls 2 and 3): STARTING → RUNNING in {@code initialize}, PAUSING → PAUSED in
 * {@code pause} (which closes the store), STARTING → RUNNING in {@code reinitialize}.
 */
public final class PartitionStateMachine extends BaseStateMachine {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionStateMachine.class);
    /**
     * Applied writes remembered for retries: about 5 MB per partition; at 1,000 writes/s to one partition
     * 16 s of them, longer than a leader change takes.
     */
    static final int RECENT_WRITES = 16_384;

    private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
    private final ApplyClock clock = new ApplyClock();
    /** Writes applied lately and pending as leader, by id: a retried write is answered, not applied twice. */
    private final RecentRequests recent = new RecentRequests(RECENT_WRITES);
    private volatile LeaderGroupCommit groupCommit;
    private final org.apache.ratis.protocol.ClientId readClient = org.apache.ratis.protocol.ClientId.randomId();
    private final java.util.concurrent.atomic.AtomicLong readCalls = new java.util.concurrent.atomic.AtomicLong();
    private Path groupDir;
    private volatile SingleFileSnapshotInfo latestSnapshot;
    private volatile RocksFilerStore store;
    private volatile Namespace namespace;
    /** The log index the store already holds (from its batch mark): replayed entries up to it are skipped. */
    private long storedIndex = RaftLog.INVALID_LOG_INDEX;
    /** The last command of the entry at {@link #storedIndex} the store holds (commands of a batch). */
    private int storedSub = Integer.MAX_VALUE;

    @Override
    public synchronized void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage)
            throws IOException {
        getLifeCycle().startAndTransition(() -> {
            super.initialize(server, groupId, raftStorage);
            groupCommit = new LeaderGroupCommit(server, groupId, recent);
            storage.init(raftStorage);
            groupDir = raftStorage.getStorageDir().getRoot().toPath();
            latestSnapshot = storage.getLatestSnapshot();
            openStore(latestSnapshot);
        });
    }

    @Override
    public synchronized void pause() {
        if (getLifeCycle().getCurrentState() == LifeCycle.State.RUNNING) {
            getLifeCycle().transition(LifeCycle.State.PAUSING);
            closeStore();
            getLifeCycle().transition(LifeCycle.State.PAUSED);
        }
    }

    @Override
    public synchronized void reinitialize() throws IOException {
        if (getLifeCycle().getCurrentState() == LifeCycle.State.PAUSED) {
            getLifeCycle().transition(LifeCycle.State.STARTING);
            SingleFileSnapshotInfo installed = storage.loadLatestSnapshot();
            latestSnapshot = installed;
            closeStore();
            SnapshotArchive.deleteTree(liveDir());
            openStore(installed);
            getLifeCycle().transition(LifeCycle.State.RUNNING);
        }
    }

    /**
     * The latest snapshot, kept here: {@link SimpleStateMachineStorage} lists its directory on every call
     * while there is none, and a leader asks on every round of appends to each follower (3 % of the CPU
     * of the create benchmark). It changes only in {@code initialize}, {@code reinitialize} (after an
     * InstallSnapshot) and {@code takeSnapshot}.
     */
    @Override
    public SnapshotInfo getLatestSnapshot() {
        return latestSnapshot;
    }

    @Override
    public StateMachineStorage getStateMachineStorage() {
        return storage;
    }

    /**
     * Opens the live store, or rebuilds it from {@code snapshot} when it is missing or older than the
     * snapshot, and sets the last applied position to what the store holds.
     */
    private void openStore(SingleFileSnapshotInfo snapshot) throws IOException {
        TermIndex snapshotAt = snapshot == null ? null : snapshot.getTermIndex();
        Path live = liveDir();
        if (Files.isDirectory(live)) {
            RocksFilerStore opened = RocksFilerStore.openReplica(live, clock);
            Optional<byte[]> stored = opened.batchMark();
            Optional<TermIndex> mark = stored.map(PartitionStateMachine::termIndexOf);
            if (snapshotAt == null || mark.isPresent() && mark.get().getIndex() >= snapshotAt.getIndex()) {
                use(opened, mark.orElse(null), stored.map(PartitionStateMachine::subOf).orElse(Integer.MAX_VALUE));
                return;
            }
            LOG.info("partition {}: live store at {} is behind snapshot {}: rebuilding it from the snapshot",
                    getGroupId(), mark.orElse(null), snapshotAt);
            opened.close();
            SnapshotArchive.deleteTree(live);
        }
        if (snapshot != null && snapshot.getFile().getPath().toFile().exists()) {
            File file = snapshot.getFile().getPath().toFile();
            MD5Hash md5 = snapshot.getFile().getFileDigest();
            if (md5 != null) {
                MD5FileUtil.verifySavedMD5(file, md5);
            }
            Path unpacked = groupDir.resolve("rocks.restoring");
            SnapshotArchive.deleteTree(unpacked);
            SnapshotArchive.unpack(file.toPath(), unpacked);
            Files.move(unpacked, live);
            use(RocksFilerStore.openReplica(live, clock), snapshotAt, Integer.MAX_VALUE);
            return;
        }
        use(RocksFilerStore.openReplica(live, clock), null, Integer.MAX_VALUE);
    }

    private void use(RocksFilerStore opened, TermIndex at, int sub) {
        store = opened;
        namespace = new Namespace(opened, clock, () -> { });
        storedIndex = at == null ? RaftLog.INVALID_LOG_INDEX : at.getIndex();
        storedSub = sub;
        if (at != null) {
            setLastAppliedTermIndex(at);
        }
    }

    private void closeStore() {
        RocksFilerStore s = store;
        store = null;
        namespace = null;
        if (s != null) {
            s.close();
        }
    }

    private Path liveDir() {
        return groupDir.resolve("rocks");
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        byte[] answer;
        synchronized (this) {
            try {
                PartitionCommand command = PartitionCommand.decode(
                        entry.getStateMachineLogEntry().getLogData().toByteArray());
                if (command instanceof PartitionCommand.Batch batch) {
                    List<PartitionReply> replies = new ArrayList<>(batch.commands().size());
                    for (int i = 0; i < batch.commands().size(); i++) {
                        replies.add(applyOne(entry, i, batch.commands().get(i)));
                    }
                    answer = PartitionReply.encodeAll(replies);
                } else if (command instanceof PartitionCommand.Requests requests) {
                    List<PartitionReply> replies = new ArrayList<>(requests.commands().size());
                    for (int i = 0; i < requests.commands().size(); i++) {
                        PartitionCommand one = requests.commands().get(i);
                        if (replayed(entry, i)) {
                            replies.add(PartitionReply.ok(null, 0));
                            continue;
                        }
                        PartitionReply reply = applyOne(entry, i, one);
                        recent.applied(requests.ids().get(i), reply);
                        replies.add(reply);
                    }
                    answer = PartitionReply.encodeAll(replies);
                } else {
                    answer = applyOne(entry, 0, command).encode();
                }
            } catch (HayloftException e) {
                // the store failed (not the command): this replica cannot go on applying the log
                LOG.error("partition {}: cannot apply log entry {}: {}", getGroupId(), entry.getIndex(), e.getMessage());
                return CompletableFuture.failedFuture(e);
            }
            advanceApplied(entry.getTerm(), entry.getIndex());
        }
        return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(answer)));
    }

    /** A log entry that is not a command (a configuration change, a leader's first entry) was applied. */
    @Override
    public synchronized void notifyTermIndexUpdated(long term, long index) {
        advanceApplied(term, index);
    }

    /**
     * Moves the last applied position to {@code index}, never back: after a restart Ratis replays the log
     * from its snapshot while this machine already reports the (later) position its store holds, and
     * Ratis refuses an applied position that goes back (a replica that did so stopped: the kill -9 test).
     */
    private void advanceApplied(long term, long index) {
        TermIndex last = getLastAppliedTermIndex();
        if (last == null || index > last.getIndex()) {
            updateLastAppliedTermIndex(term, index);
        }
    }

    /**
     * Applies command {@code sub} of log entry {@code entry}, unless the store already holds it (a replay
     * after a crash: its mark is at or past this position).
     *
     * @throws HayloftException INTERNAL or UNAVAILABLE when the store fails
     */
    private PartitionReply applyOne(LogEntryProto entry, int sub, PartitionCommand command) {
        if (replayed(entry, sub)) {
            return PartitionReply.ok(null, 0);
        }
        clock.set(command.at());
        store.markBatches(markOf(entry.getTerm(), entry.getIndex(), sub));
        try {
            return execute(command);
        } catch (HayloftException e) {
            if (e.code() == ErrorCode.INTERNAL || e.code() == ErrorCode.UNAVAILABLE) {
                throw e;
            }
            return PartitionReply.failed(e);
        }
    }

    /** True when the store already holds command {@code sub} of {@code entry} (a replay after a crash). */
    private boolean replayed(LogEntryProto entry, int sub) {
        return entry.getIndex() < storedIndex || entry.getIndex() == storedIndex && sub <= storedSub;
    }

    private PartitionReply execute(PartitionCommand command) {
        return switch (command) {
            case PartitionCommand.Mutate m -> {
                m.conditions().forEach(c -> c.check(store.find(c.path())));
                store.apply(m.mutation());
                yield PartitionReply.ok(null, 0);
            }
            case PartitionCommand.CommitFile c -> {
                c.conditions().forEach(cond -> cond.check(store.find(cond.path())));
                yield PartitionReply.ok(namespace.commitFile(c.file(), c.intents()), 0);
            }
            case PartitionCommand.Mkdirs m -> PartitionReply.ok(namespace.mkdirs(m.directory()), 0);
            case PartitionCommand.Delete d -> PartitionReply.ok(null, namespace.delete(d.path(), d.recursive()));
            case PartitionCommand.Rename r -> {
                Entry moved = namespace.rename(r.from(), r.to());
                yield PartitionReply.ok(moved, 0);
            }
            case PartitionCommand.CompleteMultipart c -> PartitionReply.ok(completeMultipart(c), 0);
            case PartitionCommand.ComposeFile c ->
                    PartitionReply.ok(namespace.composeFile(c.file(), c.sources(), c.intents()), 0);
            case PartitionCommand.UpdateExtended u -> {
                Optional<Entry> current = store.find(u.expected().path());
                if (current.isEmpty()) {
                    throw HayloftException.notFound(u.expected().path() + ": no such file or directory");
                }
                Condition.same(u.expected()).check(current);
                store.apply(new Mutation().put(u.updated()));
                yield PartitionReply.ok(u.updated(), 0);
            }
            case PartitionCommand.Batch b -> throw HayloftException.badRequest("a batch inside a batch");
            case PartitionCommand.Requests r -> throw HayloftException.badRequest("a batch inside a batch");
            case PartitionCommand.RecordIntents r -> {
                store.recordUploadIntents(r.intents());
                yield PartitionReply.ok(null, 0);
            }
            case PartitionCommand.CompleteDeletions c -> {
                store.completeDeletions(c.sequences().stream()
                        .map(s -> new PendingDeletion(s, null, c.at())).toList());
                yield PartitionReply.ok(null, c.sequences().size());
            }
        };
    }

    /** One batch: the file (and missing parents) put, the parts deleted, unused chunks freed. */
    private Entry completeMultipart(PartitionCommand.CompleteMultipart c) {
        Entry file = c.file();
        HayloftException.checkArgument(!file.directory(), "a multipart upload completes into a file");
        namespace.checkFileWritable(file.path());
        Mutation m = new Mutation();
        for (FullPath p : file.path().ancestors()) {
            if (store.find(p).isEmpty()) {
                m.put(Entry.newDirectory(p, c.at()));
            }
        }
        java.util.Set<FileId> used = new java.util.HashSet<>();
        file.chunks().forEach(ch -> used.add(ch.fid()));
        List<FileId> freed = new ArrayList<>();
        Optional<Entry> old = store.find(file.path());
        Entry stored = old.map(o -> file.withCrtime(o.crtime())).orElse(file);
        old.ifPresent(o -> o.chunks().stream().map(FileChunk::fid).filter(f -> !used.contains(f)).forEach(freed::add));
        for (FullPath part : c.parts()) {
            Entry p = store.find(part).orElseThrow(() -> new HayloftException(ErrorCode.CONFLICT,
                    "part " + part + " is gone: the upload was completed or aborted meanwhile"));
            p.chunks().stream().map(FileChunk::fid).filter(f -> !used.contains(f)).forEach(freed::add);
            m.delete(part);
        }
        store.apply(m.put(stored).enqueueDeletion(freed));
        return stored;
    }

    /**
     * This replica's group commit, for writes while it leads (the caller checks that it leads and is
     * ready: only then has it applied every earlier entry, so {@link RecentRequests} knows them all).
     */
    LeaderGroupCommit groupCommit() {
        return groupCommit;
    }

    /**
     * Answers a {@link PartitionQuery} from this replica's store, or (on the leader: Ratis checked that
     * it leads and is ready) takes {@link ForwardedWrites} into its group commit and answers once they
     * are applied.
     */
    @Override
    public CompletableFuture<Message> query(Message request) {
        byte[] bytes = request.getContent().toByteArray();
        if (ForwardedWrites.isForward(bytes)) {
            return forwarded(bytes);
        }
        RocksFilerStore s = store;
        if (s == null) {
            return CompletableFuture.failedFuture(new HayloftException(ErrorCode.UNAVAILABLE,
                    "partition " + getGroupId() + " is installing a snapshot"));
        }
        try {
            PartitionQuery q = PartitionQuery.decode(bytes);
            return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(q.answer(s))));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Answers {@code query} linearizably through this replica's Raft server in process (a ReadIndex round
     * when it leads, no client RPC); the caller knows it leads. Fails as a client's read does.
     */
    CompletableFuture<org.apache.ratis.protocol.RaftClientReply> readAsLeader(Message query) {
        return getServer().thenCompose(server -> {
            try {
                return server.submitClientRequestAsync(org.apache.ratis.protocol.RaftClientRequest.newBuilder()
                        .setClientId(readClient).setServerId(server.getId()).setGroupId(getGroupId())
                        .setCallId(readCalls.incrementAndGet()).setMessage(query)
                        .setType(org.apache.ratis.protocol.RaftClientRequest.readRequestType()).build());
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
        });
    }

    /**
     * The group commit of {@code group}'s replica on this server when it leads and is ready: this one
     * (Ratis checked it before calling {@code query}) or a sibling partition hosted by the same server.
     */
    private Optional<LeaderGroupCommit> groupCommitOf(RaftGroupId group) {
        if (group.equals(getGroupId())) {
            return Optional.of(groupCommit);
        }
        try {
            RaftServer.Division d = getServer().join().getDivision(group);
            return d.getInfo().isLeader() && d.getInfo().isLeaderReady()
                    ? Optional.of(((PartitionStateMachine) d.getStateMachine()).groupCommit()) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Answers {@code query} from this replica's own state, whatever its role, without a Raft round
     * ({@link PartitionReads#FOLLOWER}: may miss the latest writes). Fails UNAVAILABLE while the replica
     * installs a snapshot.
     */
    CompletableFuture<Message> readLocally(Message query) {
        return query(query);
    }

    private CompletableFuture<Message> forwarded(byte[] bytes) {
        List<ForwardedWrites.Write> writes;
        List<PartitionCommand> commands = new ArrayList<>();
        try {
            writes = ForwardedWrites.decode(bytes);
            for (ForwardedWrites.Write w : writes) {
                PartitionCommand c = PartitionCommand.decode(w.command());
                HayloftException.checkArgument(!(c instanceof PartitionCommand.Batch)
                        && !(c instanceof PartitionCommand.Requests), "a forwarded write is a single command");
                commands.add(c);
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        List<CompletableFuture<ForwardedWrites.Outcome>> outcomes = new ArrayList<>(writes.size());
        for (int i = 0; i < writes.size(); i++) {
            ForwardedWrites.Write w = writes.get(i);
            Optional<LeaderGroupCommit> commit = groupCommitOf(PartitionMap.groupId(w.partition()));
            outcomes.add(commit.isEmpty()
                    ? CompletableFuture.completedFuture(ForwardedWrites.Outcome.sendAgain("partition " + w.partition()
                            + " is not led by " + getId()))
                    : commit.get().submit(w.id(), commands.get(i), w.command()).handle((reply, failure) ->
                            failure == null ? ForwardedWrites.Outcome.applied(reply)
                                    : ForwardedWrites.Outcome.sendAgain(String.valueOf(failure.getMessage()))));
        }
        return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).thenApply(done ->
                Message.valueOf(ByteString.copyFrom(ForwardedWrites.encodeOutcomes(
                        outcomes.stream().map(CompletableFuture::join).toList()))));
    }

    @Override
    public synchronized long takeSnapshot() throws IOException {
        TermIndex last = getLastAppliedTermIndex();
        if (last == null || last.getIndex() < 0 || store == null) {
            return RaftLog.INVALID_LOG_INDEX;
        }
        Path checkpoint = groupDir.resolve("rocks.checkpoint");
        SnapshotArchive.deleteTree(checkpoint);
        store.markBatches(markOf(last.getTerm(), last.getIndex(), Integer.MAX_VALUE));
        store.writeBatchMark(); // the commands after the last batch may have changed nothing
        store.checkpoint(checkpoint);
        try {
            File file = storage.getSnapshotFile(last.getTerm(), last.getIndex());
            SnapshotArchive.pack(checkpoint, file.toPath());
            MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(file);
            SingleFileSnapshotInfo taken = new SingleFileSnapshotInfo(new FileInfo(file.toPath(), md5), last);
            storage.updateLatestSnapshot(taken);
            latestSnapshot = taken;
        } finally {
            SnapshotArchive.deleteTree(checkpoint);
        }
        return last.getIndex();
    }

    /**
     * This replica stopped leading (a higher term, a configuration that left it out, or its division
     * closing): the writes queued or pending in its group commit are answered "send again" at once, so
     * no caller waits on a leader that will not answer.
     */
    @Override
    public void notifyNotLeader(java.util.Collection<TransactionContext> pendingEntries) {
        LeaderGroupCommit g = groupCommit;
        if (g != null) {
            g.abandonAll("stopped leading");
        }
    }

    @Override
    public void close() throws IOException {
        LeaderGroupCommit g = groupCommit;
        if (g != null) {
            g.abandonAll("closed");
        }
        synchronized (this) {
            closeStore();
        }
        super.close();
    }

    /** A batch mark: the log position (term, index) and the command within the entry (a batch's). */
    private static byte[] markOf(long term, long index, int sub) {
        return ByteBuffer.allocate(20).putLong(term).putLong(index).putInt(sub).array();
    }

    private static int subOf(byte[] mark) {
        return mark.length >= 20 ? ByteBuffer.wrap(mark, 16, 4).getInt() : Integer.MAX_VALUE;
    }

    private static TermIndex termIndexOf(byte[] mark) {
        ByteBuffer b = ByteBuffer.wrap(mark);
        return TermIndex.valueOf(b.getLong(), b.getLong());
    }
}
