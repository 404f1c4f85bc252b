package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CORSRule;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * CORS: Put/Get/DeleteBucketCors through the AWS SDK v2 (the oracle of what S3 answers), a browser's
 * preflight ({@code OPTIONS}, unsigned) and the {@code Access-Control-*} headers on a signed request with
 * an {@code Origin}, errors included.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3CorsTest {
    @TempDir
    static Path root;

    private S3Gateway gateway;
    private S3Client s3;

    @BeforeAll
    void start() {
        gateway = S3Gateway.start(root, S3Gateway.FilerPath.IN_PROCESS);
        s3 = gateway.admin();
        s3.createBucket(b -> b.bucket("site"));
        s3.putObject(p -> p.bucket("site").key("page.html"), RequestBody.fromString("<p>hi</p>"));
    }

    @AfterAll
    void stop() {
        s3.close();
        gateway.close();
    }

    private HttpResponse<byte[]> options(String path, String origin, String method, String headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.endpoint() + path))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody());
        if (origin != null) {
            b.header("Origin", origin);
        }
        if (method != null) {
            b.header("Access-Control-Request-Method", method);
        }
        if (headers != null) {
            b.header("Access-Control-Request-Headers", headers);
        }
        return TestHttp.send(b.build());
    }

    @Test
    void rulesAreStoredAnsweredAndRemoved() {
        assertThatThrownBy(() -> s3.getBucketCors(g -> g.bucket("site")))
                .satisfies(e -> assertThat(((S3Exception) e).awsErrorDetails().errorCode())
                        .isEqualTo("NoSuchCORSConfiguration"));
        s3.putBucketCors(p -> p.bucket("site").corsConfiguration(c -> c.corsRules(
                CORSRule.builder().allowedMethods("GET", "HEAD").allowedOrigins("https://*.example.com")
                        .allowedHeaders("x-amz-*", "content-type").exposeHeaders("ETag").maxAgeSeconds(600).build(),
                CORSRule.builder().allowedMethods("PUT").allowedOrigins("*").build())));
        CORSRule first = s3.getBucketCors(g -> g.bucket("site")).corsRules().getFirst();
        assertThat(first.allowedMethods()).containsExactly("GET", "HEAD");
        assertThat(first.allowedOrigins()).containsExactly("https://*.example.com");
        assertThat(first.maxAgeSeconds()).isEqualTo(600);

        HttpResponse<byte[]> allowed = options("/site/page.html", "https://app.example.com", "GET", "X-Amz-Date");
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains("https://app.example.com");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Methods")).contains("GET, HEAD");
        assertThat(allowed.headers().firstValue("Access-Control-Max-Age")).contains("600");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Headers")).contains("X-Amz-Date");
        assertThat(options("/site/page.html", "https://evil.test", "GET", null).statusCode()).isEqualTo(403);
        assertThat(options("/site/page.html", "https://app.example.com", "GET", "x-other").statusCode()).isEqualTo(403);
        assertThat(options("/site/page.html", "https://app.example.com", "DELETE", null).statusCode()).isEqualTo(403);
        assertThat(options("/site/page.html", null, "GET", null).statusCode()).isEqualTo(400);
        HttpResponse<byte[]> anyone = options("/site/upload", "https://anywhere.test", "PUT", null);
        assertThat(anyone.statusCode()).isEqualTo(200);
        assertThat(anyone.headers().firstValue("Access-Control-Allow-Origin")).contains("*");

        // a signed GET from an allowed origin carries the headers, on success and on error alike
        var ok = s3.getObjectAsBytes(g -> g.bucket("site").key("page.html")
                .overrideConfiguration(o -> o.putHeader("Origin", "https://app.example.com")));
        assertThat(ok.response().sdkHttpResponse().firstMatchingHeader("Access-Control-Allow-Origin"))
                .contains("https://app.example.com");
        assertThat(ok.response().sdkHttpResponse().firstMatchingHeader("Access-Control-Expose-Headers")).contains("ETag");
        assertThatThrownBy(() -> s3.getObject(g -> g.bucket("site").key("missing")
                .overrideConfiguration(o -> o.putHeader("Origin", "https://app.example.com"))))
                .satisfies(e -> assertThat(((S3Exception) e).awsErrorDetails().sdkHttpResponse()
                        .firstMatchingHeader("Access-Control-Allow-Origin")).contains("https://app.example.com"));
        var other = s3.getObjectAsBytes(g -> g.bucket("site").key("page.html")
                .overrideConfiguration(o -> o.putHeader("Origin", "https://evil.test")));
        assertThat(other.response().sdkHttpResponse().firstMatchingHeader("Access-Control-Allow-Origin")).isEmpty();

        s3.deleteBucketCors(d -> d.bucket("site"));
        assertThat(options("/site/page.html", "https://app.example.com", "GET", null).statusCode()).isEqualTo(403);
        assertThatThrownBy(() -> s3.getBucketCors(g -> g.bucket("site"))).isInstanceOf(S3Exception.class);
    }

    @Test
    void malformedOrUnknownMethodsAreRefusedAndChangeNothing() {
        s3.createBucket(b -> b.bucket("strict"));
        assertThatThrownBy(() -> s3.putBucketCors(p -> p.bucket("strict").corsConfiguration(c -> c.corsRules(
                CORSRule.builder().allowedMethods("PATCH").allowedOrigins("*").build()))))
                .satisfies(e -> assertThat(((S3Exception) e).awsErrorDetails().errorCode()).isEqualTo("InvalidRequest"));
        assertThatThrownBy(() -> s3.putBucketCors(p -> p.bucket("strict").corsConfiguration(c -> c.corsRules(
                CORSRule.builder().allowedMethods("GET").allowedOrigins("*a*b").build()))))
                .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(400));
        assertThatThrownBy(() -> s3.getBucketCors(g -> g.bucket("strict")))
                .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(404));
    }
}
