package io.hayloft.api.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The filer's answer to an upload, a new directory or a rename ({@link FilerApi#WRITE}): the entry's
 * name, its size in bytes and the content's MD5 as hex (empty for a directory).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record FilerWriteResponse(@JsonProperty("name") String name, @JsonProperty("size") long size,
                                 @JsonProperty("eTag") String eTag) {
    public FilerWriteResponse {
        eTag = eTag == null ? "" : eTag;
    }
}
