package io.hayloft.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.cli.Run;
import io.hayloft.cli.options.DurationConverter;
import io.hayloft.master.MasterConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/** {@code -replicationGrace}, {@code -replicationMBps} and {@code -replicationConcurrency} of master and server. */
class ReplicationOptionsTest {
    private static MasterConfig master(String... args) {
        MasterCommand command = new MasterCommand();
        new CommandLine(command).parseArgs(args);
        return command.config();
    }

    private static MasterConfig server(String... args) {
        ServerCommand command = new ServerCommand();
        new CommandLine(command).parseArgs(args);
        return command.masterConfig();
    }

    @Test
    void defaultsAreThreeMinutes64MBpsAndTwoCopies() {
        for (MasterConfig c : new MasterConfig[]{master(), server()}) {
            assertThat(c.replicationGrace()).isEqualTo(Duration.ofMinutes(3));
            assertThat(c.replicationMBps()).isEqualTo(64);
            assertThat(c.replicationConcurrency()).isEqualTo(2);
        }
    }

    @Test
    void masterAndServerPassTheFlagsThrough() {
        for (MasterConfig c : new MasterConfig[]{
                master("-replicationGrace", "90s", "-replicationMBps", "0", "-replicationConcurrency", "4"),
                server("-replicationGrace=90s", "--replicationMBps=0", "-replicationConcurrency", "4")}) {
            assertThat(c.replicationGrace()).isEqualTo(Duration.ofSeconds(90));
            assertThat(c.replicationMBps()).isZero();
            assertThat(c.replicationConcurrency()).isEqualTo(4);
        }
    }

    @Test
    void durationTextTakesUnitsAndSums() {
        DurationConverter text = new DurationConverter();
        assertThat(text.convert("3m")).isEqualTo(Duration.ofMinutes(3));
        assertThat(text.convert("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(text.convert("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(text.convert("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(text.convert("0s")).isEqualTo(Duration.ZERO);
        for (String bad : new String[]{"", "90", "m", "3x", "3m5", "-1s", "1 h"}) {
            assertThatThrownBy(() -> text.convert(bad)).as(bad).isInstanceOf(TypeConversionException.class)
                    .hasMessageContaining("such as 90s, 3m or 1h");
        }
    }

    @Test
    void outOfRangeValuesAreUsageErrors() {
        assertThatThrownBy(() -> master("-replicationConcurrency", "0")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("replicationConcurrency must be 1..64");
        assertThatThrownBy(() -> master("-replicationMBps", "-1")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("replicationMBps");
    }

    @Test
    void aBadGraceExitsWithAUsageError() {
        Run run = Run.hayloft("master", "-replicationGrace", "soon");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("invalid duration 'soon'").contains("Usage: hayloft master");
    }
}
