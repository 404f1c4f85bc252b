package io.hayloft.storage;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.Ttl;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * A needle to write, or as read back from a volume. Its byte layout on disk is documented in
 * {@link NeedleCodec}.
 *
 * <p>Immutable, with one caveat for speed: the {@code data} array is shared, not copied (needles can
 * be megabytes), so callers must treat it as read-only once a needle is built. Equality compares
 * the data by content. {@code pairs} is copied into an unmodifiable map sorted by key.
 *
 * @param key          the needle key (unsigned 64 bits)
 * @param cookie       random 32 bits that must match on read and delete
 * @param data         the file contents, never null
 * @param name         the file name, {@code ""} if none; at most {@value #MAX_NAME_BYTES} bytes UTF-8
 * @param mime         the MIME type, {@code ""} if none; at most {@value #MAX_MIME_BYTES} bytes UTF-8
 * @param lastModified epoch seconds, 0 if unset
 * @param ttl          the needle's own time to live, {@link Ttl#NONE} to inherit the volume's
 * @param pairs        user key/value pairs, empty if none; at most {@value #MAX_PAIRS_BYTES} bytes encoded
 * @param checksum     CRC-32C of {@code data}
 * @param appendAtNs   when the volume appended it (epoch nanoseconds); 0 before it is written
 */
public record Needle(long key, int cookie, byte[] data, String name, String mime, long lastModified, Ttl ttl,
                     Map<String, String> pairs, int checksum, long appendAtNs) {
    /** Longest file name, in UTF-8 bytes. */
    public static final int MAX_NAME_BYTES = 255;
    /** Longest MIME type, in UTF-8 bytes. */
    public static final int MAX_MIME_BYTES = 255;
    /** Largest encoding of {@link #pairs()}, in bytes (see {@link NeedleCodec}). */
    public static final int MAX_PAIRS_BYTES = 0xFFFF;

    private static final HexFormat HEX = HexFormat.of();

    /**
     * Validates every field.
     *
     * @throws HayloftException {@code BAD_REQUEST} if data is null, a text field is too long, a pair
     *                          has an empty key or a null, the pairs are too large, or a time is negative
     */
    public Needle {
        HayloftException.checkArgument(data != null, "needle data is required");
        name = name == null ? "" : name;
        mime = mime == null ? "" : mime;
        ttl = ttl == null ? Ttl.NONE : ttl;
        HayloftException.checkArgument(utf8Length(name) <= MAX_NAME_BYTES,
                "file name is longer than " + MAX_NAME_BYTES + " bytes");
        HayloftException.checkArgument(utf8Length(mime) <= MAX_MIME_BYTES,
                "mime type is longer than " + MAX_MIME_BYTES + " bytes");
        HayloftException.checkArgument(lastModified >= 0, "last modified must not be negative");
        HayloftException.checkArgument(appendAtNs >= 0, "append time must not be negative");
        pairs = copyPairs(pairs);
        HayloftException.checkArgument(NeedleCodec.pairsLength(pairs) <= MAX_PAIRS_BYTES,
                "needle pairs are larger than " + MAX_PAIRS_BYTES + " bytes encoded");
    }

    /**
     * A needle with just key, cookie and data; its checksum is computed here, other fields are empty.
     *
     * @throws HayloftException {@code BAD_REQUEST} if data is null
     */
    public static Needle of(long key, int cookie, byte[] data) {
        HayloftException.checkArgument(data != null, "needle data is required");
        return new Needle(key, cookie, data, "", "", 0, Ttl.NONE, Map.of(), crc32c(data), 0);
    }

    /** Returns a copy with the file name (see {@link #name()} for limits). */
    public Needle withName(String name) {
        return new Needle(key, cookie, data, name, mime, lastModified, ttl, pairs, checksum, appendAtNs);
    }

    /** Returns a copy with the MIME type (see {@link #mime()} for limits). */
    public Needle withMime(String mime) {
        return new Needle(key, cookie, data, name, mime, lastModified, ttl, pairs, checksum, appendAtNs);
    }

    /** Returns a copy with the last-modified time in epoch seconds (0 for unset). */
    public Needle withLastModified(long epochSeconds) {
        return new Needle(key, cookie, data, name, mime, epochSeconds, ttl, pairs, checksum, appendAtNs);
    }

    /** Returns a copy with its own TTL ({@link Ttl#NONE} inherits the volume's). */
    public Needle withTtl(Ttl ttl) {
        return new Needle(key, cookie, data, name, mime, lastModified, ttl, pairs, checksum, appendAtNs);
    }

    /** Returns a copy with the key/value pairs. */
    public Needle withPairs(Map<String, String> pairs) {
        return new Needle(key, cookie, data, name, mime, lastModified, ttl, pairs, checksum, appendAtNs);
    }

    Needle withAppendAtNs(long appendAtNs) {
        return new Needle(key, cookie, data, name, mime, lastModified, ttl, pairs, checksum, appendAtNs);
    }

    /** Returns the checksum as exactly 8 lowercase hex digits, the HTTP ETag (unquoted). */
    public String eTag() {
        return HEX.toHexDigits(checksum);
    }

    /** Returns the length of {@link #data()} in bytes. */
    public int dataSize() {
        return data.length;
    }

    /** Returns the CRC-32C of the bytes. */
    public static int crc32c(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length);
        return (int) crc.getValue();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Needle n && key == n.key && cookie == n.cookie && lastModified == n.lastModified
                && checksum == n.checksum && appendAtNs == n.appendAtNs && Arrays.equals(data, n.data)
                && name.equals(n.name) && mime.equals(n.mime) && ttl.equals(n.ttl) && pairs.equals(n.pairs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, cookie, Arrays.hashCode(data), name, mime, lastModified, ttl, pairs, checksum,
                appendAtNs);
    }

    @Override
    public String toString() {
        return "Needle[key=" + Long.toUnsignedString(key, 16) + ", cookie=" + HEX.toHexDigits(cookie)
                + ", dataSize=" + data.length + ", name=" + name + ", mime=" + mime + ", lastModified="
                + lastModified + ", ttl=" + ttl + ", pairs=" + pairs.size() + ", eTag=" + eTag()
                + ", appendAtNs=" + appendAtNs + "]";
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static Map<String, String> copyPairs(Map<String, String> pairs) {
        if (pairs == null || pairs.isEmpty()) {
            return Map.of();
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, String> e : pairs.entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty() || e.getValue() == null) {
                throw new HayloftException(ErrorCode.BAD_REQUEST, "needle pairs need non-empty keys and non-null values");
            }
            sorted.put(e.getKey(), e.getValue());
        }
        return Collections.unmodifiableMap(sorted);
    }
}
