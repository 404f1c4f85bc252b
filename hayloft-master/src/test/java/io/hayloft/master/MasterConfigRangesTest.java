package io.hayloft.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.HayloftException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A MasterConfig out of its settings' ranges cannot be built; the error names the flag and the range. */
class MasterConfigRangesTest {
    @TempDir
    Path dir;

    @Test
    void aVolumeSizeLimitAboveWhatVolumesCanAddressIsRejectedWhenTheConfigIsBuilt() {
        assertThatThrownBy(() -> MasterConfig.forTest(dir).withVolumeSizeLimit(40L << 30))
                .isInstanceOf(HayloftException.class)
                .hasMessageStartingWith("-volumeSizeLimitMB must be a size in 1MiB..32GiB");
    }

    @Test
    void everyRangedSettingIsCheckedByTheConstructor() {
        MasterConfig c = MasterConfig.forTest(dir);
        assertThatThrownBy(() -> c.withGarbageThreshold(1.5)).hasMessageStartingWith("-garbageThreshold must be");
        assertThatThrownBy(() -> c.withPulse(Duration.ZERO)).hasMessageStartingWith("-pulseSeconds must be");
        assertThatThrownBy(() -> c.withReplicationConcurrency(65))
                .hasMessageStartingWith("-replicationConcurrency must be a whole number in 1..64");
        assertThatThrownBy(() -> c.withPorts(70000, 0)).hasMessageStartingWith("-port must be a port in 0..65535");
        assertThatThrownBy(() -> c.withVacuumInterval(Duration.ZERO))
                .hasMessageStartingWith("-vacuumIntervalMinutes must be");
    }

    @Test
    void theDefaultsAreTheTablesDefaults() {
        MasterConfig d = MasterConfig.defaults(dir);
        assertThat(d.port()).isEqualTo(MasterSettings.PORT.defaultValue());
        assertThat(d.raftPort()).isEqualTo(MasterSettings.PORT.defaultValue() + MasterSettings.RAFT_PORT_OFFSET);
        assertThat(d.volumeSizeLimit()).isEqualTo(MasterSettings.VOLUME_SIZE_LIMIT.defaultValue());
        assertThat(d.garbageThreshold()).isEqualTo(MasterSettings.GARBAGE_THRESHOLD.defaultValue());
        assertThat(d.pulse()).isEqualTo(MasterSettings.PULSE.defaultValue());
    }
}
