package io.hayloft.master.ec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The planning half of ec.balance: spread per volume first, then even totals, never past the limits. */
class EcShardBalanceTest {
    private static final int TOTAL = 14;
    private static final int PARITY = 4;

    @Test
    void aNewServerInANewRackTakesShardsAndEveryVolumeStaysWithinTheLimits() {
        // four racks, one server each, hold 4+4+3+3 of a volume; a fifth server in a fifth rack arrives
        List<EcShardBalance.Node> nodes = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            nodes.add(new EcShardBalance.Node("s" + i, "dc1/r" + i, 100));
        }
        EcShardBalance.Volume v = volume(7, "s1", "s1", "s1", "s1", "s2", "s2", "s2", "s2", "s3", "s3", "s3", "s4",
                "s4", "s4");
        List<EcShardBalance.Move> moves = EcShardBalance.plan(nodes, List.of(v), TOTAL, PARITY);
        Map<String, Integer> after = after(v, moves);
        assertThat(after.get("s5")).isEqualTo(2);
        assertThat(after.values()).allMatch(n -> n == 3 || n == 2);
        assertThat(moves).allMatch(m -> m.to().equals("s5") && m.volume() == 7);
        assertThat(moves).hasSize(2);
    }

    @Test
    void aServerAboveTheParityIsEmptiedFirst() {
        List<EcShardBalance.Node> nodes = List.of(new EcShardBalance.Node("a", "dc1/r1", 100),
                new EcShardBalance.Node("b", "dc1/r1", 100), new EcShardBalance.Node("c", "dc1/r1", 100),
                new EcShardBalance.Node("d", "dc1/r1", 100));
        EcShardBalance.Volume v = volume(1, "a", "a", "a", "a", "a", "a", "b", "b", "b", "c", "c", "c", "d", "d");
        Map<String, Integer> after = after(v, EcShardBalance.plan(nodes, List.of(v), TOTAL, PARITY));
        assertThat(after.values()).allMatch(n -> n <= 4);
        assertThat(after.get("a")).isLessThanOrEqualTo(4);
        assertThat(after.values().stream().mapToInt(Integer::intValue).max().orElseThrow()
                - after.values().stream().mapToInt(Integer::intValue).min().orElseThrow()).isLessThanOrEqualTo(1);
    }

    @Test
    void aBalancedClusterPlansNothing() {
        List<EcShardBalance.Node> nodes = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            nodes.add(new EcShardBalance.Node("s" + i, "dc1/r" + i, 100));
        }
        EcShardBalance.Volume v = volume(3, "s1", "s1", "s2", "s2", "s3", "s3", "s4", "s4", "s5", "s5", "s6", "s6",
                "s7", "s7");
        assertThat(EcShardBalance.plan(nodes, List.of(v), TOTAL, PARITY)).isEmpty();
    }

    @Test
    void serversWithoutRoomTakeNothing() {
        List<EcShardBalance.Node> nodes = List.of(new EcShardBalance.Node("a", "dc1/r1", 100),
                new EcShardBalance.Node("b", "dc1/r2", 100), new EcShardBalance.Node("c", "dc1/r3", 100),
                new EcShardBalance.Node("d", "dc1/r4", 100), new EcShardBalance.Node("full", "dc1/r5", 0));
        EcShardBalance.Volume v = volume(1, "a", "a", "a", "a", "b", "b", "b", "b", "c", "c", "c", "d", "d", "d");
        assertThat(EcShardBalance.plan(nodes, List.of(v), TOTAL, PARITY)).isEmpty();
    }

    @Test
    void manyVolumesEvenOutTheServersTotalsWithoutBreakingAnyVolumesSpread() {
        List<EcShardBalance.Node> nodes = new ArrayList<>();
        for (int i = 0; i < 10; i++) { // five racks of two: shards can be even per rack and per server
            nodes.add(new EcShardBalance.Node("s" + i, "dc1/r" + (i % 5), 1000));
        }
        List<EcShardBalance.Volume> volumes = new ArrayList<>();
        for (int id = 1; id <= 20; id++) {
            String[] holders = new String[TOTAL];
            // crowded onto the first six servers, 2-3 shards each
            for (int s = 0; s < TOTAL; s++) {
                holders[s] = "s" + ((s + id) % 6);
            }
            volumes.add(volume(id, holders));
        }
        List<EcShardBalance.Move> moves = EcShardBalance.plan(nodes, volumes, TOTAL, PARITY);
        Map<String, Integer> totals = new HashMap<>();
        nodes.forEach(n -> totals.put(n.url(), 0));
        Map<String, String> rackOf = new HashMap<>();
        nodes.forEach(n -> rackOf.put(n.url(), n.rack()));
        for (EcShardBalance.Volume v : volumes) {
            List<EcShardBalance.Move> mine = moves.stream().filter(m -> m.volume() == v.volume()).toList();
            Map<String, Integer> after = after(v, mine);
            after.forEach((url, n) -> totals.merge(url, n, Integer::sum));
            assertThat(after.values()).as("volume %d per server", v.volume()).allMatch(n -> n <= PARITY);
            Map<String, Integer> perRack = new HashMap<>();
            after.forEach((url, n) -> perRack.merge(rackOf.get(url), n, Integer::sum));
            assertThat(perRack.values()).as("volume %d per rack", v.volume()).allMatch(n -> n <= PARITY);
            assertThat(perRack.values().stream().mapToInt(Integer::intValue).max().orElseThrow()
                    - perRack.values().stream().mapToInt(Integer::intValue).min().orElseThrow())
                    .as("volume %d spread over racks", v.volume()).isLessThanOrEqualTo(1);
        }
        int max = totals.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        int min = totals.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
        assertThat(max - min).as("totals %s", totals).isLessThanOrEqualTo(2);
    }

    private static EcShardBalance.Volume volume(int id, String... holders) {
        SortedMap<Integer, String> m = new TreeMap<>();
        for (int s = 0; s < holders.length; s++) {
            m.put(s, holders[s]);
        }
        return new EcShardBalance.Volume(id, "c", m);
    }

    /** Shards per server of {@code v} once {@code moves} are made. */
    private static Map<String, Integer> after(EcShardBalance.Volume v, List<EcShardBalance.Move> moves) {
        Map<Integer, String> where = new TreeMap<>(v.holders());
        for (EcShardBalance.Move m : moves) {
            assertThat(where.get(m.shard())).isEqualTo(m.from());
            where.put(m.shard(), m.to());
        }
        Map<String, Integer> per = new HashMap<>();
        where.values().forEach(url -> per.merge(url, 1, Integer::sum));
        return per;
    }
}
