package io.hayloft.api.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code /dir/assign} answer: the fid to write and where. {@code count} consecutive keys are reserved.
 *
 * @param auth the token the volume server asks of an upload (and a delete) of these fids when writes are signed
 *             ({@code security.toml}'s {@code [jwt.signing]}), sent as {@code Authorization: Bearer}; null (not
 *             sent) when they are not
 */
public record AssignResponse(@JsonProperty("fid") String fid, @JsonProperty("url") String url,
                             @JsonProperty("publicUrl") String publicUrl, @JsonProperty("count") int count,
                             @JsonProperty("auth") @JsonInclude(JsonInclude.Include.NON_NULL) String auth) {
    /** An answer without a token (writes not signed). */
    public AssignResponse(String fid, String url, String publicUrl, int count) {
        this(fid, url, publicUrl, count, null);
    }

    /** This answer with {@code token} as its {@code auth}. */
    public AssignResponse withAuth(String token) {
        return new AssignResponse(fid, url, publicUrl, count, token);
    }
}
