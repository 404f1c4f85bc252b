package io.hayloft.s3.http;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import java.util.Set;
import java.util.function.Function;

/**
 * Server-side encryption headers on a write. The gateway does not encrypt, so a write that asks for
 * encryption (SSE-S3, SSE-KMS or SSE-C) is refused with {@code NotImplemented} rather than stored in the
 * clear as if it had been honoured. Requests whose encryption headers contradict each other get S3's
 * {@code InvalidArgument} first, as S3 answers them. Stateless.
 */
final class Encryption {
    private static final String SSE = "x-amz-server-side-encryption";
    private static final String KMS_KEY = "x-amz-server-side-encryption-aws-kms-key-id";
    private static final String CUSTOMER_ALGORITHM = "x-amz-server-side-encryption-customer-algorithm";
    private static final String CUSTOMER_KEY = "x-amz-server-side-encryption-customer-key";
    private static final Set<String> METHODS = Set.of("AES256", "aws:kms", "aws:kms:dsse");

    private Encryption() {
    }

    /**
     * Checks a write's encryption headers.
     *
     * @throws S3Exception InvalidArgument for an unknown or contradictory request, NotImplemented for any
     *                     request of encryption
     */
    static void check(Function<String, String> header) {
        String sse = header.apply(SSE);
        String kmsKey = header.apply(KMS_KEY);
        boolean customer = header.apply(CUSTOMER_ALGORITHM) != null || header.apply(CUSTOMER_KEY) != null;
        if (sse == null && kmsKey == null && !customer) {
            return;
        }
        S3Exception.check(sse == null || METHODS.contains(sse.strip()), S3ErrorCode.INVALID_ARGUMENT,
                "The encryption method specified is not supported: " + sse);
        S3Exception.check(sse == null || !customer, S3ErrorCode.INVALID_ARGUMENT, "Server Side Encryption with"
                + " Customer provided key is incompatible with the encryption method specified");
        S3Exception.check(kmsKey == null || (sse != null && sse.strip().startsWith("aws:kms")),
                S3ErrorCode.INVALID_ARGUMENT, "Server Side Encryption with AWS KMS managed key requires HTTP header"
                        + " x-amz-server-side-encryption : aws:kms");
        throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED, "server-side encryption is not supported by this gateway;"
                + " the object would be stored unencrypted, so the write is refused");
    }
}
