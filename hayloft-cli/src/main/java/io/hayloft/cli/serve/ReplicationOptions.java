package io.hayloft.cli.serve;

import io.hayloft.cli.options.DurationConverter;
import io.hayloft.master.MasterConfig;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * How the leader re-replicates, for {@code hayloft master} and {@code hayloft server} (a picocli
 * mixin): {@code -replicationGrace}, {@code -replicationMBps}, {@code -replicationConcurrency}.
 */
final class ReplicationOptions {
    @Option(names = {"-replicationGrace", "--replicationGrace"}, paramLabel = "DURATION", defaultValue = "3m",
            converter = DurationConverter.class,
            description = "How long a volume may lack a replica (a server down) before the leader copies a new one,"
                    + " e.g. 90s, 3m, 1h. Default: ${DEFAULT-VALUE}.")
    Duration grace;

    @Option(names = {"-replicationMBps", "--replicationMBps"}, paramLabel = "MBPS", defaultValue = "64",
            description = "Read rate of replica copies and moves, MiB/s (0: unthrottled). Default: ${DEFAULT-VALUE}.")
    int mbps;

    @Option(names = {"-replicationConcurrency", "--replicationConcurrency"}, paramLabel = "N", defaultValue = "2",
            description = "Replica copies the leader runs at once (at most one per target server)."
                    + " Default: ${DEFAULT-VALUE}.")
    int concurrency;

    /** {@code config} with these settings; {@link MasterConfig#validate()} checks their ranges. */
    MasterConfig applyTo(MasterConfig config) {
        return config.withReplicationGrace(grace).withReplicationMBps(mbps).withReplicationConcurrency(concurrency);
    }
}
