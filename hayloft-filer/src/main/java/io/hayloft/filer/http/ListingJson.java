package io.hayloft.filer.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.hayloft.filer.entry.Entry;
import io.hayloft.filer.entry.FileChunk;
import io.hayloft.filer.namespace.Listing;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The JSON body of {@code GET /dir/} with {@code Accept: application/json}, field for field as
 * SeaweedFS's filer answers (Go field names): {@code Md5} is base64 of the raw digest, {@code Mode}
 * carries Go's directory bit (1 &lt;&lt; 31), times are RFC 3339.
 */
record ListingJson(@JsonProperty("Path") String path, @JsonProperty("Entries") List<EntryJson> entries,
                   @JsonProperty("Limit") int limit, @JsonProperty("LastFileName") String lastFileName,
                   @JsonProperty("ShouldDisplayLoadMore") boolean shouldDisplayLoadMore,
                   @JsonProperty("EmptyFolder") boolean emptyFolder) {
    /** Go's {@code os.ModeDir}. */
    private static final long GO_MODE_DIR = 1L << 31;

    record EntryJson(@JsonProperty("FullPath") String fullPath, @JsonProperty("Mtime") String mtime,
                     @JsonProperty("Crtime") String crtime, @JsonProperty("Mode") long mode,
                     @JsonProperty("Uid") int uid, @JsonProperty("Gid") int gid, @JsonProperty("Mime") String mime,
                     @JsonProperty("TtlSec") long ttlSec, @JsonProperty("Md5") String md5,
                     @JsonProperty("FileSize") long fileSize, @JsonProperty("Extended") Map<String, String> extended,
                     @JsonProperty("chunks") List<ChunkJson> chunks, @JsonProperty("ETag") String eTag) {
    }

    record ChunkJson(@JsonProperty("file_id") String fileId, @JsonProperty("offset") long offset,
                     @JsonProperty("size") long size, @JsonProperty("modified_ts_ns") long modifiedTsNs,
                     @JsonProperty("e_tag") String eTag) {
    }

    static ListingJson of(Listing listing, int limit) {
        List<EntryJson> entries = listing.entries().stream().map(ListingJson::entry).toList();
        return new ListingJson(listing.directory().value(), entries, limit, listing.lastFileName(), listing.hasMore(),
                entries.isEmpty() && listing.lastFileName().isEmpty());
    }

    static EntryJson entry(Entry e) {
        List<ChunkJson> chunks = e.chunks().stream().map(ListingJson::chunk).toList();
        String md5 = e.md5().isEmpty() ? "" : Base64.getEncoder().encodeToString(HexFormat.of().parseHex(e.md5()));
        return new EntryJson(e.path().value(), DateTimeFormatter.ISO_INSTANT.format(e.mtime()),
                DateTimeFormatter.ISO_INSTANT.format(e.crtime()), e.mode() | (e.directory() ? GO_MODE_DIR : 0),
                e.uid(), e.gid(), e.mime(), e.ttl().duration().toSeconds(), md5, e.size(), e.extended(), chunks, e.eTag());
    }

    private static ChunkJson chunk(FileChunk c) {
        return new ChunkJson(c.fid().toString(), c.offset(), c.size(), c.mtimeNs(), c.eTag());
    }
}
