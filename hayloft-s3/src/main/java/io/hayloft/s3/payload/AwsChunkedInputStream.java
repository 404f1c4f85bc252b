package io.hayloft.s3.payload;

import io.hayloft.s3.auth.Authentication;
import io.hayloft.s3.auth.SigV4;
import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes an {@code aws-chunked} body (Content-Encoding {@code aws-chunked}) into the object's bytes:
 * <pre>
 *   hex-size[;chunk-signature=sig] CRLF  data  CRLF      one per chunk
 *   0[;chunk-signature=sig] CRLF                          the last, empty chunk
 *   [name:value CRLF ...]                                 trailers (-TRAILER variants), e.g. x-amz-checksum-crc32
 *   [x-amz-trailer-signature:sig CRLF]                    (STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER)
 *   CRLF
 * </pre>
 * With {@code signing} each chunk's signature is checked against the chain that starts at the
 * request's signature, and the trailers against theirs; a mismatch fails the read with
 * {@code SignatureDoesNotMatch} (thrown as the cause of an {@link IOException}, see {@link #failure()}).
 * Malformed framing fails with {@code IncompleteBody}. Used by one thread.
 */
public final class AwsChunkedInputStream extends InputStream {
    private static final int MAX_LINE = 4096;
    private static final long MAX_CHUNK = 1L << 30;

    private final InputStream in;
    private final Authentication.ChunkSigning signing;
    private final boolean trailers;
    private final Map<String, String> trailerValues = new LinkedHashMap<>();
    private String previousSignature;
    private MessageDigest chunkDigest;
    private String chunkSignature;
    private long remaining;
    private long decoded;
    private boolean ended;
    private S3Exception failure;

    /**
     * @param in       the raw request body
     * @param signing  the signature chain to check, or null for unsigned chunks
     * @param trailers true for the {@code -TRAILER} variants
     */
    public AwsChunkedInputStream(InputStream in, Authentication.ChunkSigning signing, boolean trailers) {
        this.in = in;
        this.signing = signing;
        this.trailers = trailers;
        this.previousSignature = signing == null ? null : signing.seedSignature();
    }

    /** The trailing headers (lower-case names), once the body has been read to its end. */
    public Map<String, String> trailers() {
        return trailerValues;
    }

    /** How many object bytes were decoded. */
    public long decodedLength() {
        return decoded;
    }

    /** Why the body was refused, or null. */
    public S3Exception failure() {
        return failure;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (failure != null) {
            throw new IOException(failure.getMessage(), failure);
        }
        try {
            while (remaining == 0) {
                if (ended) {
                    return -1;
                }
                nextChunk();
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw fail(S3ErrorCode.INCOMPLETE_BODY, "the body ended inside a chunk");
            }
            if (chunkDigest != null) {
                chunkDigest.update(b, off, n);
            }
            remaining -= n;
            decoded += n;
            if (remaining == 0) {
                endChunk(false);
            }
            return n;
        } catch (S3Exception e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private void nextChunk() throws IOException {
        String header = line();
        if (header == null) {
            throw fail(S3ErrorCode.INCOMPLETE_BODY, "the body ended before its last chunk");
        }
        int semi = header.indexOf(';');
        String size = (semi < 0 ? header : header.substring(0, semi)).strip();
        chunkSignature = null;
        if (semi >= 0) {
            for (String ext : header.substring(semi + 1).split(";")) {
                String e = ext.strip();
                if (e.startsWith("chunk-signature=")) {
                    chunkSignature = e.substring("chunk-signature=".length());
                }
            }
        }
        long n;
        try {
            n = Long.parseLong(size, 16);
        } catch (NumberFormatException e) {
            throw fail(S3ErrorCode.INCOMPLETE_BODY, "malformed aws-chunked chunk header '" + abbreviate(header) + "'");
        }
        if (n < 0 || n > MAX_CHUNK) {
            throw fail(S3ErrorCode.INCOMPLETE_BODY, "aws-chunked chunk size out of range: " + n);
        }
        if (signing != null && chunkSignature == null) {
            throw fail(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, "a chunk has no chunk-signature");
        }
        chunkDigest = signing != null ? SigV4.sha256() : null;
        remaining = n;
        if (n == 0) {
            endChunk(true);
            ended = true;
            readTrailers();
        }
    }

    /** Checks the chunk just read; after a data chunk ({@code last} false) reads the CRLF that ends it. */
    private void endChunk(boolean last) throws IOException {
        if (signing != null) {
            String expected = signing.chunkSignature(previousSignature, HexFormat.of().formatHex(chunkDigest.digest()));
            if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                    chunkSignature.getBytes(StandardCharsets.US_ASCII))) {
                throw fail(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, "The request signature we calculated does not match"
                        + " the signature you provided (chunk ending at byte " + decoded + ").");
            }
            previousSignature = expected;
        }
        if (!last) {
            String crlf = line();
            if (crlf == null || !crlf.isEmpty()) {
                throw fail(S3ErrorCode.INCOMPLETE_BODY, "a chunk's data is not followed by CRLF");
            }
        }
    }

    private void readTrailers() throws IOException {
        StringBuilder canonical = new StringBuilder();
        String trailerSignature = null;
        while (true) {
            String l = line();
            if (l == null || l.isEmpty()) {
                break;
            }
            int colon = l.indexOf(':');
            if (colon <= 0) {
                throw fail(S3ErrorCode.INCOMPLETE_BODY, "malformed trailer '" + abbreviate(l) + "'");
            }
            String name = l.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = l.substring(colon + 1).strip();
            if (name.equals("x-amz-trailer-signature")) {
                trailerSignature = value;
            } else {
                trailerValues.put(name, value);
                canonical.append(name).append(':').append(value).append('\n');
            }
        }
        if (!trailers && !trailerValues.isEmpty()) {
            throw fail(S3ErrorCode.INVALID_REQUEST, "trailers were sent but x-amz-content-sha256 announced none");
        }
        if (signing != null && trailers) {
            if (trailerSignature == null) {
                throw fail(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, "the trailers have no x-amz-trailer-signature");
            }
            String expected = signing.trailerSignature(previousSignature, canonical.toString());
            if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                    trailerSignature.getBytes(StandardCharsets.US_ASCII))) {
                throw fail(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, "The trailer signature we calculated does not match"
                        + " the one you provided.");
            }
        }
    }

    /** A CRLF-terminated line (without it), or null at the end of the body. */
    private String line() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(80);
        while (true) {
            int c = in.read();
            if (c < 0) {
                return out.size() == 0 ? null : out.toString(StandardCharsets.UTF_8);
            }
            if (c == '\n') {
                byte[] bytes = out.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.UTF_8);
            }
            if (out.size() >= MAX_LINE) {
                throw fail(S3ErrorCode.INCOMPLETE_BODY, "an aws-chunked line is longer than " + MAX_LINE + " bytes");
            }
            out.write(c);
        }
    }

    private S3Exception fail(S3ErrorCode code, String message) {
        failure = new S3Exception(code, message);
        return failure;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
