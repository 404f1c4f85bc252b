package io.hayloft.storage;

import io.hayloft.api.VolumeId;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VolumeFilesTest {
    @Test
    void baseNameJoinsCollectionAndId() {
        assertThat(VolumeFiles.baseName("pictures", VolumeId.of(1))).isEqualTo("pictures_1");
        assertThat(VolumeFiles.baseName("", VolumeId.of(7))).isEqualTo("7");
        assertThat(VolumeFiles.baseName(null, VolumeId.of(7))).isEqualTo("7");
    }

    @Test
    void parsesDataFileNames() {
        assertThat(VolumeFiles.parse("pictures_1.dat"))
                .contains(new VolumeFiles.VolumeName("pictures", VolumeId.of(1)));
        assertThat(VolumeFiles.parse("7.dat")).contains(new VolumeFiles.VolumeName("", VolumeId.of(7)));
        assertThat(VolumeFiles.parse("my_pics_3.dat")).contains(new VolumeFiles.VolumeName("my_pics", VolumeId.of(3)));
    }

    @Test
    void ignoresNamesItWouldNotHaveWritten() {
        assertThat(VolumeFiles.parse("7.idx")).isEmpty();
        assertThat(VolumeFiles.parse("07.dat")).isEmpty();
        assertThat(VolumeFiles.parse("_7.dat")).isEmpty();
        assertThat(VolumeFiles.parse("pics_.dat")).isEmpty();
        assertThat(VolumeFiles.parse("pics_0.dat")).isEmpty();
        assertThat(VolumeFiles.parse(".hidden_1.dat")).isEmpty();
        assertThat(VolumeFiles.parse("a b_1.dat")).isEmpty();
        assertThat(VolumeFiles.parse(".dat")).isEmpty();
        assertThat(VolumeFiles.parse(null)).isEmpty();
    }
}
