package io.hayloft.master.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RateLimitedLogTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T00:00:00Z"));
    private final RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(RateLimitedLogTest.class),
            Duration.ofSeconds(10), clock);

    @Test
    void writesOneLinePerKindAndIntervalWhateverTheRateOfEvents() {
        IllegalStateException cause = new IllegalStateException("connection refused");
        int written = 0;
        for (int i = 0; i < 600; i++) {
            written += log.warn("GET /dir/assign", "GET /dir/assign answered 503", cause) ? 1 : 0;
            clock.advance(Duration.ofMillis(100)); // 10 events a second for a minute
        }
        assertThat(written).isEqualTo(6);
        assertThat(log.warn("POST /submit", "POST /submit answered 503", null)).as("another kind").isTrue();
    }
}
