package io.hayloft.volume.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.wire.VolumeReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeartbeatDeltasTest {
    private static VolumeReport volume(int id, long size) {
        return new VolumeReport(id, "", size, 1, 0, 0, "000", "", false, 0, 0);
    }

    @Test
    void theFirstBeatIsAFullReportAndAnUnchangedServerThenSendsEmptyDeltas() {
        HeartbeatDeltas deltas = new HeartbeatDeltas(100);
        List<VolumeReport> held = List.of(volume(1, 10), volume(2, 20));

        HeartbeatDeltas.Beat first = deltas.next(held);
        HeartbeatDeltas.Beat second = deltas.next(held);

        assertThat(first).isEqualTo(new HeartbeatDeltas.Beat(1, false, held, List.of()));
        assertThat(second).isEqualTo(new HeartbeatDeltas.Beat(2, true, List.of(), List.of()));
    }

    @Test
    void aDeltaListsNewAndChangedVolumesAndTheIdsGone() {
        HeartbeatDeltas deltas = new HeartbeatDeltas(100);
        deltas.next(List.of(volume(1, 10), volume(2, 20), volume(3, 30)));

        HeartbeatDeltas.Beat beat = deltas.next(List.of(volume(1, 10), volume(3, 31), volume(4, 0)));

        assertThat(beat.delta()).isTrue();
        assertThat(beat.volumes()).containsExactly(volume(3, 31), volume(4, 0));
        assertThat(beat.deleted()).containsExactly(2);
    }

    @Test
    void aRequestedFullReportComesNextAndDeltasResumeAfterIt() {
        HeartbeatDeltas deltas = new HeartbeatDeltas(100);
        List<VolumeReport> held = List.of(volume(1, 10));
        deltas.next(held);
        deltas.next(held);

        deltas.requestFull();
        HeartbeatDeltas.Beat full = deltas.next(held);
        HeartbeatDeltas.Beat after = deltas.next(held);

        assertThat(full).isEqualTo(new HeartbeatDeltas.Beat(3, false, held, List.of()));
        assertThat(after.delta()).isTrue();
        assertThat(after.sequence()).isEqualTo(4);
    }

    @Test
    void aFullReportGoesOutEveryFullEveryBeatsUnasked() {
        HeartbeatDeltas deltas = new HeartbeatDeltas(3);
        List<VolumeReport> held = List.of(volume(1, 10));

        List<Boolean> full = java.util.stream.IntStream.range(0, 7).mapToObj(i -> !deltas.next(held).delta()).toList();

        assertThat(full).containsExactly(true, false, false, true, false, false, true);
    }

    @Test
    void theDeltaIsAgainstThePreviousBeatBuiltWhetherAnsweredOrNot() {
        HeartbeatDeltas deltas = new HeartbeatDeltas(100);
        deltas.next(List.of(volume(1, 10)));
        deltas.next(List.of(volume(1, 11)));

        HeartbeatDeltas.Beat third = deltas.next(List.of(volume(1, 11)));

        assertThat(third.volumes()).as("a master that missed beat 2 sees the gap in the numbers").isEmpty();
        assertThat(third.sequence()).isEqualTo(3);
    }

    @Test
    void afterAResetTheNextBeatIsAFullReportNumberedOne() {
        HeartbeatDeltas deltas = new HeartbeatDeltas(100);
        List<VolumeReport> held = List.of(volume(1, 10));
        deltas.next(held);
        deltas.next(held);

        deltas.reset();

        assertThat(deltas.next(held)).isEqualTo(new HeartbeatDeltas.Beat(1, false, held, List.of()));
    }

    @Test
    void deltasOverManyBeatsOfVolumesComingChangingAndGoingRebuildWhatTheServerHolds() {
        HeartbeatDeltas deltas = new HeartbeatDeltas(7);
        java.util.SplittableRandom random = new java.util.SplittableRandom(15);
        java.util.Map<Integer, VolumeReport> held = new java.util.TreeMap<>();
        java.util.Map<Integer, VolumeReport> master = new java.util.TreeMap<>();
        for (int beat = 0; beat < 2_000; beat++) {
            for (int i = random.nextInt(4); i > 0; i--) {
                int id = 1 + random.nextInt(40);
                switch (random.nextInt(3)) {
                    case 0 -> held.remove(id);
                    default -> held.put(id, volume(id, random.nextInt(5)));
                }
            }
            if (random.nextInt(50) == 0) {
                deltas.requestFull();
            }
            // the same report objects beat after beat, as a simulator's servers send them
            HeartbeatDeltas.Beat b = deltas.next(List.copyOf(held.values()));
            if (!b.delta()) {
                master.clear();
            }
            b.volumes().forEach(v -> master.put(v.id(), v));
            b.deleted().forEach(master::remove);
            assertThat(b.deleted()).isSorted().doesNotHaveDuplicates();
            assertThat(master).as("beat %d", b.sequence()).isEqualTo(held);
        }
    }

    @Test
    void refusesAFullReportPeriodBelowOne() {
        assertThatThrownBy(() -> new HeartbeatDeltas(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
