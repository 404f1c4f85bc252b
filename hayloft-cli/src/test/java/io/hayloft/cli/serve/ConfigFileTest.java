package io.hayloft.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ReplicaPlacement;
import io.hayloft.cli.Main;
import io.hayloft.cli.Run;
import io.hayloft.master.MasterConfig;
import io.hayloft.volume.VolumeServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Seed 002: one config file describes every role; flags override it. */
class ConfigFileTest {
    private static final String CLUSTER_TOML = """
            # one file for the whole cluster
            pulseSeconds = 2

            [master]
            port = 9444
            mdir = "/var/lib/hayloft/m"
            peers = ["m1:9444", "m2:9444", "m3:9444"]
            defaultReplication = "001"
            volumeSizeLimitMB = 1024

            [volume]
            dir = ["/disk1/hl", "/disk2/hl"]   # two disks
            max = [7, 5]
            mserver = "m1:9444,m2:9444"
            dataCenter = 'dc1'
            rack = "r2"
            fsync = true

            [server]
            "master.port" = 9555
            """;

    @TempDir
    Path dir;

    private Object parse(String... args) throws IOException {
        Path file = Files.writeString(dir.resolve("cluster.toml"), CLUSTER_TOML);
        String[] all = new String[args.length + 2];
        all[0] = "-config";
        all[1] = file.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        CommandLine cli = Main.commandLine();
        ParseResult result = cli.parseArgs(all);
        return result.subcommand().commandSpec().userObject();
    }

    @Test
    void everyRoleReadsItsSectionAndTheSharedKeys() throws IOException {
        MasterConfig m = ((MasterCommand) parse("master")).config();
        assertThat(m.port()).isEqualTo(9444);
        assertThat(m.metaDir()).isEqualTo(Path.of("/var/lib/hayloft/m"));
        assertThat(m.peers()).containsExactly("m1:9444", "m2:9444", "m3:9444");
        assertThat(m.defaultReplication()).isEqualTo(ReplicaPlacement.parse("001"));
        assertThat(m.volumeSizeLimit()).isEqualTo(1024L * 1024 * 1024);
        assertThat(m.pulse()).isEqualTo(Duration.ofSeconds(2));

        VolumeServerConfig v = ((VolumeCommand) parse("volume")).config();
        assertThat(v.dirs()).containsExactly(Path.of("/disk1/hl"), Path.of("/disk2/hl"));
        assertThat(v.maxVolumes()).containsExactly(7, 5);
        assertThat(v.masters()).containsExactly("m1:9444", "m2:9444");
        assertThat(v.dataCenter()).isEqualTo("dc1");
        assertThat(v.rack()).isEqualTo("r2");
        assertThat(v.fsync()).isTrue();
        assertThat(v.pulse()).isEqualTo(Duration.ofSeconds(2));

        assertThat(((ServerCommand) parse("server")).masterConfig().port()).isEqualTo(9555);
    }

    @Test
    void sharedOptionGroupsReadTheCommandsSection() throws IOException {
        Path file = Files.writeString(dir.resolve("replication.toml"), """
                replicationMBps = 8
                [master]
                replicationGrace = "90s"
                [server]
                replicationConcurrency = 4
                """);
        MasterConfig m = ((MasterCommand) Main.commandLine().parseArgs("-config", file.toString(), "master")
                .subcommand().commandSpec().userObject()).config();
        assertThat(m.replicationGrace()).isEqualTo(Duration.ofSeconds(90));
        assertThat(m.replicationMBps()).isEqualTo(8);
        assertThat(m.replicationConcurrency()).isEqualTo(2);
        MasterConfig s = ((ServerCommand) Main.commandLine().parseArgs("-config", file.toString(), "server")
                .subcommand().commandSpec().userObject()).masterConfig();
        assertThat(s.replicationGrace()).isEqualTo(Duration.ofMinutes(3));
        assertThat(s.replicationMBps()).isEqualTo(8);
        assertThat(s.replicationConcurrency()).isEqualTo(4);
    }

    @Test
    void flagsOverrideTheFile() throws IOException {
        VolumeServerConfig v = ((VolumeCommand) parse("volume", "-port", "8081", "-max", "3", "-rack", "r9"))
                .config();
        assertThat(v.port()).isEqualTo(8081);
        assertThat(v.maxVolumes()).isEqualTo(List.of(3));
        assertThat(v.rack()).isEqualTo("r9");
        assertThat(v.dataCenter()).isEqualTo("dc1");
    }

    @Test
    void optionsTheFileDoesNotSetKeepTheirDefaults() throws IOException {
        VolumeServerConfig v = ((VolumeCommand) parse("volume")).config();
        assertThat(v.port()).isEqualTo(VolumeServerConfig.DEFAULT_PORT);
    }

