package io.hayloft.master;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.wire.Heartbeat;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The dead-node timeout never drops a live volume server that is still waiting for the answer to
 * its last beat (a test cluster's 300 ms pulse once gave 0.9 s, under the server's 2 s answer wait:
 * on a loaded machine the master dropped its only server and answered "No free volumes left!").
 */
class MasterDeadNodeTimeoutTest {
    private static final Path META = Path.of("unused");

    @Test
    void aShortPulseStillWaitsOutTheLongestGapBetweenTwoBeatsOfALiveServer() {
        MasterConfig c = MasterConfig.forTest(META);
        Duration longestLiveGap = Heartbeat.answerWait(c.pulse()).plus(c.pulse());
        assertThat(c.deadNodeTimeout()).isGreaterThan(longestLiveGap)
                .isEqualTo(Duration.ofMillis(2_000 + 2 * 300));
    }

    @Test
    void theDefaultPulseKeepsThreePulses() {
        MasterConfig c = MasterConfig.defaults(META);
        assertThat(c.deadNodeTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(c.withPulse(Duration.ofSeconds(10)).deadNodeTimeout()).isEqualTo(Duration.ofSeconds(30));
    }
}
