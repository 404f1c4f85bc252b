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
}
