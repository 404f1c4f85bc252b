package io.hayloft.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code GET /status} of a filer ({@link FilerApi#STATUS}): its version, the masters it writes
 * through ({@code host:port}), and its chunk deletion counters.
 */
public record FilerStatusResponse(@JsonProperty("Version") String version, @JsonProperty("Masters") List<String> masters,
                                  @JsonProperty("DeletedChunks") long deletedChunks,
                                  @JsonProperty("FailedChunkDeletes") long failedChunkDeletes) {
    public FilerStatusResponse {
        masters = masters == null ? List.of() : masters;
    }
}
