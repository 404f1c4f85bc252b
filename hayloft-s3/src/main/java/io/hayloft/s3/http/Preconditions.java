package io.hayloft.s3.http;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import io.hayloft.s3.object.ObjectInfo;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/**
 * S3's conditional request headers against an object, in S3's order: {@code If-Match} (else 412),
 * {@code If-Unmodified-Since} (else 412, unless an If-Match held), {@code If-None-Match} (a match → 304
 * for GET/HEAD), {@code If-Modified-Since} (not modified → 304, unless an If-None-Match was given).
 * The copy-source forms ({@code x-amz-copy-source-if-*}) fail with 412 throughout. A date that does
 * not parse is ignored, as S3 does.
 */
final class Preconditions {
    private Preconditions() {
    }

    /**
     * Checks the conditions {@code header} carries (header names given without prefix, e.g. {@code If-Match}).
     *
     * @param copySource true for the {@code x-amz-copy-source-if-*} forms (never 304)
     * @throws S3Exception PreconditionFailed (412) or NotModified (304)
     */
    static void check(ObjectInfo o, Function<String, String> header, boolean copySource) {
        String prefix = copySource ? "x-amz-copy-source-" : "";
        String ifMatch = header.apply(prefix + "If-Match");
        String ifUnmodified = header.apply(prefix + "If-Unmodified-Since");
        String ifNoneMatch = header.apply(prefix + "If-None-Match");
        String ifModified = header.apply(prefix + "If-Modified-Since");
        Instant modified = o.lastModified();
        if (ifMatch != null) {
            if (!matches(ifMatch, o.eTag())) {
                throw failed();
            }
        } else if (ifUnmodified != null) {
            Instant t = date(ifUnmodified);
            if (t != null && modified.getEpochSecond() > t.getEpochSecond()) {
                throw failed();
            }
        }
        if (ifNoneMatch != null) {
            if (matches(ifNoneMatch, o.eTag())) {
                throw copySource ? failed() : notModified();
            }
        } else if (ifModified != null) {
            Instant t = date(ifModified);
            if (t != null && modified.getEpochSecond() <= t.getEpochSecond()) {
                throw copySource ? failed() : notModified();
            }
        }
    }

    private static boolean matches(String header, String eTag) {
        for (String tag : header.split(",")) {
            String t = tag.strip();
            if (t.equals("*") || t.equals(eTag) || ("\"" + t + "\"").equals(eTag)) {
                return true;
            }
        }
        return false;
    }

    private static Instant date(String value) {
        try {
            return DateTimeFormatter.RFC_1123_DATE_TIME.parse(value.strip(), Instant::from);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static S3Exception failed() {
        return new S3Exception(S3ErrorCode.PRECONDITION_FAILED, "At least one of the pre-conditions you specified did"
                + " not hold");
    }

    private static S3Exception notModified() {
        return new S3Exception(S3ErrorCode.NOT_MODIFIED, "Not Modified");
    }
}
