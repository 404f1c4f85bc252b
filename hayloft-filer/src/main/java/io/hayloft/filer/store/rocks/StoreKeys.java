package io.hayloft.filer.store.rocks;

import io.hayloft.filer.entry.FullPath;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The RocksDB key layout. All keys live in the default column family and start with a one-byte kind:
 * <pre>
 *   entry key           0x01 | UTF-8(parent directory path) | 0x00 | UTF-8(name)
 *   deletion queue key  0x02 | sequence (u64, big-endian)
 *   upload intent key   0x03 | UTF-8(owner) | 0x00 | UTF-8(fid, e.g. "3,01637037d6")
 *   change log key      0x04 | sequence (u64, big-endian)      value: {@link io.hayloft.filer.store.Change}
 *   batch mark          0x7F 'm'   (a replica's last applied log position, opaque to the store)
 * </pre>
 * An upload intent's value is its recording time: i64 epoch milliseconds, big-endian.
 * Paths never contain NUL ({@link FullPath} rejects it), so {@code 0x01 | dir | 0x00} is exactly the
 * prefix shared by a directory's children and by nothing else: a listing is a prefix scan, and
 * RocksDB's bytewise order makes it ascending by the names' UTF-8 bytes. The root's children have
 * parent {@code "/"}; the root itself is never stored. Big-endian sequences sort the queue in order.
 */
final class StoreKeys {
    static final byte ENTRY = 0x01;
    static final byte DELETION = 0x02;
    static final byte INTENT = 0x03;
    static final byte CHANGE = 0x04;
    /** The one key of kind 0x7F: the mark of the last marked batch ({@code RocksFilerStore.markBatches}). */
    static final byte[] MARK = {0x7F, 'm'};
    private static final byte SEPARATOR = 0x00;

    private StoreKeys() {
    }

    /** The key of the entry at {@code path} (not the root). */
    static byte[] entry(FullPath path) {
        return entry(path.parent(), path.name());
    }

    /** The key of child {@code name} of {@code directory}; an empty name gives the listing prefix. */
    static byte[] entry(FullPath directory, String name) {
        byte[] dir = directory.value().getBytes(StandardCharsets.UTF_8);
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] key = new byte[2 + dir.length + n.length];
        key[0] = ENTRY;
        System.arraycopy(dir, 0, key, 1, dir.length);
        key[1 + dir.length] = SEPARATOR;
        System.arraycopy(n, 0, key, 2 + dir.length, n.length);
        return key;
    }

    /** The prefix every child of {@code directory} shares. */
    static byte[] childrenPrefix(FullPath directory) {
        return entry(directory, "");
    }

    /** The path an entry key names. */
    static FullPath pathOf(byte[] key) {
        int sep = 1;
        while (key[sep] != SEPARATOR) {
            sep++;
        }
        String dir = new String(key, 1, sep - 1, StandardCharsets.UTF_8);
        String name = new String(key, sep + 1, key.length - sep - 1, StandardCharsets.UTF_8);
        return new FullPath(dir).child(name);
    }

    static byte[] deletion(long sequence) {
        return ByteBuffer.allocate(9).put(DELETION).putLong(sequence).array();
    }

    static byte[] change(long sequence) {
        return ByteBuffer.allocate(9).put(CHANGE).putLong(sequence).array();
    }

    static long sequenceOf(byte[] key) {
        return ByteBuffer.wrap(key, 1, 8).getLong();
    }

    /** The key of upload intent {@code intent}. */
    static byte[] intent(io.hayloft.filer.store.UploadIntent intent) {
        return concat(intentPrefix(intent.owner()), intent.fid().toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The prefix every upload intent of {@code owner} shares. */
    static byte[] intentPrefix(String owner) {
        byte[] o = owner.getBytes(StandardCharsets.UTF_8);
        byte[] key = new byte[2 + o.length];
        key[0] = INTENT;
        System.arraycopy(o, 0, key, 1, o.length);
        key[1 + o.length] = SEPARATOR;
        return key;
    }

    /** The fid text of an upload intent key whose owner prefix is {@code prefixLength} bytes long. */
    static String intentFid(byte[] key, int prefixLength) {
        return new String(key, prefixLength, key.length - prefixLength, StandardCharsets.UTF_8);
    }

    /** The upload intent of key {@code key} (an {@link #INTENT} key). */
    static io.hayloft.filer.store.UploadIntent intentOf(byte[] key) {
        int sep = 1;
        while (key[sep] != SEPARATOR) {
            sep++;
        }
        String owner = new String(key, 1, sep - 1, StandardCharsets.UTF_8);
        return new io.hayloft.filer.store.UploadIntent(owner,
                io.hayloft.api.FileId.parse(intentFid(key, sep + 1)));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static boolean hasPrefix(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }
}
