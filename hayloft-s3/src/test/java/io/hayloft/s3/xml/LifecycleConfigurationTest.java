package io.hayloft.s3.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LifecycleConfigurationTest {
    private static LifecycleConfiguration parse(String rules) {
        return LifecycleConfiguration.parse(("<LifecycleConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + rules + "</LifecycleConfiguration>").getBytes(StandardCharsets.UTF_8));
    }

    private static S3ErrorCode refusal(String rules) {
        try {
            parse(rules);
        } catch (S3Exception e) {
            return e.code();
        }
        throw new AssertionError("accepted: " + rules);
    }

    @Test
    void filtersAndActionsAreReadAndSurviveARoundTrip() {
        LifecycleConfiguration c = parse("<Rule><ID>a</ID><Filter><And><Prefix>logs/</Prefix><Tag><Key>t</Key>"
                + "<Value>1</Value></Tag><ObjectSizeGreaterThan>10</ObjectSizeGreaterThan></And></Filter>"
                + "<Status>Enabled</Status><Expiration><Days>3</Days></Expiration>"
                + "<NoncurrentVersionExpiration><NoncurrentDays>2</NoncurrentDays></NoncurrentVersionExpiration></Rule>"
                + "<Rule><Prefix>old/</Prefix><Status>Disabled</Status><Expiration><Date>2030-01-01T00:00:00Z</Date>"
                + "</Expiration><AbortIncompleteMultipartUpload><DaysAfterInitiation>1</DaysAfterInitiation>"
                + "</AbortIncompleteMultipartUpload></Rule>");
        LifecycleConfiguration.Rule a = c.rules().getFirst();
        assertThat(a.covers("logs/x", 11, Map.of("t", "1"))).isTrue();
        assertThat(a.covers("logs/x", 10, Map.of("t", "1"))).isFalse();
        assertThat(a.covers("logs/x", 11, Map.of("t", "2"))).isFalse();
        assertThat(a.covers("other/x", 11, Map.of("t", "1"))).isFalse();
        LifecycleConfiguration.Rule b = c.rules().get(1);
        assertThat(b.enabled()).isFalse();
        assertThat(b.id()).isNotEmpty();
        assertThat(b.prefix()).isEqualTo("old/");
        assertThat(b.expirationDate()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(LifecycleConfiguration.parse(c.toXml())).isEqualTo(c);
    }

    @Test
    void whatS3RefusesIsRefusedWithItsCode() {
        String action = "<Expiration><Days>1</Days></Expiration>";
        assertThat(refusal("<Rule><Status>enabled</Status>" + action + "</Rule>")).isEqualTo(S3ErrorCode.MALFORMED_XML);
        assertThat(refusal("<Rule><Status>Enabled</Status></Rule>")).isEqualTo(S3ErrorCode.MALFORMED_XML);
        assertThat(refusal("<Rule><Status>Enabled</Status><Expiration><Days>0</Days></Expiration></Rule>"))
                .isEqualTo(S3ErrorCode.INVALID_ARGUMENT);
        assertThat(refusal("<Rule><ID>" + "i".repeat(256) + "</ID><Status>Enabled</Status>" + action + "</Rule>"))
                .isEqualTo(S3ErrorCode.INVALID_ARGUMENT);
        assertThat(refusal("<Rule><ID>x</ID><Status>Enabled</Status>" + action + "</Rule><Rule><ID>x</ID>"
                + "<Status>Enabled</Status>" + action + "</Rule>")).isEqualTo(S3ErrorCode.INVALID_ARGUMENT);
        assertThat(refusal("<Rule><Status>Enabled</Status><Expiration><Date>2030-01-01T10:00:00Z</Date></Expiration>"
                + "</Rule>")).isEqualTo(S3ErrorCode.INVALID_ARGUMENT);
        assertThat(refusal("<Rule><Status>Enabled</Status><Expiration><Date>20200101</Date></Expiration></Rule>"))
                .isEqualTo(S3ErrorCode.INVALID_ARGUMENT);
        assertThat(refusal("<Rule><Status>Enabled</Status><Transition><Days>1</Days><StorageClass>GLACIER"
                + "</StorageClass></Transition></Rule>")).isEqualTo(S3ErrorCode.NOT_IMPLEMENTED);
        assertThatThrownBy(() -> LifecycleConfiguration.parse("<x/>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(S3Exception.class);
    }
}
