package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.testkit.Await;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;

/**
 * {@code hayloft server} runs the S3 gateway with a key pair it generates at its first start, prints
 * once and keeps in its data directory: the pair works with the AWS SDK, survives a restart (and is not
 * printed again), and unsigned writes are refused.
 */
class ServerS3KeysTest {
    @TempDir
    Path root;

    @Test
    void generatedKeyPairIsPrintedOnceKeptAndWorks() throws Exception {
        Path data = root.resolve("data");
        try (ServerProcess server = new ServerProcess(data, List.of())) {
            server.start();
            Path keys = data.resolve("s3").resolve("s3-identities.json");
            Await.until("the S3 gateway to answer", Duration.ofMinutes(2),
                    () -> Files.exists(keys) && TestHttp.get(server.s3Url(), "/").statusCode() == 403);
            JsonNode credential = TestHttp.JSON.readTree(Files.readAllBytes(keys)).get("identities").get(0)
                    .get("credentials").get(0);
            String accessKey = credential.get("accessKey").asString();
            String secret = credential.get("secretKey").asString();
            Await.until("the key pair in the log", Duration.ofSeconds(30),
                    () -> log(server).contains("secret key: " + secret));
            try (S3Client s3 = S3Client.builder().endpointOverride(URI.create("http://" + server.s3Url()))
                    .region(Region.US_EAST_1).forcePathStyle(true)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
                    .build()) {
                s3.createBucket(b -> b.bucket("first"));
                s3.putObject(p -> p.bucket("first").key("k"), RequestBody.fromString("v"));
                assertThat(s3.getObjectAsBytes(g -> g.bucket("first").key("k")).asUtf8String()).isEqualTo("v");
            }
            assertThat(TestHttp.send(java.net.http.HttpRequest.newBuilder(URI.create("http://" + server.s3Url()
                    + "/first/anon")).PUT(java.net.http.HttpRequest.BodyPublishers.ofString("x")).build())
                    .statusCode()).isEqualTo(403);

            server.close();
            Files.writeString(server.logFile(), "");
            server.start();
            Await.until("the S3 gateway to answer again", Duration.ofMinutes(2),
                    () -> TestHttp.get(server.s3Url(), "/").statusCode() == 403);
            try (S3Client s3 = S3Client.builder().endpointOverride(URI.create("http://" + server.s3Url()))
                    .region(Region.US_EAST_1).forcePathStyle(true)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
                    .build()) {
                assertThat(s3.getObjectAsBytes(g -> g.bucket("first").key("k")).asUtf8String()).isEqualTo("v");
            }
            Await.until("the gateway's start-up line", Duration.ofSeconds(30), () -> log(server).contains("S3 gateway"));
            assertThat(log(server)).doesNotContain(secret);
        }
    }

    private static String log(ServerProcess server) {
        try {
            return Files.readString(server.logFile());
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
