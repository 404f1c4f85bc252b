package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * S3 Object Lock through the AWS SDK v2: a bucket created with object lock (versioned for good), its default
 * retention, an object's retention and legal hold, and deletes of a locked version refused (GOVERNANCE
 * lifted with {@code x-amz-bypass-governance-retention}, COMPLIANCE and legal holds not), malformed
 * configurations refused with nothing changed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3ObjectLockTest {
    @TempDir
    static Path root;

    private S3Gateway gateway;
    private S3Client s3;

    @BeforeAll
    void start() {
        gateway = S3Gateway.start(root, S3Gateway.FilerPath.IN_PROCESS);
        s3 = gateway.admin();
    }

    @AfterAll
    void stop() {
        s3.close();
        gateway.close();
    }

    private static String code(Throwable t) {
        return ((S3Exception) t).awsErrorDetails().errorCode();
    }

    @Test
    void retentionAndLegalHoldsKeepVersionsFromDeletion() {
        s3.createBucket(b -> b.bucket("vault").objectLockEnabledForBucket(true));
        assertThat(s3.getBucketVersioning(g -> g.bucket("vault")).status()).isEqualTo(BucketVersioningStatus.ENABLED);
        s3.putObjectLockConfiguration(p -> p.bucket("vault").objectLockConfiguration(c -> c
                .objectLockEnabled(ObjectLockEnabled.ENABLED)
                .rule(r -> r.defaultRetention(d -> d.mode(ObjectLockRetentionMode.GOVERNANCE).days(1)))));
        assertThat(s3.getObjectLockConfiguration(g -> g.bucket("vault")).objectLockConfiguration().rule()
                .defaultRetention().days()).isEqualTo(1);

        String v1 = s3.putObject(p -> p.bucket("vault").key("doc"), RequestBody.fromString("one")).versionId();
        HeadObjectResponse head = s3.headObject(h -> h.bucket("vault").key("doc"));
        assertThat(head.objectLockMode()).isEqualTo(ObjectLockMode.GOVERNANCE);
        assertThat(head.objectLockRetainUntilDate()).isAfter(Instant.now().plus(Duration.ofHours(23)));
        assertThatThrownBy(() -> s3.deleteObject(d -> d.bucket("vault").key("doc").versionId(v1)))
                .satisfies(e -> assertThat(code(e)).isEqualTo("AccessDenied"));

        s3.putObjectLegalHold(p -> p.bucket("vault").key("doc").versionId(v1)
                .legalHold(l -> l.status(ObjectLockLegalHoldStatus.ON)));
        assertThat(s3.getObjectLegalHold(g -> g.bucket("vault").key("doc").versionId(v1)).legalHold().status())
                .isEqualTo(ObjectLockLegalHoldStatus.ON);
        assertThatThrownBy(() -> s3.deleteObject(d -> d.bucket("vault").key("doc").versionId(v1)
                .bypassGovernanceRetention(true))).as("a legal hold is not bypassed")
                .satisfies(e -> assertThat(code(e)).isEqualTo("AccessDenied"));
        s3.putObjectLegalHold(p -> p.bucket("vault").key("doc").versionId(v1)
                .legalHold(l -> l.status(ObjectLockLegalHoldStatus.OFF)));
        s3.deleteObject(d -> d.bucket("vault").key("doc").versionId(v1).bypassGovernanceRetention(true));

        Instant until = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
        String v2 = s3.putObject(p -> p.bucket("vault").key("law").objectLockMode(ObjectLockMode.COMPLIANCE)
                .objectLockRetainUntilDate(until), RequestBody.fromString("two")).versionId();
        assertThat(s3.getObjectRetention(g -> g.bucket("vault").key("law").versionId(v2)).retention().retainUntilDate())
                .isEqualTo(until);
        assertThatThrownBy(() -> s3.putObjectRetention(p -> p.bucket("vault").key("law").versionId(v2)
                .bypassGovernanceRetention(true).retention(r -> r.mode(ObjectLockRetentionMode.COMPLIANCE)
                        .retainUntilDate(until.minus(Duration.ofDays(1))))))
                .as("COMPLIANCE is never shortened").satisfies(e -> assertThat(code(e)).isEqualTo("AccessDenied"));
        assertThatThrownBy(() -> s3.deleteObject(d -> d.bucket("vault").key("law").versionId(v2)
                .bypassGovernanceRetention(true))).satisfies(e -> assertThat(code(e)).isEqualTo("AccessDenied"));
        s3.createBucket(b -> b.bucket("copies"));
        s3.copyObject(c -> c.sourceBucket("vault").sourceKey("law").destinationBucket("copies").destinationKey("law"));
        assertThat(s3.headObject(h -> h.bucket("copies").key("law")).objectLockMode())
                .as("a copy does not take the source's lock").isNull();
        assertThat(s3.deleteObject(d -> d.bucket("vault").key("law")).deleteMarker())
                .as("a delete without a version only adds a marker").isTrue();

        assertThatThrownBy(() -> s3.putBucketVersioning(p -> p.bucket("vault").versioningConfiguration(c -> c
                .status(BucketVersioningStatus.SUSPENDED)))).satisfies(e -> assertThat(code(e)).isEqualTo("InvalidBucketState"));
    }

    @Test
    void malformedOrMisplacedLockRequestsAreRefused() {
        s3.createBucket(b -> b.bucket("plain"));
        assertThatThrownBy(() -> s3.getObjectLockConfiguration(g -> g.bucket("plain")))
                .satisfies(e -> assertThat(code(e)).isEqualTo("ObjectLockConfigurationNotFoundError"));
        assertThatThrownBy(() -> s3.putObjectLockConfiguration(p -> p.bucket("plain").objectLockConfiguration(c -> c
                .objectLockEnabled(ObjectLockEnabled.ENABLED))))
                .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidBucketState"));
        assertThatThrownBy(() -> s3.putObject(p -> p.bucket("plain").key("k").objectLockMode(ObjectLockMode.GOVERNANCE)
                .objectLockRetainUntilDate(Instant.now().plus(Duration.ofDays(1))), RequestBody.fromString("k")))
                .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidRequest"));
        s3.putBucketVersioning(p -> p.bucket("plain").versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
        s3.putObjectLockConfiguration(p -> p.bucket("plain").objectLockConfiguration(c -> c
                .objectLockEnabled(ObjectLockEnabled.ENABLED)));
        assertThat(s3.getObjectLockConfiguration(g -> g.bucket("plain")).objectLockConfiguration().objectLockEnabled())
                .as("an existing bucket takes object lock once versioned").isEqualTo(ObjectLockEnabled.ENABLED);

        s3.createBucket(b -> b.bucket("locked").objectLockEnabledForBucket(true));
        assertThatThrownBy(() -> s3.putObjectLockConfiguration(p -> p.bucket("locked").objectLockConfiguration(c -> c
                .objectLockEnabled(ObjectLockEnabled.ENABLED)
                .rule(r -> r.defaultRetention(d -> d.mode(ObjectLockRetentionMode.GOVERNANCE).days(1).years(1))))))
                .satisfies(e -> assertThat(code(e)).isEqualTo("MalformedXML"));
        assertThatThrownBy(() -> s3.putObjectLockConfiguration(p -> p.bucket("locked").objectLockConfiguration(c -> c
                .objectLockEnabled(ObjectLockEnabled.ENABLED)
                .rule(r -> r.defaultRetention(d -> d.mode(ObjectLockRetentionMode.GOVERNANCE).days(-3))))))
                .satisfies(e -> assertThat(code(e)).isEqualTo("InvalidRetentionPeriod"));
        assertThat(s3.getObjectLockConfiguration(g -> g.bucket("locked")).objectLockConfiguration().rule())
                .as("refused configurations change nothing").isNull();
        String v = s3.putObject(p -> p.bucket("locked").key("free"), RequestBody.fromString("f")).versionId();
        assertThatThrownBy(() -> s3.getObjectRetention(g -> g.bucket("locked").key("free")))
                .satisfies(e -> assertThat(code(e)).isEqualTo("NoSuchObjectLockConfiguration"));
        s3.deleteObject(d -> d.bucket("locked").key("free").versionId(v));
    }
}
