package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.testkit.Await;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One party answers a request: when a request's body framing breaks (answered {@code IncompleteBody} on the
 * event loop) while its handler, on a virtual thread, is half-way through its own answer, the client gets
 * one whole answer, never a mix of the two (the 400 with the object's headers, as the S3 fuzz test once
 * saw with seed 20261207). The handler is held between its answer's headers and its body by a gate on the
 * filer's reads, so the interleaving is not left to chance.
 */
class S3ResponseOwnershipTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @TempDir
    static Path root;
    static GatedFilerAccess gate;
    static S3Gateway gateway;
    static S3Client admin;

    @BeforeAll
    static void start() {
        gateway = S3Gateway.start(root, S3Gateway.FilerPath.IN_PROCESS, access -> gate = new GatedFilerAccess(access));
        admin = gateway.admin();
        admin.createBucket(b -> b.bucket("race"));
        admin.putObject(p -> p.bucket("race").key("object.txt").contentType("text/x-object")
                .metadata(java.util.Map.of("colour", "blue")), RequestBody.fromString("the object's bytes"));
    }

    @AfterAll
    static void stop() {
        if (gate != null) {
            gate.open();
        }
        if (admin != null) {
            admin.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void aBrokenBodyDuringAGetsAnswerGetsOnlyTheIncompleteBodyError() throws Exception {
        gate.close();
        try (Socket s = new Socket()) {
            s.connect(RawHttp.address(gateway.endpoint()), 5_000);
            s.setSoTimeout(50);
            OutputStream out = s.getOutputStream();
            StringBuilder head = new StringBuilder("GET /race/object.txt HTTP/1.1\r\n");
            signedGet("/race/object.txt").forEach(h -> head.append(h).append("\r\n"));
            out.write((head + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            // the handler has set the object's headers and waits for its bytes
            Await.until("the GET waiting for the object's bytes", DEADLINE, () -> gate.waiting() == 1);
            out.write("zz\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            RawHttp.Answer a = RawHttp.read(s, DEADLINE);
            gate.open();
            assertThat(a.status()).as(a.toString()).isEqualTo(400);
            assertThat(a.header("Content-Type")).as(a.toString()).isEqualTo("application/xml");
            assertThat(a.text()).as(a.toString()).contains("<Code>IncompleteBody</Code>");
            assertThat(a.header("Content-Length")).as("the error's own length: " + a)
                    .isEqualTo(Integer.toString(a.body().length));
            assertThat(a.headers()).as("none of the object's headers: " + a)
                    .doesNotContainKeys("etag", "last-modified", "accept-ranges", "x-amz-meta-colour");
        } finally {
            gate.open();
        }
        assertThat(admin.getObjectAsBytes(g -> g.bucket("race").key("object.txt")).asUtf8String())
                .as("the gateway still serves").isEqualTo("the object's bytes");
    }

    /** The admin's SigV4 headers for a GET of {@code path} with an empty payload. */
    private static java.util.List<String> signedGet(String path) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.GET)
                .uri(URI.create(gateway.endpoint() + path)).build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(s -> s
                .identity(AwsCredentialsIdentity.create(S3Gateway.ADMIN_KEY, S3Gateway.ADMIN_SECRET))
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(new byte[0]))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(HttpSigner.SIGNING_CLOCK, gateway.clock)).request();
        java.util.List<String> out = new java.util.ArrayList<>();
        signed.headers().forEach((k, vs) -> vs.forEach(v -> out.add(k + ": " + v)));
        return out;
    }
}
