package io.hayloft.cli.serve;

import io.hayloft.cli.options.UsageErrors;
import io.hayloft.cli.settings.RoleOptions;
import io.hayloft.cli.settings.SettingOptions;
import io.hayloft.volume.VolumeServer;
import io.hayloft.volume.VolumeServerConfig;
import io.hayloft.volume.VolumeSettings;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import io.hayloft.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hayloft volume}: one volume server, until SIGINT/SIGTERM. Options: {@link VolumeSettings}. */
@Command(name = "volume", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        modelTransformer = RoleOptions.Volume.class,
        description = "Start a volume server: stores needles in volumes on local disks and serves them.")
public final class VolumeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    /** The volume server's config from the options ({@link VolumeSettings#TABLE}); a rejected value is a usage error. */
    VolumeServerConfig config() {
        return UsageErrors.checked(spec, () -> SettingOptions.apply(spec, VolumeSettings.TABLE,
                VolumeServerConfig.defaults(VolumeSettings.DIRS.defaultValue()))
                .withSecurity(io.hayloft.cli.HayloftCommand.security(spec)));
    }

    @Override
    public Integer call() throws InterruptedException {
        VolumeServerConfig config = config();
        ServeOptions.requireFree(config.bindHost(), config.port(), "-port");
        VolumeServer volume = VolumeServer.start(config);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Hayloft volume server on %s (public %s), data in %s, masters %s%n", Describe.url(config.security(), volume.url()),
                volume.publicUrl(), Describe.dirs(config), String.join(",", config.masters()));
        out.flush();
        UntilShutdown.await(List.of(volume));
        return 0;
    }
}
