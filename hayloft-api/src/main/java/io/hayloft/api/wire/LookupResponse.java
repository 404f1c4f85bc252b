package io.hayloft.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * {@code /dir/lookup} answer. Carries the seeds' {@code volumeId} key and current SeaweedFS's
 * {@code volumeOrFileId} key, both set to what was looked up.
 */
public record LookupResponse(@JsonProperty("volumeId") String volumeId,
                             @JsonProperty("volumeOrFileId") String volumeOrFileId,
                             @JsonProperty("locations") List<Location> locations) {
}
