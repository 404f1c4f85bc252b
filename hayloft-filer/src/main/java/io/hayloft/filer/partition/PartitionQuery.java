package io.hayloft.filer.partition;

import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import io.hayloft.filer.entry.Entry;
import io.hayloft.filer.entry.FullPath;
import io.hayloft.filer.store.Change;
import io.hayloft.filer.store.ChangePage;
import io.hayloft.filer.store.FilerStore;
import io.hayloft.filer.store.PendingDeletion;
import io.hayloft.filer.store.UploadIntent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A read of a partition, answered by a replica's state machine from its store. Sent through Raft's
 * read-only path, it is linearizable (ReadIndex: the answer reflects every write acknowledged before it
 * was sent). Encoding: a kind byte then the kind's fields ({@link Wire}); answers are lists of entries,
 * deletions or intents.
 */
sealed interface PartitionQuery {
    /** The query as a message's bytes. */
    byte[] encode();

    /** Answers this query from {@code store} (the replica's local state). */
    byte[] answer(FilerStore store);

    static PartitionQuery decode(byte[] bytes) {
        Wire.In in = new Wire.In(bytes);
        int kind = in.u8();
        return switch (kind) {
            case 1 -> new Find(in.path());
            case 2 -> new ListChildren(in.path(), in.str(), in.bool(), in.i32());
            case 3 -> new Pending(in.i64(), in.i32());
            case 4 -> new Intents(in.str(), in.i32());
            case 5 -> new IntentsBefore(in.instant(), in.i32());
            case 6 -> new Changes(in.i64(), in.i32());
            default -> throw HayloftException.badRequest("unknown partition query kind " + kind);
        };
    }

    /** The entry at a path: an answer of zero or one entries. */
    record Find(FullPath path) implements PartitionQuery {
        @Override
        public byte[] encode() {
            return new Wire.Out().u8(1).path(path).toBytes();
        }

        @Override
        public byte[] answer(FilerStore store) {
            return new Wire.Out().entries(store.find(path).stream().toList()).toBytes();
        }
    }

    /** A page of a directory's children. */
    record ListChildren(FullPath directory, String start, boolean inclusive, int limit) implements PartitionQuery {
        @Override
        public byte[] encode() {
            return new Wire.Out().u8(2).path(directory).str(start).bool(inclusive).i32(limit).toBytes();
        }

        @Override
        public byte[] answer(FilerStore store) {
            return new Wire.Out().entries(store.list(directory, start, inclusive, limit)).toBytes();
        }
    }

    /** Pending deletions after a sequence (within the partition). */
    record Pending(long afterSequence, int limit) implements PartitionQuery {
        @Override
        public byte[] encode() {
            return new Wire.Out().u8(3).i64(afterSequence).i32(limit).toBytes();
        }

        @Override
        public byte[] answer(FilerStore store) {
            List<PendingDeletion> page = store.pendingDeletions(afterSequence, limit);
            Wire.Out out = new Wire.Out().i32(page.size());
            page.forEach(d -> out.i64(d.sequence()).str(d.fid().toString()).instant(d.enqueuedAt()));
            return out.toBytes();
        }
    }

    /** One owner's upload intents. */
    record Intents(String owner, int limit) implements PartitionQuery {
        @Override
        public byte[] encode() {
            return new Wire.Out().u8(4).str(owner).i32(limit).toBytes();
        }

        @Override
        public byte[] answer(FilerStore store) {
            return new Wire.Out().intents(store.uploadIntents(owner, limit)).toBytes();
        }
    }

    /** Upload intents recorded before a cutoff. */
    record IntentsBefore(Instant cutoff, int limit) implements PartitionQuery {
        @Override
        public byte[] encode() {
            return new Wire.Out().u8(5).instant(cutoff).i32(limit).toBytes();
        }

        @Override
        public byte[] answer(FilerStore store) {
            return new Wire.Out().intents(store.uploadIntentsRecordedBefore(cutoff, limit)).toBytes();
        }
    }

    /**
     * A page of the partition's change log after a sequence. Answer: i64 oldest, i64 latest, i32 count,
     * then per change i64 sequence, u8 kind (0 put, 1 delete), bool directory, path.
     */
    record Changes(long after, int limit) implements PartitionQuery {
        @Override
        public byte[] encode() {
            return new Wire.Out().u8(6).i64(after).i32(limit).toBytes();
        }

        @Override
        public byte[] answer(FilerStore store) {
            ChangePage page = store.changes(0, after, limit);
            Wire.Out out = new Wire.Out().i64(page.oldest()).i64(page.latest()).i32(page.changes().size());
            page.changes().forEach(c -> out.i64(c.sequence()).u8(c.kind().ordinal()).bool(c.directory()).path(c.path()));
            return out.toBytes();
        }
    }

    static ChangePage changes(byte[] answer) {
        Wire.In in = new Wire.In(answer);
        long oldest = in.i64();
        long latest = in.i64();
        int n = in.count();
        List<Change> out = new ArrayList<>(n);
        Change.Kind[] kinds = Change.Kind.values();
        for (int i = 0; i < n; i++) {
            long seq = in.i64();
            int kind = in.u8();
            HayloftException.checkArgument(kind < kinds.length, "unknown change kind " + kind);
            boolean directory = in.bool();
            out.add(new Change(seq, kinds[kind], in.path(), directory));
        }
        return new ChangePage(out, oldest, latest);
    }

    static List<Entry> entries(byte[] answer) {
        return new Wire.In(answer).entries();
    }

    static List<UploadIntent> intents(byte[] answer) {
        return new Wire.In(answer).intents();
    }

    static List<PendingDeletion> deletions(byte[] answer) {
        Wire.In in = new Wire.In(answer);
        int n = in.count();
        List<PendingDeletion> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long seq = in.i64();
            FileId fid = FileId.parse(in.str());
            out.add(new PendingDeletion(seq, fid, in.instant()));
        }
        return out;
    }
}
