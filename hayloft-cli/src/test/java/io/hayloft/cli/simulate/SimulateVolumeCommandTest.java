package io.hayloft.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.cli.Main;
import io.hayloft.http.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code hayloft simulate volume} end to end: generated volumes, a real volume server process, checked reads. */
class SimulateVolumeCommandTest {
    @TempDir
    Path dir;

    @Test
    void generatesStartsAServerOnTheVolumesAndReadsEveryNeedleBackChecked() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute("simulate", "volume",
                "-needles", "3000", "-size", "600", "-volumeSizeLimitMB", "1", "-reads", "200", "-dir",
                dir.resolve("data").toString(), "-dropCache=false", "-json");
        assertThat(code).as(err.toString()).isZero();
        JsonNode result = Json.MAPPER.readTree(out.toString());
        assertThat(result.get("needles").asLong()).isEqualTo(3000);
        assertThat(result.get("volumes").asInt()).isGreaterThan(1); // 1 MiB volumes: the needles span several
        assertThat(result.get("startSeconds").asDouble()).isPositive();
        assertThat(result.get("rssAfterStartMiB").asLong()).isPositive();
        assertThat(result.get("heapAfterGcMiB").asDouble()).as("read through jcmd").isPositive();
        assertThat(result.get("heapAfterGcBytesPerNeedle").asDouble()).isPositive();
        assertThat(result.get("warmReadMicros").get("p50").asLong()).isPositive();
        assertThat(result.get("coldCache").asString()).contains("-dropCache=false");
        assertThat(result.get("startCpuSeconds").asDouble()).isPositive();
        try (var files = Files.list(dir.resolve("data"))) {
            assertThat(files.map(p -> p.getFileName().toString())).contains("1.dat", "1.idx", "2.dat", "volume-server.log");
        }

        // the same data again without generating it: the volumes are found and every read is still checked
        StringWriter again = new StringWriter();
        code = Main.commandLine(new PrintWriter(again, true), new PrintWriter(err, true)).execute("simulate", "volume",
                "-needles", "3000", "-size", "600", "-reads", "200", "-dir", dir.resolve("data").toString(),
                "-dropCache=false", "-reuse", "-json");
        assertThat(code).as(err.toString()).isZero();
        JsonNode reused = Json.MAPPER.readTree(again.toString());
        assertThat(reused.get("generateSeconds").asString()).isEqualTo("reused");
        assertThat(reused.get("volumes").asInt()).isEqualTo(result.get("volumes").asInt());
        assertThat(reused.get("warmReadMicros").get("p50").asLong()).isPositive();
    }

    @Test
    void reusingADirectoryWithoutThoseNeedlesIsAUsageError() {
        StringWriter err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true))
                .execute("simulate", "volume", "-needles", "10", "-dir", dir.toString(), "-reuse");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("-reuse");
    }

    @Test
    void outOfRangeArgumentsAreAUsageError() {
        StringWriter err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true))
                .execute("simulate", "volume", "-needles", "0");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("-needles");
    }
}
