package io.hayloft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailureHandlerTest {
    @Test
    void failureIsOneLineNamingTheCommandAndExitCodeOne(@TempDir Path dir) throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        Run run = Run.hayloft("download", "-o", notADirectory.toString(), "3,01637037d6");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("hayloft download: ").contains(notADirectory.toString());
        assertThat(run.err().lines()).hasSize(1);
    }

    @Test
    void verboseAddsTheStackTrace(@TempDir Path dir) throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        Run run = Run.hayloft("download", "-v", "-o", notADirectory.toString(), "3,01637037d6");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("hayloft download: ").contains("\tat ");
    }

    @Test
    void exceptionWithoutMessageIsDescribedByItsKindAndCause() {
        Exception e = new IllegalStateException(null, new java.io.IOException("disk full"));
        assertThat(FailureHandler.messageOf(e)).isEqualTo("IllegalStateException: disk full");
    }
}
