package io.hayloft.cli.serve;

import io.hayloft.cli.options.UsageErrors;
import io.hayloft.cli.settings.RoleOptions;
import io.hayloft.cli.settings.ServerOptions;
import io.hayloft.filer.FilerConfig;
import io.hayloft.filer.FilerServer;
import io.hayloft.filer.chunk.UploadFaults;
import io.hayloft.master.MasterConfig;
import io.hayloft.master.MasterServer;
import io.hayloft.s3.S3Config;
import io.hayloft.s3.S3Options;
import io.hayloft.s3.S3Server;
import io.hayloft.s3.filer.InProcessFilerAccess;
import io.hayloft.security.SecurityConfig;
import io.hayloft.volume.VolumeServer;
import io.hayloft.volume.VolumeServerConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import io.hayloft.cli.HayloftCommand;
import io.hayloft.cli.VersionProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code hayloft server}: a master, a volume server, a filer and an S3 gateway in one process, sharing one
 * data directory ({@code <dir>/master}, {@code <dir>/volume}, {@code <dir>/filer}, {@code <dir>/s3}), until
 * SIGINT/SIGTERM. Options: {@link ServerOptions} (the roles' settings tables, the gateway's included).
 */
@Command(name = "server", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        modelTransformer = RoleOptions.Server.class,
        description = "Start a master, a volume server, a filer and an S3 gateway in one process: the quickest way to"
                + " run Hayloft.")
public final class ServerCommand implements Callable<Integer> {
    /** How long start-up waits for the volume server's first heartbeat before saying it is ready. */
    private static final java.time.Duration REGISTRATION_WAIT = java.time.Duration.ofSeconds(30);
    @Spec
    private CommandSpec spec;

    /** The master's config from the options; a rejected value is a usage error. */
    MasterConfig masterConfig() {
        return UsageErrors.checked(spec, () -> ServerOptions.master(spec).withSecurity(HayloftCommand.security(spec)));
    }

    /** The volume server's config for a master answering at {@code ip:masterPort}; a rejected value is a usage error. */
    VolumeServerConfig volumeConfig(int actualMasterPort) {
        return UsageErrors.checked(spec, () -> ServerOptions.volume(spec, actualMasterPort)
                .withSecurity(HayloftCommand.security(spec)));
    }

    /** The filer's config for a master answering at {@code ip:masterPort}; a rejected value is a usage error. */
    FilerConfig filerConfig(int actualMasterPort) {
        FilerConfig config = UsageErrors.checked(spec, () -> ServerOptions.filer(spec, actualMasterPort)
                .withSecurity(HayloftCommand.security(spec)));
        if (config.store() == FilerConfig.Store.PARTITIONED) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "-filer.store partitioned needs"
                    + " several filer servers: run hayloft master and hayloft filer -store partitioned instead");
        }
        return config;
    }

    /** The S3 gateway's settings ({@code -s3.port}, {@code -s3.config}, ...); a rejected value is a usage error. */
    S3Options s3Options() {
        return UsageErrors.checked(spec, () -> ServerOptions.s3(spec));
    }

    /** Whether a filer runs too ({@code -filer}); a rejected value is a usage error. */
    boolean filerEnabled() {
        return UsageErrors.checked(spec, () -> ServerOptions.layout(spec).filer());
    }

    @Override
    public Integer call() throws InterruptedException {
        boolean filer = filerEnabled();
        MasterConfig masterConfig = masterConfig();
        int masterPort = masterConfig.port();
        // bad options are usage errors before anything starts or any port is probed
        VolumeServerConfig checked = volumeConfig(masterPort);
        FilerConfig filerChecked = filerConfig(masterPort);
        S3Options s3 = s3Options();
        boolean gateway = filer && UsageErrors.checked(spec, () -> ServerOptions.layout(spec).s3());
        ServeOptions.requireFree(masterConfig.bindHost(), masterConfig.port(), "-master.port");
        ServeOptions.requireFree(masterConfig.bindHost(), masterConfig.raftPort(), "-master.port.raft");
        ServeOptions.requireFree(checked.bindHost(), checked.port(), "-volume.port");
        if (filer) {
            ServeOptions.requireFree(filerChecked.bindHost(), filerChecked.port(), "-filer.port");
        }
        S3Gateways.Credentials s3Credentials = null;
        if (gateway) {
            ServeOptions.requireFree(s3.bindHost(), s3.port(), "-s3.port");
            s3Credentials = S3Gateways.usage(spec, () -> S3Gateways.credentials(s3.identities(), s3.keyDir()));
        }
        List<AutoCloseable> started = new ArrayList<>();
        VolumeServerConfig volumeConfig;
        VolumeServer volume;
        MasterServer master;
        FilerConfig filerConfig = null;
        FilerServer filerServer = null;
        S3Server s3Server = null;
        try {
            master = MasterServer.start(masterConfig);
            started.add(master);
            volumeConfig = volumeConfig(master.port());
            volume = VolumeServer.start(volumeConfig);
            started.add(volume);
            if (filer) {
                filerConfig = filerConfig(master.port());
                filerServer = FilerServer.start(filerConfig, UploadFaults.NONE,
                        new ColocatedVolumeServer(volume.colocated()));
                started.add(filerServer);
            }
            if (gateway) {
                // the filer is in this JVM: the gateway calls its services, not its HTTP API over loopback
                s3Server = S3Server.start(S3Config.defaults(new InProcessFilerAccess(filerServer.services()),
                        s3Credentials.identities()).withBindHost(s3.bindHost()).withPort(s3.port())
                        .withLifecycle(s3.lifecycle()).withAddressing(s3.addressing())
                        .withTls(io.hayloft.http.ServerTls.of(masterConfig.security())));
                started.add(s3Server);
            }
        } catch (RuntimeException e) {
            UntilShutdown.closeAll(started);
            throw e;
        }
        PrintWriter out = spec.commandLine().getOut();
        String ip = masterConfig.advertisedHost();
        SecurityConfig security = masterConfig.security();
        out.printf("Hayloft master        on %s (raft port %d), metadata in %s%n",
                Describe.url(security, ip + ":" + master.port()), master.raftPort(), masterConfig.metaDir().toAbsolutePath().normalize());
        out.printf("Hayloft volume server on %s (public %s), data in %s%n", Describe.url(security, volume.url()),
                volume.publicUrl(),
                Describe.dirs(volumeConfig));
        if (filerServer != null) {
            out.printf("Hayloft filer         on %s, metadata in %s%n", Describe.url(security, ip + ":" + filerServer.port()),
                    FilerCommand.describeStore(filerConfig));
        }
        if (s3Server != null) {
            out.printf("Hayloft S3 gateway    on %s, %s%n", Describe.url(security, ip + ":" + s3Server.port()),
                    s3Credentials.announcement());
        }
        // only announce readiness once the master knows the volume server: before, assign finds no volume
        if (!volume.awaitRegistered(REGISTRATION_WAIT)) {
            out.printf("Warning: the volume server has not registered with the master after %d s%n",
                    REGISTRATION_WAIT.toSeconds());
        }
        out.printf("Security: %s%n", security.describe());
        out.println(Describe.ready(security, ip, master.port()));
        out.flush();
        UntilShutdown.await(started);
        return 0;
    }
}
