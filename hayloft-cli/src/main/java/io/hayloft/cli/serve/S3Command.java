package io.hayloft.cli.serve;

import io.hayloft.cli.VersionProvider;
import io.hayloft.s3.S3Config;
import io.hayloft.s3.S3Server;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hayloft s3}: the S3 gateway over a filer, until SIGINT/SIGTERM. */
@Command(name = "s3", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = "Start an S3 gateway: the S3 API over a filer, buckets as /buckets/<name>.",
        footer = {"", "Then:  aws --endpoint-url http://localhost:8333 s3 mb s3://photos"})
public final class S3Command implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-port", "--port"}, defaultValue = "8333", description = "HTTP port. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = {"-filer", "--filer"}, paramLabel = "HOST:PORT", defaultValue = "localhost:8888",
            description = "The filer objects are stored through. Default: ${DEFAULT-VALUE}.")
    String filer;

    @Option(names = {"-config", "--config"}, paramLabel = "FILE",
            description = "Identities (JSON, SeaweedFS's s3.json format): name, credentials (accessKey, secretKey),"
                    + " actions Read, Write, List, Tagging, Admin, optionally per bucket (Read:photos). Without it, a"
                    + " key pair is generated at first start, kept in -dir and printed once.")
    Path configFile;

    @Option(names = {"-dir", "--dir"}, paramLabel = "DIR", defaultValue = "hayloft-data/s3",
            description = "Where the generated key pair is kept when there is no -config. Default: ${DEFAULT-VALUE}.")
    Path dir;

    @Option(names = {"-ip", "--ip"}, paramLabel = "HOST", defaultValue = "localhost",
            description = "Host name clients reach this gateway at. Default: ${DEFAULT-VALUE}.")
    String ip;

    @Option(names = {"-ip.bind", "--ip.bind"}, paramLabel = "ADDR", defaultValue = "0.0.0.0",
            description = "Address to listen on. Default: ${DEFAULT-VALUE} (all interfaces).")
    String bindIp;

    /** The credentials from the options; a bad config file is a usage error. */
    S3Gateways.Credentials credentials() {
        return S3Gateways.usage(spec, () -> S3Gateways.credentials(configFile, dir));
    }

    /** The gateway's config for {@code credentials}; a rejected value is a usage error. */
    S3Config config(S3Gateways.Credentials credentials) {
        return S3Gateways.usage(spec, () -> {
            ServeOptions.requirePort(port, "-port");
            return S3Config.defaults(filer, credentials.identities()).withBindHost(bindIp).withPort(port);
        });
    }

    @Override
    public Integer call() throws InterruptedException {
        S3Gateways.Credentials credentials = credentials();
        S3Config config = config(credentials);
        ServeOptions.requireFree(config.bindHost(), config.port(), "-port");
        PrintWriter out = spec.commandLine().getOut();
        S3Server server = S3Gateways.start(config, credentials, ip, out);
        out.flush();
        UntilShutdown.await(List.of(server));
        return 0;
    }
}
