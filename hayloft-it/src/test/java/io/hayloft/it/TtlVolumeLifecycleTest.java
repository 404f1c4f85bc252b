package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.VolumeId;
import io.hayloft.testkit.Await;
import io.hayloft.testkit.MutableClock;
import io.hayloft.volume.VolumeServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Seed 001's TTL volumes: once a volume's newest needle has expired it leaves assignment at the
 * next heartbeat, stays on disk for the grace period, then is deleted. The volume server's clock
 * is injected and moved by hand.
 */
class TtlVolumeLifecycleTest {
    private static final Duration GRACE = Duration.ofMinutes(5);
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path root;

    @Test
    void anExpiredVolumeLeavesAssignmentThenIsDeletedAfterTheGracePeriod() {
        MutableClock clock = new MutableClock(Instant.now());
        try (LocalCluster cluster = LocalCluster.start(root, c -> c)) {
            VolumeServer vs = cluster.addVolumeServer(c -> c.withMaxVolumes(java.util.List.of(7))
                    .withClock(clock).withTtlGrace(GRACE));
            JsonNode a = TestHttp.json(TestHttp.get(cluster.masterUrl(), "/dir/assign?ttl=1m"));
            String fid = a.get("fid").asString();
            VolumeId vid = VolumeId.of(Integer.parseInt(fid.substring(0, fid.indexOf(','))));
            HttpResponse<byte[]> up = TestHttp.postFile(a.get("url").asString(), "/" + fid + "?ttl=1m", "t.txt",
                    "short-lived".getBytes(StandardCharsets.UTF_8));
            assertThat(up.statusCode()).as(TestHttp.text(up)).isEqualTo(201);

            clock.advance(Duration.ofMinutes(2)); // the newest needle has expired
            // The beat that reports the volume read-only comes after its grace period started; a handful of
            // assigns that happen to miss the volume (several TTL volumes share the layout) prove nothing.
            Await.until("the master sees the expired volume read-only", WAIT, () -> reportedReadOnly(cluster, vid));
            Await.until("the expired volume leaves assignment", WAIT, () -> !assignedVolumes(cluster).contains(vid));
            assertThat(vs.store().find(vid)).as("kept on disk during the grace period").isPresent();

            clock.advance(GRACE.minusMinutes(1));
            assertThat(vs.store().deleteExpired(GRACE)).as("grace period not over yet").isEmpty();
            assertThat(vs.store().find(vid)).isPresent();

            clock.advance(Duration.ofMinutes(2));
            Await.until("the expired volume is deleted after its grace period", WAIT,
                    () -> vs.store().find(vid).isEmpty());
        }
    }

    /** True when the master's {@code /vol/status} shows volume {@code vid} read-only. */
    private static boolean reportedReadOnly(LocalCluster cluster, VolumeId vid) {
        return readOnlyIn(TestHttp.json(TestHttp.get(cluster.masterUrl(), "/vol/status")), vid.value());
    }

    private static boolean readOnlyIn(JsonNode node, int vid) {
        if (node.isObject() && node.has("Id") && node.get("Id").asInt() == vid && node.has("ReadOnly")) {
            return node.get("ReadOnly").asBoolean();
        }
        for (JsonNode child : node) {
            if (readOnlyIn(child, vid)) {
                return true;
            }
        }
        return false;
    }

    /** Volume ids handed out by a handful of TTL assigns. */
    private static java.util.Set<VolumeId> assignedVolumes(LocalCluster cluster) {
        java.util.Set<VolumeId> vids = new java.util.HashSet<>();
        for (int i = 0; i < 20; i++) {
            HttpResponse<byte[]> r = TestHttp.get(cluster.masterUrl(), "/dir/assign?ttl=1m");
            if (r.statusCode() == 200) {
                String fid = TestHttp.json(r).get("fid").asString();
                vids.add(VolumeId.of(Integer.parseInt(fid.substring(0, fid.indexOf(',')))));
            }
        }
        return vids;
    }
}
