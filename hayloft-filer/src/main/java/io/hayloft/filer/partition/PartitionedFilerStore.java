package io.hayloft.filer.partition;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.filer.entry.Entry;
import io.hayloft.filer.entry.FullPath;
import io.hayloft.filer.store.FilerStore;
import io.hayloft.filer.store.Mutation;
import io.hayloft.filer.store.PendingDeletion;
import io.hayloft.filer.store.TreeOperations;
import io.hayloft.filer.store.UploadIntent;
import io.hayloft.security.ReloadingTlsManagers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.ratis.conf.RaftProperties;

/**
 * The filer's metadata on Raft partitions ({@link PartitionMap}): every operation goes to the leader of
 * the partition its path belongs to ({@link PartitionClient}), and is applied there as one Raft entry
 * ({@link PartitionStateMachine}). Any filer server can use one, whether it hosts a replica or not.
 *
 * <p><b>Atomicity.</b> A {@link Mutation} is atomic within one partition: one whose entries span two is
 * refused with CONFLICT naming both, changing nothing. Upload intents live in their owner's partition,
 * so a mutation that claims intents of another partition claims them there first (a CONFLICT there
 * stops everything), then commits the rest; a crash between the two leaves the chunks unreferenced
 * and their intents gone (a leak, never a dangling reference). The tree operations
 * ({@link TreeOperations}) and the conditional ones ({@link #commitFile(Entry, Collection, List)},
 * {@link #commit(Mutation, List)}, {@link #completeMultipart}) are checked where they are applied, so
 * they are atomic whichever filer server sent them. A rename across partitions is refused (CONFLICT).
 *
 * <p><b>Deletion queue.</b> Each partition has its own; the sequence numbers this store hands out are
 * {@code partition << 40 | sequence within the partition}, so they ascend partition after partition.
 *
 * <p><b>Durability.</b> A write returns once a majority of the partition's replicas logged it (fsynced)
 * and the leader applied it; {@link #apply} is therefore durable at once.
 *
 * <p>Thread-safe; every method blocks. A partition without a leader for longer than the wait given at
 * construction fails the call with UNAVAILABLE (503 with {@code Retry-After} over HTTP).
 */
public final class PartitionedFilerStore implements FilerStore, TreeOperations {
    private static final int SEQUENCE_BITS = 40;
    private static final long LOCAL_MASK = (1L << SEQUENCE_BITS) - 1;
    private static final Comparator<Entry> BY_NAME_BYTES = (a, b) -> Arrays.compareUnsigned(
            a.name().getBytes(StandardCharsets.UTF_8), b.name().getBytes(StandardCharsets.UTF_8));

