package io.hayloft.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.FileId;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class FidTokensTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final SigningKey KEY = SigningKey.of("a-write-key-of-enough-bytes", "key");
    private static final FileId FID = FileId.parse("3,01637037d6");
    private final FidTokens tokens = at(NOW);

    private static FidTokens at(Instant now) {
        return new FidTokens(KEY, Duration.ofSeconds(10), Clock.fixed(now, ZoneOffset.UTC));
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptsATokenForItsFidUntilItExpires() {
        String token = tokens.mint(FID, 1);
        assertThatCode(() -> tokens.check(token, FID)).doesNotThrowAnyException();
        assertThatCode(() -> at(NOW.plusSeconds(9)).check(token, FID)).doesNotThrowAnyException();
        assertThatThrownBy(() -> at(NOW.plusSeconds(10)).check(token, FID))
                .isInstanceOf(TokenRejected.class).hasMessageContaining("expired");
    }

    @Test
    void refusesAnotherFid() {
        String token = tokens.mint(FID, 1);
        for (String other : new String[] {"3,02637037d6", "4,01637037d6", "3,01637037d7", "3,01637037d6_1"}) {
            assertThatThrownBy(() -> tokens.check(token, FileId.parse(other))).as(other)
                    .isInstanceOf(TokenRejected.class).hasMessageContaining("not " + FileId.parse(other));
        }
    }

    @Test
    void aCountTokenCoversExactlyTheAssignedFids() {
        String token = tokens.mint(FID, 3);
        for (String covered : new String[] {"3,01637037d6", "3,01637037d6_1", "3,01637037d6_2", "3,03637037d6"}) {
            assertThatCode(() -> tokens.check(token, FileId.parse(covered))).as(covered).doesNotThrowAnyException();
        }
        assertThatThrownBy(() -> tokens.check(token, FileId.parse("3,01637037d6_3"))).isInstanceOf(TokenRejected.class);
    }

    @Test
    void refusesATokenSignedWithAnotherKey() {
        String token = new FidTokens(SigningKey.of("another-key-of-enough-bytes", "key"), Duration.ofSeconds(10),
                Clock.fixed(NOW, ZoneOffset.UTC)).mint(FID, 1);
        assertThatThrownBy(() -> tokens.check(token, FID)).isInstanceOf(TokenRejected.class)
                .hasMessageContaining("signature");
    }

    @Test
    void refusesAlgNoneAndOtherAlgorithms() {
        String claims = b64("{\"fid\":\"3,01637037d6\",\"exp\":" + (NOW.getEpochSecond() + 60) + "}");
        for (String header : new String[] {"{\"alg\":\"none\"}", "{\"alg\":\"HS512\"}", "{\"alg\":\"RS256\"}", "{}",
                "{\"alg\":null}"}) {
            for (String token : new String[] {b64(header) + "." + claims + ".", b64(header) + "." + claims + ".AAAA"}) {
                assertThatThrownBy(() -> tokens.check(token, FID)).as(token).isInstanceOf(TokenRejected.class);
            }
        }
        // the real signature under a header naming another algorithm does not pass either
        String good = tokens.mint(FID, 1);
        String swapped = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + good.substring(good.indexOf('.'));
        assertThatThrownBy(() -> tokens.check(swapped, FID)).isInstanceOf(TokenRejected.class)
                .hasMessageContaining("only HS256");
    }

    @Test
    void refusesMalformedAndMissingTokens() {
        String good = tokens.mint(FID, 1);
        String[] bad = {null, "", "abc", "a.b", "a.b.c.d", "..", good + ".", "!!!." + good.substring(good.indexOf('.') + 1),
                b64("[1]") + ".e30.AAAA", b64("{\"alg\":\"HS256\"") + ".e30.AAAA", good.substring(0, good.length() - 2),
                "x".repeat(Jwt.MAX_LENGTH + 1)};
        for (String token : bad) {
            assertThatThrownBy(() -> tokens.check(token, FID)).as(String.valueOf(token))
                    .isInstanceOfSatisfying(TokenRejected.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
        }
    }

    @Test
    void signedClaimsAreReadAsOneJsonObjectOrRefused() {
        long exp = NOW.getEpochSecond() + 10;
        String[] refused = {"not json", "[1]", "{\"fid\":\"3,01637037d6\",\"exp\":" + exp + "} {}",
                "{\"fid\":\"3,01637037d6\",\"exp\":" + exp, "\"text\""};
        for (String claims : refused) {
            assertThatThrownBy(() -> tokens.check(Jwt.signJson(KEY, claims), FID)).as(claims)
                    .isInstanceOf(TokenRejected.class).hasMessageContaining("claims");
        }
        JsonNode read = Jwt.verify(KEY, Jwt.signJson(KEY, "{\"fid\":\"3,01637037d6\",\"count\":2,\"exp\":" + exp
                + ".5,\"nested\":{\"a\":[1,\"b\"]},\"big\":123456789012345678901234567890,\"ok\":true,"
                + "\"none\":null}"), NOW);
        assertThat(read.get("fid").asString()).isEqualTo("3,01637037d6");
        assertThat(read.get("count").asLong()).isEqualTo(2);
        assertThat(read.get("exp").asLong()).isEqualTo(exp);
        assertThat(read.get("nested").get("a").get(1).asString()).isEqualTo("b");
        assertThat(read.get("big").bigIntegerValue()).isEqualTo(new java.math.BigInteger("123456789012345678901234567890"));
        assertThat(read.get("ok").asBoolean()).isTrue();
        assertThat(read.get("none").isNull()).isTrue();
        assertThatCode(() -> tokens.check(Jwt.signJson(KEY, "{\"fid\":\"3,01637037d6\",\"count\":2,\"exp\":" + exp
                + "}"), FID)).doesNotThrowAnyException();
    }

    @Test
    void refusesATokenWithoutExpiryOrNotYetValid() {
        Map<String, Object> noExp = new LinkedHashMap<>();
        noExp.put("fid", FID.toString());
        assertThatThrownBy(() -> tokens.check(Jwt.sign(KEY, noExp), FID)).hasMessageContaining("no exp");
        Map<String, Object> future = new LinkedHashMap<>(noExp);
        future.put("exp", NOW.getEpochSecond() + 60);
        future.put("nbf", NOW.getEpochSecond() + 30);
        assertThatThrownBy(() -> tokens.check(Jwt.sign(KEY, future), FID)).hasMessageContaining("not valid before");
        future.put("nbf", NOW.getEpochSecond());
        assertThatCode(() -> tokens.check(Jwt.sign(KEY, future), FID)).doesNotThrowAnyException();
    }

    @Test
    void refusesAKeyTooShortToBeSafe() {
        assertThatThrownBy(() -> SigningKey.of("short", "[jwt.signing] key"))
                .hasMessageContaining("[jwt.signing] key must be at least 16 bytes");
    }

    @Test
    void internalTokensPassOnlyWithTheirKeyAndSubject() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        InternalTokens internal = new InternalTokens(KEY, Duration.ofSeconds(60), clock);
        String token = internal.token();
        assertThat(internal.token()).isSameAs(token); // reused while fresh
        assertThatCode(() -> internal.check(token)).doesNotThrowAnyException();
        assertThatCode(() -> internal.check(token)).doesNotThrowAnyException();
        // a fid token signed with the same key is no internal token
        assertThatThrownBy(() -> internal.check(tokens.mint(FID, 1))).hasMessageContaining("not an internal token");
        assertThatThrownBy(() -> internal.check(null)).hasMessageContaining("internal token");
        InternalTokens other = new InternalTokens(SigningKey.of("another-key-of-enough-bytes", "k"), Duration.ofSeconds(60), clock);
        assertThatThrownBy(() -> internal.check(other.token())).hasMessageContaining("signature");
        InternalTokens later = new InternalTokens(KEY, Duration.ofSeconds(60), Clock.offset(clock, Duration.ofSeconds(61)));
        assertThatThrownBy(() -> later.check(token)).hasMessageContaining("expired");
        // a cached acceptance ends with the token's expiry too
        InternalTokens sameLater = new InternalTokens(KEY, Duration.ofSeconds(60), clock);
        sameLater.check(token);
        assertThat(internal.token()).isEqualTo(token);
    }
}
