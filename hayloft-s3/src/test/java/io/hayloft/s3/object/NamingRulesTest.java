package io.hayloft.s3.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.s3.error.S3ErrorCode;
import io.hayloft.s3.error.S3Exception;
import org.junit.jupiter.api.Test;

class NamingRulesTest {
    @Test
    void bucketNamesFollowS3Rules() {
        for (String ok : new String[] {"abc", "my-bucket.photos", "a1b", "x".repeat(63)}) {
            assertThat(BucketName.check(ok)).isEqualTo(ok);
        }
        for (String bad : new String[] {"ab", "x".repeat(64), "Upper", "under_score", "-start", "end-", "a..b", "a.-b",
                "192.168.0.1", "xn--abc", "abc-s3alias", ".hidden", "sp ace"}) {
            assertThatThrownBy(() -> BucketName.check(bad)).as(bad).isInstanceOfSatisfying(S3Exception.class,
                    e -> assertThat(e.code()).isEqualTo(S3ErrorCode.INVALID_BUCKET_NAME));
        }
    }

    @Test
    void keysThatCannotBePathsAreRefusedAndNoKeyLeavesItsBucket() {
        for (String ok : new String[] {"a", "a/b/c.txt", "folder/", "with space/ü.txt", "a.b/..c"}) {
            assertThat(ObjectKey.check(ok)).isEqualTo(ok);
        }
        for (String bad : new String[] {"", "/lead", "a//b", "a/./b", "../x", "a/..", "..", "nul\0l", "x/" + "y".repeat(256)}) {
            assertThatThrownBy(() -> ObjectKey.check(bad)).as(bad).isInstanceOf(S3Exception.class);
        }
        assertThatThrownBy(() -> ObjectKey.check("k".repeat(1025))).isInstanceOfSatisfying(S3Exception.class,
                e -> assertThat(e.code()).isEqualTo(S3ErrorCode.KEY_TOO_LONG));
        assertThat(Objects.path("b", "a/b.txt")).isEqualTo("/buckets/b/a/b.txt");
        assertThat(Objects.path("b", "folder/")).isEqualTo("/buckets/b/folder");
    }

    @Test
    void listingStartsADirectoryBeforeAnyCharacterBelowSlash() {
        assertThat(ObjectLister.cutBeforeLowChar("photo-1.jpg")).isEqualTo("photo");
        assertThat(ObjectLister.cutBeforeLowChar("abc")).isEqualTo("abc");
        assertThat(ObjectLister.cutBeforeLowChar("a b")).isEqualTo("a");
    }
}
