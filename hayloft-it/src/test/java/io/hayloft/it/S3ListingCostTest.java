package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A page of a listing reads from the filer the keys it returns and the one that tells it is truncated, not
 * a whole filer page more: ListObjectsV2 of a flat prefix in pages of {@code max-keys} reads about as
 * many directory entries as there are keys (a listing of a million keys in pages of 1,000 read twice as
 * many before).
 */
class S3ListingCostTest {
    @TempDir
    static Path root;
    static GatedFilerAccess filer;
    static S3Gateway gateway;
    static S3Client admin;

    @BeforeAll
    static void start() {
        gateway = S3Gateway.start(root, S3Gateway.FilerPath.IN_PROCESS, access -> filer = new GatedFilerAccess(access));
        admin = gateway.admin();
        admin.createBucket(b -> b.bucket("many"));
        for (int i = 0; i < 40; i++) {
            String key = String.format("flat/k%03d", i);
            admin.putObject(p -> p.bucket("many").key(key), RequestBody.fromString(key));
        }
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void eachPageReadsItsKeysAndOneMore() {
        long before = filer.listed();
        ListObjectsV2Response first = admin.listObjectsV2(l -> l.bucket("many").prefix("flat/").maxKeys(10));
        long read = filer.listed() - before;
        assertThat(first.contents()).extracting(S3Object::key).hasSize(10).startsWith("flat/k000").endsWith("flat/k009");
        assertThat(first.isTruncated()).isTrue();
        // the bucket's top directory (the child "flat"), then 10 keys and the 11th
        assertThat(read).as("directory entries read for a page of 10").isLessThanOrEqualTo(1 + 11);

        before = filer.listed();
        int pages = 0;
        int keys = 0;
        String token = null;
        do {
            String t = token;
            ListObjectsV2Response page = admin.listObjectsV2(l -> l.bucket("many").prefix("flat/").maxKeys(10)
                    .continuationToken(t));
            keys += page.keyCount();
            pages++;
            token = page.isTruncated() ? page.nextContinuationToken() : null;
        } while (token != null);
        assertThat(keys).isEqualTo(40);
        // per page beside its keys: the top directory's child, the key the page starts after, the one past it
        assertThat(filer.listed() - before).as("entries read listing 40 keys in " + pages + " pages")
                .isLessThanOrEqualTo(40 + 3L * pages);
    }
}
