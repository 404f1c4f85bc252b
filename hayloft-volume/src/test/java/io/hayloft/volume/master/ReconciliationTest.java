package io.hayloft.volume.master;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReconciliationTest {
    @Test
    void reportsVolumesTheMasterExpectsButTheNodeLacksAndTheReverse() {
        Reconciliation r = Reconciliation.compare("m:9333", List.of(1, 2, 3), List.of(2, 3, 7), List.of(2, 3, 7),
                List.of(2, 3, 7));
        assertThat(r.missing()).containsExactly(1);
        assertThat(r.unexpected()).containsExactly(7);
        assertThat(r.agrees()).isFalse();
    }

    @Test
    void aVolumeAllocatedDuringTheBeatIsNotMissing() {
        Reconciliation r = Reconciliation.compare("m:9333", List.of(1, 2), List.of(1), List.of(1, 2), List.of(1));
        assertThat(r.agrees()).isTrue();
    }

    @Test
    void aVolumeAllocatedSinceThePreviousBeatIsNotUnexpected() {
        // the master allocated 9 and this beat raced its bookkeeping: it did not list 9 yet
        Reconciliation r = Reconciliation.compare("m:9333", List.of(1), List.of(1, 9), List.of(1, 9), List.of(1));
        assertThat(r.agrees()).isTrue();
        Reconciliation next = Reconciliation.compare("m:9333", List.of(1), List.of(1, 9), List.of(1, 9), List.of(1, 9));
        assertThat(next.unexpected()).as("reported before and still unknown: unexpected").containsExactly(9);
    }

    @Test
    void aVolumeDeletedDuringTheBeatIsNotUnexpected() {
        Reconciliation r = Reconciliation.compare("m:9333", List.of(1), List.of(1, 5), List.of(1), List.of(1, 5));
        assertThat(r.agrees()).isTrue();
    }
}
