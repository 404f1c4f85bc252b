package io.hayloft.filer;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.HayloftException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A FilerConfig out of its settings' ranges cannot be built; the error names the flag and the range. */
class FilerConfigRangesTest {
    @TempDir
    Path dir;

    @Test
    void aChunkSizeAboveTheMaximumNamesMaxMbAndItsRange() {
        FilerConfig c = FilerConfig.forTest(dir, "m:1");
        assertThatThrownBy(() -> c.withChunking(512 << 20, 2048, 2))
                .isInstanceOf(HayloftException.class)
                .hasMessageStartingWith("-maxMB must be a size in 1B..256MiB");
        assertThatThrownBy(() -> c.withStaleIntentAge(Duration.ZERO)).hasMessageStartingWith("-orphanAgeMinutes must be");
        assertThatThrownBy(() -> c.withPort(65536)).hasMessageStartingWith("-port must be a port in 0..65535");
    }
}
