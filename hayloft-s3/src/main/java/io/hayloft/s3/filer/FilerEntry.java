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
 */
public record FilerEntry(String path, boolean directory, long size, Instant mtime, String mime, String md5,
                         Map<String, String> extended) {
    public FilerEntry {
        mime = mime == null ? "" : mime;
        md5 = md5 == null ? "" : md5;
        extended = extended == null ? Map.of() : Map.copyOf(extended);
    }

    /** The last segment of the path. */
    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
