package io.hayloft.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code /dir/assign} answer: the fid to write and where. {@code count} consecutive keys are reserved. */
public record AssignResponse(@JsonProperty("fid") String fid, @JsonProperty("url") String url,
                             @JsonProperty("publicUrl") String publicUrl, @JsonProperty("count") int count) {
}
