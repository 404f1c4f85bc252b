package io.hayloft.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.cli.Run;
import io.hayloft.volume.VolumeServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

class VolumeCommandTest {
    private static VolumeServerConfig parse(String... args) {
        VolumeCommand command = new VolumeCommand();
        new CommandLine(command).parseArgs(args);
        return command.config();
    }

    @Test
    void commaSeparatedDirsAndMaxCountsPairUp() {
        VolumeServerConfig c = parse("-dir", "./d1,./d2", "-max", "7,5");
        assertThat(c.dirs()).containsExactly(Path.of("./d1"), Path.of("./d2"));
        assertThat(c.maxVolumesOf(0)).isEqualTo(7);
        assertThat(c.maxVolumesOf(1)).isEqualTo(5);
    }

    @Test
    void volumeMaxAndServerVolumeMaxShareOneDefault() {
        ServerCommand server = new ServerCommand();
        new CommandLine(server).parseArgs();
        assertThat(parse("-dir", "./d1").maxVolumes()).containsExactly(VolumeServerConfig.DEFAULT_MAX_VOLUMES)
                .isEqualTo(server.volumeConfig(9333).maxVolumes());
    }

    @Test
    void ttlGraceSecondsSetsHowLongAnExpiredVolumeStays() {
        assertThat(parse("-dir", "./d1").ttlGrace()).isEqualTo(Duration.ofMinutes(10));
        assertThat(parse("-dir", "./d1", "-ttlGraceSeconds", "30").ttlGrace()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void acceptsTheSeedsCommandLine() {
        VolumeServerConfig c = parse("-dir=/tmp/data1", "-max=5", "-mserver=localhost:9333", "-port=8081");
        assertThat(c.dirs()).containsExactly(Path.of("/tmp/data1"));
        assertThat(c.maxVolumes()).containsExactly(5);
        assertThat(c.masters()).containsExactly("localhost:9333");
        assertThat(c.port()).isEqualTo(8081);
    }

    @Test
    void acceptsDoubleDashNames() {
        VolumeServerConfig c = parse("--dir", "./d1", "--max", "3", "--mserver", "m1:9333,m2:9333",
                "--dataCenter", "dc1", "--rack", "r1", "--publicUrl", "files.example:80");
        assertThat(c.dirs()).containsExactly(Path.of("./d1"));
        assertThat(c.masters()).containsExactly("m1:9333", "m2:9333");
        assertThat(c.dataCenter()).isEqualTo("dc1");
        assertThat(c.rack()).isEqualTo("r1");
        assertThat(c.publicUrl()).isEqualTo("files.example:80");
    }

    @Test
    void oneMaxCountAppliesToEveryDir() {
        VolumeServerConfig c = parse("-dir", "a,b,c", "-max", "4");
        assertThat(c.maxVolumesOf(2)).isEqualTo(4);
    }

    @Test
    void defaultsMatchSeaweedFs() {
        VolumeServerConfig c = parse();
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.bindHost()).isEqualTo("0.0.0.0");
        assertThat(c.advertisedHost()).isEqualTo("localhost");
        assertThat(c.masters()).containsExactly("localhost:9333");
        assertThat(c.maxVolumes()).containsExactly(0); // SeaweedFS -max 0: sized from free space
        assertThat(c.fsync()).isFalse();
        assertThat(c.fileSizeLimit()).isEqualTo(VolumeServerConfig.DEFAULT_FILE_SIZE_LIMIT);
        assertThat(c.pulse()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.dataCenter()).isEqualTo(VolumeServerConfig.DEFAULT_DATA_CENTER);
    }

    @Test
    void fsyncIsAFlagThatAlsoTakesAValue() {
        assertThat(parse("-fsync").fsync()).isTrue();
        assertThat(parse("-fsync=true").fsync()).isTrue();
        assertThat(parse("-fsync=false").fsync()).isFalse();
        assertThat(parse("-fsync", "-port", "8081").fsync()).isTrue();
    }

    @Test
    void fileSizeLimitIsInMegabytes() {
        assertThat(parse("-fileSizeLimitMB", "64").fileSizeLimit()).isEqualTo(64L << 20);
    }

    @Test
    void moreMaxCountsThanDirsIsAUsageError() {
        assertThatThrownBy(() -> parse("-dir", "./d1,./d2", "-max", "1,2,3"))
                .isInstanceOf(ParameterException.class).hasMessageContaining("-max");
    }

    @Test
    void nonNumericMaxExitsWithUsageError() {
        Run run = Run.hayloft("volume", "-dir", "./d1", "-max", "seven");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("hayloft volume: -max must be a comma separated list of whole numbers in"
                + " 0..100000").contains("got 'seven'").hasLineCount(1);
    }

    @Test
    void syncSettleIsASettingWithARange() {
        assertThat(parse().sync().settle()).isEqualTo(Duration.ofSeconds(2));
        assertThat(parse("-syncSettleSeconds", "500ms").sync().settle()).isEqualTo(Duration.ofMillis(500));
        assertThat(parse("-syncSettleSeconds", "3").sync().settle()).isEqualTo(Duration.ofSeconds(3));
        assertThatThrownBy(() -> parse("-syncSettleSeconds", "8d")).hasMessageContaining(
                "-syncSettleSeconds must be a duration in 0s..7d");
    }
}
