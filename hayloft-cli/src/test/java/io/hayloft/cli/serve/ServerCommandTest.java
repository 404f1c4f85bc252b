package io.hayloft.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.ReplicaPlacement;
import io.hayloft.master.MasterConfig;
import io.hayloft.volume.VolumeServerConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServerCommandTest {
    private static ServerCommand parse(String... args) {
        ServerCommand command = new ServerCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void defaultsPutBothRolesUnderOneDataDirectory() {
        ServerCommand command = parse();
        MasterConfig master = command.masterConfig();
        VolumeServerConfig volume = command.volumeConfig(9333);
        assertThat(master.metaDir()).isEqualTo(Path.of("hayloft-data", "master"));
        assertThat(master.port()).isEqualTo(9333);
        assertThat(master.raftPort()).isEqualTo(19333);
        assertThat(master.bindHost()).isEqualTo("0.0.0.0");
        assertThat(master.advertisedHost()).isEqualTo("localhost");
        assertThat(volume.dirs()).containsExactly(Path.of("hayloft-data", "volume"));
        assertThat(volume.port()).isEqualTo(8080);
        assertThat(volume.maxVolumes()).containsExactly(VolumeServerConfig.DEFAULT_MAX_VOLUMES);
        assertThat(volume.masters()).containsExactly("localhost:9333");
        assertThat(volume.fsync()).isFalse();
    }

    @Test
    void dottedOptionsConfigureEachRole() {
        ServerCommand command = parse("-dir", "./data", "-master.port", "9400", "--volume.port=8090",
                "-volume.max=3", "-ip", "10.0.0.5", "-defaultReplication", "001", "-volumeSizeLimitMB", "512",
                "-fsync", "-volume.publicUrl", "cdn.example:80");
        MasterConfig master = command.masterConfig();
        VolumeServerConfig volume = command.volumeConfig(9400);
        assertThat(master.metaDir()).isEqualTo(Path.of("./data/master"));
        assertThat(master.port()).isEqualTo(9400);
        assertThat(master.raftPort()).isEqualTo(19400);
        assertThat(master.advertisedHost()).isEqualTo("10.0.0.5");
        assertThat(master.defaultReplication()).isEqualTo(ReplicaPlacement.parse("001"));
        assertThat(master.volumeSizeLimit()).isEqualTo(512L << 20);
        assertThat(volume.port()).isEqualTo(8090);
        assertThat(volume.maxVolumes()).containsExactly(3);
        assertThat(volume.masters()).containsExactly("10.0.0.5:9400");
        assertThat(volume.fsync()).isTrue();
        assertThat(volume.publicUrl()).isEqualTo("cdn.example:80");
    }

    @Test
    void whiteListGuardsTheMasterAndTheVolumeServer() {
        ServerCommand command = parse("-whiteList", "127.0.0.1,10.0.0.0/8");
        assertThat(command.masterConfig().whiteList().allows("10.1.2.3")).isTrue();
        assertThat(command.masterConfig().whiteList().allows("192.168.1.1")).isFalse();
        assertThat(command.volumeConfig(9333).whiteList().allows("127.0.0.1")).isTrue();
        assertThat(command.volumeConfig(9333).whiteList().allows("192.168.1.1")).isFalse();
        assertThat(parse().volumeConfig(9333).whiteList().isOpen()).isTrue();
    }

    @Test
    void volumeServerFollowsTheMastersActualPort() {
        assertThat(parse("-master.port", "0").volumeConfig(40123).masters()).containsExactly("localhost:40123");
    }

    @Test
    void filerRunsByDefaultOnPort8888WithMetadataUnderTheDataDirectory() {
        ServerCommand command = parse("-dir", "./data");
        io.hayloft.filer.FilerConfig filer = command.filerConfig(9400);
        assertThat(command.filerEnabled()).isTrue();
        assertThat(filer.port()).isEqualTo(8888);
        assertThat(filer.dir()).isEqualTo(Path.of("./data/filer"));
        assertThat(filer.masters()).containsExactly("localhost:9400");
    }

    @Test
    void thePartitionedStoreIsRefusedInOneProcess() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse("-filer.store", "partitioned").filerConfig(9333))
                .isInstanceOf(picocli.CommandLine.ParameterException.class)
                .hasMessageContaining("hayloft filer -store partitioned");
    }

    @Test
    void filerCanBeMovedOrTurnedOff() {
        assertThat(parse("-filer.port", "8999").filerConfig(9333).port()).isEqualTo(8999);
        assertThat(parse("-filer=false").filerEnabled()).isFalse();
    }
}
