package io.hayloft.s3.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ObjectLockTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertCode(Runnable r, S3ErrorCode code) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void configurationsRoundTripAndBadOnesAreRefused() {
        ObjectLock.Configuration c = ObjectLock.parseConfiguration(bytes("<ObjectLockConfiguration><ObjectLockEnabled>"
                + "Enabled</ObjectLockEnabled><Rule><DefaultRetention><Mode>COMPLIANCE</Mode><Years>2</Years>"
                + "</DefaultRetention></Rule></ObjectLockConfiguration>"));
        assertThat(c.defaultRetention()).contains(Duration.ofDays(730));
        assertThat(ObjectLock.parseConfiguration(c.toXml())).isEqualTo(c);
        String rule = "<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled><Rule><DefaultRetention>%s"
                + "</DefaultRetention></Rule></ObjectLockConfiguration>";
        assertCode(() -> ObjectLock.parseConfiguration(bytes(rule.formatted("<Mode>GOVERNANCE</Mode><Days>1</Days>"
                + "<Years>1</Years>"))), S3ErrorCode.MALFORMED_XML);
        assertCode(() -> ObjectLock.parseConfiguration(bytes(rule.formatted("<Mode>SOMETIMES</Mode><Days>1</Days>"))),
                S3ErrorCode.MALFORMED_XML);
        assertCode(() -> ObjectLock.parseConfiguration(bytes(rule.formatted("<Mode>GOVERNANCE</Mode><Days>0</Days>"))),
                S3ErrorCode.INVALID_RETENTION_PERIOD);
        assertCode(() -> ObjectLock.parseConfiguration(bytes(rule.formatted("<Mode>GOVERNANCE</Mode><Days>x</Days>"))),
                S3ErrorCode.MALFORMED_XML);
        assertCode(() -> ObjectLock.parseConfiguration(bytes("<ObjectLockConfiguration><ObjectLockEnabled>Disabled"
                + "</ObjectLockEnabled></ObjectLockConfiguration>")), S3ErrorCode.MALFORMED_XML);
    }

    @Test
    void retentionsAndLegalHoldsParseStrictly() {
        Instant until = Instant.parse("2030-01-02T03:04:05Z");
        ObjectLock.Retention r = ObjectLock.parseRetention(new ObjectLock.Retention("GOVERNANCE", until).toXml());
        assertThat(r).isEqualTo(new ObjectLock.Retention("GOVERNANCE", until));
        assertThat(ObjectLock.date("2030-01-02T04:04:05+01:00")).isEqualTo(until);
        assertCode(() -> ObjectLock.parseRetention(bytes("<Retention><Mode>governance</Mode><RetainUntilDate>"
                + "2030-01-01T00:00:00Z</RetainUntilDate></Retention>")), S3ErrorCode.MALFORMED_XML);
        assertCode(() -> ObjectLock.parseRetention(bytes("<Retention><Mode>GOVERNANCE</Mode><RetainUntilDate>soon"
                + "</RetainUntilDate></Retention>")), S3ErrorCode.MALFORMED_XML);
        assertThat(ObjectLock.parseLegalHold(ObjectLock.legalHoldXml(true))).isTrue();
        assertThat(ObjectLock.parseLegalHold(ObjectLock.legalHoldXml(false))).isFalse();
        assertCode(() -> ObjectLock.parseLegalHold(bytes("<LegalHold><Status>on</Status></LegalHold>")),
                S3ErrorCode.MALFORMED_XML);
    }
}
