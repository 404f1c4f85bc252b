package io.hayloft.api.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Volume server delete answer (202): the size of the deleted data. */
public record DeleteResponse(@JsonProperty("size") long size) {
}
