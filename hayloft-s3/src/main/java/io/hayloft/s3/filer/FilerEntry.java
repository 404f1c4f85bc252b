package io.hayloft.s3.filer;

import java.time.Instant;
import java.util.Map;

/**
 * A filer entry as the gateway sees it (from the filer's {@code ?metadata=true} and listing JSON).
 *
 * @param path      absolute filer path
 * @param directory true for a directory
 * @param size      a file's length in bytes
 * @param mtime     last modification
 * @param mime      the stored MIME type, or empty
 * @param md5       MD5 of the content as lowercase hex, or empty
 * @param extended  user metadata as stored (key → value)
 * @param content   a small file's bytes when the filer keeps them in the entry and this access has them at
 *                  hand (in the filer's process: a GET then needs no second lookup); null otherwise. Shared,
 *                  never copied: nobody modifies it; not part of {@link #equals}
 */
public record FilerEntry(String path, boolean directory, long size, Instant mtime, String mime, String md5,
                         Map<String, String> extended, byte[] content) {
    public FilerEntry {
        mime = mime == null ? "" : mime;
        md5 = md5 == null ? "" : md5;
        extended = extended == null ? Map.of() : Map.copyOf(extended);
        if (content != null && (directory || content.length != size)) {
            throw new IllegalArgumentException("an entry's content must be a file's " + size + " bytes");
        }
    }

    /** An entry whose bytes are not at hand. */
    public FilerEntry(String path, boolean directory, long size, Instant mtime, String mime, String md5,
                      Map<String, String> extended) {
        this(path, directory, size, mtime, mime, md5, extended, null);
    }

    /** Equal entries hold the same attributes; {@link #content} is what one access has at hand, not the entry's. */
    @Override
    public boolean equals(Object o) {
        return o instanceof FilerEntry e && java.util.Objects.equals(path, e.path) && directory == e.directory
                && size == e.size && java.util.Objects.equals(mtime, e.mtime) && mime.equals(e.mime) && md5.equals(e.md5)
                && extended.equals(e.extended);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(path, directory, size, mtime, mime, md5, extended);
    }

    /** The last segment of the path. */
    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
