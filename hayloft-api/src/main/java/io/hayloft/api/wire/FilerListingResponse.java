package io.hayloft.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The JSON body of {@code GET /<dir>/} with {@code Accept: application/json} ({@link FilerApi#READ}),
 * field for field as SeaweedFS's filer answers: one page of the directory's children in name order.
 *
 * @param shouldDisplayLoadMore true when more children follow the last one
 */
public record FilerListingResponse(@JsonProperty("Path") String path,
                                   @JsonProperty("Entries") List<FilerEntryJson> entries,
                                   @JsonProperty("Limit") int limit, @JsonProperty("LastFileName") String lastFileName,
                                   @JsonProperty("ShouldDisplayLoadMore") boolean shouldDisplayLoadMore,
                                   @JsonProperty("EmptyFolder") boolean emptyFolder) {
    public FilerListingResponse {
        entries = entries == null ? List.of() : entries;
    }
}
