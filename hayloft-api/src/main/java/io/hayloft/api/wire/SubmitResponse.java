package io.hayloft.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Master {@code /submit} answer (201): assign and upload in one call; {@code fileUrl = publicUrl/fid}. */
public record SubmitResponse(@JsonProperty("fileName") String fileName, @JsonProperty("fid") String fid,
                             @JsonProperty("fileUrl") String fileUrl, @JsonProperty("size") long size,
                             @JsonProperty("eTag") String eTag) {
}
