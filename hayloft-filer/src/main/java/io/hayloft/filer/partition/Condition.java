package io.hayloft.filer.partition;

import io.hayloft.api.HayloftException;
import io.hayloft.filer.entry.Entry;
import io.hayloft.filer.entry.FullPath;
import io.hayloft.filer.store.EntryCodec;
import java.util.Arrays;
import java.util.Optional;

/**
 * A precondition a partition checks when it applies a write, against the state every replica has at
 * that log position: when one does not hold, the write changes nothing and fails with CONFLICT (the
 * same on every replica, so the replicas never diverge).
 *
 * @param kind     what is checked
 * @param path     the entry checked
 * @param expected the ETag ({@link Kind#ETAG}) or the encoded entry ({@link Kind#SAME}); empty otherwise
 */
public record Condition(Kind kind, FullPath path, byte[] expected) {
    /** The kinds of precondition. */
    public enum Kind {
        /** Nothing is stored at the path (create-if-absent). */
        ABSENT,
        /** An entry is stored at the path. */
        PRESENT,
        /** The entry at the path has this ETag (update-if-ETag-matches). */
        ETAG,
        /** The entry at the path is exactly this one (a read-modify-write that nobody raced). */
        SAME
    }

    public Condition {
        HayloftException.checkArgument(kind != null && path != null && !path.isRoot(),
                "a condition needs a kind and a path below the root");
        expected = expected == null ? new byte[0] : expected.clone();
    }

    /** Nothing may be stored at {@code path}. */
    public static Condition absent(FullPath path) {
        return new Condition(Kind.ABSENT, path, null);
    }

    /** Something must be stored at {@code path}. */
    public static Condition present(FullPath path) {
        return new Condition(Kind.PRESENT, path, null);
    }

    /** The entry at {@code path} must have ETag {@code eTag}. */
    public static Condition eTag(FullPath path, String eTag) {
        return new Condition(Kind.ETAG, path, eTag.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The entry at its path must still be {@code entry}, attribute for attribute. */
    public static Condition same(Entry entry) {
        return new Condition(Kind.SAME, entry.path(), EntryCodec.encode(entry));
    }

    /**
     * Checks this condition against {@code current}, the entry stored at {@link #path()} now.
     *
     * @throws HayloftException CONFLICT, naming the path, when it does not hold
     */
    public void check(Optional<Entry> current) {
        boolean holds = switch (kind) {
            case ABSENT -> current.isEmpty();
            case PRESENT -> current.isPresent();
            case ETAG -> current.isPresent() && current.get().eTag().equals(
                    new String(expected, java.nio.charset.StandardCharsets.UTF_8));
            case SAME -> current.isPresent() && Arrays.equals(EntryCodec.encode(current.get()), expected);
        };
        if (!holds) {
            throw new HayloftException(io.hayloft.api.ErrorCode.CONFLICT, switch (kind) {
                case ABSENT -> path + " already exists";
                case PRESENT -> path + ": no such file or directory";
                case ETAG -> path + (current.isEmpty() ? " does not exist" : " has ETag " + current.get().eTag())
                        + ", not " + new String(expected, java.nio.charset.StandardCharsets.UTF_8);
                case SAME -> path + " changed meanwhile";
            });
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Condition c && c.kind == kind && c.path.equals(path) && Arrays.equals(c.expected, expected);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * kind.hashCode() + path.hashCode()) + Arrays.hashCode(expected);
    }

    @Override
    public String toString() {
        return kind + " " + path;
    }
}
