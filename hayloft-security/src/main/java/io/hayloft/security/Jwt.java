package io.hayloft.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON Web Tokens signed with HMAC-SHA256 (RFC 7519, {@code alg} {@code HS256}), the only kind Hayloft
 * makes or takes. The token is three base64url parts without padding:
 * <pre>
 *   base64url({"alg":"HS256","typ":"JWT"}) . base64url(claims) . base64url(HMAC-SHA256(key, part1 "." part2))
 * </pre>
 * {@link #verify} refuses, each with its own message: a token that is not three base64url parts of JSON
 * objects; any {@code alg} but {@code HS256} ({@code none} included), before any signature is computed; a
 * signature that differs (compared in constant time); no numeric {@code exp}, or one not after now; an
 * {@code nbf} after now. Thread-safe; stateless.
 */
public final class Jwt {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final String HEADER = B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"
            .getBytes(StandardCharsets.US_ASCII));
    private static final JsonNode HS256_HEADER = JSON.readTree("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
    /** Longest token read: claims are a few fields, so anything larger is refused unparsed. */
    static final int MAX_LENGTH = 4096;

    private Jwt() {
    }

    /**
     * A token holding {@code claims} (written as JSON in iteration order), signed with {@code key}.
     * The caller puts {@code exp} (and any {@code nbf}) in the claims.
     */
    public static String sign(SigningKey key, Map<String, Object> claims) {
        return signJson(key, JSON.writeValueAsString(claims));
    }

    /**
     * A token whose claims are {@code claimsJson}, a JSON object the caller wrote itself (the hot paths: a fid
     * token per assignment), signed with {@code key}.
     */
    static String signJson(SigningKey key, String claimsJson) {
        String signed = HEADER + "." + B64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
        return signed + "." + B64.encodeToString(hmac(key, signed));
    }

    /**
     * The claims of {@code token} when it is a well-formed HS256 token signed with {@code key}, its
     * {@code exp} after {@code now} and its {@code nbf}, if any, not after {@code now}.
     *
     * @return the claims, by name
     * @throws TokenRejected saying why otherwise
     */
    public static JsonNode verify(SigningKey key, String token, Instant now) {
        if (token == null || token.isEmpty()) {
            throw new TokenRejected("no token");
        }
        if (token.length() > MAX_LENGTH) {
            throw new TokenRejected("malformed token: longer than " + MAX_LENGTH + " characters");
        }
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (first <= 0 || second <= first + 1 || second == token.length() - 1 || token.indexOf('.', second + 1) >= 0) {
            throw new TokenRejected("malformed token: expected three base64url parts separated by dots");
        }
        JsonNode header = token.regionMatches(0, HEADER, 0, first) && first == HEADER.length()
                ? HS256_HEADER : object(token.substring(0, first), "header");
        JsonNode alg = header.get("alg");
        if (alg == null || !alg.isString() || !alg.asString().equals("HS256")) {
            throw new TokenRejected("token algorithm " + (alg == null ? "missing" : alg.toString())
                    + " refused: only HS256 is accepted");
        }
        byte[] signature = decode(token.substring(second + 1), "signature");
        byte[] expected = hmac(key, token.substring(0, second));
        if (!MessageDigest.isEqual(expected, signature)) {
            throw new TokenRejected("token signature does not match this cluster's key");
        }
        JsonNode claims = claims(token.substring(first + 1, second));
        long epoch = now.getEpochSecond();
        JsonNode exp = claims.get("exp");
        if (exp == null || !exp.isNumber()) {
            throw new TokenRejected("token has no exp (expiry) claim");
        }
        if (exp.asLong() <= epoch) {
            throw new TokenRejected("token expired at " + Instant.ofEpochSecond(exp.asLong()));
        }
        JsonNode nbf = claims.get("nbf");
        if (nbf != null && (!nbf.isNumber() || nbf.asLong() > epoch)) {
            throw new TokenRejected("token not valid before " + nbf);
        }
        return claims;
    }

    /** Claims with {@code exp} = {@code now + lifetime} (whole seconds, at least one), then {@code extra}. */
    static Map<String, Object> claims(Instant now, java.time.Duration lifetime, Map<String, Object> extra) {
        Map<String, Object> claims = new LinkedHashMap<>(extra);
        claims.put("exp", now.getEpochSecond() + Math.max(1, lifetime.toSeconds()));
        return claims;
    }

    private static JsonNode object(String part, String what) {
        byte[] bytes = decode(part, what);
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (JacksonException e) {
            throw new TokenRejected("malformed token: its " + what + " is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new TokenRejected("malformed token: its " + what + " is not a JSON object");
        }
        return node;
    }

    /**
     * The claims part as a JSON object, read with Jackson's streaming parser: a tree read through the mapper costs
     * several times more for the three fields a fid token has (issue 14's signed-write overhead). Values that are
     * objects or arrays are read as trees; anything after the object is refused.
     */
    private static ObjectNode claims(String part) {
        byte[] bytes = decode(part, "claims");
        try (JsonParser p = JSON.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new TokenRejected("malformed token: its claims are not a JSON object");
            }
            ObjectNode claims = JSON.createObjectNode();
            JsonToken t = p.nextToken();
            for (; t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
                String name = p.currentName();
                switch (p.nextToken()) {
                    case VALUE_STRING -> claims.put(name, p.getString());
                    case VALUE_NUMBER_INT -> {
                        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                            claims.put(name, p.getBigIntegerValue());
                        } else {
                            claims.put(name, p.getLongValue());
                        }
                    }
                    case VALUE_NUMBER_FLOAT -> claims.put(name, p.getDoubleValue());
                    case VALUE_TRUE -> claims.put(name, true);
                    case VALUE_FALSE -> claims.put(name, false);
                    case VALUE_NULL -> claims.putNull(name);
                    default -> claims.set(name, (JsonNode) p.readValueAsTree());
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new TokenRejected("malformed token: its claims are not one JSON object");
            }
            return claims;
        } catch (JacksonException e) {
            throw new TokenRejected("malformed token: its claims are not JSON");
        }
    }

    private static byte[] decode(String part, String what) {
        try {
            return B64D.decode(part);
        } catch (IllegalArgumentException e) {
            throw new TokenRejected("malformed token: its " + what + " is not base64url");
        }
    }

    private static byte[] hmac(SigningKey key, String text) {
        return key.hmac(text.getBytes(StandardCharsets.US_ASCII));
    }
}
