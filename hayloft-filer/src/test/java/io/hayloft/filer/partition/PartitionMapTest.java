package io.hayloft.filer.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.filer.entry.FullPath;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Routing: top-level directories, and buckets below the bucket directories. */
class PartitionMapTest {
    private static final PartitionMap MAP = PartitionMap.spread(8, 3, List.of("a", "b", "c"),
            Map.of("a", "127.0.0.1:1", "b", "127.0.0.1:2", "c", "127.0.0.1:3"));

    private static int of(String path) {
        return MAP.partitionOf(FullPath.parse(path));
    }

    @Test
    void aBucketsObjectsUploadsOldVersionsAndSettingsAreInOnePartition() {
        for (int i = 0; i < 20; i++) {
            String b = "bucket-" + i;
            int home = of("/buckets/" + b);
            assertThat(of("/buckets/" + b + "/photos/2024/a.jpg")).isEqualTo(home);
            assertThat(of("/.s3-uploads/" + b + "/0b6e2c1a-9d1c-4a51-a0c5-2a0f0c6a1b2c/part-00001")).isEqualTo(home);
            assertThat(of("/.s3-uploads/" + b)).isEqualTo(home);
            assertThat(of("/.s3-versions/" + b + "/photos/a.jpg/v1")).isEqualTo(home);
            assertThat(of("/.s3-buckets/" + b + "/versioning")).isEqualTo(home);
        }
    }

    @Test
    void bucketsSpreadOverThePartitions() {
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < 64; i++) {
            used.add(of("/buckets/bucket-" + i));
        }
        assertThat(used).hasSize(8);
    }

    @Test
    void otherTopLevelDirectoriesKeepTheirWholeTreeInOnePartition() {
        assertThat(of("/photos/2024/a.jpg")).isEqualTo(of("/photos"));
        assertThat(of("/photos/x")).isEqualTo(of("/photos/y/z"));
    }

    @Test
    void theRootAndTheBucketDirectoriesSpanPartitions() {
        assertThat(PartitionMap.spansPartitions(FullPath.parse("/"))).isTrue();
        assertThat(PartitionMap.spansPartitions(FullPath.parse("/buckets"))).isTrue();
        assertThat(PartitionMap.spansPartitions(FullPath.parse("/.s3-uploads"))).isTrue();
        assertThat(PartitionMap.spansPartitions(FullPath.parse("/buckets/b"))).isFalse();
        assertThat(PartitionMap.spansPartitions(FullPath.parse("/photos"))).isFalse();
        assertThat(PartitionMap.spansPartitions(FullPath.parse("/x/buckets"))).isFalse();
    }
}
