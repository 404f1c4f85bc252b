package io.hayloft.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Every error body: {@code {"error":"..."}}. */
public record ErrorResponse(@JsonProperty("error") String error) {
}
