package io.hayloft.api.wire;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * One filer entry as {@code GET /<path>?metadata=true} answers it and a listing's {@code Entries}
 * hold it, field for field as SeaweedFS's filer writes it (Go field names): {@code Md5} is base64 of
 * the raw digest, {@code Mode} carries Go's directory bit ({@link #GO_MODE_DIR}), times are RFC 3339.
 * The filer writes it and {@code FilerClient} reads it.
 *
 * @param chunks the chunks holding the content, in offset order (empty for inline files and directories)
 * @param eTag   the file's entity tag, unquoted (Hayloft's addition): {@code Md5} as hex when the filer has
 *               the whole MD5, else derived from the chunks ({@code <md5>-<chunk count>}); empty for a
 *               directory
 */
public record FilerEntryJson(@JsonProperty("FullPath") String fullPath, @JsonProperty("Mtime") String mtime,
                             @JsonProperty("Crtime") String crtime, @JsonProperty("Mode") long mode,
                             @JsonProperty("Uid") int uid, @JsonProperty("Gid") int gid,
                             @JsonProperty("Mime") String mime, @JsonProperty("TtlSec") long ttlSec,
                             @JsonProperty("Md5") String md5, @JsonProperty("FileSize") long fileSize,
                             @JsonProperty("Extended") Map<String, String> extended,
                             @JsonProperty("chunks") List<Chunk> chunks, @JsonProperty("ETag") String eTag) {
    /** Go's {@code os.ModeDir}, as {@code Mode} marks a directory. */
    public static final long GO_MODE_DIR = 1L << 31;

    public FilerEntryJson {
        mime = mime == null ? "" : mime;
        md5 = md5 == null ? "" : md5;
        extended = extended == null ? Map.of() : extended;
        chunks = chunks == null ? List.of() : chunks;
        eTag = eTag == null ? "" : eTag;
    }

    /** One chunk of a file: its fid, where it sits in the file, its length and eTag. */
    public record Chunk(@JsonProperty("file_id") String fileId, @JsonProperty("offset") long offset,
                        @JsonProperty("size") long size, @JsonProperty("modified_ts_ns") long modifiedTsNs,
                        @JsonProperty("e_tag") String eTag) {
    }

    /** Whether this is a directory. */
    @JsonIgnore
    public boolean directory() {
        return (mode & GO_MODE_DIR) != 0;
    }

    /** The permission bits, without Go's type bits. */
    @JsonIgnore
    public int permissions() {
        return (int) (mode & 07777);
    }

    /** {@code Mtime} as an instant. */
    @JsonIgnore
    public Instant modified() {
        return Instant.parse(mtime);
    }

    /** The file's entity tag: {@code ETag}, or from a filer that sends none the MD5 as hex, or empty. */
    @JsonIgnore
    public String entityTag() {
        return eTag.isEmpty() ? md5Hex() : eTag;
    }

    /** The content's MD5 as lowercase hex, or empty when the filer has none. */
    @JsonIgnore
    public String md5Hex() {
        return md5.isEmpty() ? "" : HexFormat.of().formatHex(Base64.getDecoder().decode(md5));
    }
}
