package io.hayloft.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteRangeTest {
    @Test
    void resolvesTheThreeRangeForms() {
        assertThat(ByteRange.parse("bytes=2-4", 10)).hasValue(new ByteRange(2, 4));
        assertThat(ByteRange.parse("bytes=7-", 10)).hasValue(new ByteRange(7, 9));
        assertThat(ByteRange.parse("bytes=-3", 10)).hasValue(new ByteRange(7, 9));
    }

    @Test
    void clampsRangesThatRunPastTheEnd() {
        assertThat(ByteRange.parse("bytes=5-100", 10)).hasValue(new ByteRange(5, 9));
        assertThat(ByteRange.parse("bytes=-100", 10)).hasValue(new ByteRange(0, 9));
        assertThat(new ByteRange(5, 9).contentRange(10)).isEqualTo("bytes 5-9/10");
        assertThat(new ByteRange(5, 9).length()).isEqualTo(5);
    }

    @Test
    void ignoresAbsentMalformedAndMultiRangeHeaders() {
        assertThat(ByteRange.parse(null, 10)).isEmpty();
        assertThat(ByteRange.parse("items=1-2", 10)).isEmpty();
        assertThat(ByteRange.parse("bytes=a-b", 10)).isEmpty();
        assertThat(ByteRange.parse("bytes=5-2", 10)).isEmpty();
        assertThat(ByteRange.parse("bytes=0-1,4-5", 10)).isEmpty();
    }

    @Test
    void rangesOutsideTheDataAreUnsatisfiable() {
        assertThatThrownBy(() -> ByteRange.parse("bytes=10-", 10)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThatThrownBy(() -> ByteRange.parse("bytes=-0", 10)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThatThrownBy(() -> ByteRange.parse("bytes=0-", 0)).isInstanceOf(ByteRange.Unsatisfiable.class);
    }
}
