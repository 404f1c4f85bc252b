package io.hayloft.s3.object;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.filer.entry.FullPath;
import io.hayloft.filer.partition.PartitionMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Over a partitioned filer, everything of one bucket must be in the bucket's partition (Complete and
 * versioned overwrites are then single Raft entries): every top-level directory the gateway keeps
 * per-bucket trees in must be one of the filer's bucket directories.
 */
class BucketPartitionsTest {
    @Test
    void everyPerBucketTreeOfTheGatewayIsRoutedByTheBucket() {
        for (String root : List.of(Buckets.ROOT, MultipartUploads.ROOT, VersionStore.ROOT, BucketSettings.ROOT)) {
            assertThat(PartitionMap.BUCKET_DIRECTORIES).as(root).contains(root.substring(1));
        }
        PartitionMap map = PartitionMap.spread(8, 1, List.of("a"), Map.of("a", "127.0.0.1:1"));
        int bucket = map.partitionOf(FullPath.parse(Objects.path("photos", "2024/a.jpg")));
        assertThat(map.partitionOf(FullPath.parse(MultipartUploads.ROOT + "/photos/some-upload/part-00001")))
                .isEqualTo(bucket);
        assertThat(map.partitionOf(FullPath.parse(VersionStore.ROOT + "/photos/2024/a.jpg/v1"))).isEqualTo(bucket);
    }
}
