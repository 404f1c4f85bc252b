package io.hayloft.cli.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.FileId;
import org.junit.jupiter.api.Test;

class LocalNameTest {
    private static final FileId FID = FileId.parse("3,01637037d6");

    @Test
    void usesTheStoredName() {
        assertThat(LocalName.of("photo.jpg", FID)).isEqualTo("photo.jpg");
    }

    @Test
    void keepsOnlyTheLastPathSegment() {
        assertThat(LocalName.of("../../etc/passwd", FID)).isEqualTo("passwd");
        assertThat(LocalName.of("C:\\Users\\me\\a.txt", FID)).isEqualTo("a.txt");
    }

    @Test
    void fallsBackToTheFidForUnusableNames() {
        assertThat(LocalName.of(null, FID)).isEqualTo("3,01637037d6");
        assertThat(LocalName.of("..", FID)).isEqualTo("3,01637037d6");
        assertThat(LocalName.of("dir/", FID)).isEqualTo("3,01637037d6");
        assertThat(LocalName.of("bad\nname", FID)).isEqualTo("3,01637037d6");
    }
}
