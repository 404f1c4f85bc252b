package io.hayloft.master.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Admission control of heartbeat full reports, on a fake clock. */
class FullReportBudgetTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));

    private static int admitted(FullReportBudget budget, int tries) {
        int n = 0;
        for (int i = 0; i < tries; i++) {
            if (budget.tryAdmit(1).admitted()) {
                n++;
            }
        }
        return n;
    }

    @Test
    void admitsOneSecondsWorthAtOnceThenDefersTheRest() {
        FullReportBudget budget = new FullReportBudget(100, Duration.ofSeconds(5), clock);

        assertThat(admitted(budget, 100)).isEqualTo(100);
        FullReportBudget.Admission refused = budget.tryAdmit(1);
        assertThat(refused.admitted()).isFalse();
        assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void refillsAtTheRateWithTheClock() {
        FullReportBudget budget = new FullReportBudget(100, Duration.ofSeconds(5), clock);
        admitted(budget, 100);

        clock.advance(Duration.ofMillis(100));
        assertThat(admitted(budget, 50)).as("10 slots in 100 ms at 100/s").isEqualTo(10);
        clock.advance(Duration.ofSeconds(60));
        assertThat(admitted(budget, 500)).as("never more than one second's worth saved up").isEqualTo(100);
    }

    @Test
    void aStormOfTenThousandIsTakenAtTheRateAndTheWaitNeverExceedsThePulse() {
        FullReportBudget budget = new FullReportBudget(200, Duration.ofSeconds(5), clock);
        int taken = 0;
        Duration longest = Duration.ZERO;
        // 10,000 servers each offering its full report once a second for a minute
        for (int second = 0; second < 60; second++) {
            for (int i = 0; i < 10_000; i++) {
                FullReportBudget.Admission a = budget.tryAdmit(1);
                if (a.admitted()) {
                    taken++;
                } else if (a.retryAfter().compareTo(longest) > 0) {
                    longest = a.retryAfter();
                }
            }
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(taken).isBetween(200 * 60, 200 * 61);
        assertThat(longest).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aSmallOverflowIsToldToComeBackSoon() {
        FullReportBudget budget = new FullReportBudget(100, Duration.ofSeconds(5), clock);
        admitted(budget, 100);
        Duration wait = Duration.ZERO;
        for (int i = 0; i < 20; i++) {
            wait = budget.tryAdmit(1).retryAfter();
        }
        assertThat(wait).as("20 deferred at 100/s: about 0.2 s").isBetween(Duration.ofMillis(10), Duration.ofMillis(300));
    }

    @Test
    void aMasterBehindOnItsHeartbeatsDefersEveryFullReportForAPulse() {
        FullReportBudget budget = new FullReportBudget(100, 64, Duration.ofSeconds(5), clock);

        FullReportBudget.Admission busy = budget.tryAdmit(65);
        assertThat(busy.admitted()).as("slots free, but 65 beats in flight").isFalse();
        assertThat(busy.retryAfter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(budget.tryAdmit(64).admitted()).isTrue();
    }

    @Test
    void zeroMeansNoLimit() {
        FullReportBudget budget = new FullReportBudget(0, Duration.ofSeconds(5), clock);
        assertThat(admitted(budget, 100_000)).isEqualTo(100_000);
        assertThat(budget.tryAdmit(1_000_000).admitted()).as("no limit at all").isTrue();
    }

    @Test
    void refusesANegativeRateOrAWaitThatIsNotPositive() {
        assertThatThrownBy(() -> new FullReportBudget(-1, Duration.ofSeconds(5), clock))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FullReportBudget(1, Duration.ZERO, clock))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FullReportBudget(1, 0, Duration.ofSeconds(5), clock))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
