package io.hayloft.s3.auth;

/**
 * Who a verified request comes from and what its signature says of the body.
 *
 * @param identity    the signer, or the {@code anonymous} identity of an unsigned request
 * @param accessKey   the access key that signed, empty when unsigned
 * @param payloadHash the signed {@code x-amz-content-sha256}: a hex SHA-256 the body must match,
 *                    {@code UNSIGNED-PAYLOAD}, or a {@code STREAMING-*} marker (presigned and unsigned
 *                    requests: {@code UNSIGNED-PAYLOAD})
 * @param chunks      what verifies the chunk signatures of an {@code aws-chunked} body, or null when
 *                    the request is unsigned
 */
public record Authentication(Identity identity, String accessKey, String payloadHash, ChunkSigning chunks) {
    /** {@code x-amz-content-sha256} of a body the signature does not cover. */
    public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    /** An {@code aws-chunked} body with a signature per chunk. */
    public static final String STREAMING_SIGNED = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    /** As {@link #STREAMING_SIGNED}, with signed trailing headers (checksums). */
    public static final String STREAMING_SIGNED_TRAILER = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
    /** An {@code aws-chunked} body with no chunk signatures and trailing headers. */
    public static final String STREAMING_UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

    /** True when the signer is the anonymous identity. */
    public boolean anonymous() {
        return accessKey.isEmpty();
    }

    /**
     * The chain of chunk signatures of a request: each chunk is signed over the previous signature,
     * starting from the request's own ({@code seedSignature}).
     *
     * @param signingKey    the day's signing key
     * @param amzDate       the request's {@code X-Amz-Date}
     * @param scope         {@code date/region/s3/aws4_request}
     * @param seedSignature the request's signature
     */
    public record ChunkSigning(byte[] signingKey, String amzDate, String scope, String seedSignature) {
        /** The signature of a chunk whose data hashes to {@code chunkSha256} after {@code previous}. */
        public String chunkSignature(String previous, String chunkSha256) {
            return SigV4.sign(signingKey, "AWS4-HMAC-SHA256-PAYLOAD\n" + amzDate + "\n" + scope + "\n" + previous
                    + "\n" + SigV4.EMPTY_SHA256 + "\n" + chunkSha256);
        }

        /** The signature of the trailing headers (canonical {@code name:value\n} lines) after {@code previous}. */
        public String trailerSignature(String previous, String canonicalTrailers) {
            return SigV4.sign(signingKey, "AWS4-HMAC-SHA256-TRAILER\n" + amzDate + "\n" + scope + "\n" + previous
                    + "\n" + SigV4.sha256Hex(canonicalTrailers));
        }
    }
}
