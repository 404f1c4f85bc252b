package io.hayloft.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileIdPathTest {
    private static final FileId FID = FileId.parse("3,01637037d6");

    @Test
    void resolvesEveryUrlForm() {
        assertThat(FileIdPath.parse("/3,01637037d6").fileId()).isEqualTo(FID);
        assertThat(FileIdPath.parse("/3,01637037d6.jpg").fileId()).isEqualTo(FID);
        assertThat(FileIdPath.parse("/3/01637037d6/name.jpg").fileId()).isEqualTo(FID);
        assertThat(FileIdPath.parse("/3/01637037d6").fileId()).isEqualTo(FID);
        assertThat(FileIdPath.parse("/3/01637037d6.png").fileId()).isEqualTo(FID);
        assertThat(FileIdPath.parse("/3,01637037d6_1").fileId()).isEqualTo(FID.plus(1));
    }

    @Test
    void keepsExtensionAndName() {
        FileIdPath p = FileIdPath.parse("/3,01637037d6.jpg");
        assertThat(p.extension()).contains(".jpg");
        assertThat(p.fileName()).isEmpty();
        FileIdPath named = FileIdPath.parse("/3/01637037d6/holiday.png");
        assertThat(named.fileName()).contains("holiday.png");
        assertThat(named.extension()).contains(".png");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/favicon.ico", "/3", "/3/", "/3/01637037d6/", "/3/01637037d6/a/b", "/a,b",
        "3,01637037d6", "/3/xyz/name.jpg"})
    void rejectsPathsThatAreNotFids(String path) {
        assertThatThrownBy(() -> FileIdPath.parse(path)).isInstanceOf(HayloftException.class);
    }
}
