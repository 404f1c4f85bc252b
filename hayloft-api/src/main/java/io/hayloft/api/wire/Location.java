package io.hayloft.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a volume replica can be reached: {@code url} for servers, {@code publicUrl} for clients. */
public record Location(@JsonProperty("url") String url, @JsonProperty("publicUrl") String publicUrl) {
}
