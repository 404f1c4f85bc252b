package io.hayloft.s3.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.testkit.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentitiesFileTest {
    @TempDir
    Path dir;

    private static String config(String accessKey) {
        return "{\"identities\": [{\"name\": \"u\", \"credentials\": [{\"accessKey\": \"" + accessKey
                + "\", \"secretKey\": \"s\"}], \"actions\": [\"Admin\"]}]}";
    }

    private static void write(Path file, String text, Instant mtime) throws Exception {
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(mtime));
    }

    @Test
    void reloadsAChangedFileAtMostOncePerIntervalAndKeepsTheOldOnesWhenTheNewDoesNotParse() throws Exception {
        Path file = dir.resolve("s3.json");
        Instant t0 = Instant.parse("2026-12-07T00:00:00Z");
        write(file, config("FIRST"), t0);
        MutableClock clock = new MutableClock(t0);
        IdentitiesFile identities = new IdentitiesFile(file, clock, Duration.ofSeconds(1));
        assertThat(identities.get().find("FIRST")).isPresent();

        write(file, config("SECOND"), t0.plusSeconds(5));
        assertThat(identities.get().find("FIRST")).as("not looked at before the interval").isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(identities.get().find("SECOND")).isPresent();
        assertThat(identities.get().find("FIRST")).isEmpty();

        write(file, "{\"identities\": [{\"name\": ", t0.plusSeconds(10));
        clock.advance(Duration.ofSeconds(1));
        assertThat(identities.get().find("SECOND")).as("a broken edit keeps what was in force").isPresent();
        Files.delete(file);
        clock.advance(Duration.ofSeconds(1));
        assertThat(identities.get().find("SECOND")).as("a missing file keeps what was in force").isPresent();
    }
}
