package io.hayloft.filer.store;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.filer.entry.FullPath;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One change to the tree as a store's change log records it ({@link FilerStore#changes}): an entry put
 * (created or replaced) or deleted, at its sequence number in its log.
 *
 * <p>Encoding (the value stored under the sequence number), version 1:
 * <pre>
 *   u8 version (1) | u8 kind (1 put, 2 delete) | u8 directory (0 or 1) | UTF-8 path (the rest)
 * </pre>
 *
 * @param sequence  its place in its log, ascending from 0
 * @param kind      put or delete
 * @param path      the entry's path
 * @param directory whether the entry is (for a delete: was) a directory; false for a delete of a path
 *                  whose kind was not known
 */
public record Change(long sequence, Kind kind, FullPath path, boolean directory) {
    private static final int VERSION = 1;

    /** What happened to the entry. */
    public enum Kind {
        /** Created or replaced. */
        PUT,
        /** Removed. */
        DELETE
    }

    /** The stored form of a change (its sequence is the key). */
    public static byte[] encode(Kind kind, FullPath path, boolean directory) {
        byte[] p = path.value().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(3 + p.length).put((byte) VERSION).put((byte) (kind == Kind.PUT ? 1 : 2))
                .put((byte) (directory ? 1 : 0)).put(p).array();
    }

    /**
     * The change stored as {@code value} at {@code sequence}.
     *
     * @throws HayloftException CORRUPT for an unknown version or kind
     */
    public static Change decode(long sequence, byte[] value) {
        if (value.length < 3 || value[0] != VERSION || value[1] < 1 || value[1] > 2) {
            throw new HayloftException(ErrorCode.CORRUPT, "change " + sequence + ": unknown format");
        }
        return new Change(sequence, value[1] == 1 ? Kind.PUT : Kind.DELETE,
                new FullPath(new String(value, 3, value.length - 3, StandardCharsets.UTF_8)), value[2] == 1);
    }
}
