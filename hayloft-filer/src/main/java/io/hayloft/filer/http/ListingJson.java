package io.hayloft.filer.http;

import io.hayloft.api.wire.FilerEntryJson;
import io.hayloft.api.wire.FilerListingResponse;
import io.hayloft.filer.entry.Entry;
import io.hayloft.filer.entry.FileChunk;
import io.hayloft.filer.namespace.Listing;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Entries and listings as the filer's JSON ({@link FilerEntryJson}, {@link FilerListingResponse}, defined
 * once in {@code hayloft-api}), field for field as SeaweedFS's filer answers (Go field names): {@code Md5}
 * is base64 of the raw digest, {@code Mode} carries Go's directory bit, times are RFC 3339.
 */
final class ListingJson {
    private ListingJson() {
    }

    static FilerListingResponse of(Listing listing, int limit) {
        List<FilerEntryJson> entries = listing.entries().stream().map(ListingJson::entry).toList();
        return new FilerListingResponse(listing.directory().value(), entries, limit, listing.lastFileName(),
                listing.hasMore(), entries.isEmpty() && listing.lastFileName().isEmpty());
    }

    static FilerEntryJson entry(Entry e) {
        List<FilerEntryJson.Chunk> chunks = e.chunks().stream().map(ListingJson::chunk).toList();
        String md5 = e.md5().isEmpty() ? "" : Base64.getEncoder().encodeToString(HexFormat.of().parseHex(e.md5()));
        return new FilerEntryJson(e.path().value(), DateTimeFormatter.ISO_INSTANT.format(e.mtime()),
                DateTimeFormatter.ISO_INSTANT.format(e.crtime()), e.mode() | (e.directory() ? FilerEntryJson.GO_MODE_DIR : 0),
                e.uid(), e.gid(), e.mime(), e.ttl().duration().toSeconds(), md5, e.size(), e.extended(), chunks,
                e.eTag());
    }

    private static FilerEntryJson.Chunk chunk(FileChunk c) {
        return new FilerEntryJson.Chunk(c.fid().toString(), c.offset(), c.size(), c.mtimeNs(), c.eTag());
    }
}
