package io.hayloft.filer.entry;

import io.hayloft.api.HayloftException;
import io.hayloft.api.Ttl;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One node of the namespace: a directory or a file, with its attributes. A file's bytes are either
 * inline ({@link #content()}, for small files) or in the ordered {@link #chunks()}, never both.
 *
 * @param path      where the entry lives
 * @param directory true for a directory
 * @param size      a file's length in bytes; 0 for a directory
 * @param mode      permission bits, e.g. {@code 0644}
 * @param uid       owner user id
 * @param gid       owner group id
 * @param mtime     last modification
 * @param crtime    creation
 * @param mime      MIME type, or empty
 * @param md5       MD5 of the whole content as lowercase hex, or empty (directories, and chunked files
 *                  written without one: see {@link #eTag()})
 * @param ttl       time to live of the content, {@link Ttl#NONE} for none
 * @param extended  user metadata, sorted by key
 * @param chunks    a file's chunks in offset order; empty for directories and inline files
 * @param content   a small file's bytes stored in the entry, or an empty array
 */
public record Entry(FullPath path, boolean directory, long size, int mode, int uid, int gid, Instant mtime,
                    Instant crtime, String mime, String md5, Ttl ttl, Map<String, String> extended,
                    List<FileChunk> chunks, byte[] content) {
    /** Default permission bits of a new directory. */
    public static final int DIRECTORY_MODE = 0755;
    /** Default permission bits of a new file. */
    public static final int FILE_MODE = 0644;

    public Entry {
        HayloftException.checkArgument(path != null, "entry path is required");
        HayloftException.checkArgument(mtime != null && crtime != null, "entry times are required");
        HayloftException.checkArgument(size >= 0, "entry size must not be negative");
        mime = mime == null ? "" : mime;
        md5 = md5 == null ? "" : md5;
        ttl = ttl == null ? Ttl.NONE : ttl;
        extended = extended == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(extended));
        chunks = chunks == null ? List.of()
                : chunks.stream().sorted(Comparator.comparingLong(FileChunk::offset)).toList();
        content = content == null ? new byte[0] : content;
        HayloftException.checkArgument(!directory || (chunks.isEmpty() && content.length == 0 && size == 0),
                "a directory has no content");
        HayloftException.checkArgument(chunks.isEmpty() || content.length == 0,
                "a file is either inline or chunked, not both");
        HayloftException.checkArgument(!chunks.isEmpty() || content.length == size,
                "inline content length " + content.length + " differs from size " + size);
    }

    /** A new directory at {@code path}, created at {@code now}. */
    public static Entry newDirectory(FullPath path, Instant now) {
        return new Entry(path, true, 0, DIRECTORY_MODE, 0, 0, now, now, "", "", Ttl.NONE, Map.of(), List.of(), null);
    }

    /** A new file at {@code path} whose bytes are {@code chunks}, created at {@code now}. */
    public static Entry newChunkedFile(FullPath path, Instant now, long size, String mime, String md5, Ttl ttl,
                                       List<FileChunk> chunks) {
        return new Entry(path, false, size, FILE_MODE, 0, 0, now, now, mime, md5, ttl, Map.of(), chunks, null);
    }

    /** A new file at {@code path} whose bytes are stored in the entry, created at {@code now}. */
    public static Entry newInlineFile(FullPath path, Instant now, String mime, String md5, Ttl ttl, byte[] content) {
        return new Entry(path, false, content.length, FILE_MODE, 0, 0, now, now, mime, md5, ttl, Map.of(), List.of(),
                content.clone());
    }

    /**
     * The file's entity tag, unquoted: its {@link #md5()} when the whole content's MD5 is known (inline files,
     * files of one chunk, and writes that asked for it, as the S3 gateway's do); otherwise, for a file of
     * several chunks, the MD5 of its chunks' eTags (each the CRC-32C hex the volume server gave, in offset
     * order, joined by nothing) followed by {@code -<chunk count>}, the shape S3 uses for multipart objects
     * and SeaweedFS for chunked files, so clients know it is no MD5 of the bytes. Empty for a directory.
     */
    public String eTag() {
        if (directory || !md5.isEmpty() || chunks.isEmpty()) {
            return md5;
        }
        MessageDigest digest = Md5.digest();
        for (FileChunk c : chunks) {
            digest.update(c.eTag().getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest()) + "-" + chunks.size();
    }

    /** The entry's name: the last segment of its path. */
    public String name() {
        return path.name();
    }

    /** True for a file whose bytes are stored in the entry itself. */
    public boolean isInline() {
        return !directory && chunks.isEmpty();
    }

    /** A copy moved to {@code newPath}, every other attribute kept. */
    public Entry withPath(FullPath newPath) {
        return new Entry(newPath, directory, size, mode, uid, gid, mtime, crtime, mime, md5, ttl, extended, chunks,
                content);
    }

    /** A copy with creation time {@code created} (kept across overwrites). */
    public Entry withCrtime(Instant created) {
        return new Entry(path, directory, size, mode, uid, gid, mtime, created, mime, md5, ttl, extended, chunks,
                content);
    }

    /** A copy with user metadata {@code metadata}. */
    public Entry withExtended(Map<String, String> metadata) {
        return new Entry(path, directory, size, mode, uid, gid, mtime, crtime, mime, md5, ttl, metadata, chunks,
                content);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Entry e && directory == e.directory && size == e.size && mode == e.mode && uid == e.uid
                && gid == e.gid && path.equals(e.path) && mtime.equals(e.mtime) && crtime.equals(e.crtime)
                && mime.equals(e.mime) && md5.equals(e.md5) && ttl.equals(e.ttl) && extended.equals(e.extended)
                && chunks.equals(e.chunks) && Arrays.equals(content, e.content);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, directory, size, mtime, md5, chunks) * 31 + Arrays.hashCode(content);
    }

    @Override
    public String toString() {
        return "Entry[" + path + (directory ? "/" : "") + " size=" + size + " chunks=" + chunks.size()
                + (isInline() && !directory ? " inline" : "") + "]";
    }
}
