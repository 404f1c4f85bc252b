package io.hayloft.s3.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Continuation tokens resume where the listing stopped; a token the gateway never handed out is a 400. */
class ContinuationTokenTest {
    @Test
    void aTokenHandedOutResumesAfterItsKeyWhateverTheKey() {
        for (String key : new String[] {"a", "photos/2024/ü ñ.jpg", "x".repeat(1024), "with%25escape+plus"}) {
            assertThat(BucketHandlers.decodeToken(BucketHandlers.encodeToken(key))).isEqualTo(key);
        }
    }

    @Test
    void aMadeUpTokenIsInvalidArgument() {
        String plainBase64OfAKey = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("some/key".getBytes(StandardCharsets.UTF_8));
        String notUtf8 = Base64.getUrlEncoder().encodeToString(new byte[] {(byte) 0xff, (byte) 0xfe, 0x41});
        for (String token : new String[] {"garbage", "!!!", plainBase64OfAKey, notUtf8,
                BucketHandlers.encodeToken("")}) {
            assertThatThrownBy(() -> BucketHandlers.decodeToken(token)).as(token)
                    .isInstanceOfSatisfying(S3Exception.class,
                            e -> assertThat(e.code()).isEqualTo(S3ErrorCode.INVALID_ARGUMENT));
        }
    }
}
