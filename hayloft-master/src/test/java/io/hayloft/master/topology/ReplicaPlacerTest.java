package io.hayloft.master.topology;

import static io.hayloft.master.testing.Heartbeats.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReplicaPlacerTest {
    private final Topology topology = new Topology(new MutableClock(Instant.EPOCH), 1 << 20, Duration.ofSeconds(15),
            new SplittableRandom(7));

    /** dc1: r1 {8001, 8002, 8003}, r2 {8004}; dc2: r1 {8005}; dc3: r1 {8006}. */
    private void cluster() {
        node("dc1", "r1", 8001);
        node("dc1", "r1", 8002);
        node("dc1", "r1", 8003);
        node("dc1", "r2", 8004);
        node("dc2", "r1", 8005);
        node("dc3", "r1", 8006);
    }

    private void node(String dc, String rack, int port) {
        topology.heartbeat(of(dc, rack, port, 3, List.of()));
    }

    private List<DataNode> place(String code) {
        return topology.reserve(ReplicaPlacement.parse(code), PlacementConstraint.ANY).nodes();
    }

    private static String where(DataNode n) {
        return n.rack().dataCenter().id() + "/" + n.rack().id();
    }

    @Test
    void code001PutsTwoCopiesOnDistinctServersOfOneRack() {
        cluster();
        List<DataNode> nodes = place("001");
        assertThat(nodes).hasSize(2).doesNotHaveDuplicates();
        assertThat(where(nodes.get(0))).isEqualTo(where(nodes.get(1)));
    }

    @Test
    void code010PutsTheCopyOnAnotherRackOfTheSameDataCenter() {
        cluster();
        List<DataNode> nodes = place("010");
        assertThat(nodes).hasSize(2);
        assertThat(nodes.get(0).rack().dataCenter()).isSameAs(nodes.get(1).rack().dataCenter());
        assertThat(nodes.get(0).rack()).isNotSameAs(nodes.get(1).rack());
        assertThat(nodes.get(0).rack().dataCenter().id()).isEqualTo("dc1");
    }

    @Test
    void code100PutsTheCopyInAnotherDataCenter() {
        cluster();
        List<DataNode> nodes = place("100");
        assertThat(nodes).hasSize(2);
        assertThat(nodes.get(0).rack().dataCenter()).isNotSameAs(nodes.get(1).rack().dataCenter());
    }

    @Test
    void code200UsesThreeDataCenters() {
        cluster();
        List<DataNode> nodes = place("200");
        assertThat(nodes.stream().map(n -> n.rack().dataCenter().id()).distinct()).hasSize(3);
    }

    @Test
    void code110UsesAnotherRackAndAnotherDataCenter() {
        cluster();
        List<DataNode> nodes = place("110");
        assertThat(nodes).hasSize(3).doesNotHaveDuplicates();
        DataNode first = nodes.get(0);
        assertThat(first.rack().dataCenter().id()).isEqualTo("dc1");
        long sameDcOtherRack = nodes.stream().filter(n -> n.rack().dataCenter() == first.rack().dataCenter()
                && n.rack() != first.rack()).count();
        long otherDc = nodes.stream().filter(n -> n.rack().dataCenter() != first.rack().dataCenter()).count();
        assertThat(sameDcOtherRack).isEqualTo(1);
        assertThat(otherDc).isEqualTo(1);
    }

    @Test
    void prefersTheLeastUsedServer() {
        node("dc1", "r1", 8001);
        topology.heartbeat(of("dc1", "r1", 8002, 10, List.of()));
        assertThat(place("000").getFirst().url()).isEqualTo("127.0.0.1:8002");
    }

    @Test
    void firstReplicaHonoursTheConstraint() {
        cluster();
        List<DataNode> nodes = topology.reserve(ReplicaPlacement.parse("100"),
                new PlacementConstraint("dc3", "", "")).nodes();
        assertThat(nodes.getFirst().url()).isEqualTo("127.0.0.1:8006");
    }

    @Test
    void explainsWhenTheDataCenterHasTooFewRacks() {
        node("DefaultDataCenter", "DefaultRack", 8001);
        node("DefaultDataCenter", "DefaultRack", 8002);
        assertThatThrownBy(() -> place("010")).isInstanceOf(HayloftException.class)
                .hasMessage("replication 010 needs 2 racks in dc DefaultDataCenter, found 1")
                .extracting(e -> ((HayloftException) e).code()).isEqualTo(ErrorCode.NOT_ACCEPTABLE);
    }

    @Test
    void explainsWhenThereAreTooFewDataCenters() {
        node("dc1", "r1", 8001);
        assertThatThrownBy(() -> place("200"))
                .hasMessage("replication 200 needs 3 data centers with free slots, found 1");
    }

    @Test
    void explainsWhenTheRackHasTooFewServers() {
        node("dc1", "r1", 8001);
        assertThatThrownBy(() -> place("002"))
                .hasMessage("replication 002 needs 3 servers in rack r1 of dc dc1, found 1");
    }

    @Test
    void saysNoFreeVolumesLeftWhenEverySlotIsTaken() {
        topology.heartbeat(of("dc1", "r1", 8001, 1, List.of()));
        place("000");
        assertThatThrownBy(() -> place("000")).hasMessage("No free volumes left!");
    }
}
