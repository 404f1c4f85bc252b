package io.hayloft.s3.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.s3.auth.Authentication;
import io.hayloft.s3.auth.SigV4;
import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * aws-chunked decoding against AWS's published example (66560 bytes of 'a' in a 65536-byte and a
 * 1024-byte chunk, signed from seed 4f232c43...), with trailers, and its refusals.
 */
class AwsChunkedInputStreamTest {
    static final String SEED = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
    static final Authentication.ChunkSigning SIGNING = new Authentication.ChunkSigning(
            SigV4.signingKey("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "20130524", "us-east-1", "s3"),
            "20130524T000000Z", "20130524/us-east-1/s3/aws4_request", SEED);

    /** The chunked body of AWS's example, chunk signatures computed along the chain. */
    static byte[] awsExample(String tamperLastSignature) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String previous = SEED;
        for (int size : new int[] {65536, 1024, 0}) {
            byte[] data = "a".repeat(size).getBytes(StandardCharsets.US_ASCII);
            String sig = SIGNING.chunkSignature(previous, SigV4.sha256Hex(data));
            if (size == 0 && tamperLastSignature != null) {
                sig = tamperLastSignature;
            }
            out.writeBytes((Integer.toHexString(size) + ";chunk-signature=" + sig + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(data);
            if (size > 0) {
                out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            previous = sig;
        }
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    @Test
    void decodesAwsExampleWhoseSignaturesMatchThePublishedOnes() throws IOException {
        byte[] body = awsExample(null);
        assertThat(new String(body, 0, 100, StandardCharsets.US_ASCII))
                .startsWith("10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n");
        assertThat(new String(body, StandardCharsets.US_ASCII))
                .contains("400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n")
                .contains("0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n");
        AwsChunkedInputStream in = new AwsChunkedInputStream(new ByteArrayInputStream(body), SIGNING, false);
        assertThat(in.readAllBytes()).isEqualTo("a".repeat(66560).getBytes(StandardCharsets.US_ASCII));
        assertThat(in.decodedLength()).isEqualTo(66560);
    }

    @Test
    void aWrongChunkSignatureFailsTheRead() {
        AwsChunkedInputStream in = new AwsChunkedInputStream(new ByteArrayInputStream(awsExample("00".repeat(32))),
                SIGNING, false);
        assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class);
        assertThat(in.failure().code()).isEqualTo(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void unsignedChunksWithAChecksumTrailer() throws IOException {
        byte[] data = "hello trailer".getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(data);
        String b64 = java.util.Base64.getEncoder().encodeToString(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        String body = Integer.toHexString(data.length) + "\r\nhello trailer\r\n0\r\nx-amz-checksum-crc32:" + b64 + "\r\n\r\n";
        AwsChunkedInputStream in = new AwsChunkedInputStream(new ByteArrayInputStream(body.getBytes(StandardCharsets.US_ASCII)),
                null, true);
        assertThat(in.readAllBytes()).isEqualTo(data);
        assertThat(in.trailers()).containsEntry("x-amz-checksum-crc32", b64);

        Map<String, String> headers = Map.of("x-amz-decoded-content-length", Integer.toString(data.length),
                "x-amz-trailer", "x-amz-checksum-crc32");
        Payload ok = Payload.open(new ByteArrayInputStream(body.getBytes(StandardCharsets.US_ASCII)),
                new Authentication(null, "", Authentication.STREAMING_UNSIGNED_TRAILER, null), headers::get);
        ok.stream().readAllBytes();
        ok.check("");
        assertThat(ok.checkedChecksums()).containsEntry("x-amz-checksum-crc32", b64);

        String wrong = body.replace(b64, "AAAAAA==");
        Payload bad = Payload.open(new ByteArrayInputStream(wrong.getBytes(StandardCharsets.US_ASCII)),
                new Authentication(null, "", Authentication.STREAMING_UNSIGNED_TRAILER, null), headers::get);
        bad.stream().readAllBytes();
        assertThatThrownBy(() -> bad.check("")).isInstanceOfSatisfying(S3Exception.class,
                e -> assertThat(e.code()).isEqualTo(S3ErrorCode.BAD_DIGEST));
    }

    @Test
    void malformedFramingIsAnIncompleteBodyNeverAHang() {
        for (String garbage : new String[] {"zz\r\n", "5\r\nabc", "3\r\nabcXX", "", "1" + "0".repeat(5000) + "\r\n",
                "ffffffffffff\r\n"}) {
            InputStream in = new AwsChunkedInputStream(new ByteArrayInputStream(garbage.getBytes(StandardCharsets.US_ASCII)),
                    null, true);
            assertThatThrownBy(in::readAllBytes).as(garbage.length() > 20 ? garbage.substring(0, 20) : garbage)
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void plainBodyChecksSha256AndContentMd5AndLength() throws Exception {
        byte[] data = "plain body".getBytes(StandardCharsets.US_ASCII);
        String md5Hex = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(data));
        String md5B64 = java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("MD5").digest(data));
        Map<String, String> headers = Map.of("content-length", "10", "content-md5", md5B64);
        Payload ok = Payload.open(new ByteArrayInputStream(data), new Authentication(null, "AK", SigV4.sha256Hex(data), null),
                headers::get);
        ok.stream().readAllBytes();
        ok.check(md5Hex);

        Payload wrongHash = Payload.open(new ByteArrayInputStream(data),
                new Authentication(null, "AK", SigV4.sha256Hex("other"), null), headers::get);
        wrongHash.stream().readAllBytes();
        assertThatThrownBy(() -> wrongHash.check(md5Hex)).isInstanceOfSatisfying(S3Exception.class,
                e -> assertThat(e.code()).isEqualTo(S3ErrorCode.X_AMZ_CONTENT_SHA256_MISMATCH));

        Payload wrongMd5 = Payload.open(new ByteArrayInputStream(data),
                new Authentication(null, "AK", Authentication.UNSIGNED_PAYLOAD, null), headers::get);
        wrongMd5.stream().readAllBytes();
        assertThatThrownBy(() -> wrongMd5.check("00".repeat(16))).isInstanceOfSatisfying(S3Exception.class,
                e -> assertThat(e.code()).isEqualTo(S3ErrorCode.BAD_DIGEST));

        Payload shortBody = Payload.open(new ByteArrayInputStream(data, 0, 4),
                new Authentication(null, "AK", Authentication.UNSIGNED_PAYLOAD, null), Map.of("content-length", "10")::get);
        shortBody.stream().readAllBytes();
        assertThatThrownBy(() -> shortBody.check("")).isInstanceOfSatisfying(S3Exception.class,
                e -> assertThat(e.code()).isEqualTo(S3ErrorCode.INCOMPLETE_BODY));

        assertThatThrownBy(() -> Payload.open(new ByteArrayInputStream(data),
                new Authentication(null, "AK", Authentication.UNSIGNED_PAYLOAD, null), Map.of("content-md5", "bm90LW1kNQ==")::get))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.code()).isEqualTo(S3ErrorCode.INVALID_DIGEST));
    }
}