    @Test
    void aBrokenFileIsAUsageErrorNamingTheLine() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.toml"), "[volume]\nport = 80 80\n");
        assertThatThrownBy(() -> Main.commandLine().parseArgs("-config", bad.toString(), "volume"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("bad.toml:2");
        assertThat(Main.commandLine().execute("-config", dir.resolve("missing.toml").toString(), "version"))
                .isEqualTo(2);
    }

    @Test
    void precedenceIsFlagThenSectionThenTopOfFileThenTheSettingsDefault() throws IOException {
        Path file = Files.writeString(dir.resolve("precedence.toml"), """
                garbageThreshold = 0.5
                vacuumIntervalMinutes = 7
                replicationMBps = 9
                [master]
                vacuumIntervalMinutes = "90s"
                replicationMBps = 11
                """);
        MasterConfig fromFile = ((MasterCommand) Main.commandLine().parseArgs("-config", file.toString(), "master")
                .subcommand().commandSpec().userObject()).config();
        assertThat(fromFile.garbageThreshold()).isEqualTo(0.5);                      // top of the file
        assertThat(fromFile.vacuumInterval()).isEqualTo(Duration.ofSeconds(90));      // [master] over the top
        assertThat(fromFile.replicationMBps()).isEqualTo(11);
        assertThat(fromFile.replicationConcurrency()).isEqualTo(MasterConfig.DEFAULT_REPLICATION_CONCURRENCY);
        MasterConfig flagged = ((MasterCommand) Main.commandLine().parseArgs("-config", file.toString(), "master",
                "-replicationMBps", "13").subcommand().commandSpec().userObject()).config();
        assertThat(flagged.replicationMBps()).isEqualTo(13);                          // the flag over the file
    }

    @Test
    void theServerReadsPrefixedKeysAndTheOlderUnprefixedOnes() throws IOException {
        Path file = Files.writeString(dir.resolve("server.toml"), """
                [server]
                volumeSizeLimitMB = 1024
                "volume.max" = 12
                "filer.maxMB" = "4MiB"
                "master.garbageThreshold" = 0.4
                dataCenter = "dc2"
                """);
        ServerCommand server = (ServerCommand) Main.commandLine().parseArgs("-config", file.toString(), "server")
                .subcommand().commandSpec().userObject();
        assertThat(server.masterConfig().volumeSizeLimit()).isEqualTo(1024L << 20);
        assertThat(server.masterConfig().garbageThreshold()).isEqualTo(0.4);
        assertThat(server.volumeConfig(9333).maxVolumes()).containsExactly(12);
        assertThat(server.volumeConfig(9333).dataCenter()).isEqualTo("dc2");
        assertThat(server.filerConfig(9333).chunkSize()).isEqualTo(4 << 20);
    }

    @Test
    void aBadValueInTheFileIsReportedAgainstItsFileLineAndKey() throws IOException {
        Path file = Files.writeString(dir.resolve("range.toml"), "[volume]\nport = 8081\nmax = 200000\n");
        Run run = Run.hayloft("-config", file.toString(), "volume");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).hasLineCount(1)
                .contains(file + ":3: max: must be a comma separated list of whole numbers in 0..100000, got '200000'");
    }

    @Test
    void aBadValueAtTheTopOfTheFileOrUnderAPrefixNamesItsLineAndKeyAsWritten() throws IOException {
        Path top = Files.writeString(dir.resolve("top.toml"), "# pulses\npulseSeconds = \"soon\"\n");
        assertThat(Run.hayloft("-config", top.toString(), "master").err())
                .contains(top + ":2: pulseSeconds: must be a duration");
        Path server = Files.writeString(dir.resolve("server.toml"), "[server]\ndataCenter = \"dc1\"\n"
                + "\"volume.fileSizeLimitMB\" = \"1TiB\"\n");
        Run run = Run.hayloft("-config", server.toString(), "server");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(server + ":3: volume.fileSizeLimitMB: must be a size in 1B..2047MiB");
        Path alias = Files.writeString(dir.resolve("alias.toml"), "[server]\nvolumeSizeLimitMB = 0\n");
        assertThat(Run.hayloft("-config", alias.toString(), "server").err())
                .contains(alias + ":2: volumeSizeLimitMB: must be a size in");
    }

    @Test
    void aBadValueGivenAsAFlagIsStillNamedByTheFlagAndAFlagOverridesABadFileValue() throws IOException {
        Path good = Files.writeString(dir.resolve("good.toml"), "[volume]\nport = 8081\n");
        assertThat(Run.hayloft("-config", good.toString(), "volume", "-port", "99999").err())
                .contains("-port must be a port in 0..65535 (0 picks a free one), got '99999'").doesNotContain("good.toml");
        Path file = Files.writeString(dir.resolve("range.toml"), "[volume]\nmax = 200000\n");
        VolumeServerConfig v = ((VolumeCommand) Main.commandLine().parseArgs("-config", file.toString(), "volume",
                "-max", "9").subcommand().commandSpec().userObject()).config();
        assertThat(v.maxVolumes()).containsExactly(9);
    }

    @Test
    void aKeyThatNamesNoOptionIsAUsageErrorInsteadOfBeingIgnored() throws IOException {
        Path typo = Files.writeString(dir.resolve("typo.toml"), "[volume]\nmaxx = 7\n");
        Run run = Run.hayloft("-config", typo.toString(), "volume");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).hasLineCount(1).contains("typo.toml:2: [volume] maxx is not an option of hayloft volume");
        Path section = Files.writeString(dir.resolve("section.toml"), "[volumes]\nmax = 7\n");
        assertThat(Run.hayloft("-config", section.toString(), "volume").err())
                .contains("[volumes] is not a command");
        Path top = Files.writeString(dir.resolve("top.toml"), "pulseSecond = 2\n");
        assertThat(Run.hayloft("-config", top.toString(), "volume").err())
                .contains("top.toml:1: pulseSecond is not an option of any command");
    }
}
