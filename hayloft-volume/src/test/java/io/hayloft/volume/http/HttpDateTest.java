package io.hayloft.volume.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HttpDateTest {
    private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    @Test
    void formatsExactlyAsTheRfc1123FormatterInUtc() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        long[] fixed = {0, 1, 59, 86_399, 951_782_400L, 1_796_610_575L, 253_402_300_799L, -62_135_596_800L + 1};
        for (long s : fixed) {
            assertThat(HttpDate.format(s)).as("seconds " + s).isEqualTo(RFC_1123.format(Instant.ofEpochSecond(s)));
        }
        for (int i = 0; i < 10_000; i++) {
            long s = random.nextLong(0, 4_102_444_800L);
            assertThat(HttpDate.format(s)).as("seconds " + s + ", seed " + seed)
                    .isEqualTo(RFC_1123.format(Instant.ofEpochSecond(s)));
        }
    }

    @Test
    void leavesTheDayOfMonthUnpaddedAsTheRouterAlwaysDid() {
        assertThat(HttpDate.format(Instant.parse("2026-12-07T02:29:35Z").getEpochSecond()))
                .isEqualTo("Mon, 7 Dec 2026 02:29:35 GMT");
    }
}
