package io.hayloft.s3.http;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import io.hayloft.s3.payload.Payload;
import java.io.IOException;
import java.io.InputStream;

/** Reads a small request body (XML of a few KiB) whole, through {@link Payload} so its digests are checked. */
final class SmallBody {
    private SmallBody() {
    }

    /**
     * The body's bytes.
     *
     * @throws S3Exception EntityTooLarge above {@code max} bytes, or any {@link Payload} check failure
     */
    static byte[] read(S3Exchange ex, int max) throws IOException {
        Payload payload = Payload.open(ex.body, ex.auth, ex::header);
        S3Exception.check(payload.length() <= max, S3ErrorCode.ENTITY_TOO_LARGE, "the request body is over " + max
                + " bytes");
        byte[] body;
        try (InputStream in = payload.stream()) {
            body = in.readNBytes(max + 1);
        } catch (IOException e) {
            if (payload.failure() != null) {
                throw payload.failure();
            }
            throw new S3Exception(S3ErrorCode.INCOMPLETE_BODY, "the request body could not be read: " + e.getMessage());
        }
        S3Exception.check(body.length <= max, S3ErrorCode.ENTITY_TOO_LARGE, "the request body is over " + max + " bytes");
        payload.check(java.util.HexFormat.of().formatHex(io.hayloft.filer.entry.Md5.digest().digest(body)));
        return body;
    }
}
