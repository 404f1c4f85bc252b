package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hayloft server}'s embedded defaults (one master, one volume server on one disk, default
 * slots and volume size limit) serve many layouts before refusing: seed 001's TTL flow after a
 * collection used to get "No free volumes left!" on an empty disk (issue 9, item 9).
 */
class EmbeddedDefaultLayoutsTest {
    @TempDir
    Path root;

    @Test
    void defaultsServeAtLeastTwentyDistinctLayoutsOnOneDisk() {
        try (LocalCluster cluster = LocalCluster.start(root, UnaryOperator.identity())) {
            cluster.addVolumeServer(UnaryOperator.identity());
            List<String> layouts = new ArrayList<>();
            for (String collection : List.of("", "pictures", "docs", "logs", "mp3", "tmp")) {
                for (String ttl : List.of("", "3m", "1h", "7d")) {
                    layouts.add("/dir/assign?collection=" + collection + "&ttl=" + ttl);
                }
            }
            for (String assign : layouts) {
                HttpResponse<byte[]> r = TestHttp.get(cluster.masterUrl(), assign);
                assertThat(r.statusCode()).as(assign + ": " + TestHttp.text(r)).isEqualTo(200);
            }
            assertThat(layouts).hasSizeGreaterThanOrEqualTo(20);
        }
    }
}
