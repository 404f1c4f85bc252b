package io.hayloft.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.HayloftException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TomlFileTest {

    @Test
    void readsSectionsScalarsArraysAndComments() {
        TomlFile f = TomlFile.parse("""
                top = 1
                [volume]
                dir = ["a, b", 'c#d', ]  # comment
                s = "q\\"x\\\\y"
                n = 1_000
                b = false
                master.port = 9333
                """, "t.toml");
        assertThat(f.get("", "top")).contains("1");
        assertThat(f.get("volume", "dir")).contains("a, b,c#d");
        assertThat(f.get("volume", "s")).contains("q\"x\\y");
        assertThat(f.get("volume", "n")).contains("1000");
        assertThat(f.get("volume", "b")).contains("false");
        assertThat(f.get("volume", "master.port")).contains("9333");
        assertThat(f.get("master", "port")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[[masters]]\nname = \"m\"", "x = {a = 1}", "x = 2026-01-01", "x = \"open",
        "[a]\n[a]", "x = 1\nx = 2", "= 3", "x = [1, [2]]", "x = \"\"\"multi\"\"\"", "x = \"bad \\q\""})
    void rejectsWhatItDoesNotSupportNamingTheLine(String text) {
        assertThatThrownBy(() -> TomlFile.parse(text, "c.toml"))
                .isInstanceOf(HayloftException.class)
                .hasMessageContaining("c.toml:");
    }
}
