package io.hayloft.master.ec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class EcPlacementTest {
    private static List<EcPlacement.Candidate> servers(String... racks) {
        List<EcPlacement.Candidate> out = new ArrayList<>();
        for (int i = 0; i < racks.length; i++) {
            out.add(new EcPlacement.Candidate("10.0.0." + i + ":8080", racks[i], 100, 0));
        }
        return out;
    }

    private static Map<String, Integer> perRack(List<EcPlacement.Candidate> servers, EcPlacement.Plan plan) {
        Map<String, Integer> out = new HashMap<>();
        for (EcPlacement.Candidate c : servers) {
            out.merge(c.rack(), plan.targets().getOrDefault(c.url(), new TreeSet<>()).size(), Integer::sum);
        }
        return out;
    }

    @Test
    void spreadsFourteenShardsSoNoServerOrRackHoldsMoreThanFour() {
        List<EcPlacement.Candidate> servers = servers("r1", "r1", "r2", "r2", "r3", "r3", "r4");
        EcPlacement.Plan plan = EcPlacement.place(servers, EcEncoding.allShards(), 14, 4);
        assertThat(plan.targets().values().stream().mapToInt(SortedSet::size).sum()).isEqualTo(14);
        assertThat(plan.targets().values()).allMatch(s -> s.size() <= 4);
        assertThat(perRack(servers, plan).values()).allMatch(n -> n <= 4);
        assertThat(plan.rackSafe()).isTrue();
        TreeSet<Integer> all = new TreeSet<>();
        plan.targets().values().forEach(all::addAll);
        assertThat(all).isEqualTo(EcEncoding.allShards());
    }

    @Test
    void withFewerThanFourRacksOnlyServersAreLimitedAndTheRackRiskIsSaid() {
        List<EcPlacement.Candidate> servers = servers("r1", "r1", "r1", "r2", "r2");
        EcPlacement.Plan plan = EcPlacement.place(servers, EcEncoding.allShards(), 14, 4);
        assertThat(plan.targets().values()).allMatch(s -> s.size() <= 4);
        assertThat(plan.rackSafe()).isFalse();
        assertThat(plan.racks()).isEqualTo(2);
        EcEncodeReport report = new EcEncodeReport(1, "", false, "a", List.of(), plan.targets(), false, 2, "x");
        assertThat(report.rackSafe()).isFalse();
    }

    @Test
    void refusesWhenThreeServersCannotHoldFourteenShardsFourEach() {
        assertThatThrownBy(() -> EcPlacement.place(servers("r1", "r2", "r3"), EcEncoding.allShards(), 14, 4))
                .isInstanceOf(HayloftException.class).hasMessageContaining("at least 4 servers")
                .extracting(e -> ((HayloftException) e).code()).isEqualTo(ErrorCode.NOT_ACCEPTABLE);
    }

    @Test
    void aServerWithoutRoomGetsNothing() {
        List<EcPlacement.Candidate> servers = new ArrayList<>(servers("r1", "r1", "r1", "r1"));
        servers.add(new EcPlacement.Candidate("full:1", "r1", 0, 0));
        EcPlacement.Plan plan = EcPlacement.place(servers, EcEncoding.allShards(), 14, 4);
        assertThat(plan.targets()).doesNotContainKey("full:1");
    }

    @Test
    void aRebuildCountsTheShardsServersAlreadyHold() {
        List<EcPlacement.Candidate> servers = List.of(
                new EcPlacement.Candidate("a:1", "r1", 100, 4),
                new EcPlacement.Candidate("b:1", "r2", 100, 3),
                new EcPlacement.Candidate("c:1", "r3", 100, 3),
                new EcPlacement.Candidate("d:1", "r4", 100, 0));
        EcPlacement.Plan plan = EcPlacement.place(servers, new TreeSet<>(List.of(1, 5, 9, 13)), 14, 4);
        assertThat(plan.targets()).doesNotContainKey("a:1"); // full: 4 already
        // the empty rack first, up to the others' level, then the least loaded: every server ends at 4 or fewer
        assertThat(plan.targets().get("d:1")).hasSize(3);
        assertThat(plan.targets().get("b:1")).hasSize(1);
        assertThat(plan.targets()).doesNotContainKey("c:1");
    }
}
