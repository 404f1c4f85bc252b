package io.hayloft.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticVolumesTest {
    @TempDir
    Path dir;

    @Test
    void generatedVolumesOpenCleanAndEveryNeedleReadsBackAsExpected() {
        SyntheticVolumes synthetic = new SyntheticVolumes(100, 42);
        List<SyntheticVolumes.Written> written = synthetic.write(dir, "sim", 5, 10_000, 256 * 1024);
        assertThat(written.size()).isGreaterThan(3);
        assertThat(written.getFirst().id()).isEqualTo(VolumeId.of(5));
        long key = 1;
        for (SyntheticVolumes.Written w : written) {
            VolumeId id = w.id();
            assertThat(w.firstKey()).isEqualTo(key);
            try (Volume v = Volume.open(dir, "sim", id, VolumeOptions.defaults())) {
                assertThat(v.recoveryReport().repaired()).as("recovery had to repair %s", id).isFalse();
                assertThat(v.datPath().toFile().length()).isLessThanOrEqualTo(256 * 1024);
                long count = v.stats().fileCount();
                assertThat(w.lastKey()).isEqualTo(key + count - 1);
                for (long k = key; k < key + count; k++) {
                    assertThat(v.read(k, SyntheticVolumes.COOKIE).data()).as("needle %d", k).isEqualTo(synthetic.expected(k));
                }
                key += count;
            }
        }
        assertThat(key - 1).isEqualTo(10_000);
    }

    @Test
    void anExistingVolumeIsNotOverwritten() {
        SyntheticVolumes synthetic = new SyntheticVolumes(10, 1);
        synthetic.write(dir, "", 1, 10, 1 << 20);
        assertThatThrownBy(() -> synthetic.write(dir, "", 1, 10, 1 << 20)).isInstanceOf(HayloftException.class);
    }
}
