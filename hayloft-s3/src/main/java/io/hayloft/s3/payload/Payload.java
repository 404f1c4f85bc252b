package io.hayloft.s3.payload;

import io.hayloft.s3.auth.Authentication;
import io.hayloft.s3.auth.SigV4;
import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * An upload's body as the object's bytes, with everything the request says of them checked: the
 * {@code aws-chunked} framing and chunk signatures ({@link AwsChunkedInputStream}), the signed
 * SHA-256 ({@code x-amz-content-sha256}), {@code Content-MD5}, {@code x-amz-checksum-*} in a header or
 * a trailer, and the announced length. The bytes stream through as they are read (nothing is
 * buffered); {@link #check} judges them once the store has them all.
 *
 * <p>Used by one thread. Failures are {@link S3Exception}s ({@code XAmzContentSHA256Mismatch},
 * {@code BadDigest}, {@code InvalidDigest}, {@code IncompleteBody}, {@code SignatureDoesNotMatch},
 * {@code MissingContentLength}, {@code EntityTooLarge}).
 */
public final class Payload {
    /** The largest object a single PUT may store (S3's limit). */
    public static final long MAX_OBJECT_SIZE = 5L << 30;

    private final CountingStream stream;
    private final AwsChunkedInputStream chunked;
    private final long length;
    private final MessageDigest sha256;
    private final String expectedSha256;
    private final byte[] contentMd5;
    private final Map<ChecksumAlgorithm, ChecksumAlgorithm.Accumulator> checksums;
    private final Map<ChecksumAlgorithm, String> headerChecksums;

    private Payload(CountingStream stream, AwsChunkedInputStream chunked, long length, MessageDigest sha256,
                    String expectedSha256, byte[] contentMd5,
                    Map<ChecksumAlgorithm, ChecksumAlgorithm.Accumulator> checksums,
                    Map<ChecksumAlgorithm, String> headerChecksums) {
        this.stream = stream;
        this.chunked = chunked;
        this.length = length;
        this.sha256 = sha256;
        this.expectedSha256 = expectedSha256;
        this.contentMd5 = contentMd5;
        this.checksums = checksums;
        this.headerChecksums = headerChecksums;
    }

    /**
     * Reads the request's description of its body.
     *
     * @param raw    the request body as it arrives
     * @param auth   the verified signature (its payload hash and chunk chain)
     * @param header a request header by lower-case name, or null
     * @throws S3Exception when the headers are inconsistent or malformed
     */
    public static Payload open(InputStream raw, Authentication auth, Function<String, String> header) {
        String hash = auth.payloadHash();
        boolean streaming = hash.startsWith("STREAMING-");
        long length;
        AwsChunkedInputStream chunked = null;
        InputStream body = raw;
        if (streaming) {
            String decoded = header.apply("x-amz-decoded-content-length");
            S3Exception.check(decoded != null, S3ErrorCode.MISSING_CONTENT_LENGTH,
                    "an aws-chunked upload needs x-amz-decoded-content-length");
            length = parseLength(decoded, "x-amz-decoded-content-length");
            boolean signedChunks = hash.equals(Authentication.STREAMING_SIGNED)
                    || hash.equals(Authentication.STREAMING_SIGNED_TRAILER);
            S3Exception.check(!signedChunks || auth.chunks() != null, S3ErrorCode.ACCESS_DENIED,
                    "signed chunks need a signed request");
            chunked = new AwsChunkedInputStream(raw, signedChunks ? auth.chunks() : null,
                    !hash.equals(Authentication.STREAMING_SIGNED));
            body = chunked;
        } else {
            String contentLength = header.apply("content-length");
            length = contentLength == null ? -1 : parseLength(contentLength, "Content-Length");
        }
        if (length > MAX_OBJECT_SIZE) {
            throw new S3Exception(S3ErrorCode.ENTITY_TOO_LARGE, "Your proposed upload exceeds the maximum allowed size"
                    + " of " + MAX_OBJECT_SIZE + " bytes");
        }
        byte[] md5 = null;
        String md5Header = header.apply("content-md5");
        if (md5Header != null) {
            try {
                md5 = Base64.getDecoder().decode(md5Header.strip());
            } catch (IllegalArgumentException e) {
                md5 = new byte[0];
            }
            S3Exception.check(md5.length == 16, S3ErrorCode.INVALID_DIGEST, "The Content-MD5 you specified was invalid.");
        }
        Map<ChecksumAlgorithm, ChecksumAlgorithm.Accumulator> sums = new EnumMap<>(ChecksumAlgorithm.class);
        Map<ChecksumAlgorithm, String> given = new EnumMap<>(ChecksumAlgorithm.class);
        for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
            String v = header.apply(a.header());
            if (v != null) {
                given.put(a, v.strip());
                sums.put(a, a.start());
            }
        }
        String trailer = header.apply("x-amz-trailer");
        if (trailer != null) {
            for (String t : trailer.split(",")) {
                ChecksumAlgorithm a = ChecksumAlgorithm.ofHeader(t);
                S3Exception.check(a != null, S3ErrorCode.INVALID_ARGUMENT, "x-amz-trailer names no checksum: " + t);
                S3Exception.check(chunked != null, S3ErrorCode.INVALID_REQUEST, "x-amz-trailer needs an aws-chunked body");
                sums.putIfAbsent(a, a.start());
            }
        }
        boolean hexHash = !streaming && !hash.equals(Authentication.UNSIGNED_PAYLOAD);
        MessageDigest sha = hexHash ? SigV4.sha256() : null;
        return new Payload(new CountingStream(body, sha, sums.values()), chunked, length, sha,
                hexHash ? hash.toLowerCase(Locale.ROOT) : null, md5, sums, given);
    }

    private static long parseLength(String value, String name) {
        try {
            long n = Long.parseLong(value.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, name + " is not a length: " + value);
    }

    /** The object's bytes: read them once, to the end. */
    public InputStream stream() {
        return stream;
    }

    /** The object's length in bytes, or -1 when the request does not say. */
    public long length() {
        return length;
    }

    /** True when something about the bytes must be checked after they are stored. */
    public boolean needsCheck() {
        return chunked != null || sha256 != null || contentMd5 != null || !checksums.isEmpty();
    }

    /** Why reading the body failed (a chunk signature, the framing), or null. */
    public S3Exception failure() {
        return chunked == null ? null : chunked.failure();
    }

    /**
     * Judges the bytes read, given their MD5 as the store computed it.
     *
     * @throws S3Exception when a length, a digest, a checksum or a signature does not match
     */
    public void check(String md5Hex) {
        if (chunked != null) {
            // a store that took exactly the announced bytes (none, for an empty object) stopped before
            // the final chunk and its trailers: read them, so their checksums and signature are judged
            try {
                stream.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (java.io.IOException e) {
                if (failure() == null) {
                    throw new S3Exception(S3ErrorCode.INCOMPLETE_BODY, "the request body broke: " + e.getMessage());
                }
            }
        }
        if (failure() != null) {
            throw failure();
        }
        if (length >= 0 && stream.count != length) {
            throw new S3Exception(S3ErrorCode.INCOMPLETE_BODY, "You did not provide the number of bytes specified:"
                    + " expected " + length + ", got " + stream.count);
        }
        if (sha256 != null && !HexFormat.of().formatHex(sha256.digest()).equals(expectedSha256)) {
            throw new S3Exception(S3ErrorCode.X_AMZ_CONTENT_SHA256_MISMATCH,
                    "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        if (contentMd5 != null && !HexFormat.of().formatHex(contentMd5).equals(md5Hex)) {
            throw new S3Exception(S3ErrorCode.BAD_DIGEST, "The Content-MD5 you specified did not match what we received.");
        }
        Map<String, String> trailers = chunked == null ? Map.of() : chunked.trailers();
        for (Map.Entry<ChecksumAlgorithm, ChecksumAlgorithm.Accumulator> e : checksums.entrySet()) {
            String expected = headerChecksums.getOrDefault(e.getKey(), trailers.get(e.getKey().header()));
            if (expected == null) {
                throw new S3Exception(S3ErrorCode.INVALID_REQUEST, e.getKey().header() + " was announced but not sent");
            }
            if (!expected.equals(e.getValue().base64())) {
                throw new S3Exception(S3ErrorCode.BAD_DIGEST, "The " + e.getKey().name() + " you specified did not"
                        + " match the calculated checksum.");
            }
        }
    }

    /** The checksums that were checked, as response headers ({@code x-amz-checksum-crc32} → base64). */
    public Map<String, String> checkedChecksums() {
        Map<String, String> out = new LinkedHashMap<>();
        checksums.forEach((a, acc) -> out.put(a.header(), acc.base64()));
        return out;
    }

    /** Counts the bytes read and feeds the digests. */
    private static final class CountingStream extends FilterInputStream {
        private final MessageDigest sha256;
        private final Iterable<ChecksumAlgorithm.Accumulator> sums;
        private long count;

        CountingStream(InputStream in, MessageDigest sha256, Iterable<ChecksumAlgorithm.Accumulator> sums) {
            super(in);
            this.sha256 = sha256;
            this.sums = sums;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
                if (sha256 != null) {
                    sha256.update(b, off, n);
                }
                for (ChecksumAlgorithm.Accumulator a : sums) {
                    a.update(b, off, n);
                }
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            throw new IOException("a payload is read, not skipped");
        }
    }
}
