package io.hayloft.api.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.hayloft.api.ErrorCode;
import java.util.Optional;

/**
 * Every error body: {@code {"error":"...","code":"VOLUME_NOT_WRITABLE"}}, plus {@code "leader"}
 * ({@code host:port}) when a master knows who leads. {@code error} is SeaweedFS's key, kept for its
 * clients; {@code code} is the {@link ErrorCode} name, which clients decide on (two codes can share
 * one HTTP status). Bodies from older servers or from SeaweedFS have no {@code code}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorResponse(@JsonProperty("error") String error, @JsonProperty("code") String code,
                            @JsonProperty("leader") String leader) {
    /** An error with its code and no leader hint. */
    public ErrorResponse(String error, ErrorCode code) {
        this(error, code.name(), null);
    }

    /** The code, when the body has one this version knows. */
    public Optional<ErrorCode> errorCode() {
        return ErrorCode.parse(code);
    }
}
