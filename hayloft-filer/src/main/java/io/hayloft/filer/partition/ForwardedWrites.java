package io.hayloft.filer.partition;

import io.hayloft.api.HayloftException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a filer server hands to a partition's leader for its group commit ({@link LeaderGroupCommit}),
 * so that the writes of every filer server to a partition share log entries. Carried by Ratis's
 * read-only, non-linearizable request (sent to the leader, answered by its state machine's
 * {@code query} without a log entry of its own); the leader puts the writes in its next entries and
 * answers once they are applied.
 *
 * <p>Request, after the kind byte {@value #KIND} (no {@link PartitionQuery} kind uses it): an i32 count,
 * then per write its {@link RequestId} (three i64) and the command's encoding as a byte array. Answer: an
 * i32 count, then per write a u8 status: 0 = applied, followed by the {@link PartitionReply} as a byte
 * array; 1 = not applied by this leader (it lost its leadership, or its entry failed) and safe to send
 * again with the same id, followed by the reason as a string.
 */
final class ForwardedWrites {
    /** The first byte of a forwarded-writes message. */
    static final int KIND = 0x7f;

    private ForwardedWrites() {
    }

    /** One named write. */
    record Write(RequestId id, byte[] command) {
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
            out.bytes(w.command());
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
            out.add(new Write(RequestId.read(in), in.bytes()));
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
