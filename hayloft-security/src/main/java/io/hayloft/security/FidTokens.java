package io.hayloft.security;

import io.hayloft.api.FileId;
import io.hayloft.api.HayloftException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * Tokens for the fids of one assignment ({@code security.toml}'s {@code [jwt.signing]} for writes and
 * deletes, {@code [jwt.signing.read]} for reads): an HS256 {@link Jwt} with claims
 * <pre>
 *   {"fid":"3,01637037d6","count":4,"exp":1765112400}     count only when above 1
 * </pre>
 * A token covers the fids {@code /dir/assign?count=N} hands out with it: the same volume and cookie, keys
 * {@code key .. key+count-1} (so {@code 3,01637037d6_2} and {@code 3,03637037d6} alike). Immutable, thread-safe.
 *
 * @param key      the signing key
 * @param lifetime how long a token stays valid after it is made
 * @param clock    the time tokens are made and checked at
 */
public record FidTokens(SigningKey key, Duration lifetime, Clock clock) {
    public FidTokens {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(clock, "clock");
        HayloftException.checkArgument(lifetime != null && lifetime.toSeconds() >= 1,
                "a token lifetime must be at least 1s");
    }

    /** A token for {@code fid} and the {@code count - 1} fids after it. */
    public String mint(FileId fid, int count) {
        HayloftException.checkArgument(count >= 1, "count must be at least 1, got " + count);
        long exp = clock.instant().getEpochSecond() + lifetime.toSeconds();
        // a fid's text is digits, hex and a comma: nothing to escape, so the claims are written here, not by Jackson
        return Jwt.signJson(key, "{\"fid\":\"" + fid + "\"" + (count > 1 ? ",\"count\":" + count : "")
                + ",\"exp\":" + exp + "}");
    }

    /**
     * Checks that {@code token} is valid now and covers {@code fid}.
     *
     * @throws TokenRejected saying why not (missing, malformed, wrong key or algorithm, expired, another fid)
     */
    public void check(String token, FileId fid) {
        JsonNode claims = Jwt.verify(key, token, clock.instant());
        JsonNode granted = claims.get("fid");
        if (granted == null || !granted.isString()) {
            throw new TokenRejected("token names no fid");
        }
        FileId first;
        try {
            first = FileId.parse(granted.asString());
        } catch (HayloftException e) {
            throw new TokenRejected("token names a malformed fid");
        }
        JsonNode c = claims.get("count");
        long count = c == null ? 1 : c.isIntegralNumber() ? c.asLong() : 0;
        long offset = fid.key() - first.key();
        if (!first.volumeId().equals(fid.volumeId()) || first.cookie() != fid.cookie() || count < 1
                || offset < 0 || offset >= count) {
            throw new TokenRejected("token is for fid " + granted.asString() + (count > 1 ? " (+" + (count - 1) + ")" : "")
                    + ", not " + fid);
        }
    }
}
