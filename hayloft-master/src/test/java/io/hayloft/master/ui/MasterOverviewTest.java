package io.hayloft.master.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.wire.EcShardReport;
import io.hayloft.api.wire.Heartbeat;
import io.hayloft.master.raft.RaftStatus;
import io.hayloft.master.repair.RepairStatus;
import io.hayloft.master.testing.FakeCluster;
import io.hayloft.master.topology.Topology;
import io.hayloft.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MasterOverviewTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final Topology topology = new Topology(clock, 1L << 30, Duration.ofHours(1), new SplittableRandom(1));
    private final FakeCluster cluster = new FakeCluster(topology);
    private final RaftStatus raft = new RaftStatus("m1", "LEADER", 3, 42, "m1",
            List.of(new RaftStatus.Member("m1", "127.0.0.1:9333", "127.0.0.1:19333", "LEADER", -1, 42)));
    private final RepairStatus repair = new RepairStatus("active", clock.instant(), null, 180, List.of(), List.of(),
            List.of(), List.of());

    private MasterOverview overview() {
        return MasterOverview.of("v", "127.0.0.1:9333", clock.instant(), topology, raft, "127.0.0.1:9333", repair);
    }

    private MasterOverview.Volume volume(MasterOverview o, int id) {
        return o.layouts().stream().flatMap(l -> l.volumes().stream()).filter(v -> v.id() == id).findFirst()
                .orElseThrow();
    }

    @Test
    void tenThousandServersAreCountedButOnlyTheFirstThousandListed() {
        for (int rack = 0; rack < 100; rack++) {
            for (int n = 0; n < 100; n++) {
                cluster.node("dc" + rack / 50, "r" + rack, 10_000 + rack * 100 + n, 4);
            }
        }
        MasterOverview.Tree tree = overview().topology();
        assertThat(tree.servers()).isEqualTo(10_000);
        assertThat(tree.listed()).isEqualTo(MasterOverview.MAX_SERVERS_LISTED);
        assertThat(tree.max()).isEqualTo(40_000);
        List<MasterOverview.RackView> racks = tree.dataCenters().stream().flatMap(d -> d.racks().stream()).toList();
        assertThat(racks).hasSize(100).allSatisfy(r -> assertThat(r.serverCount()).isEqualTo(100));
        assertThat(racks.stream().mapToInt(r -> r.servers().size()).sum()).isEqualTo(MasterOverview.MAX_SERVERS_LISTED);
        assertThat(racks.stream().filter(r -> r.servers().isEmpty()).count()).isEqualTo(90);
    }

    @Test
    void judgesEachVolumesReplicasAgainstItsPlacement() {
        String a = cluster.node("dc1", "r1", 8001, 10);
        String b = cluster.node("dc1", "r1", 8002, 10);
        String c = cluster.node("dc1", "r1", 8003, 10);
        cluster.volume(a, 1, "001");
        cluster.volume(b, 1, "001");
        cluster.volume(a, 2, "001");
        cluster.volume(a, 3, "001");
        cluster.volume(b, 3, "001");
        cluster.volume(c, 3, "001");
        cluster.volume(a, 4, "", "001", 100, 10, 1000);
        cluster.volume(b, 4, "", "001", 100, 9, 1000);

        MasterOverview o = overview();
        assertThat(volume(o, 1).health()).isEqualTo("ok");
        assertThat(volume(o, 2).health()).isEqualTo("under");
        assertThat(volume(o, 3).health()).isEqualTo("over");
        assertThat(volume(o, 4).health()).isEqualTo("differ");
        assertThat(volume(o, 4).files()).isEqualTo(10);
        assertThat(volume(o, 1).replicas()).extracting(MasterOverview.Replica::url).containsExactlyInAnyOrder(a, b);
        MasterOverview.Layout layout = o.layouts().getFirst();
        assertThat(layout.total()).isEqualTo(4);
        assertThat(layout.unhealthy()).isEqualTo(3);
        assertThat(layout.volumes()).extracting(MasterOverview.Volume::id).as("not healthy first").containsExactly(2, 3, 4, 1);
        assertThat(o.collections()).containsExactly(new MasterOverview.Collection("", 4, 40, 4000));
        assertThat(o.raft().role()).isEqualTo("LEADER");
        assertThat(o.topology().dataCenters().getFirst().racks().getFirst().servers()).hasSize(3);
    }

    @Test
    void listsAtMostALimitOfVolumesPerLayoutButCountsThemAll() {
        String a = cluster.node("dc1", "r1", 8001, 2000);
        for (int id = 1; id <= MasterOverview.MAX_VOLUMES_PER_LAYOUT + 20; id++) {
            cluster.volume(a, id, "", "000", 100, 1, 10);
        }
        MasterOverview o = overview();
        MasterOverview.Layout layout = o.layouts().getFirst();
        assertThat(layout.total()).isEqualTo(MasterOverview.MAX_VOLUMES_PER_LAYOUT + 20);
        assertThat(layout.volumes()).hasSize(MasterOverview.MAX_VOLUMES_PER_LAYOUT);
        assertThat(o.collections().getFirst().volumes()).isEqualTo(MasterOverview.MAX_VOLUMES_PER_LAYOUT + 20);
        assertThat(o.topology().dataCenters().getFirst().racks().getFirst().servers().getFirst().lastSeenAgoMs()).isZero();
    }

    @Test
    void listsErasureCodedVolumesWithTheirMissingShards() {
        topology.heartbeat(new Heartbeat(0, "127.0.0.1", 9001, "localhost:9001", "dc1", "r1", 3, 0, List.of(),
                List.of(new EcShardReport(9, "c", 0b1111))));
        topology.heartbeat(new Heartbeat(0, "127.0.0.1", 9002, "localhost:9002", "dc1", "r2", 3, 0, List.of(),
                List.of(new EcShardReport(9, "c", 0b11_1111_0000))));

        MasterOverview.EcVolume ec = overview().ec().getFirst();
        assertThat(ec.id()).isEqualTo(9);
        assertThat(ec.collection()).isEqualTo("c");
        assertThat(ec.present()).isEqualTo(10);
        assertThat(ec.missing()).containsExactly(10, 11, 12, 13);
        assertThat(ec.shards().getFirst()).isEqualTo(new MasterOverview.Shard(0, List.of("127.0.0.1:9001")));
        assertThat(ec.shards().get(4)).isEqualTo(new MasterOverview.Shard(4, List.of("127.0.0.1:9002")));
        assertThat(overview().topology().dataCenters().getFirst().racks()).flatExtracting(MasterOverview.RackView::servers)
                .extracting(MasterOverview.Server::ecShards).containsExactlyInAnyOrder(4, 6);
    }
}
