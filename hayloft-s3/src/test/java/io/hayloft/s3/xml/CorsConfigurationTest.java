package io.hayloft.s3.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.s3.error.S3Exception;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CorsConfigurationTest {
    private static CorsConfiguration parse(String xml) {
        return CorsConfiguration.parse(xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void oneWildcardMatchesAnyRunAtItsPlaceAndHeadersIgnoreCase() {
        assertThat(CorsConfiguration.wildcard("*suffix", "foo.suffix", false)).isTrue();
        assertThat(CorsConfiguration.wildcard("*suffix", "foo.suffix.get", false)).isFalse();
        assertThat(CorsConfiguration.wildcard("start*end", "startend", false)).isTrue();
        assertThat(CorsConfiguration.wildcard("start*end", "0start12end", false)).isFalse();
        assertThat(CorsConfiguration.wildcard("ab*ba", "aba", false)).isFalse();
        assertThat(CorsConfiguration.wildcard("x-amz-*", "X-Amz-Date", true)).isTrue();
        assertThat(CorsConfiguration.wildcard("exact", "Exact", false)).isFalse();
    }

    @Test
    void theFirstRuleAllowingOriginMethodAndEveryHeaderAnswers() {
        CorsConfiguration c = parse("<CORSConfiguration><CORSRule><AllowedOrigin>prefix*</AllowedOrigin>"
                + "<AllowedMethod>GET</AllowedMethod></CORSRule><CORSRule><ID>put</ID><AllowedOrigin>*</AllowedOrigin>"
                + "<AllowedMethod>PUT</AllowedMethod><AllowedHeader>*</AllowedHeader><MaxAgeSeconds>5</MaxAgeSeconds>"
                + "</CORSRule></CORSConfiguration>");
        assertThat(c.match("prefix.x", "GET", List.of())).isPresent();
        assertThat(c.match("prefix.x", "GET", List.of("x-custom"))).isEmpty();
        assertThat(c.match("bla.prefix", "GET", List.of())).isEmpty();
        assertThat(c.match("anything", "PUT", List.of("x-custom")).orElseThrow().id()).isEqualTo("put");
        assertThat(c.match("anything", "PUT", List.of()).orElseThrow().allowOrigin("anything")).isEqualTo("*");
        assertThat(parse(new String(c.toXml(), StandardCharsets.UTF_8))).isEqualTo(c);
    }

    @Test
    void rulesWithoutOriginOrMethodOrWithUnknownMethodsAreRefused() {
        assertThatThrownBy(() -> parse("<CORSConfiguration><CORSRule><AllowedMethod>GET</AllowedMethod></CORSRule>"
                + "</CORSConfiguration>")).isInstanceOf(S3Exception.class).hasMessageContaining("AllowedOrigin");
        assertThatThrownBy(() -> parse("<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin>"
                + "<AllowedMethod>TRACE</AllowedMethod></CORSRule></CORSConfiguration>"))
                .isInstanceOf(S3Exception.class).hasMessageContaining("TRACE");
        assertThatThrownBy(() -> parse("<CORSConfiguration/>")).isInstanceOf(S3Exception.class);
        assertThatThrownBy(() -> parse("<Other/>")).isInstanceOf(S3Exception.class);
    }
}
