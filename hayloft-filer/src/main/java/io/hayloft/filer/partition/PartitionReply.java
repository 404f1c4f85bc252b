package io.hayloft.filer.partition;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.filer.entry.Entry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What applying a {@link PartitionCommand} gave: an entry (the stored file, the moved entry, the
 * directory) and a count (entries removed), or the error every replica met applying it. An error is a
 * result, not a failure of the log: the command is in the log, applied as "changed nothing" everywhere.
 *
 * @param entry   the entry the command returns, if any
 * @param count   the command's count (0 when it has none)
 * @param error   the error's code, or null on success
 * @param message the error's message, or empty
 */
public record PartitionReply(Optional<Entry> entry, long count, ErrorCode error, String message) {
    /** A success. */
    static PartitionReply ok(Entry entry, long count) {
        return new PartitionReply(Optional.ofNullable(entry), count, null, "");
    }

    /** The error {@code e}. */
    static PartitionReply failed(HayloftException e) {
        return new PartitionReply(Optional.empty(), 0, e.code(), e.getMessage() == null ? "" : e.getMessage());
    }

    /** This reply's entry and count, or its error thrown as the {@link HayloftException} it was. */
    public PartitionReply orThrow() {
        if (error != null) {
            throw new HayloftException(error, message);
        }
        return this;
    }

    byte[] encode() {
        Wire.Out out = new Wire.Out();
        if (error != null) {
            return out.u8(1).str(error.name()).str(message).toBytes();
        }
        out.u8(0).bool(entry.isPresent());
        entry.ifPresent(out::entry);
        return out.i64(count).toBytes();
    }

    /** The replies of a {@link PartitionCommand.Batch}, in its commands' order, as one message. */
    static byte[] encodeAll(List<PartitionReply> replies) {
        Wire.Out out = new Wire.Out().i32(replies.size());
        replies.forEach(r -> out.bytes(r.encode()));
        return out.toBytes();
    }

    /** The replies {@link #encodeAll} wrote. */
    static List<PartitionReply> decodeAll(byte[] bytes) {
        Wire.In in = new Wire.In(bytes);
        int n = in.count();
        List<PartitionReply> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(decode(in.bytes()));
        }
        return out;
    }

    static PartitionReply decode(byte[] bytes) {
        Wire.In in = new Wire.In(bytes);
        if (in.u8() == 1) {
            ErrorCode code;
            String name = in.str();
            try {
                code = ErrorCode.valueOf(name);
            } catch (IllegalArgumentException e) {
                code = ErrorCode.INTERNAL;
            }
            return new PartitionReply(Optional.empty(), 0, code, in.str());
        }
        Optional<Entry> entry = in.bool() ? Optional.of(in.entry()) : Optional.empty();
        return new PartitionReply(entry, in.i64(), null, "");
    }
}
