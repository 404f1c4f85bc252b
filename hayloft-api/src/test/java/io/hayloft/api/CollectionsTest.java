package io.hayloft.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CollectionsTest {

    @Test
    void acceptsFileNameSafeNames() {
        assertThat(Collections.check("pictures")).isEqualTo("pictures");
        assertThat(Collections.check("mp3_v-1.0")).isEqualTo("mp3_v-1.0");
        assertThat(Collections.check(null)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc", "a/b", ".hidden", "a b", "naïve", "x\u0000y"})
    void rejectsNamesThatCouldEscapeOrConfuseFileNames(String name) {
        assertThatThrownBy(() -> Collections.check(name)).isInstanceOf(HayloftException.class);
    }

    @Test
    void rejectsOverlongNames() {
        assertThatThrownBy(() -> Collections.check("a".repeat(Collections.MAX_LENGTH + 1)))
                .isInstanceOf(HayloftException.class);
    }
}
