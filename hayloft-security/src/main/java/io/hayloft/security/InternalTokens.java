package io.hayloft.security;

import io.hayloft.api.HayloftException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The token one role shows another ({@code security.toml}'s {@code [internal] key}): heartbeats, replica
 * records, copies, syncs, admin and erasure-coding calls carry it in {@link #HEADER}. An HS256
 * {@link Jwt} with claims {@code {"sub":"hayloft-internal","exp":...}}.
 *
 * <p>A sender makes one token and reuses it for half its lifetime; a receiver remembers the last token it
 * accepted until its expiry, so a steady stream of calls costs one HMAC per lifetime on each side, not one
 * per call. Thread-safe.
 */
public final class InternalTokens {
    /** The request header that carries the token (beside {@code Authorization}, which carries fid tokens). */
    public static final String HEADER = "X-Hayloft-Internal";
    /** The {@code sub} claim of an internal token: a fid token signed with the same key would not pass. */
    static final String SUBJECT = "hayloft-internal";

    private final SigningKey key;
    private final Duration lifetime;
    private final Clock clock;
    private volatile Minted minted;
    private volatile Minted accepted;

    private record Minted(String token, Instant expires) {
    }

    /**
     * @param lifetime how long a token is valid; a sender renews it after half of that
     */
    public InternalTokens(SigningKey key, Duration lifetime, Clock clock) {
        this.key = Objects.requireNonNull(key, "key");
        this.clock = Objects.requireNonNull(clock, "clock");
        HayloftException.checkArgument(lifetime != null && lifetime.toSeconds() >= 2,
                "the internal token lifetime must be at least 2s");
        this.lifetime = lifetime;
    }

    /** A valid token to send now (a cached one while more than half its lifetime is left). */
    public String token() {
        Instant now = clock.instant();
        Minted m = minted;
        if (m == null || !now.plus(lifetime.dividedBy(2)).isBefore(m.expires())) {
            Map<String, Object> claims = Jwt.claims(now, lifetime, Map.of("sub", SUBJECT));
            m = new Minted(Jwt.sign(key, claims), Instant.ofEpochSecond(((Number) claims.get("exp")).longValue()));
            minted = m;
        }
        return m.token();
    }

    /**
     * Checks a received token.
     *
     * @throws TokenRejected saying why when it is missing, malformed, signed otherwise, expired or no internal token
     */
    public void check(String token) {
        Instant now = clock.instant();
        Minted last = accepted;
        if (last != null && token != null && last.token().equals(token) && now.isBefore(last.expires())) {
            return;
        }
        if (token == null || token.isEmpty()) {
            throw new TokenRejected("this call between roles needs the cluster's internal token (header " + HEADER
                    + "): give every role the same security.toml");
        }
        JsonNode claims = Jwt.verify(key, token, now);
        JsonNode sub = claims.get("sub");
        if (sub == null || !sub.isString() || !sub.asString().equals(SUBJECT)) {
            throw new TokenRejected("not an internal token");
        }
        accepted = new Minted(token, Instant.ofEpochSecond(claims.get("exp").asLong()));
    }
}
