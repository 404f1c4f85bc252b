package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.s3.Addressing;
import io.hayloft.s3.auth.SigV2;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Virtual-host style ({@code -domainName s3.test}: {@code <bucket>.s3.test}) with the AWS SDK v2 in its
 * virtual-host addressing (its HTTP client resolving {@code *.s3.test} to this machine), path-style on the
 * same gateway, presigned URLs and SigV2 on a virtual host, and a proxy that rewrites {@code Host} and says
 * where the client sent the request in {@code X-Forwarded-Host}/{@code -Port}.
 */
class S3VirtualHostTest {
    private static final String DOMAIN = "s3.test";

    @TempDir
    static Path root;
    static S3Gateway gateway;
    static S3Client virtualHost;
    static S3Client pathStyle;

    @BeforeAll
    static void start() {
        gateway = S3Gateway.configured(root, S3Gateway.FilerPath.IN_PROCESS,
                c -> c.withAddressing(Addressing.parse(DOMAIN, "")));
        virtualHost = client(false);
        pathStyle = client(true);
    }

    @AfterAll
    static void stop() {
        for (S3Client c : new S3Client[] {virtualHost, pathStyle}) {
            if (c != null) {
                c.close();
            }
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    /** {@code s3.test} and its sub-domains are this machine; everything else as the system resolves it. */
    private static final DnsResolver RESOLVER = new DnsResolver() {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            return host.equals(DOMAIN) || host.endsWith("." + DOMAIN) ? new InetAddress[] {InetAddress.getLoopbackAddress()}
                    : SystemDefaultDnsResolver.INSTANCE.resolve(host);
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            return host;
        }
    };

    private static String endpoint() {
        return "http://" + DOMAIN + ":" + gateway.s3.port();
    }

    private static S3Client client(boolean forcePathStyle) {
        return S3Client.builder().endpointOverride(URI.create(endpoint())).region(Region.US_EAST_1)
                .forcePathStyle(forcePathStyle)
                .httpClientBuilder(Apache5HttpClient.builder().dnsResolver(RESOLVER))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3Gateway.ADMIN_KEY,
                        S3Gateway.ADMIN_SECRET)))
                .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(60)))
                .build();
    }

    @Test
    void theSdkInVirtualHostStylePutsGetsListsCopiesUploadsInPartsAndDeletes() {
        virtualHost.createBucket(b -> b.bucket("vhost"));
        virtualHost.putObject(p -> p.bucket("vhost").key("dir/a b.txt").contentType("text/plain"),
                RequestBody.fromString("hello, virtual host"));
        assertThat(virtualHost.getObjectAsBytes(g -> g.bucket("vhost").key("dir/a b.txt")).asUtf8String())
                .isEqualTo("hello, virtual host");
        assertThat(pathStyle.getObjectAsBytes(g -> g.bucket("vhost").key("dir/a b.txt")).asUtf8String())
                .as("the domain itself is path-style").isEqualTo("hello, virtual host");
        virtualHost.copyObject(c -> c.sourceBucket("vhost").sourceKey("dir/a b.txt").destinationBucket("vhost")
                .destinationKey("copy.txt"));

        String uploadId = virtualHost.createMultipartUpload(c -> c.bucket("vhost").key("big.bin")).uploadId();
        byte[] part = new byte[5 << 20];
        java.util.Arrays.fill(part, (byte) 'p');
        List<CompletedPart> parts = new ArrayList<>();
        for (int n = 1; n <= 2; n++) {
            int number = n;
            byte[] body = n == 1 ? part : "tail".getBytes(StandardCharsets.UTF_8);
            String eTag = virtualHost.uploadPart(u -> u.bucket("vhost").key("big.bin").uploadId(uploadId).partNumber(number),
                    RequestBody.fromBytes(body)).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).build());
        }
        var done = virtualHost.completeMultipartUpload(c -> c.bucket("vhost").key("big.bin").uploadId(uploadId)
                .multipartUpload(m -> m.parts(parts)));
        assertThat(done.location()).isEqualTo("http://vhost." + DOMAIN + ":" + gateway.s3.port() + "/big.bin");
        assertThat(virtualHost.headObject(h -> h.bucket("vhost").key("big.bin")).contentLength()).isEqualTo((5 << 20) + 4);

        assertThat(virtualHost.listObjectsV2(l -> l.bucket("vhost")).contents()).extracting(S3Object::key)
                .containsExactly("big.bin", "copy.txt", "dir/a b.txt");
        assertThat(virtualHost.listObjectsV2(l -> l.bucket("vhost").prefix("dir/")).contents()).extracting(S3Object::key)
                .containsExactly("dir/a b.txt");
        assertThat(virtualHost.listBuckets().buckets()).anyMatch(b -> b.name().equals("vhost"));

        virtualHost.deleteObjects(d -> d.bucket("vhost").delete(x -> x.objects(o -> o.key("big.bin"), o -> o.key("copy.txt"),
                o -> o.key("dir/a b.txt"))));
        virtualHost.deleteBucket(b -> b.bucket("vhost"));
        assertThat(pathStyle.listBuckets().buckets()).noneMatch(b -> b.name().equals("vhost"));
    }

    @Test
    void presignedUrlsAndSignatureVersion2OnAVirtualHost() throws Exception {
        pathStyle.createBucket(b -> b.bucket("signed"));
        pathStyle.putObject(p -> p.bucket("signed").key("k.txt"), RequestBody.fromString("presigned"));
        URI url;
        try (S3Presigner presigner = S3Presigner.builder().endpointOverride(URI.create(endpoint()))
                .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3Gateway.ADMIN_KEY, S3Gateway.ADMIN_SECRET))).build()) {
            url = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(g -> g.bucket("signed").key("k.txt"))).url().toURI();
        }
        assertThat(url.getHost()).isEqualTo("signed." + DOMAIN);
        RawHttp.Answer a = get(url.getRawPath() + "?" + url.getRawQuery(), url.getHost() + ":" + url.getPort(), Map.of());
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.text()).isEqualTo("presigned");

        // SigV2 signs the bucket of a virtual host in front of the path
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(gateway.clock.instant().atOffset(ZoneOffset.UTC));
        String signature = SigV2.sign(S3Gateway.ADMIN_SECRET, "GET\n\n\n" + date + "\n/signed/k.txt");
        RawHttp.Answer v2 = get("/k.txt", "signed." + DOMAIN + ":" + gateway.s3.port(),
                Map.of("Date", date, "Authorization", "AWS " + S3Gateway.ADMIN_KEY + ":" + signature));
        assertThat(v2.status()).as(v2.toString()).isEqualTo(200);
        assertThat(v2.text()).isEqualTo("presigned");
    }

    @Test
    void behindAProxyThatRewritesHostTheForwardedHostIsWhatTheSignatureCovers() {
        pathStyle.createBucket(b -> b.bucket("proxied"));
        pathStyle.putObject(p -> p.bucket("proxied").key("k.txt"), RequestBody.fromString("through a proxy"));
        // the client signed for the proxy's address; the proxy sends Host: <the gateway> and says where it was sent
        Map<String, String> signed = signedGet("http://proxy.example:9000/proxied/k.txt");
        String backend = "127.0.0.1:" + gateway.s3.port();
        Map<String, String> forwarded = new java.util.LinkedHashMap<>(signed);
        forwarded.put("X-Forwarded-Host", "proxy.example");
        forwarded.put("X-Forwarded-Port", "9000");
        forwarded.put("X-Forwarded-Proto", "http");
        RawHttp.Answer a = get("/proxied/k.txt", backend, forwarded);
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.text()).isEqualTo("through a proxy");

        RawHttp.Answer rewritten = get("/proxied/k.txt", backend, signed);
        assertThat(rewritten.status()).as("no X-Forwarded-Host: " + rewritten).isEqualTo(403);
        assertThat(rewritten.text()).contains("<Code>SignatureDoesNotMatch</Code>");
    }

    /** A raw GET of {@code pathAndQuery} to the gateway with {@code host} as its Host header. */
    private static RawHttp.Answer get(String pathAndQuery, String host, Map<String, String> headers) {
        StringBuilder r = new StringBuilder("GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + host + "\r\n");
        headers.forEach((k, v) -> {
            if (!k.equalsIgnoreCase("Host")) {
                r.append(k).append(": ").append(v).append("\r\n");
            }
        });
        return RawHttp.send("127.0.0.1:" + gateway.s3.port(), r.append("Connection: close\r\n\r\n").toString(),
                Duration.ofSeconds(20));
    }

    /** The admin's SigV4 headers for a GET of {@code url} (its host as the client saw it). */
    private static Map<String, String> signedGet(String url) {
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(s -> s
                .identity(AwsCredentialsIdentity.create(S3Gateway.ADMIN_KEY, S3Gateway.ADMIN_SECRET))
                .request(SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(URI.create(url)).build())
                .payload(ContentStreamProvider.fromByteArray(new byte[0]))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(HttpSigner.SIGNING_CLOCK, gateway.clock)).request();
        Map<String, String> out = new java.util.LinkedHashMap<>();
        signed.headers().forEach((k, vs) -> out.put(k, vs.getFirst()));
        return out;
    }
}
