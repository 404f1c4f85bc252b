package io.hayloft.cli.serve;

import io.hayloft.cli.VersionProvider;
import io.hayloft.cli.options.UsageErrors;
import io.hayloft.cli.settings.RoleOptions;
import io.hayloft.cli.settings.SettingOptions;
import io.hayloft.filer.FilerConfig;
import io.hayloft.filer.FilerServer;
import io.hayloft.filer.FilerSettings;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hayloft filer}: the file layer (directories, chunked files) over a cluster, until SIGINT/SIGTERM. */
@Command(name = "filer", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        modelTransformer = RoleOptions.Filer.class,
        description = "Start a filer: a directory tree of files stored as chunks on the volume servers.",
        footer = {"", "Then:  hayloft fs put photo.jpg /photos/   |   hayloft fs ls -l /photos"})
public final class FilerCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    /** The filer's config from the options ({@link FilerSettings#TABLE}); a rejected value is a usage error. */
    FilerConfig config() {
        return UsageErrors.checked(spec, () -> SettingOptions.apply(spec, FilerSettings.TABLE,
                FilerConfig.defaults(FilerSettings.DIR.defaultValue(), FilerSettings.MASTERS.defaultValue()))
                .withSecurity(io.hayloft.cli.HayloftCommand.security(spec)));
    }

    /** Where {@code config}'s metadata lives, for the start-up line (a JDBC URL without its query). */
    static String describeStore(FilerConfig config) {
        return switch (config.store()) {
            case POSTGRES -> io.hayloft.filer.store.jdbc.JdbcFilerStore.redacted(config.jdbcUrl());
            case ROCKSDB -> config.dir().toAbsolutePath().normalize().toString();
            case PARTITIONED -> "Raft partitions placed by the master (replicas in "
                    + config.dir().toAbsolutePath().normalize() + ")";
        };
    }

    @Override
    public Integer call() throws InterruptedException {
        FilerConfig config = config();
        ServeOptions.requireFree(config.bindHost(), config.port(), "-port");
        FilerServer filer = FilerServer.start(config);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Hayloft filer on %s, metadata in %s, masters %s%n",
                Describe.url(config.security(), config.advertisedHost() + ":" + filer.port()),
                describeStore(config), String.join(",", config.masters()));
        out.flush();
        UntilShutdown.await(List.of(filer));
        return 0;
    }
}
