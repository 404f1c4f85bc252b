package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A bucket that never had versioning, as tools that clean buckets see it (ceph's s3-tests, awscli's
 * {@code s3api}): ListObjectVersions lists each object as its one version, {@code null}, and {@code
 * versionId=null} names that version on a read or a delete. And empty objects. Run with the gateway
 * reaching the filer over HTTP and by method call.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ParameterizedClass(name = "gateway to filer over {0}")
@EnumSource(S3Gateway.FilerPath.class)
class S3UnversionedBucketTest {
    @TempDir
    static Path root;

    @Parameter
    S3Gateway.FilerPath filerPath;

    private S3Gateway gateway;
    private S3Client s3;

    @BeforeParameterizedClassInvocation
    void start() {
        gateway = S3Gateway.start(root.resolve(filerPath.name()), filerPath);
        s3 = gateway.admin();
        s3.createBucket(b -> b.bucket("plain"));
        for (String key : List.of("a", "b/c", "b/d", "e")) {
            s3.putObject(p -> p.bucket("plain").key(key), RequestBody.fromString("content of " + key));
        }
    }

    @AfterParameterizedClassInvocation
    void stop() {
        s3.close();
        gateway.close();
    }

    @Test
    void everyObjectIsItsOneNullVersionAndPagesByKeyMarker() {
        ListObjectVersionsResponse all = s3.listObjectVersions(l -> l.bucket("plain"));
        assertThat(all.versions()).extracting(ObjectVersion::key).containsExactly("a", "b/c", "b/d", "e");
        assertThat(all.versions()).allSatisfy(v -> {
            assertThat(v.versionId()).isEqualTo("null");
            assertThat(v.isLatest()).isTrue();
            assertThat(v.size()).isEqualTo(("content of " + v.key()).length());
        });
        ListObjectVersionsResponse first = s3.listObjectVersions(l -> l.bucket("plain").maxKeys(2));
        assertThat(first.isTruncated()).isTrue();
        ListObjectVersionsResponse rest = s3.listObjectVersions(l -> l.bucket("plain")
                .keyMarker(first.nextKeyMarker()).versionIdMarker(first.nextVersionIdMarker()));
        assertThat(rest.versions()).extracting(ObjectVersion::key).containsExactly("b/d", "e");
        ListObjectVersionsResponse grouped = s3.listObjectVersions(l -> l.bucket("plain").delimiter("/"));
        assertThat(grouped.versions()).extracting(ObjectVersion::key).containsExactly("a", "e");
        assertThat(grouped.commonPrefixes()).extracting(p -> p.prefix()).containsExactly("b/");
    }

    @Test
    void deletingABucketDropsItsCollectionsVolumesAtOnce() {
        String bucket = "short-lived-" + filerPath.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        s3.createBucket(b -> b.bucket(bucket));
        s3.putObject(p -> p.bucket(bucket).key("k"), RequestBody.fromBytes(new byte[200_000])); // chunked, not inline
        // the master lists a collection once a volume server has reported its new volume
        io.hayloft.testkit.Await.until("collection " + bucket + " listed", java.time.Duration.ofSeconds(20),
                () -> collections().contains(bucket));
        s3.deleteObject(d -> d.bucket(bucket).key("k"));
        s3.deleteBucket(d -> d.bucket(bucket));
        assertThat(collections()).doesNotContain(bucket);
        s3.createBucket(b -> b.bucket("never-written-" + filerPath.ordinal()));
        s3.deleteBucket(d -> d.bucket("never-written-" + filerPath.ordinal())); // no collection: nothing to drop
    }

    /** The collections the master knows ({@code /col/list}). */
    private List<String> collections() {
        java.net.http.HttpResponse<String> r;
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            r = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://" + gateway.cluster.masterUrl() + "/col/list")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        List<String> names = new java.util.ArrayList<>();
        io.hayloft.http.Json.MAPPER.readTree(r.body()).get("collections").forEach(c -> names.add(c.get("name").asString()));
        return names;
    }

    @Test
    void anEmptyObjectIsStoredListedAndReadBack() {
        s3.putObject(p -> p.bucket("plain").key("empty"), RequestBody.empty());
        assertThat(s3.headObject(h -> h.bucket("plain").key("empty")).contentLength()).isZero();
        assertThat(s3.getObjectAsBytes(g -> g.bucket("plain").key("empty")).asByteArray()).isEmpty();
        assertThat(s3.headObject(h -> h.bucket("plain").key("empty")).eTag())
                .isEqualTo("\"d41d8cd98f00b204e9800998ecf8427e\""); // the MD5 of nothing
        s3.deleteObject(d -> d.bucket("plain").key("empty"));
    }

    @Test
    void theNullVersionIdNamesTheObjectAndAnyOtherIsRefused() {
        s3.putObject(p -> p.bucket("plain").key("versioned-by-null"), RequestBody.fromString("x"));
        assertThat(s3.getObjectAsBytes(g -> g.bucket("plain").key("versioned-by-null").versionId("null")).asUtf8String())
                .isEqualTo("x");
        s3.deleteObject(d -> d.bucket("plain").key("versioned-by-null").versionId("null"));
        assertThatThrownBy(() -> s3.headObject(h -> h.bucket("plain").key("versioned-by-null")))
                .isInstanceOf(S3Exception.class);
        assertThatThrownBy(() -> s3.getObject(g -> g.bucket("plain").key("a").versionId("3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY")))
                .isInstanceOf(S3Exception.class).isNotInstanceOf(NoSuchKeyException.class);
        assertThatThrownBy(() -> s3.listObjectVersions(l -> l.bucket("plain").versionIdMarker("abc").keyMarker("a")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(400));
    }
}
