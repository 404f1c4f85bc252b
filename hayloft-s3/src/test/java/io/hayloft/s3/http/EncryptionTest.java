package io.hayloft.s3.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EncryptionTest {
    private static void assertCode(Map<String, String> headers, S3ErrorCode code) {
        assertThatThrownBy(() -> Encryption.check(headers::get)).as(headers.toString())
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void aWriteWithoutEncryptionHeadersPasses() {
        Encryption.check(Map.<String, String>of()::get);
    }

    @Test
    void anyRequestOfEncryptionIsRefusedNotIgnored() {
        assertCode(Map.of("x-amz-server-side-encryption", "AES256"), S3ErrorCode.NOT_IMPLEMENTED);
        assertCode(Map.of("x-amz-server-side-encryption", "aws:kms", "x-amz-server-side-encryption-aws-kms-key-id",
                "k1"), S3ErrorCode.NOT_IMPLEMENTED);
        assertCode(Map.of("x-amz-server-side-encryption-customer-algorithm", "AES256",
                "x-amz-server-side-encryption-customer-key", "pO3upElrwuEXSoFwCfnZPdSsmt/xWeFa0N9KgDijwVs="),
                S3ErrorCode.NOT_IMPLEMENTED);
    }

    @Test
    void contradictoryOrUnknownRequestsAreInvalidArguments() {
        assertCode(Map.of("x-amz-server-side-encryption", "aes:kms"), S3ErrorCode.INVALID_ARGUMENT);
        assertCode(Map.of("x-amz-server-side-encryption", "AES256", "x-amz-server-side-encryption-customer-algorithm",
                "AES256"), S3ErrorCode.INVALID_ARGUMENT);
        assertCode(Map.of("x-amz-server-side-encryption", "AES256", "x-amz-server-side-encryption-aws-kms-key-id",
                "k1"), S3ErrorCode.INVALID_ARGUMENT);
        assertCode(Map.of("x-amz-server-side-encryption-aws-kms-key-id", "k1"), S3ErrorCode.INVALID_ARGUMENT);
    }
}
