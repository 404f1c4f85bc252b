package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Bucket versioning driven by the AWS SDK v2 as the oracle of what S3 answers: version ids on PUT, copy
 * and Complete, GET/HEAD/DELETE {@code ?versionId=}, delete markers, the previous version coming back,
 * the {@code null} version of a suspended bucket and of objects from before versioning,
 * ListObjectVersions with paging, prefix and delimiter, DeleteObjects by version, and a bucket that
 * holds only old versions refusing to be deleted. Run with the gateway reaching the filer over HTTP and
 * by method call.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ParameterizedClass(name = "gateway to filer over {0}")
@EnumSource(S3Gateway.FilerPath.class)
class S3VersioningTest {
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
    }

    @AfterParameterizedClassInvocation
    void stop() {
        s3.close();
        gateway.close();
    }

    private void versioned(String bucket) {
        s3.createBucket(b -> b.bucket(bucket));
        s3.putBucketVersioning(p -> p.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    }

    private String put(String bucket, String key, String body) {
        return s3.putObject(p -> p.bucket(bucket).key(key), RequestBody.fromString(body)).versionId();
    }

    private String get(String bucket, String key, String versionId) {
        return s3.getObjectAsBytes(g -> g.bucket(bucket).key(key).versionId(versionId)).asUtf8String();
    }

    private static int status(Throwable t) {
        return ((S3Exception) t).statusCode();
    }

    private static String code(Throwable t) {
        return ((S3Exception) t).awsErrorDetails().errorCode();
    }

    @Test
    void everyWriteIsAVersionThatReadsBackByIdAndDeletesLeaveMarkers() {
        s3.createBucket(b -> b.bucket("history"));
        assertThat(s3.getBucketVersioning(g -> g.bucket("history")).status()).isNull();
        String before = s3.putObject(p -> p.bucket("history").key("doc"), RequestBody.fromString("v0")).versionId();
        assertThat(before).isNull();
        s3.putBucketVersioning(p -> p.bucket("history").versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        assertThat(s3.getBucketVersioning(g -> g.bucket("history")).status()).isEqualTo(BucketVersioningStatus.ENABLED);

        String v1 = put("history", "doc", "v1");
        String v2 = put("history", "doc", "v2");
        assertThat(v1).isNotNull().isNotEqualTo("null").isNotEqualTo(v2);
        assertThat(get("history", "doc", null)).isEqualTo("v2");
        assertThat(get("history", "doc", v1)).isEqualTo("v1");
        assertThat(get("history", "doc", "null")).isEqualTo("v0");
        assertThat(s3.headObject(h -> h.bucket("history").key("doc").versionId(v1)).versionId()).isEqualTo(v1);
        assertThat(s3.headObject(h -> h.bucket("history").key("doc")).versionId()).isEqualTo(v2);
        // the filer's view of the bucket holds the current version only
        assertThat(s3.listObjectsV2(l -> l.bucket("history")).contents()).hasSize(1);

        ListObjectVersionsResponse all = s3.listObjectVersions(l -> l.bucket("history"));
        assertThat(all.versions()).extracting(ObjectVersion::versionId).containsExactly(v2, v1, "null");
        assertThat(all.versions()).extracting(ObjectVersion::isLatest).containsExactly(true, false, false);
        assertThat(all.versions()).extracting(ObjectVersion::size).containsExactly(2L, 2L, 2L);

        DeleteObjectResponse deleted = s3.deleteObject(d -> d.bucket("history").key("doc"));
        assertThat(deleted.deleteMarker()).isTrue();
        String marker = deleted.versionId();
        assertThatThrownBy(() -> s3.getObject(g -> g.bucket("history").key("doc")))
                .satisfies(e -> assertThat(code(e)).isEqualTo("NoSuchKey"))
                .satisfies(e -> assertThat(((S3Exception) e).awsErrorDetails().sdkHttpResponse()
                        .firstMatchingHeader("x-amz-delete-marker")).contains("true"));
        assertThatThrownBy(() -> s3.headObject(h -> h.bucket("history").key("doc").versionId(marker)))
                .satisfies(e -> assertThat(status(e)).isEqualTo(405));
        assertThat(s3.listObjectsV2(l -> l.bucket("history")).contents()).isEmpty();
        ListObjectVersionsResponse hidden = s3.listObjectVersions(l -> l.bucket("history"));
        assertThat(hidden.deleteMarkers()).extracting(DeleteMarkerEntry::versionId).containsExactly(marker);
        assertThat(hidden.deleteMarkers().getFirst().isLatest()).isTrue();
        assertThat(hidden.versions()).extracting(ObjectVersion::isLatest).containsOnly(false);

        // removing the marker brings v2 back; removing the current version brings the one before back
        assertThat(s3.deleteObject(d -> d.bucket("history").key("doc").versionId(marker)).deleteMarker()).isTrue();
        assertThat(get("history", "doc", null)).isEqualTo("v2");
        s3.deleteObject(d -> d.bucket("history").key("doc").versionId(v2));
        assertThat(get("history", "doc", null)).isEqualTo("v1");
        assertThatThrownBy(() -> get("history", "doc", v2)).satisfies(e -> assertThat(code(e)).isEqualTo("NoSuchVersion"));
        assertThatThrownBy(() -> get("history", "doc", "not-an-id")).satisfies(e -> assertThat(status(e)).isEqualTo(400));

        // old versions keep a bucket from being deleted until they are gone
        s3.deleteObject(d -> d.bucket("history").key("doc"));
        assertThatThrownBy(() -> s3.deleteBucket(d -> d.bucket("history")))
                .satisfies(e -> assertThat(code(e)).isEqualTo("BucketNotEmpty"));
        for (ObjectVersion v : s3.listObjectVersions(l -> l.bucket("history")).versions()) {
            s3.deleteObject(d -> d.bucket("history").key(v.key()).versionId(v.versionId()));
        }
        for (DeleteMarkerEntry m : s3.listObjectVersions(l -> l.bucket("history")).deleteMarkers()) {
            s3.deleteObject(d -> d.bucket("history").key(m.key()).versionId(m.versionId()));
        }
        assertThat(s3.listObjectVersions(l -> l.bucket("history")).versions()).isEmpty();
        s3.deleteBucket(d -> d.bucket("history"));
    }

    @Test
    void aSuspendedBucketReplacesTheNullVersionAndKeepsTheOthers() {
        versioned("paused");
        String v1 = put("paused", "k", "one");
        s3.putBucketVersioning(p -> p.bucket("paused").versioningConfiguration(v -> v.status(BucketVersioningStatus.SUSPENDED)));
        assertThat(s3.getBucketVersioning(g -> g.bucket("paused")).status()).isEqualTo(BucketVersioningStatus.SUSPENDED);
        assertThat(put("paused", "k", "two")).as("a suspended bucket's null version is not named").isNull();
        put("paused", "k", "three");
        assertThat(get("paused", "k", null)).isEqualTo("three");
        assertThat(s3.listObjectVersions(l -> l.bucket("paused")).versions()).extracting(ObjectVersion::versionId)
                .containsExactly("null", v1);
        DeleteObjectResponse d = s3.deleteObject(r -> r.bucket("paused").key("k"));
        assertThat(d.deleteMarker()).isTrue();
        assertThat(d.versionId()).isEqualTo("null");
        ListObjectVersionsResponse after = s3.listObjectVersions(l -> l.bucket("paused"));
        assertThat(after.versions()).extracting(ObjectVersion::versionId).containsExactly(v1);
        assertThat(after.deleteMarkers()).extracting(DeleteMarkerEntry::versionId).containsExactly("null");
        assertThatThrownBy(() -> s3.putBucketVersioning(p -> p.bucket("paused").versioningConfiguration(v -> v
                .status("Disabled")))).satisfies(e -> assertThat(code(e)).isEqualTo("MalformedXML"));
    }

    @Test
    void listingVersionsPagesByKeyAndVersionWithPrefixAndDelimiter() {
        versioned("pages");
        List<String> expected = new ArrayList<>();
        for (String key : List.of("a", "b/c", "b/d", "e")) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ids.add(0, put("pages", key, key + i));
            }
            ids.forEach(id -> expected.add(key + "@" + id));
        }
        List<String> seen = new ArrayList<>();
        String keyMarker = null;
        String versionMarker = null;
        int pages = 0;
        while (true) {
            String km = keyMarker;
            String vm = versionMarker;
            ListObjectVersionsResponse page = s3.listObjectVersions(l -> l.bucket("pages").maxKeys(5).keyMarker(km)
                    .versionIdMarker(vm));
            page.versions().forEach(v -> seen.add(v.key() + "@" + v.versionId()));
            pages++;
            if (!page.isTruncated()) {
                break;
            }
            keyMarker = page.nextKeyMarker();
            versionMarker = page.nextVersionIdMarker();
        }
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo(3);

        ListObjectVersionsResponse grouped = s3.listObjectVersions(l -> l.bucket("pages").delimiter("/"));
        assertThat(grouped.versions()).extracting(ObjectVersion::key).containsExactly("a", "a", "a", "e", "e", "e");
        assertThat(grouped.commonPrefixes()).extracting(p -> p.prefix()).containsExactly("b/");
        ListObjectVersionsResponse prefixed = s3.listObjectVersions(l -> l.bucket("pages").prefix("b/"));
        assertThat(prefixed.versions()).extracting(ObjectVersion::key).containsExactly("b/c", "b/c", "b/c", "b/d",
                "b/d", "b/d");
        assertThat(prefixed.versions()).extracting(ObjectVersion::isLatest).containsExactly(true, false, false, true,
                false, false);
    }

    @Test
    void copiesMultipartUploadsAndBatchDeletesNameTheirVersions() {
        versioned("ops");
        String v1 = put("ops", "src", "first");
        put("ops", "src", "second");
        var copied = s3.copyObject(c -> c.sourceBucket("ops").sourceKey("src").sourceVersionId(v1)
                .destinationBucket("ops").destinationKey("dst"));
        assertThat(copied.copySourceVersionId()).isEqualTo(v1);
        assertThat(copied.versionId()).isNotNull().isNotEqualTo(v1);
        assertThat(get("ops", "dst", null)).isEqualTo("first");

        String id = s3.createMultipartUpload(c -> c.bucket("ops").key("big")).uploadId();
        String eTag = s3.uploadPart(u -> u.bucket("ops").key("big").uploadId(id).partNumber(1),
                RequestBody.fromString("part")).eTag();
        var done = s3.completeMultipartUpload(c -> c.bucket("ops").key("big").uploadId(id)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(eTag).build())));
        assertThat(done.versionId()).isNotNull();
        assertThat(s3.headObject(h -> h.bucket("ops").key("big")).versionId()).isEqualTo(done.versionId());

        DeleteObjectsResponse batch = s3.deleteObjects(d -> d.bucket("ops").delete(b -> b.objects(
                ObjectIdentifier.builder().key("src").versionId(v1).build(),
                ObjectIdentifier.builder().key("dst").build())));
        assertThat(batch.deleted()).hasSize(2);
        assertThat(batch.deleted().get(0).versionId()).isEqualTo(v1);
        assertThat(batch.deleted().get(1).deleteMarker()).isTrue();
        assertThat(batch.deleted().get(1).deleteMarkerVersionId()).isNotNull();
        assertThat(get("ops", "src", null)).isEqualTo("second");
        assertThatThrownBy(() -> get("ops", "src", v1)).satisfies(e -> assertThat(code(e)).isEqualTo("NoSuchVersion"));
        assertThatThrownBy(() -> get("ops", "dst", null)).satisfies(e -> assertThat(status(e)).isEqualTo(404));
    }
}