    private volatile PartitionMap map;
    private volatile List<PartitionClient> clients;
    /** Clients replaced by {@link #reroute}: calls in flight on them finish there; closed with the store. */
    private final List<PartitionClient> retired = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final RaftProperties properties;
    /** The TLS of the partitions' Raft, if any: every client of a group speaks it. */
    private final Optional<ReloadingTlsManagers> tls;
    private final Duration wait;
    private final LocalReplicas local;
    private final PartitionReads reads;
    /** Forwards writes to the filer servers leading their partitions, one lane per destination. */
    private final LeaderForwarder forwarder = new LeaderForwarder();
    private final Clock clock;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param clock stamps commands (new directories' times, queued deletions, intents)
     * @param wait  how long a call waits for a partition's leader before UNAVAILABLE
     */
    public PartitionedFilerStore(PartitionMap map, PartitionServer.Tuning tuning, Clock clock, Duration wait) {
        this(map, tuning, clock, wait, Optional.empty(), LocalReplicas.NONE, PartitionReads.LINEARIZABLE);
    }

    /**
     * A store whose Raft clients speak TLS with {@code tls} when present ({@link PartitionRaftTls}; the
     * partition servers must run with the same CA).
     *
     * @param clock stamps commands (new directories' times, queued deletions, intents)
     * @param wait  how long a call waits for a partition's leader before UNAVAILABLE
     */
    public PartitionedFilerStore(PartitionMap map, PartitionServer.Tuning tuning, Clock clock, Duration wait,
                                 Optional<ReloadingTlsManagers> tls) {
        this(map, tuning, clock, wait, tls, LocalReplicas.NONE, PartitionReads.LINEARIZABLE);
    }

    /**
     * @param clock stamps commands (new directories' times, queued deletions, intents)
     * @param wait  how long a call waits for a partition's leader before UNAVAILABLE
     * @param local the partition replicas in this process (the filer server's own {@link PartitionServer}):
     *              calls to those that lead skip the client RPC
     * @param reads how reads are answered: linearizably by the leader, or by a local replica (opt-in)
     */
    public PartitionedFilerStore(PartitionMap map, PartitionServer.Tuning tuning, Clock clock, Duration wait,
            LocalReplicas local, PartitionReads reads) {
        this(map, tuning, clock, wait, Optional.empty(), local, reads);
    }

    /**
     * @param clock stamps commands (new directories' times, queued deletions, intents)
     * @param wait  how long a call waits for a partition's leader before UNAVAILABLE
     * @param tls   the TLS of the partitions' Raft, when present ({@link PartitionRaftTls})
     * @param local the partition replicas in this process (the filer server's own {@link PartitionServer}):
     *              calls to those that lead skip the client RPC
     * @param reads how reads are answered: linearizably by the leader, or by a local replica (opt-in)
     */
    public PartitionedFilerStore(PartitionMap map, PartitionServer.Tuning tuning, Clock clock, Duration wait,
            Optional<ReloadingTlsManagers> tls, LocalReplicas local, PartitionReads reads) {
        this.local = local;
        this.reads = reads;
        this.map = map;
        this.clock = clock;
        this.wait = wait;
        this.tls = tls;
        RaftProperties props = PartitionServer.properties(tuning);
        this.properties = props;
        List<PartitionClient> cs = new ArrayList<>(map.size());
        for (int p = 0; p < map.size(); p++) {
            cs.add(new PartitionClient(p, map.group(p), props, PartitionRaftTls.parameters(tls), wait, local, reads,
                    forwarder));
        }
        this.clients = List.copyOf(cs);
    }

    /** The map this store routes by. */
    public PartitionMap map() {
        return map;
    }

    /**
     * Routes by {@code next} from now on: the replicas of some partitions moved (the master's
     * partition table changed). Paths keep their partitions (the number of partitions cannot change);
     * a partition whose replicas changed gets a new client of its new group, and calls already under
     * way finish on the old one. Thread-safe.
     *
     * @throws HayloftException BAD_REQUEST when {@code next} has another number of partitions
     */
    public synchronized void reroute(PartitionMap next) {
        PartitionMap current = map;
        HayloftException.checkArgument(next.size() == current.size(), "a reroute keeps the number of partitions ("
                + current.size() + "), got " + next.size());
        List<PartitionClient> cs = new ArrayList<>(clients);
        for (int p = 0; p < next.size(); p++) {
            if (!next.group(p).equals(current.group(p))) {
                retired.add(cs.set(p, new PartitionClient(p, next.group(p), properties,
                        PartitionRaftTls.parameters(tls), wait, local, reads, forwarder)));
            }
        }
        map = next;
        clients = List.copyOf(cs);
    }

    @Override
    public Optional<Entry> find(FullPath path) {
        if (path.isRoot()) {
            return Optional.empty();
        }
        int p = map.partitionOf(path);
        Optional<Entry> found = PartitionQuery.entries(client(p).read(new PartitionQuery.Find(path))).stream()
                .findFirst();
        if (found.isEmpty() && PartitionMap.spansPartitions(path)) {
            // a bucket directory is made in each partition that holds a bucket, maybe not in its own
            for (int q = 0; q < map.size() && found.isEmpty(); q++) {
                if (q != p) {
                    found = PartitionQuery.entries(client(q).read(new PartitionQuery.Find(path))).stream().findFirst();
                }
            }
        }
        return found;
    }

    @Override
    public List<Entry> list(FullPath directory, String startFileName, boolean inclusive, int limit) {
        HayloftException.checkArgument(limit >= 1, "limit must be at least 1");
        String start = startFileName == null ? "" : startFileName;
        PartitionQuery q = new PartitionQuery.ListChildren(directory, start, inclusive, limit);
        if (!PartitionMap.spansPartitions(directory)) {
            return PartitionQuery.entries(client(map.partitionOf(directory)).read(q));
        }
        // the root's and a bucket directory's children are spread over every partition: merge each one's
        // first page; a bucket directory is a child of the root in each partition that holds a bucket, and
        // is listed once
        List<Entry> merged = new ArrayList<>();
        for (int p = 0; p < map.size(); p++) {
            merged.addAll(PartitionQuery.entries(client(p).read(q)));
        }
        merged.sort(BY_NAME_BYTES);
        List<Entry> unique = new ArrayList<>(merged.size());
        for (Entry e : merged) {
            if (unique.isEmpty() || !unique.getLast().name().equals(e.name())) {
                unique.add(e);
            }
        }
        return unique.size() > limit ? List.copyOf(unique.subList(0, limit)) : unique;
    }

    @Override
    public void commit(Mutation mutation) {
        commit(mutation, List.of());
    }

    /**
     * Applies {@code mutation} atomically when every condition holds when it is applied (checked on the
     * partition's state at that log position): CONFLICT otherwise, with nothing changed.
     *
     * @throws HayloftException CONFLICT when a condition fails, an intent is gone, or the mutation (or a
     *                          condition's path) spans partitions; UNAVAILABLE without a leader
     */
    public void commit(Mutation mutation, List<Condition> conditions) {
        checkOpen();
        if (mutation.isEmpty() && conditions.isEmpty()) {
            return;
        }
        Map<Integer, FullPath> touched = new LinkedHashMap<>();
        mutation.deletes().forEach(path -> touched.putIfAbsent(map.partitionOf(path), path));
        mutation.puts().forEach(e -> touched.putIfAbsent(map.partitionOf(e.path()), e.path()));
        conditions.forEach(c -> touched.putIfAbsent(map.partitionOf(c.path()), c.path()));
        if (touched.size() > 1) {
            throw new HayloftException(ErrorCode.CONFLICT, "a change spanning partitions is not atomic and is refused: "
                    + touched.entrySet().stream().map(e -> "partition " + e.getKey() + " (" + e.getValue() + ")")
                    .collect(Collectors.joining(", ")) + "; each top-level directory is one partition");
        }
        Map<Integer, List<UploadIntent>> claims = byOwnerPartition(mutation.claimedUploadIntents());
        Map<Integer, List<UploadIntent>> clears = byOwnerPartition(mutation.clearedUploadIntents());
        int home = !touched.isEmpty() ? touched.keySet().iterator().next()
                : !claims.isEmpty() ? claims.keySet().iterator().next()
                : !clears.isEmpty() ? clears.keySet().iterator().next() : 0;
        Instant now = clock.instant();
        for (Map.Entry<Integer, List<UploadIntent>> c : claims.entrySet()) {
            if (c.getKey() != home) {
                client(c.getKey()).write(new PartitionCommand.Mutate(now, List.of(),
                        new Mutation().claimUploadIntents(c.getValue())));
            }
        }
        Mutation local = new Mutation().enqueueDeletion(mutation.enqueuedDeletions())
                .claimUploadIntents(claims.getOrDefault(home, List.of()))
                .clearUploadIntents(clears.getOrDefault(home, List.of()));
        mutation.deletes().forEach(local::delete);
        mutation.puts().forEach(local::put);
        client(home).write(new PartitionCommand.Mutate(now, conditions, local));
        for (Map.Entry<Integer, List<UploadIntent>> c : clears.entrySet()) {
            if (c.getKey() != home) {
                client(c.getKey()).write(new PartitionCommand.Mutate(now, List.of(),
                        new Mutation().clearUploadIntents(c.getValue())));
            }
        }
    }

    @Override
    public Entry mkdirs(FullPath directory) {
        checkOpen();
        HayloftException.checkArgument(!directory.isRoot(), "the root directory always exists");
        return write(map.partitionOf(directory), new PartitionCommand.Mkdirs(clock.instant(), directory))
                .entry().orElseThrow();
    }

    @Override
    public Entry commitFile(Entry file, Collection<UploadIntent> intents) {
        return commitFile(file, intents, List.of());
    }

    /**
     * Stores {@code file} as {@code Namespace.commitFile} does, when every condition holds where it is
     * applied: {@link Condition#absent} is create-if-absent, {@link Condition#eTag} update-if-ETag-matches.
     *
     * @throws HayloftException CONFLICT when a condition fails (nothing changed)
     */
    public Entry commitFile(Entry file, Collection<UploadIntent> intents, List<Condition> conditions) {
        checkOpen();
        int p = map.partitionOf(file.path());
        for (Condition c : conditions) {
            samePartition(p, file.path(), c.path(), "a condition");
        }
        List<UploadIntent> local = claimElsewhere(p, file, intents);
        return write(p, new PartitionCommand.CommitFile(clock.instant(), conditions, file, local)).entry().orElseThrow();
    }

    /**
     * Claims the {@code intents} kept in partitions other than {@code p} there (with the chunks
     * {@code file} does not use freed), and returns those kept in {@code p}, which the write to {@code p}
     * claims. A crash between the two leaves chunks unreferenced, never a reference to a freed chunk.
     */
    private List<UploadIntent> claimElsewhere(int p, Entry file, Collection<UploadIntent> intents) {
        Map<Integer, List<UploadIntent>> byPartition = byOwnerPartition(List.copyOf(intents));
        List<UploadIntent> local = byPartition.getOrDefault(p, List.of());
        if (byPartition.size() > (local.isEmpty() ? 0 : 1)) {
            java.util.Set<io.hayloft.api.FileId> used = file.chunks().stream()
                    .map(io.hayloft.filer.entry.FileChunk::fid).collect(Collectors.toSet());
            for (Map.Entry<Integer, List<UploadIntent>> e : byPartition.entrySet()) {
                if (e.getKey() != p) {
                    client(e.getKey()).write(new PartitionCommand.Mutate(clock.instant(), List.of(), new Mutation()
                            .claimUploadIntents(e.getValue())
                            .enqueueDeletion(e.getValue().stream().map(UploadIntent::fid).filter(f -> !used.contains(f))
                                    .toList())));
                }
            }
        }
        return local;
    }

    /**
     * Stores {@code file}, made of the {@code sources}' chunks, and removes the sources, in one Raft entry
     * checked when applied (S3's "complete a multipart upload"): every source must still be stored as
     * given. The sources must be in {@code file}'s partition.
     *
     * @throws HayloftException CONFLICT when a source changed or went away, is in another partition, or
     *                          the path cannot hold a file; UNAVAILABLE without a leader
     */
    @Override
    public Entry composeFile(Entry file, List<Entry> sources, Collection<UploadIntent> intents) {
        checkOpen();
        int p = map.partitionOf(file.path());
        sources.forEach(source -> samePartition(p, file.path(), source.path(), "a source"));
        List<UploadIntent> local = claimElsewhere(p, file, intents);
        return write(p, new PartitionCommand.ComposeFile(clock.instant(), file, sources, local)).entry().orElseThrow();
    }

    /**
     * Replaces {@code current}'s extended attributes in one Raft entry, applied only if the entry at its
     * path is still {@code current}.
     *
     * @return the stored entry, or empty when the entry changed since {@code current} was read
     * @throws HayloftException NOT_FOUND when the entry is gone; UNAVAILABLE without a leader
     */
    @Override
    public Optional<Entry> updateExtended(Entry current, Map<String, String> extended) {
        checkOpen();
        HayloftException.checkArgument(!current.path().isRoot(), "the root directory has no metadata");
        PartitionCommand.UpdateExtended command = new PartitionCommand.UpdateExtended(clock.instant(), current,
                current.withExtended(extended));
        try {
            return write(map.partitionOf(current.path()), command).entry();
        } catch (HayloftException e) {
            if (e.code() == ErrorCode.CONFLICT) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Completes a multipart upload atomically: stores {@code file} and removes every part entry (all in
     * {@code file}'s partition), which must all still exist.
     *
     * @throws HayloftException CONFLICT when a part is gone or a part is in another partition
     */
    public Entry completeMultipart(Entry file, List<FullPath> parts) {
        checkOpen();
        int p = map.partitionOf(file.path());
        parts.forEach(part -> samePartition(p, file.path(), part, "a part"));
        return write(p, new PartitionCommand.CompleteMultipart(clock.instant(), file, parts)).entry().orElseThrow();
    }

    @Override
    public int delete(FullPath path, boolean recursive) {
        checkOpen();
        HayloftException.checkArgument(!path.isRoot(), "cannot delete the root directory");
        refuseSpanning(path, "deleted");
        return (int) write(map.partitionOf(path), new PartitionCommand.Delete(clock.instant(), path, recursive)).count();
    }

    @Override
    public Entry rename(FullPath from, FullPath to) {
        checkOpen();
        HayloftException.checkArgument(!from.isRoot(), "cannot move the root directory");
        refuseSpanning(from, "moved");
        if (!to.isRoot()) {
            refuseSpanning(to, "a rename's target (name the new path in full)");
        }
        int p = map.partitionOf(from);
        FullPath target = to.isRoot() ? to.child(from.name()) : to;
        samePartition(p, from, target, "a rename target");
        return write(p, new PartitionCommand.Rename(clock.instant(), from, to)).entry().orElseThrow();
    }

    /** A bucket directory has children in every partition: it cannot be deleted or moved as one entry. */
    private static void refuseSpanning(FullPath path, String what) {
        if (PartitionMap.spansPartitions(path)) {
            throw new HayloftException(ErrorCode.CONFLICT, path + " has children in every partition (one bucket per"
                    + " partition key) and cannot be " + what + " in one step");
        }
    }

    private void samePartition(int p, FullPath anchor, FullPath other, String what) {
        int q = map.partitionOf(other);
        if (q != p) {
            throw new HayloftException(ErrorCode.CONFLICT, what + " in another partition is refused: " + anchor
                    + " is in partition " + p + ", " + other + " in partition " + q
                    + " (a change is atomic within one partition, a top-level directory)");
        }
    }

    @Override
    public List<PendingDeletion> pendingDeletions(long afterSequence, int limit) {
        checkOpen();
        HayloftException.checkArgument(limit >= 1, "limit must be at least 1");
        int first = afterSequence < 0 ? 0 : (int) (afterSequence >>> SEQUENCE_BITS);
        List<PendingDeletion> out = new ArrayList<>();
        for (int p = first; p < map.size() && out.size() < limit; p++) {
            long after = afterSequence >= 0 && p == first ? afterSequence & LOCAL_MASK : -1;
            for (PendingDeletion d : PartitionQuery.deletions(client(p).read(new PartitionQuery.Pending(after, limit - out.size())))) {
                out.add(new PendingDeletion(((long) p << SEQUENCE_BITS) | d.sequence(), d.fid(), d.enqueuedAt()));
            }
        }
        return out;
    }

    @Override
    public void completeDeletions(Collection<PendingDeletion> done) {
        checkOpen();
        Map<Integer, List<Long>> byPartition = done.stream().collect(Collectors.groupingBy(
                d -> (int) (d.sequence() >>> SEQUENCE_BITS), java.util.TreeMap::new,
                Collectors.mapping(d -> d.sequence() & LOCAL_MASK, Collectors.toList())));
        byPartition.forEach((p, seqs) -> {
            if (p < map.size()) {
                write(p, new PartitionCommand.CompleteDeletions(clock.instant(), seqs));
            }
        });
    }

    /** One change log per partition. */
    @Override
    public int changeLogs() {
        return map.size();
    }

    /** The partition of {@code path}, or -1 for the root and the bucket directories (in every partition). */
    @Override
    public int changeLogOf(FullPath path) {
        return PartitionMap.spansPartitions(path) ? -1 : map.partitionOf(path);
    }

    /**
     * The change log of partition {@code log}, read from its leader (linearizably): every change the
     * partition applied, in log order, whichever filer server sent it.
     */
    @Override
    public io.hayloft.filer.store.ChangePage changes(int log, long after, int limit) {
        checkOpen();
        HayloftException.checkArgument(log >= 0 && log < map.size(), "there are " + map.size()
                + " partitions: no change log " + log);
        HayloftException.checkArgument(limit >= 1, "limit must be at least 1");
        return PartitionQuery.changes(client(log).read(new PartitionQuery.Changes(after, limit)));
    }

    @Override
    public void recordUploadIntents(Collection<UploadIntent> intents) {
        checkOpen();
        byOwnerPartition(List.copyOf(intents)).forEach((p, list) ->
                write(p, new PartitionCommand.RecordIntents(clock.instant(), list)));
    }

    @Override
    public List<UploadIntent> uploadIntents(String owner, int limit) {
        checkOpen();
        HayloftException.checkArgument(limit >= 1, "limit must be at least 1");
        return PartitionQuery.intents(client(map.partitionOfOwner(owner)).read(new PartitionQuery.Intents(owner, limit)));
    }

    @Override
    public List<UploadIntent> uploadIntentsRecordedBefore(Instant cutoff, int limit) {
        checkOpen();
        HayloftException.checkArgument(limit >= 1, "limit must be at least 1");
        List<UploadIntent> out = new ArrayList<>();
        for (int p = 0; p < map.size() && out.size() < limit; p++) {
            out.addAll(PartitionQuery.intents(client(p).read(new PartitionQuery.IntentsBefore(cutoff, limit - out.size()))));
        }
        return out;
    }

    private Map<Integer, List<UploadIntent>> byOwnerPartition(List<UploadIntent> intents) {
        Map<Integer, List<UploadIntent>> out = new LinkedHashMap<>();
        for (UploadIntent i : intents) {
            out.computeIfAbsent(map.partitionOfOwner(i.owner()), k -> new ArrayList<>()).add(i);
        }
        return out;
    }

    private PartitionReply write(int partition, PartitionCommand command) {
        return client(partition).write(command);
    }

    private PartitionClient client(int partition) {
        return clients.get(partition);
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new HayloftException(ErrorCode.UNAVAILABLE, "the partitioned filer store is closed");
        }
    }

    /**
     * Closes the partition clients (not the replicas, which belong to their {@link PartitionServer}s), all
     * at once: Ratis closes a client's channels gracefully, waiting up to 5 s for each one's calls in flight
     * (to a leader that moved away, say), so one after another n such clients took up to n × 5 s.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            List<PartitionClient> all = new ArrayList<>(clients);
            all.addAll(retired);
            try (java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                all.forEach(c -> pool.execute(c::close));
            }
        }
    }
}
