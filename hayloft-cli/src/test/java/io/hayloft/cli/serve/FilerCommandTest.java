package io.hayloft.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.ReplicaPlacement;
import io.hayloft.cli.Run;
import io.hayloft.filer.FilerConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FilerCommandTest {
    private static FilerCommand parse(String... args) {
        FilerCommand command = new FilerCommand();
        CommandLine cli = new CommandLine(command);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.parseArgs(args);
        return command;
    }

    @Test
    void defaultsServePort8888WithRocksDbOverTheLocalMaster() {
        FilerConfig config = parse().config();
        assertThat(config.port()).isEqualTo(8888);
        assertThat(config.dir()).isEqualTo(Path.of("hayloft-data", "filer"));
        assertThat(config.masters()).containsExactly("localhost:9333");
        assertThat(config.store()).isEqualTo(FilerConfig.Store.ROCKSDB);
        assertThat(config.chunkSize()).isEqualTo(8 << 20);
        assertThat(config.replication()).isNull();
    }

    @Test
    void partitionedStoreTakesItsRaftPortRackAndPulse() {
        FilerConfig config = parse("-master", "m1:9333", "-port", "8890", "-store", "partitioned", "-rack", "r7",
                "-dataCenter", "dc2", "-pulseSeconds", "2").config();
        assertThat(config.store()).isEqualTo(FilerConfig.Store.PARTITIONED);
        assertThat(config.partitioning().raftPortFor(config.port())).isEqualTo(18890);
        assertThat(config.partitioning().rack()).isEqualTo("r7");
        assertThat(config.partitioning().dataCenter()).isEqualTo("dc2");
        assertThat(config.partitioning().pulse()).isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(parse("-store", "partitioned", "-port.raft", "19999").config().partitioning()
                .raftPortFor(8888)).isEqualTo(19999);
        assertThat(FilerCommand.describeStore(config)).startsWith("Raft partitions placed by the master");
        assertThat(config.partitioning().reads()).isEqualTo(io.hayloft.filer.partition.PartitionReads.LINEARIZABLE);
        assertThat(parse("-store", "partitioned", "-partition.reads", "follower").config().partitioning().reads())
                .isEqualTo(io.hayloft.filer.partition.PartitionReads.FOLLOWER);
    }

    @Test
    void optionsSetPlacementChunkSizeAndThePostgresStore() {
        FilerConfig config = parse("-master", "m1:9333,m2:9333", "-port", "8899", "-dir", "./f", "-ip", "filer.lan",
                "-defaultReplication", "001", "-collection", "pics", "-maxMB", "4", "-store", "postgres",
                "-jdbcUrl", "jdbc:postgresql://db/hayloft").config();
        assertThat(config.masters()).containsExactly("m1:9333", "m2:9333");
        assertThat(config.port()).isEqualTo(8899);
        assertThat(config.advertisedHost()).isEqualTo("filer.lan");
        assertThat(config.replication()).isEqualTo(ReplicaPlacement.parse("001"));
        assertThat(config.collection()).isEqualTo("pics");
        assertThat(config.chunkSize()).isEqualTo(4 << 20);
        assertThat(config.store()).isEqualTo(FilerConfig.Store.POSTGRES);
        assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://db/hayloft");
    }

    @Test
    void postgresWithoutAJdbcUrlIsAUsageError() {
        Run run = Run.hayloft("filer", "-store", "postgres", "-port", "0");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("-jdbcUrl");
    }

    @Test
    void chunkSizeOutOfRangeIsAUsageError() {
        assertThat(Run.hayloft("filer", "-maxMB", "0").exitCode()).isEqualTo(2);
    }

    @Test
    void optionsSetTheInlineLimitUploadParallelismDeletionIntervalAndTtl() {
        FilerConfig config = parse("-inlineLimit", "4KiB", "-uploadParallelism", "4", "-deletionInterval", "30s",
                "-ttl", "3d").config();
        assertThat(config.inlineLimit()).isEqualTo(4096);
        assertThat(config.uploadParallelism()).isEqualTo(4);
        assertThat(config.deletionInterval()).isEqualTo(java.time.Duration.ofSeconds(30));
        assertThat(config.ttl()).isEqualTo(io.hayloft.api.Ttl.parse("3d"));
        FilerConfig defaults = parse().config();
        assertThat(defaults.inlineLimit()).isEqualTo(FilerConfig.DEFAULT_INLINE_LIMIT);
        assertThat(defaults.uploadParallelism()).isEqualTo(FilerConfig.DEFAULT_UPLOAD_PARALLELISM);
        assertThat(defaults.deletionInterval()).isEqualTo(FilerConfig.DEFAULT_DELETION_INTERVAL);
        assertThat(defaults.ttl()).isEqualTo(io.hayloft.api.Ttl.NONE);
    }

    @Test
    void chunkingAndCollectorValuesOutsideTheirRangesAreUsageErrorsNamingTheRange() {
        Run inline = Run.hayloft("filer", "-inlineLimit", "1MiB");
        assertThat(inline.exitCode()).isEqualTo(2);
        assertThat(inline.err()).contains("-inlineLimit must be a size in 0B..64KiB");
        assertThat(Run.hayloft("filer", "-uploadParallelism", "0").err())
                .contains("-uploadParallelism must be a whole number in 1..64");
        assertThat(Run.hayloft("filer", "-deletionInterval", "0s").err())
                .contains("-deletionInterval must be a duration in 10ms..1h");
        assertThat(Run.hayloft("filer", "-ttl", "3x").err()).contains("-ttl must be a TTL");
    }
}
