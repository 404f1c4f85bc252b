package io.hayloft.s3.http;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import io.hayloft.s3.object.BucketSettings;
import io.hayloft.s3.object.Buckets;
import io.hayloft.s3.xml.CorsConfiguration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Cross-origin resource sharing: Get/Put/DeleteBucketCors ({@code ?cors}, kept as the bucket setting
 * {@link BucketSettings#CORS}), the browser's preflight ({@code OPTIONS}, answered before any signature
 * check, as browsers send none), and the {@code Access-Control-*} headers on every answer (errors too) to a
 * request with an {@code Origin} that a rule allows. Each runs on the request's virtual thread.
 */
public final class CorsHandlers {
    private static final int MAX_BODY = 64 << 10;

    private final Buckets buckets;

    public CorsHandlers(Buckets buckets) {
        this.buckets = buckets;
    }

    void get(S3Exchange ex) {
        buckets.require(ex.bucket);
        CorsConfiguration config = load(ex.bucket).orElseThrow(() -> new S3Exception(
                S3ErrorCode.NO_SUCH_CORS_CONFIGURATION, "The CORS configuration does not exist"));
        S3Responses.xml(ex, 200, config.toXml());
    }

    void put(S3Exchange ex) throws IOException {
        CorsConfiguration config = CorsConfiguration.parse(SmallBody.read(ex, MAX_BODY));
        buckets.require(ex.bucket);
        buckets.settings().put(ex.bucket, BucketSettings.CORS, new String(config.toXml(), StandardCharsets.UTF_8));
        S3Responses.empty(ex, 200);
    }

    void delete(S3Exchange ex) {
        buckets.require(ex.bucket);
        buckets.settings().remove(ex.bucket, BucketSettings.CORS);
        S3Responses.empty(ex, 204);
    }

    /**
     * A preflight: {@code Origin} and {@code Access-Control-Request-Method} are required (400 BadRequest), a
     * rule must allow them and every {@code Access-Control-Request-Headers} (403 AccessForbidden).
     */
    void preflight(S3Exchange ex) {
        String origin = ex.header("Origin");
        String method = ex.header("Access-Control-Request-Method");
        S3Exception.check(origin != null && method != null && !ex.bucket.isEmpty(), S3ErrorCode.BAD_REQUEST,
                "Insufficient information. Origin and Access-Control-Request-Method request headers needed.");
        io.hayloft.s3.object.BucketName.check(ex.bucket);
        List<String> headers = requestHeaders(ex.header("Access-Control-Request-Headers"));
        CorsConfiguration.Rule rule = load(ex.bucket).flatMap(c -> c.match(origin, method, headers))
                .orElseThrow(() -> new S3Exception(S3ErrorCode.ACCESS_FORBIDDEN, "CORSResponse: This CORS request is"
                        + " not allowed. This is usually because the evaluation of Origin, request method /"
                        + " Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the"
                        + " resource's CORS spec."));
        S3Response r = ex.response;
        allow(r, rule, origin);
        if (!headers.isEmpty()) {
            r.putHeader("Access-Control-Allow-Headers", String.join(", ", headers));
        }
        if (rule.maxAgeSeconds() >= 0) {
            r.putHeader("Access-Control-Max-Age", Integer.toString(rule.maxAgeSeconds()));
        }
        S3Responses.empty(ex, 200);
    }

    /**
     * Adds the {@code Access-Control-*} headers to the answer of a request with an {@code Origin} a rule of its
     * bucket allows (for the method {@code Access-Control-Request-Method} names, or the request's own). A
     * configuration that cannot be read adds nothing.
     */
    void decorate(S3Exchange ex) {
        String origin = ex.header("Origin");
        if (origin == null || ex.bucket.isEmpty() || io.hayloft.s3.object.BucketName.problem(ex.bucket) != null) {
            return;
        }
        String asked = ex.header("Access-Control-Request-Method");
        String method = asked != null ? asked : ex.request.method().name();
        try {
            load(ex.bucket).flatMap(c -> c.match(origin, method, List.of()))
                    .ifPresent(rule -> allow(ex.response, rule, origin));
        } catch (S3Exception e) {
            // no bucket, or the filer failed: the request itself will say so
        }
    }

    private static void allow(S3Response r, CorsConfiguration.Rule rule, String origin) {
        String allowOrigin = rule.allowOrigin(origin);
        r.putHeader("Access-Control-Allow-Origin", allowOrigin)
                .putHeader("Access-Control-Allow-Methods", String.join(", ", rule.methods()))
                .putHeader("Vary", "Origin, Access-Control-Request-Headers, Access-Control-Request-Method");
        if (!allowOrigin.equals("*")) {
            r.putHeader("Access-Control-Allow-Credentials", "true");
        }
        if (!rule.exposeHeaders().isEmpty()) {
            r.putHeader("Access-Control-Expose-Headers", String.join(", ", rule.exposeHeaders()));
        }
    }

    private static List<String> requestHeaders(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::strip).filter(h -> !h.isEmpty()).toList();
    }

    private Optional<CorsConfiguration> load(String bucket) {
        return buckets.settings().get(bucket, BucketSettings.CORS)
                .map(xml -> CorsConfiguration.parse(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
