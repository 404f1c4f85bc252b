package io.hayloft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void helpListsEveryCommand() {
        Run run = Run.hayloft("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: hayloft")
                .contains("server", "master", "volume", "upload", "download", "delete", "benchmark", "version");
    }

    @ParameterizedTest
    @ValueSource(strings = {"server", "master", "volume", "upload", "download", "delete", "benchmark", "version"})
    void everyCommandHasHelp(String command) {
        Run run = Run.hayloft(command, "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: hayloft " + command);
        assertThat(run.err()).isEmpty();
    }

    @Test
    void versionNamesHayloftAndJava() {
        Run run = Run.hayloft("--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("hayloft ").contains("Java " + Runtime.version().feature());
        assertThat(run.out()).doesNotContain("${project.version}").doesNotContain("unknown");
    }

    @Test
    void versionCommandPrintsTheSameAsTheOption() {
        assertThat(Run.hayloft("version").out()).isEqualTo(Run.hayloft("--version").out());
    }

    @Test
    void noCommandIsAUsageError() {
        Run run = Run.hayloft();
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Missing command: choose one of server, master");
    }

    @Test
    void unknownOptionIsAUsageError() {
        Run run = Run.hayloft("upload", "-bogus", "x");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown option: '-bogus'").contains("Usage: hayloft upload");
    }

    @Test
    void unknownCommandIsAUsageError() {
        Run run = Run.hayloft("fly");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unmatched argument at index 0: 'fly'");
    }
}
