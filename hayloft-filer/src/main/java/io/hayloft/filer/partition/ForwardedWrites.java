package io.hayloft.filer.partition;

import io.hayloft.api.HayloftException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a filer server hands to the filer server leading their partitions, for the partitions' group
 * commits ({@link LeaderGroupCommit}), so that the writes of every filer server to a partition share
 * log entries. One message carries writes to every partition the destination leads (as the sender
 * knows it), so a sender makes one call per destination, not one per partition. Carried by Ratis's
 * read-only, non-linearizable request to the leader of the first write's partition (answered by that
 * replica's state machine's {@code query}, without a log entry of its own); the destination hands each
 * write to the group commit of its partition when its replica there leads and is ready, and answers
 * once they are applied; a write of a partition it does not lead is answered "send again".
 *
 * <p>Request, after the kind byte {@value #KIND} (no {@link PartitionQuery} kind uses it): an i32 count,
 * then per write its {@link RequestId} (three i64), its partition (i32) and the command's encoding as a
 * byte array. Answer: an
 * i32 count, then per write a u8 status: 0 = applied, followed by the {@link PartitionReply} as a byte
 * array; 1 = not applied by this leader (it lost its leadership, or its entry failed) and safe to send
 * again with the same id, followed by the reason as a string.
 */
final class ForwardedWrites {
    /** The first byte of a forwarded-writes message. */
    static final int KIND = 0x7f;

    private ForwardedWrites() {
    }

    /** One named write to partition {@code partition}. */
    record Write(RequestId id, int partition, byte[] command) {
    }

    /** What became of one write: its reply, or the reason to send it again. */
    record Outcome(PartitionReply reply, String retry) {
        static Outcome applied(PartitionReply reply) {
            return new Outcome(reply, null);
        }

        static Outcome sendAgain(String why) {
            return new Outcome(null, why == null ? "not applied" : why);
        }

        boolean retryable() {
            return retry != null;
        }
    }

    static boolean isForward(byte[] message) {
        return message.length > 0 && (message[0] & 0xff) == KIND;
    }

    static byte[] encode(List<Write> writes) {
        Wire.Out out = new Wire.Out().u8(KIND).i32(writes.size());
        for (Write w : writes) {
            w.id().write(out);
            out.i32(w.partition()).bytes(w.command());
        }
        return out.toBytes();
    }

    /** @throws HayloftException BAD_REQUEST when the message is malformed */
    static List<Write> decode(byte[] message) {
        Wire.In in = new Wire.In(message);
        HayloftException.checkArgument(in.u8() == KIND, "not a forwarded write");
        int n = in.count();
        List<Write> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            RequestId id = RequestId.read(in);
            int partition = in.i32();
            HayloftException.checkArgument(partition >= 0, "a partition number is not negative");
            out.add(new Write(id, partition, in.bytes()));
        }
        return out;
    }

    static byte[] encodeOutcomes(List<Outcome> outcomes) {
        Wire.Out out = new Wire.Out().i32(outcomes.size());
        for (Outcome o : outcomes) {
            if (o.retryable()) {
                out.u8(1).str(o.retry().length() > 1000 ? o.retry().substring(0, 1000) : o.retry());
            } else {
                out.u8(0).bytes(o.reply().encode());
            }
        }
        return out.toBytes();
    }

    static List<Outcome> decodeOutcomes(byte[] answer) {
        Wire.In in = new Wire.In(answer);
        int n = in.count();
        List<Outcome> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(in.u8() == 0 ? Outcome.applied(PartitionReply.decode(in.bytes())) : Outcome.sendAgain(in.str()));
        }
        return out;
    }
}
