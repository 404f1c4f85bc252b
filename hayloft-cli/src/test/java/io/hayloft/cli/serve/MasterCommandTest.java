package io.hayloft.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.ReplicaPlacement;
import io.hayloft.cli.Run;
import io.hayloft.master.MasterConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

class MasterCommandTest {
    static MasterConfig parse(String... args) {
        MasterCommand command = new MasterCommand();
        new CommandLine(command).parseArgs(args);
        return command.config();
    }

    @Test
    void acceptsSeaweedStyleSingleDashOptions() {
        MasterConfig c = parse("-mdir", "./m", "-port", "9334", "-ip", "master1", "-peers", "a:9333,b:9333,c:9333",
                "-defaultReplication", "001", "-volumeSizeLimitMB", "1024", "-pulseSeconds", "2");
        assertThat(c.metaDir()).isEqualTo(Path.of("./m"));
        assertThat(c.port()).isEqualTo(9334);
        assertThat(c.raftPort()).isEqualTo(19334);
        assertThat(c.advertisedHost()).isEqualTo("master1");
        assertThat(c.bindHost()).isEqualTo("0.0.0.0");
        assertThat(c.peers()).containsExactly("a:9333", "b:9333", "c:9333");
        assertThat(c.defaultReplication()).isEqualTo(ReplicaPlacement.parse("001"));
        assertThat(c.volumeSizeLimit()).isEqualTo(1024L << 20);
        assertThat(c.pulse()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void acceptsEqualsAndDoubleDashForms() {
        MasterConfig c = parse("-mdir=/tmp/m", "--port=9400", "--ip.bind", "127.0.0.1", "-port.raft=29400");
        assertThat(c.metaDir()).isEqualTo(Path.of("/tmp/m"));
        assertThat(c.port()).isEqualTo(9400);
        assertThat(c.raftPort()).isEqualTo(29400);
        assertThat(c.bindHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void defaultsMatchSeaweedFs() {
        MasterConfig c = parse();
        assertThat(c.port()).isEqualTo(9333);
        assertThat(c.raftPort()).isEqualTo(19333);
        assertThat(c.peers()).isEqualTo(List.of());
        assertThat(c.defaultReplication()).isEqualTo(ReplicaPlacement.NONE);
        assertThat(c.volumeSizeLimit()).isEqualTo(MasterConfig.DEFAULT_VOLUME_SIZE_LIMIT);
        assertThat(c.pulse()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.metaDir()).isEqualTo(Path.of("hayloft-data/master"));
    }

    @Test
    void volumeSizeLimitAboveWhatVolumesCanAddressIsAUsageError() {
        assertThatThrownBy(() -> parse("-volumeSizeLimitMB", "40000"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("volumeSizeLimitMB");
    }

    @Test
    void portWhoseRaftPortWouldOverflowIsAUsageError() {
        assertThatThrownBy(() -> parse("-port", "60000")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("-port.raft");
    }

    @Test
    void badReplicationExitsWithUsageError() {
        Run run = Run.hayloft("master", "-defaultReplication", "abc");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("hayloft master: -defaultReplication must be a replica placement")
                .contains("invalid replication 'abc'").hasLineCount(1);
    }

    @Test
    void negativePulseExitsWithUsageError() {
        Run run = Run.hayloft("master", "-pulseSeconds", "0");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("hayloft master: -pulseSeconds must be a duration in 10ms..1h")
                .contains("got '0'").hasLineCount(1);
    }

    @Test
    void aMasterThatCannotFindItselfInPeersExitsAtOnceNamingIpAndPeers(@org.junit.jupiter.api.io.TempDir Path dir) {
        long started = System.nanoTime();
        // TEST-NET-3 addresses (RFC 5737) are never this host; port 21333 is this engineer's range
        Run run = Run.hayloft("master", "-mdir", dir.toString(), "-port", "21333",
                "-peers", "203.0.113.1:21333,203.0.113.2:21333,203.0.113.3:21333");
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("-ip").contains("-peers");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void deadAfterPulsesIsASettingWithARange() {
        assertThat(parse().deadAfterPulses()).isEqualTo(3);
        assertThat(parse("-deadAfterPulses", "5").deadAfterPulses()).isEqualTo(5);
        assertThatThrownBy(() -> parse("-deadAfterPulses", "1")).hasMessageContaining(
                "-deadAfterPulses must be a whole number in 2..1000");
    }
}
