package io.hayloft.s3.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The kept signing keys: the same keys as a fresh derivation, never a shortcut past a wrong signature. */
class SigningKeysTest {
    private static final String SK = SigV4VerifierTest.SK;

    @Test
    void aKeptKeyIsTheDerivedKeyAndCallersCannotChangeIt() {
        SigningKeys keys = new SigningKeys();
        byte[] derived = SigV4.signingKey(SK, "20130524", "us-east-1", "s3");
        keys.remember(SK, "20130524", "us-east-1", "s3", derived);
        byte[] kept = keys.get(SK, "20130524", "us-east-1", "s3");
        assertThat(kept).isEqualTo(derived);
        kept[0] ^= 1;
        assertThat(keys.get(SK, "20130524", "us-east-1", "s3")).isEqualTo(derived);
        // another day, region or secret is derived, not taken from the kept one
        assertThat(keys.get(SK, "20130525", "us-east-1", "s3"))
                .isEqualTo(SigV4.signingKey(SK, "20130525", "us-east-1", "s3")).isNotEqualTo(derived);
        assertThat(keys.get(SK + "x", "20130524", "us-east-1", "s3"))
                .isEqualTo(SigV4.signingKey(SK + "x", "20130524", "us-east-1", "s3"));
    }

    @Test
    void holdsAtMostItsLimit() {
        SigningKeys keys = new SigningKeys();
        for (int i = 0; i < SigningKeys.MAX_KEYS * 3; i++) {
            keys.remember(SK, "20130524", "region-" + i, "s3", new byte[32]);
            assertThat(keys.size()).isLessThanOrEqualTo(SigningKeys.MAX_KEYS);
        }
    }

    @Test
    void aVerifierThatKeptAKeyStillRefusesAWrongSignatureInTheSameScope() {
        SigV4Verifier verifier = SigV4VerifierTest.verifierAt(SigV4VerifierTest.DOC_TIME);
        String good = "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41";
        for (int round = 0; round < 2; round++) { // the second verification uses the kept key
            assertThat(verifier.verify(getObject(good)).identity().name()).isEqualTo("doc");
        }
        String wrong = "0" + good.substring(1);
        assertThatThrownBy(() -> verifier.verify(getObject(wrong))).isInstanceOfSatisfying(S3Exception.class,
                e -> assertThat(e.code()).isEqualTo(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH));
    }

    /** AWS's GetObject example (see {@link SigV4VerifierTest#acceptsAwsGetObjectExample}) with {@code signature}. */
    private static SignedRequest getObject(String signature) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", "examplebucket.s3.amazonaws.com");
        h.put("Range", "bytes=0-9");
        h.put("x-amz-content-sha256", SigV4VerifierTest.EMPTY);
        h.put("x-amz-date", "20130524T000000Z");
        h.put("Authorization", SigV4VerifierTest.auth("host;range;x-amz-content-sha256;x-amz-date", signature));
        return SigV4VerifierTest.request("GET", "/test.txt", "", h);
    }
}
