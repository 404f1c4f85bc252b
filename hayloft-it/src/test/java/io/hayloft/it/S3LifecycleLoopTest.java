package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.testkit.Await;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;

/** The gateway carries out lifecycle rules by itself, every {@code -lifecycle.interval}, in real time. */
class S3LifecycleLoopTest {
    @TempDir
    Path root;

    @Test
    void expiredObjectsGoWithoutAnyoneAsking() {
        try (S3Gateway gateway = S3Gateway.start(root, S3Gateway.FilerPath.IN_PROCESS, Duration.ofMillis(200),
                Duration.ofSeconds(1)); S3Client s3 = gateway.admin()) {
            s3.createBucket(b -> b.bucket("ephemeral"));
            s3.putObject(p -> p.bucket("ephemeral").key("tmp/a"), RequestBody.fromString("a"));
            s3.putObject(p -> p.bucket("ephemeral").key("keep/b"), RequestBody.fromString("b"));
            s3.putBucketLifecycleConfiguration(p -> p.bucket("ephemeral").lifecycleConfiguration(c -> c.rules(
                    LifecycleRule.builder().id("tmp").status(ExpirationStatus.ENABLED)
                            .filter(LifecycleRuleFilter.builder().prefix("tmp/").build())
                            .expiration(e -> e.days(1)).build())));
            Await.until("the lifecycle job to expire tmp/a", Duration.ofSeconds(60),
                    () -> s3.listObjectsV2(l -> l.bucket("ephemeral")).contents().size() == 1);
            assertThat(s3.listObjectsV2(l -> l.bucket("ephemeral")).contents().getFirst().key()).isEqualTo("keep/b");
        }
    }
}
