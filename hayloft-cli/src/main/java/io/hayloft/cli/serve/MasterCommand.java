package io.hayloft.cli.serve;

import io.hayloft.cli.options.UsageErrors;
import io.hayloft.cli.settings.RoleOptions;
import io.hayloft.cli.settings.SettingOptions;
import io.hayloft.master.MasterConfig;
import io.hayloft.master.MasterServer;
import io.hayloft.master.MasterSettings;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import io.hayloft.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hayloft master}: one master of the cluster, until SIGINT/SIGTERM. Options: {@link MasterSettings}. */
@Command(name = "master", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        modelTransformer = RoleOptions.Master.class,
        description = "Start a master: topology, volume placement and file ids, replicated with Raft.")
public final class MasterCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    /** The master's config from the options ({@link MasterSettings#TABLE}); a rejected value is a usage error. */
    MasterConfig config() {
        return UsageErrors.checked(spec, () -> SettingOptions.apply(spec, MasterSettings.TABLE,
                MasterConfig.defaults(MasterSettings.META_DIR.defaultValue()))
                .withSecurity(io.hayloft.cli.HayloftCommand.security(spec)));
    }

    @Override
    public Integer call() throws InterruptedException {
        MasterConfig config = config();
        ServeOptions.requireFree(config.bindHost(), config.port(), "-port");
        ServeOptions.requireFree(config.bindHost(), config.raftPort(), "-port.raft");
        MasterServer master = MasterServer.start(config);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Hayloft master on %s (raft port %d), metadata in %s%n", Describe.url(config.security(), master.url()),
                master.raftPort(), config.metaDir().toAbsolutePath().normalize());
        out.flush();
        UntilShutdown.await(List.of(master));
        return 0;
    }
}
