package io.hayloft.volume;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.HayloftException;
import io.hayloft.volume.scrub.ScrubConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A VolumeServerConfig out of its settings' ranges cannot be built; the error names the flag and the range. */
class VolumeServerConfigRangesTest {
    @TempDir
    Path dir;

    @Test
    void anUploadLimitNoArrayCanHoldIsRejectedWhenTheConfigIsBuilt() {
        assertThatThrownBy(() -> VolumeServerConfig.forTest(List.of(dir), "m:1").withFileSizeLimit(1L << 40))
                .isInstanceOf(HayloftException.class)
                .hasMessageStartingWith("-fileSizeLimitMB must be a size in 1B..2047MiB");
    }

    @Test
    void everyRangedSettingIsCheckedByTheConstructor() {
        VolumeServerConfig c = VolumeServerConfig.forTest(List.of(dir), "m:1");
        assertThatThrownBy(() -> c.withMaxVolumes(List.of(100_001)))
                .hasMessageStartingWith("-max must be a comma separated list of whole numbers in 0..100000");
        assertThatThrownBy(() -> c.withMaxVolumes(List.of(1, 2))).hasMessageStartingWith("-max needs one count");
        assertThatThrownBy(() -> c.withTtlGrace(Duration.ofDays(400))).hasMessageStartingWith("-ttlGraceSeconds must be");
        assertThatThrownBy(() -> c.withScrub(new ScrubConfig(2L << 40, Duration.ofHours(1))))
                .hasMessageStartingWith("-scrubMBps must be");
        assertThatThrownBy(() -> c.withPort(-1)).hasMessageStartingWith("-port must be a port in 0..65535");
        assertThatThrownBy(() -> c.withPulse(Duration.ofHours(2))).hasMessageStartingWith("-pulseSeconds must be");
    }
}
