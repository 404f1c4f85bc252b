package io.hayloft.cli.simulate.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.HayloftException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticLayoutTest {
    private static Map<Integer, List<SyntheticServer>> holders(List<SyntheticServer> servers) {
        Map<Integer, List<SyntheticServer>> out = new HashMap<>();
        for (SyntheticServer s : servers) {
            for (int id : s.volumeIds()) {
                out.computeIfAbsent(id, k -> new java.util.ArrayList<>()).add(s);
            }
        }
        return out;
    }

    @Test
    void everyServerHoldsAboutItsShareAndEveryVolumeItsCopiesInTheRightPlaces() {
        SimulationConfig c = SimulationFixtures.config(60, 10, 2, 6, "011");
        List<SyntheticServer> servers = SyntheticLayout.build(c, 9000, 1_700_000_000);

        assertThat(servers).hasSize(60);
        assertThat(servers).allSatisfy(s -> assertThat(s.volumeCount()).isBetween(8, 12));
        assertThat(servers.stream().mapToInt(SyntheticServer::volumeCount).sum()).isEqualTo(600);
        Map<Integer, List<SyntheticServer>> holders = holders(servers);
        assertThat(holders).hasSize(c.volumes()).hasSize(200);
        holders.forEach((id, on) -> {
            assertThat(on).hasSize(3);
            assertThat(on.stream().map(SyntheticServer::dataCenter).distinct()).as("volume " + id).hasSize(1);
            assertThat(on.stream().map(SyntheticServer::rack).distinct()).as("volume " + id).hasSize(2);
        });
        assertThat(servers.stream().map(SyntheticServer::url).distinct()).hasSize(60);
        assertThat(servers.getFirst().url()).isEqualTo("vs-00001.sim:9000");
    }

    @Test
    void copiesInOtherDataCentersLandThere() {
        List<SyntheticServer> servers = SyntheticLayout.build(SimulationFixtures.config(30, 4, 3, 3, "200"), 9000, 0);

        holders(servers).forEach((id, on) -> {
            Set<String> dcs = new HashSet<>();
            on.forEach(s -> dcs.add(s.dataCenter()));
            assertThat(dcs).as("volume " + id).hasSize(3);
        });
    }

    @Test
    void serversAndRacksAreRoundedDownToEvenRacks() {
        SimulationConfig c = SimulationFixtures.config(100, 10, 3, 30, "000");

        assertThat(c.racks()).isEqualTo(30);
        assertThat(c.servers()).isEqualTo(90);
        assertThat(SyntheticLayout.build(c, 9000, 0)).hasSize(90);
    }

    @Test
    void aPlacementTheShapeCannotHoldIsRefusedSayingWhy() {
        assertThatThrownBy(() -> SyntheticLayout.build(SimulationFixtures.config(10, 4, 1, 10, "001"), 9000, 0))
                .isInstanceOf(HayloftException.class).hasMessageContaining("2 servers per rack");
        assertThatThrownBy(() -> SyntheticLayout.build(SimulationFixtures.config(10, 4, 1, 1, "100"), 9000, 0))
                .hasMessageContaining("2 data centers");
    }
}
