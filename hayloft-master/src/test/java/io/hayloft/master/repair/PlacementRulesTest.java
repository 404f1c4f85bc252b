package io.hayloft.master.repair;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.ReplicaPlacement;
import io.hayloft.master.repair.ClusterView.NodeView;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlacementRulesTest {
    private static NodeView n(String dc, String rack, int port, int free) {
        return new NodeView("127.0.0.1:" + port, dc, rack, 10, free);
    }

    private static ReplicaPlacement rp(String code) {
        return ReplicaPlacement.parse(code);
    }

    private static List<String> extend(List<NodeView> replicas, String code, List<NodeView> candidates) {
        return PlacementRules.extend(replicas, rp(code), candidates, rp(code).copies() - replicas.size()).targets()
                .stream().map(NodeView::url).toList();
    }

    private static String reason(List<NodeView> replicas, String code, List<NodeView> candidates) {
        return PlacementRules.extend(replicas, rp(code), candidates, rp(code).copies() - replicas.size()).reason();
    }

    private final NodeView a1 = n("dc1", "r1", 1, 5);
    private final NodeView b1 = n("dc1", "r1", 2, 3);
    private final NodeView c1 = n("dc1", "r1", 3, 8);
    private final NodeView a2 = n("dc1", "r2", 4, 4);
    private final NodeView b2 = n("dc1", "r2", 5, 9);
    private final NodeView a3 = n("dc1", "r3", 6, 7);
    private final NodeView x1 = n("dc2", "r1", 7, 6);
    private final NodeView x2 = n("dc2", "r2", 8, 2);
    private final NodeView y1 = n("dc3", "r1", 9, 1);
    private final List<NodeView> all = List.of(a1, b1, c1, a2, b2, a3, x1, x2, y1);

    @Test
    void satisfiesRecognisesCompleteSetsOfEveryCode() {
        assertThat(PlacementRules.satisfies(List.of(a1), rp("000"))).isTrue();
        assertThat(PlacementRules.satisfies(List.of(a1, b1), rp("001"))).isTrue();
        assertThat(PlacementRules.satisfies(List.of(a1, a2), rp("001"))).isFalse();
        assertThat(PlacementRules.satisfies(List.of(a1, a2), rp("010"))).isTrue();
        assertThat(PlacementRules.satisfies(List.of(a1, b1), rp("010"))).isFalse();
        assertThat(PlacementRules.satisfies(List.of(a1, x1), rp("010"))).isFalse();
        assertThat(PlacementRules.satisfies(List.of(a1, x1), rp("100"))).isTrue();
        assertThat(PlacementRules.satisfies(List.of(a1, a2), rp("100"))).isFalse();
        assertThat(PlacementRules.satisfies(List.of(a1, b1, a2), rp("011"))).isTrue();
        assertThat(PlacementRules.satisfies(List.of(a1, a2, a3), rp("011"))).isFalse();
        assertThat(PlacementRules.satisfies(List.of(a1, a2, x1), rp("110"))).isTrue();
        assertThat(PlacementRules.satisfies(List.of(x1, x2, a1), rp("110"))).isTrue();
        assertThat(PlacementRules.satisfies(List.of(a1, b1, x1), rp("110"))).isFalse();
        assertThat(PlacementRules.satisfies(List.of(a1, x1, y1), rp("200"))).isTrue();
        assertThat(PlacementRules.satisfies(List.of(a1, x1, x2), rp("200"))).isFalse();
    }

    @Test
    void aServerCountsOnceSoTwoReplicasOnOneServerNeverSatisfy() {
        assertThat(PlacementRules.consistent(List.of(a1, a1), rp("001"))).isFalse();
    }

    @Test
    void code000HasNothingToAdd() {
        assertThat(extend(List.of(a1), "000", all)).isEmpty();
        assertThat(reason(List.of(a1), "000", all)).isNull();
    }

    @Test
    void code001AddsTheServerWithTheMostFreeSlotsOfTheSameRack() {
        assertThat(extend(List.of(a1), "001", all)).containsExactly(c1.url());
        assertThat(extend(List.of(a2), "001", all)).containsExactly(b2.url());
    }

    @Test
    void code010AddsAnotherRackOfTheSameDataCenterOnly() {
        assertThat(extend(List.of(a1), "010", all)).containsExactly(b2.url());
        assertThat(extend(List.of(x1), "010", all)).containsExactly(x2.url());
    }

    @Test
    void code100AddsAnotherDataCenter() {
        assertThat(extend(List.of(a1), "100", all)).containsExactly(x1.url());
        assertThat(extend(List.of(x1), "100", all)).containsExactly(b2.url());
    }

    @Test
    void code011WithOneSurvivorAddsARackmateAndAnotherRack() {
        assertThat(extend(List.of(a1), "011", all)).containsExactlyInAnyOrder(c1.url(), b2.url());
    }

    @Test
    void code011WithSurvivorsOnTwoRacksAddsToEitherButNeverAThirdRack() {
        // a3 (7 free) would be a third rack: b2 (9 free, rack of a2) is right, c1 (8, rack of a1) too
        assertThat(extend(List.of(a1, a2), "011", List.of(a3, c1, b2))).containsExactly(b2.url());
        assertThat(extend(List.of(a1, a2), "011", List.of(a3, c1))).containsExactly(c1.url());
        assertThat(extend(List.of(a1, a2), "011", List.of(a3, x1))).isEmpty();
    }

    @Test
    void code110FindsTheMainDataCenterFromEitherSurvivor() {
        // survivors in dc1/r1 and dc2/r1: the third may go to another rack of dc1 or of dc2, not dc3
        assertThat(extend(List.of(a1, x1), "110", List.of(a2, x2, y1))).containsExactly(a2.url());
        assertThat(extend(List.of(a1, x1), "110", List.of(x2, y1))).containsExactly(x2.url());
        assertThat(extend(List.of(a1, x1), "110", List.of(y1, b1))).isEmpty();
    }

    @Test
    void code200NeedsAThirdDataCenter() {
        assertThat(extend(List.of(a1, x1), "200", all)).containsExactly(y1.url());
        assertThat(extend(List.of(a1), "200", all)).containsExactlyInAnyOrder(x1.url(), y1.url());
    }

    @Test
    void serversHoldingTheVolumeOrWithoutFreeSlotsAreNeverChosen() {
        NodeView full = n("dc1", "r1", 10, 0);
        assertThat(extend(List.of(a1), "001", List.of(a1, full))).isEmpty();
        assertThat(reason(List.of(a1), "001", List.of(a1, full)))
                .isEqualTo("no server without a replica has a free slot");
    }

    @Test
    void tiesOnFreeSlotsGoToTheSmallestUrl() {
        NodeView p = n("dc1", "r1", 20, 4);
        NodeView q = n("dc1", "r1", 11, 4);
        assertThat(extend(List.of(a1), "001", List.of(p, q))).containsExactly(q.url());
    }

    @Test
    void explainsMissingRacksLikeGrowth() {
        assertThat(reason(List.of(a1), "010", List.of(b1, c1)))
                .isEqualTo("replication 010 needs 2 racks in dc dc1 with a replica or a free slot, found 1");
    }

    @Test
    void explainsMissingDataCenters() {
        assertThat(reason(List.of(a1), "100", List.of(b1, a2)))
                .isEqualTo("replication 100 needs 2 data centers with a replica or a free slot, found 1");
    }

    @Test
    void explainsMissingServersAndStillPlacesWhatItCan() {
        PlacementRules.Extension ext = PlacementRules.extend(List.of(a2), rp("002"), List.of(b2, x1), 2);
        assertThat(ext.targets()).extracting(NodeView::url).containsExactly(b2.url());
        assertThat(ext.reason()).isEqualTo("replication 002 needs 3 servers in rack r2 of dc dc1 with a replica or a"
                + " free slot, found 2");
    }

    @Test
    void survivorsInAwkwardPlacesAreUnfixableWithTheReason() {
        assertThat(extend(List.of(a1, a2), "002", all)).isEmpty();
        assertThat(reason(List.of(a1, a2), "002", all)).isEqualTo("the replicas on [127.0.0.1:1, 127.0.0.1:4] do not"
                + " fit replication 002");
    }

    @Test
    void fitsAcceptsASurplusWhenACompleteSetRemains() {
        assertThat(PlacementRules.fits(List.of(a1, b1, a2), rp("010"))).isTrue();
        assertThat(PlacementRules.fits(List.of(a1, b1, c1), rp("010"))).isFalse();
        assertThat(PlacementRules.fits(List.of(a1, b1), rp("010"))).isFalse();
        assertThat(PlacementRules.fits(List.of(a1), rp("010"))).isTrue();
    }

    @Test
    void removingAReplicaIsSafeOnlyWhenTheRestStillFits() {
        // from {a1, b1, a2} under 010: dropping a1 or b1 keeps two racks, dropping a2 does not
        assertThat(PlacementRules.fits(List.of(b1, a2), rp("010"))).isTrue();
        assertThat(PlacementRules.fits(List.of(a1, a2), rp("010"))).isTrue();
        assertThat(PlacementRules.fits(List.of(a1, b1), rp("010"))).isFalse();
    }

    @Test
    void emptySurvivorListIsPlacedFromScratch() {
        assertThat(extend(List.of(), "010", all)).hasSize(2);
    }
}
