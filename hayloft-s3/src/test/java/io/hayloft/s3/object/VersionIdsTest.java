package io.hayloft.s3.object;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionIdsTest {
    @Test
    void laterVersionsSortFirstEvenWhenTheClockStandsStillOrStepsBack() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-07T12:00:00Z"));
        VersionIds ids = new VersionIds(clock);
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            made.add(ids.next());
        }
        clock.advance(Duration.ofSeconds(-30));
        made.add(ids.nextNullName());
        made.add(ids.next());
        clock.advance(Duration.ofHours(1));
        made.add(ids.next());
        List<String> newestFirst = new ArrayList<>(made).reversed();
        assertThat(made.stream().sorted().toList()).isEqualTo(newestFirst);
    }

    @Test
    void onlyTwentyFourLowercaseHexDigitsAreWellFormed() {
        VersionIds ids = new VersionIds(new MutableClock(Instant.now()));
        assertThat(VersionIds.isWellFormed(ids.next())).isTrue();
        assertThat(VersionIds.isWellFormed("null")).isFalse();
        assertThat(VersionIds.isWellFormed("7FFF9DF46B93AA7FC73020A8")).isFalse();
        assertThat(VersionIds.isWellFormed("7fff9df46b93aa7fc73020a")).isFalse();
        assertThat(VersionIds.isWellFormed("../../../etc/passwd00000")).isFalse();
        assertThat(VersionIds.isNullName(ids.nextNullName())).isTrue();
        assertThat(VersionIds.isNullName(ids.next())).isFalse();
    }
}
