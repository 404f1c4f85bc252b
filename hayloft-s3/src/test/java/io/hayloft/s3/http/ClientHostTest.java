package io.hayloft.s3.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.s3.Addressing;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Which host a request's signature covers and its virtual-host bucket is read from: its {@code Host}, a
 * proxy's {@code X-Forwarded-Host/-Port/-Proto}, or the gateway's {@code -externalUrl}; and how
 * {@code -domainName} hosts name buckets.
 */
class ClientHostTest {
    private static ClientHost of(Addressing a, boolean tls, String... headers) {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < headers.length; i += 2) {
            h.put(headers[i], headers[i + 1]);
        }
        return ClientHost.of(h::get, tls, a);
    }

    @Test
    void theHostHeaderWhenNoProxySaysOtherwise() {
        assertThat(of(Addressing.PATH_STYLE, false, "Host", "127.0.0.1:8333"))
                .isEqualTo(new ClientHost("127.0.0.1:8333", "http"));
        assertThat(of(Addressing.PATH_STYLE, true, "Host", "s3.example.com")).isEqualTo(new ClientHost("s3.example.com",
                "https"));
    }

    @Test
    void aProxysForwardedHostPortAndProto() {
        Addressing a = Addressing.PATH_STYLE;
        assertThat(of(a, false, "Host", "backend:8333", "X-Forwarded-Host", "s3.example.com",
                "X-Forwarded-Proto", "https", "X-Forwarded-Port", "443"))
                .as("the scheme's default port is not part of the host").isEqualTo(new ClientHost("s3.example.com", "https"));
        assertThat(of(a, false, "Host", "backend:8333", "X-Forwarded-Host", "s3.example.com",
                "X-Forwarded-Port", "9000")).isEqualTo(new ClientHost("s3.example.com:9000", "http"));
        assertThat(of(a, false, "Host", "backend:8333", "X-Forwarded-Host", "s3.example.com:9443, inner:1",
                "X-Forwarded-Port", "1234", "X-Forwarded-Proto", "https, http"))
                .as("the first of a chain; a host with its port keeps it").isEqualTo(new ClientHost("s3.example.com:9443",
                        "https"));
        assertThat(of(a, false, "Host", "backend:8333", "X-Forwarded-Host", "[::1]", "X-Forwarded-Port", "9000"))
                .isEqualTo(new ClientHost("[::1]:9000", "http"));
    }

    @Test
    void theExternalUrlUnlessTheHostNamesABucket() {
        Addressing a = Addressing.parse("s3.example.com", "https://s3.example.com:8443/");
        assertThat(of(a, false, "Host", "backend:8333")).isEqualTo(new ClientHost("s3.example.com:8443", "https"));
        assertThat(of(a, false, "Host", "backend:8333", "X-Forwarded-Host", "other"))
                .isEqualTo(new ClientHost("s3.example.com:8443", "https"));
        assertThat(of(a, false, "Host", "photos.s3.example.com:8443"))
                .isEqualTo(new ClientHost("photos.s3.example.com:8443", "http"));
        assertThat(Addressing.parse("", "http://gw.example:80").externalHost()).hasValue("gw.example");
    }

    @Test
    void subDomainsOfADomainNameNameBuckets() {
        Addressing a = Addressing.parse("s3.example.com, S3.Local", "");
        assertThat(a.bucketOf("photos.s3.example.com")).hasValue("photos");
        assertThat(a.bucketOf("My.Bucket.s3.local:8333")).hasValue("my.bucket");
        assertThat(a.bucketOf("s3.example.com")).isEmpty();
        assertThat(a.bucketOf("xs3.example.com")).isEmpty();
        assertThat(a.bucketOf("127.0.0.1:8333")).isEmpty();
        assertThat(Addressing.PATH_STYLE.bucketOf("photos.s3.example.com")).isEmpty();
        assertThat(Addressing.parse("example.com,s3.example.com", "").bucketOf("a.s3.example.com"))
                .as("the longest domain wins").hasValue("a");
    }

    @Test
    void badDomainNamesAndUrlsAreRefused() {
        for (String bad : new String[] {"http://s3.example.com", "s3.example.com:8333", ".example.com", "a,,b"}) {
            assertThatThrownBy(() -> Addressing.parse(bad, "")).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        for (String bad : new String[] {"s3.example.com", "ftp://x", "http://x/prefix", "http://x?q", "http://"}) {
            assertThatThrownBy(() -> Addressing.parse("", bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
