package io.hayloft.cli.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyRecorderTest {
    @Test
    void mergesEveryWorkersLatenciesSorted() {
        LatencyRecorder a = new LatencyRecorder();
        LatencyRecorder b = new LatencyRecorder();
        a.record(30);
        a.record(10);
        b.record(20);
        assertThat(LatencyRecorder.mergeSorted(List.of(a, b))).containsExactly(10, 20, 30);
    }

    @Test
    void growsBeyondItsFirstArray() {
        LatencyRecorder r = new LatencyRecorder();
        for (int i = 0; i < 5000; i++) {
            r.record(i);
        }
        assertThat(r.count()).isEqualTo(5000);
        assertThat(LatencyRecorder.mergeSorted(List.of(r))).hasSize(5000).startsWith(0).endsWith(4999);
    }

    @Test
    void percentilesUseTheNearestRank() {
        long[] sorted = new long[1000];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = i + 1;
        }
        assertThat(LatencyRecorder.percentile(sorted, 0.50)).isEqualTo(500);
        assertThat(LatencyRecorder.percentile(sorted, 0.99)).isEqualTo(990);
        assertThat(LatencyRecorder.percentile(sorted, 0.999)).isEqualTo(999);
        assertThat(LatencyRecorder.percentile(sorted, 1.0)).isEqualTo(1000);
    }

    @Test
    void percentilesOfFewSamplesStayInRange() {
        assertThat(LatencyRecorder.percentile(new long[] {7}, 0.999)).isEqualTo(7);
        assertThat(LatencyRecorder.percentile(new long[] {1, 2}, 0.5)).isEqualTo(1);
        assertThat(LatencyRecorder.percentile(new long[0], 0.5)).isZero();
    }
}
