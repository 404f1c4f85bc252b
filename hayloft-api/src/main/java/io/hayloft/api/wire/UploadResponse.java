package io.hayloft.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Volume server upload answer (201): file name, data size in bytes, and the CRC-32C eTag (8 hex digits). */
public record UploadResponse(@JsonProperty("name") String name, @JsonProperty("size") long size,
                             @JsonProperty("eTag") String eTag) {
}
