package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;

/**
 * The S3 gateway driven by the AWS SDK v2 for Java over a real in-process cluster (master, volume
 * server, filer): buckets, objects small and multi-MiB, ranges, copies, multi-delete, listings checked
 * against a model, the auth refusals, presigned URLs, and objects shared with the filer's own API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3GatewayTest {
    @TempDir
    static java.nio.file.Path root;

    private S3Gateway gateway;
    private S3Client s3;

    @BeforeAll
    void start() {
        gateway = S3Gateway.start(root);
        s3 = gateway.admin();
    }

    @AfterAll
    void stop() {
        if (s3 != null) {
            s3.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    private static String md5(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }

    private static String errorCode(Throwable t) {
        return ((S3Exception) t).awsErrorDetails().errorCode();
    }

    @Test
    void bucketsAndObjectsRoundTripThroughTheSdk() throws Exception {
        s3.createBucket(b -> b.bucket("photos"));
        assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).contains("photos");
        s3.headBucket(b -> b.bucket("photos"));
        assertThatThrownBy(() -> s3.createBucket(b -> b.bucket("photos")))
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("BucketAlreadyOwnedByYou"));

        byte[] small = "hello, hayloft".getBytes(StandardCharsets.UTF_8);
        String eTag = s3.putObject(p -> p.bucket("photos").key("notes/hello.txt").contentType("text/plain")
                .metadata(Map.of("color", "blue")), RequestBody.fromBytes(small)).eTag();
        assertThat(eTag).isEqualTo("\"" + md5(small) + "\"");
        HeadObjectResponse head = s3.headObject(h -> h.bucket("photos").key("notes/hello.txt"));
        assertThat(head.contentLength()).isEqualTo(small.length);
        assertThat(head.contentType()).isEqualTo("text/plain");
        assertThat(head.metadata()).containsEntry("color", "blue");
        assertThat(head.eTag()).isEqualTo(eTag);
        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(g -> g.bucket("photos").key("notes/hello.txt"));
        assertThat(got.asByteArray()).isEqualTo(small);
        assertThat(got.response().metadata()).containsEntry("color", "blue");

        byte[] big = new byte[5 * (1 << 20) + 12345];
        new Random(42).nextBytes(big);
        String bigTag = s3.putObject(p -> p.bucket("photos").key("raw/big.bin"), RequestBody.fromBytes(big)).eTag();
        assertThat(bigTag).isEqualTo("\"" + md5(big) + "\"");
        assertThat(s3.getObjectAsBytes(g -> g.bucket("photos").key("raw/big.bin")).asByteArray()).isEqualTo(big);
        ResponseBytes<GetObjectResponse> ranged = s3.getObjectAsBytes(g -> g.bucket("photos").key("raw/big.bin")
                .range("bytes=1048570-2097160"));
        assertThat(ranged.response().contentRange()).isEqualTo("bytes 1048570-2097160/" + big.length);
        assertThat(ranged.asByteArray()).isEqualTo(java.util.Arrays.copyOfRange(big, 1048570, 2097161));

        CopyObjectResponse copied = s3.copyObject(c -> c.sourceBucket("photos").sourceKey("notes/hello.txt")
                .destinationBucket("photos").destinationKey("notes/copy.txt"));
        assertThat(copied.copyObjectResult().eTag()).isEqualTo(eTag);
        HeadObjectResponse copyHead = s3.headObject(h -> h.bucket("photos").key("notes/copy.txt"));
        assertThat(copyHead.metadata()).containsEntry("color", "blue");
        assertThat(copyHead.contentType()).isEqualTo("text/plain");

        ListObjectsV2Response listed = s3.listObjectsV2(l -> l.bucket("photos"));
        assertThat(listed.contents()).extracting(S3Object::key)
                .containsExactly("notes/copy.txt", "notes/hello.txt", "raw/big.bin");
        assertThat(listed.contents().get(2).size()).isEqualTo(big.length);
        ListObjectsV2Response folders = s3.listObjectsV2(l -> l.bucket("photos").delimiter("/"));
        assertThat(folders.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("notes/", "raw/");
        assertThat(folders.contents()).isEmpty();

        assertThatThrownBy(() -> s3.deleteBucket(d -> d.bucket("photos")))
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("BucketNotEmpty"));
        s3.deleteObject(d -> d.bucket("photos").key("notes/copy.txt"));
        assertThatThrownBy(() -> s3.headObject(h -> h.bucket("photos").key("notes/copy.txt")))
                .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(404));
        DeleteObjectsResponse multi = s3.deleteObjects(d -> d.bucket("photos").delete(Delete.builder()
                .objects(ObjectIdentifier.builder().key("notes/hello.txt").build(),
                        ObjectIdentifier.builder().key("raw/big.bin").build(),
                        ObjectIdentifier.builder().key("never/was").build()).build()));
        assertThat(multi.deleted()).hasSize(3);
        assertThat(multi.errors()).isEmpty();
        assertThat(s3.listObjectsV2(l -> l.bucket("photos")).contents()).isEmpty();
        s3.deleteBucket(d -> d.bucket("photos"));
        assertThatThrownBy(() -> s3.headBucket(h -> h.bucket("photos")))
                .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(404));
    }
}
