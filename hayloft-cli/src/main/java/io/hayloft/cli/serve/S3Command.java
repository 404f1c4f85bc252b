package io.hayloft.cli.serve;

import io.hayloft.cli.VersionProvider;
import io.hayloft.cli.options.UsageErrors;
import io.hayloft.cli.settings.RoleOptions;
import io.hayloft.cli.settings.SettingOptions;
import io.hayloft.s3.S3Config;
import io.hayloft.s3.S3Options;
import io.hayloft.s3.S3Server;
import io.hayloft.s3.S3Settings;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hayloft s3}: the S3 gateway over a filer, until SIGINT/SIGTERM. Options: {@link S3Settings#TABLE}. */
@Command(name = "s3", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        modelTransformer = RoleOptions.S3.class,
        description = "Start an S3 gateway: the S3 API over a filer, buckets as /buckets/<name>.",
        footer = {"", "Then:  aws --endpoint-url http://localhost:8333 s3 mb s3://photos"})
public final class S3Command implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    /** The gateway's settings from the options ({@link S3Settings#TABLE}); a rejected value is a usage error. */
    S3Options options() {
        return UsageErrors.checked(spec, () -> SettingOptions.apply(spec, S3Settings.TABLE, S3Options.defaults()));
    }

    /** The credentials from the options; a bad config file is a usage error. */
    S3Gateways.Credentials credentials() {
        S3Options options = options();
        return S3Gateways.usage(spec, () -> S3Gateways.credentials(options.identities(), options.keyDir()));
    }

    /** The gateway's config for {@code credentials}; a rejected value is a usage error. */
    S3Config config(S3Gateways.Credentials credentials) {
        S3Options options = options();
        io.hayloft.security.SecurityConfig security = io.hayloft.cli.HayloftCommand.security(spec);
        return S3Gateways.usage(spec, () -> S3Config.defaults(io.hayloft.s3.filer.HttpFilerAccess.overVertx(options.filer(),
                        S3Config.DEFAULT_FILER_TIMEOUT, security), credentials.identities())
                .withBindHost(options.bindHost()).withPort(options.port())
                .withLifecycle(options.lifecycle()).withAddressing(options.addressing())
                .withTls(io.hayloft.http.ServerTls.of(security)));
    }

    @Override
    public Integer call() throws InterruptedException {
        S3Options options = options();
        S3Gateways.Credentials credentials = credentials();
        S3Config config = config(credentials);
        ServeOptions.requireFree(config.bindHost(), config.port(), "-port");
        PrintWriter out = spec.commandLine().getOut();
        S3Server server = S3Gateways.start(config, credentials, options.advertisedHost(), out);
        out.flush();
        UntilShutdown.await(List.of(server));
        return 0;
    }
}
