package io.hayloft.cli.simulate.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencySampleTest {
    @Test
    void percentilesAreNearestRankInMilliseconds() {
        LatencySample sample = new LatencySample(1000);
        for (int ms = 1; ms <= 100; ms++) {
            sample.record(ms * 1_000_000L);
        }
        sample.error();

        LatencySample.Percentiles p = sample.drain();

        assertThat(p.count()).isEqualTo(100);
        assertThat(p.errors()).isEqualTo(1);
        assertThat(p.p50()).isEqualTo(50.0);
        assertThat(p.p99()).isEqualTo(99.0);
        assertThat(p.p999()).isEqualTo(100.0);
        assertThat(p.max()).isEqualTo(100.0);
    }

    @Test
    void drainingStartsTheNextIntervalEmpty() {
        LatencySample sample = new LatencySample(10);
        sample.record(5_000_000);
        sample.drain();

        assertThat(sample.drain()).isEqualTo(new LatencySample.Percentiles(0, 0, 0, 0, 0, 0));
    }

    @Test
    void pastItsCapacityItKeepsARepresentativeSample() {
        LatencySample sample = new LatencySample(1000);
        for (int i = 0; i < 100_000; i++) {
            sample.record((i % 10 == 9 ? 100 : 1) * 1_000_000L); // 10 % slow
        }

        LatencySample.Percentiles p = sample.drain();

        assertThat(p.count()).isEqualTo(100_000);
        assertThat(p.p50()).isEqualTo(1.0);
        assertThat(p.p99()).isEqualTo(100.0);
    }
}
