package io.hayloft.filer.partition;

import io.hayloft.api.HayloftException;
import io.hayloft.filer.entry.Entry;
import io.hayloft.filer.entry.FullPath;
import io.hayloft.filer.store.Mutation;
import io.hayloft.filer.store.UploadIntent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A write to a partition: one Raft log entry, applied by every replica in log order
 * ({@link PartitionStateMachine}). Every command carries the instant its client stamped it with
 * ({@link #at()}), so whatever it records (new directories' times, deletion-queue and intent times)
 * is the same bytes on every replica. Commands that read the tree before they change it (conditions,
 * renames, tree deletes) do so when applied, so they are atomic with respect to every other write to
 * the partition, whichever filer server sent it.
 *
 * <p>Encoding: a kind byte, the instant, then the kind's fields ({@link Wire}).
 */
public sealed interface PartitionCommand {
    /** When the client issued it; the clock of everything the command records. */
    Instant at();

    /** The command as one log entry's bytes. */
    byte[] encode();

    /** The command {@code bytes} hold. @throws HayloftException BAD_REQUEST when they are malformed */
    static PartitionCommand decode(byte[] bytes) {
        Wire.In in = new Wire.In(bytes);
        int kind = in.u8();
        Instant at = in.instant();
        return switch (kind) {
            case 1 -> new Mutate(at, readConditions(in), readMutation(in));
            case 2 -> new CommitFile(at, readConditions(in), in.entry(), in.intents());
            case 3 -> new Mkdirs(at, in.path());
            case 4 -> new Delete(at, in.path(), in.bool());
            case 5 -> new Rename(at, in.path(), in.path());
            case 6 -> new RecordIntents(at, in.intents());
            case 8 -> new CompleteMultipart(at, in.entry(), in.paths());
            case 10 -> new ComposeFile(at, in.entry(), in.entries(), in.intents());
            case 11 -> new UpdateExtended(at, in.entry(), in.entry());
            case 9 -> {
                int n = in.count();
                List<PartitionCommand> commands = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    commands.add(single(decode(in.bytes())));
                }
                yield new Batch(at, commands);
            }
            case 12 -> {
                int n = in.count();
                List<RequestId> ids = new ArrayList<>(n);
                List<PartitionCommand> commands = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    ids.add(RequestId.read(in));
                    commands.add(single(decode(in.bytes())));
                }
                yield new Requests(at, ids, commands);
            }
            case 7 -> {
                int n = in.count();
                List<Long> seqs = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    seqs.add(in.i64());
                }
                yield new CompleteDeletions(at, seqs);
            }
            default -> throw HayloftException.badRequest("unknown partition command kind " + kind);
        };
    }

    /** Applies {@code mutation} when every condition holds (raw changes, as {@code FilerStore.commit}). */
    record Mutate(Instant at, List<Condition> conditions, Mutation mutation) implements PartitionCommand {
        public Mutate {
            conditions = List.copyOf(conditions);
        }

        @Override
        public byte[] encode() {
            Wire.Out out = head(1, at);
            writeConditions(out, conditions);
            return writeMutation(out, mutation).toBytes();
        }
    }

    /**
     * Stores a file as the namespace's {@code commitFile} does (parents created, a replaced file's chunks
     * freed, the upload's intents claimed), when every condition holds.
     */
    record CommitFile(Instant at, List<Condition> conditions, Entry file, List<UploadIntent> intents)
            implements PartitionCommand {
        public CommitFile {
            conditions = List.copyOf(conditions);
            intents = List.copyOf(intents);
        }

        @Override
        public byte[] encode() {
            Wire.Out out = head(2, at);
            writeConditions(out, conditions);
            return out.entry(file).intents(intents).toBytes();
        }
    }

    /** {@code mkdir -p}. */
    record Mkdirs(Instant at, FullPath directory) implements PartitionCommand {
        @Override
        public byte[] encode() {
            return head(3, at).path(directory).toBytes();
        }
    }

    /** Deletes an entry, a directory with its whole subtree when {@code recursive}. */
    record Delete(Instant at, FullPath path, boolean recursive) implements PartitionCommand {
        @Override
        public byte[] encode() {
            return head(4, at).path(path).bool(recursive).toBytes();
        }
    }

    /** Moves a file or a whole directory, as the namespace's {@code rename}. */
    record Rename(Instant at, FullPath from, FullPath to) implements PartitionCommand {
        @Override
        public byte[] encode() {
            return head(5, at).path(from).path(to).toBytes();
        }
    }

    /**
     * Completes a multipart upload in one step: stores {@code file} (whose chunks are the parts'),
     * creating missing parents, and deletes every part entry, which must all still be there (CONFLICT
     * otherwise). Chunks of a replaced file and of parts that the file does not use are freed.
     */
    record CompleteMultipart(Instant at, Entry file, List<FullPath> parts) implements PartitionCommand {
        public CompleteMultipart {
            parts = List.copyOf(parts);
        }

        @Override
        public byte[] encode() {
            return head(8, at).entry(file).paths(parts).toBytes();
        }
    }

    /**
     * Stores {@code file}, made of the {@code sources}' chunks, and removes the sources, as the
     * namespace's {@code composeFile}: every source must still be stored exactly as given (CONFLICT
     * otherwise, nothing changed); a replaced file's chunks and the intents' unused fids are freed, the
     * intents claimed.
     */
    record ComposeFile(Instant at, Entry file, List<Entry> sources, List<UploadIntent> intents)
            implements PartitionCommand {
        public ComposeFile {
            sources = List.copyOf(sources);
            intents = List.copyOf(intents);
        }

        @Override
        public byte[] encode() {
            return head(10, at).entry(file).entries(sources).intents(intents).toBytes();
        }
    }

    /**
     * Stores {@code updated} (the entry with new extended attributes) when the entry at its path is still
     * exactly {@code expected}; CONFLICT otherwise, nothing changed.
     */
    record UpdateExtended(Instant at, Entry expected, Entry updated) implements PartitionCommand {
        public UpdateExtended {
            HayloftException.checkArgument(expected.path().equals(updated.path()),
                    "an extended-attribute update keeps the entry's path");
        }

        @Override
        public byte[] encode() {
            return head(11, at).entry(expected).entry(updated).toBytes();
        }
    }

    /**
     * Several commands from concurrent callers in one log entry (the client's group commit: one Raft
     * round and one log sync for all of them), applied one after the other, each with its own reply
     * ({@link PartitionReply#encodeAll}). A failing command does not stop the others.
     */
    record Batch(Instant at, List<PartitionCommand> commands) implements PartitionCommand {
        public Batch {
            commands = List.copyOf(commands);
        }

        @Override
        public byte[] encode() {
            Wire.Out out = head(9, at).i32(commands.size());
            commands.forEach(c -> out.bytes(c.encode()));
            return out.toBytes();
        }
    }

    /**
     * Named writes of several filer servers in one log entry: the leader's group commit
     * ({@link LeaderGroupCommit}), applied like a {@link Batch}, each reply also remembered under its id
     * ({@link RecentRequests}) so that a write retried after a leader change is answered, not applied again.
     *
     * <p>Encoding after the kind byte and the instant: an i32 count, then per write its id (three i64:
     * client id high and low, call number) and the command's own encoding as a byte array.
     */
    record Requests(Instant at, List<RequestId> ids, List<PartitionCommand> commands) implements PartitionCommand {
        public Requests {
            ids = List.copyOf(ids);
            commands = List.copyOf(commands);
            HayloftException.checkArgument(ids.size() == commands.size(), "one id per command");
        }

        /** The entry's bytes from the commands' own encodings (encoded once, when they were queued). */
        static byte[] encode(Instant at, List<RequestId> ids, List<byte[]> encodedCommands) {
            Wire.Out out = head(12, at).i32(ids.size());
            for (int i = 0; i < ids.size(); i++) {
                ids.get(i).write(out);
                out.bytes(encodedCommands.get(i));
            }
            return out.toBytes();
        }

        @Override
        public byte[] encode() {
            return encode(at, ids, commands.stream().map(PartitionCommand::encode).toList());
        }
    }

    /** Records upload intents, stamped {@link #at()}. */
    record RecordIntents(Instant at, List<UploadIntent> intents) implements PartitionCommand {
        public RecordIntents {
            intents = List.copyOf(intents);
        }

        @Override
        public byte[] encode() {
            return head(6, at).intents(intents).toBytes();
        }
    }

    /** Removes finished deletions by their sequence numbers within the partition. */
    record CompleteDeletions(Instant at, List<Long> sequences) implements PartitionCommand {
        public CompleteDeletions {
            sequences = List.copyOf(sequences);
        }

        @Override
        public byte[] encode() {
            Wire.Out out = head(7, at).i32(sequences.size());
            sequences.forEach(out::i64);
            return out.toBytes();
        }
    }

    private static PartitionCommand single(PartitionCommand c) {
        HayloftException.checkArgument(!(c instanceof Batch) && !(c instanceof Requests), "a batch inside a batch");
        return c;
    }

    private static Wire.Out head(int kind, Instant at) {
        return new Wire.Out().u8(kind).instant(at);
    }

    private static void writeConditions(Wire.Out out, List<Condition> conditions) {
        out.i32(conditions.size());
        for (Condition c : conditions) {
            out.u8(c.kind().ordinal()).path(c.path()).bytes(c.expected());
        }
    }

    private static List<Condition> readConditions(Wire.In in) {
        int n = in.count();
        List<Condition> out = new ArrayList<>(n);
        Condition.Kind[] kinds = Condition.Kind.values();
        for (int i = 0; i < n; i++) {
            int k = in.u8();
            HayloftException.checkArgument(k < kinds.length, "unknown condition kind " + k);
            out.add(new Condition(kinds[k], in.path(), in.bytes()));
        }
        return out;
    }

    private static Wire.Out writeMutation(Wire.Out out, Mutation m) {
        return out.paths(m.deletes()).entries(m.puts()).fids(m.enqueuedDeletions())
                .intents(m.clearedUploadIntents()).intents(m.claimedUploadIntents());
    }

    private static Mutation readMutation(Wire.In in) {
        Mutation m = new Mutation();
        in.paths().forEach(m::delete);
        in.entries().forEach(m::put);
        m.enqueueDeletion(in.fids());
        m.clearUploadIntents(in.intents());
        m.claimUploadIntents(in.intents());
        return m;
    }
}
