package io.hayloft.volume.scrub;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScrubProgressTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final ScrubProgress progress = new ScrubProgress(clock);

    @Test
    void showsThePassRunningThenTheLastOne() {
        assertThat(progress.snapshot().running()).isNull();
        assertThat(progress.snapshot().last()).isNull();

        Instant start = clock.instant();
        progress.passStarted(3);
        progress.volumeStarted(7);
        progress.needleVerified(64, true);
        progress.needleVerified(128, false);
        ScrubProgress.Running running = progress.snapshot().running();
        assertThat(running).isEqualTo(new ScrubProgress.Running(start, 3, 0, 7, 2, 192, 1));
        progress.volumeDone();
        assertThat(progress.snapshot().running().volumesDone()).isEqualTo(1);
        assertThat(progress.snapshot().running().currentVolume()).isZero();

        clock.advance(Duration.ofSeconds(5));
        ScrubReport report = new ScrubReport(1, 2, 192, 1, 1, 0, 0, 0, 0, 0);
        progress.passFinished(report);
        assertThat(progress.snapshot().running()).isNull();
        assertThat(progress.snapshot().last()).isEqualTo(new ScrubProgress.Last(start, start.plusSeconds(5), report));

        progress.passStarted(1);
        assertThat(progress.snapshot().running().needles()).as("a new pass counts from zero").isZero();
        assertThat(progress.snapshot().last().report()).isEqualTo(report);
    }
}
