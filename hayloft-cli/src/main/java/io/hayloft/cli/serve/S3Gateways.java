package io.hayloft.cli.serve;

import io.hayloft.s3.S3Config;
import io.hayloft.s3.S3Server;
import io.hayloft.s3.auth.GeneratedKeys;
import io.hayloft.s3.auth.Identities;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * What {@code hayloft s3} and {@code hayloft server} share to run the S3 gateway: its identities from
 * a config file, or the key pair generated at first start and kept in the data directory (printed
 * once, when it is created).
 */
final class S3Gateways {
    private S3Gateways() {
    }

    /** The identities and, when they were just generated, the lines that show the new pair. */
    record Credentials(java.util.function.Supplier<Identities> identities, String announcement) {
    }

    /** How often at most a changed identities file is noticed. */
    private static final java.time.Duration RELOAD_INTERVAL = java.time.Duration.ofSeconds(1);

    /** Reads {@code configFile}, or (null) loads or creates the generated pair in {@code keyDir}. */
    static Credentials credentials(Path configFile, Path keyDir) {
        if (configFile != null) {
            return new Credentials(new io.hayloft.s3.auth.IdentitiesFile(configFile, java.time.Clock.systemUTC(),
                    RELOAD_INTERVAL), "identities from " + configFile + " (re-read when it changes)");
        }
        GeneratedKeys.Keys keys = GeneratedKeys.loadOrCreate(keyDir);
        if (keys.created() != null) {
            return new Credentials(keys::identities, String.format(
                    "generated an S3 key pair (shown once; kept in %s):%n    access key: %s%n    secret key: %s",
                    keys.file().toAbsolutePath().normalize(), keys.created().accessKey(), keys.created().secretKey()));
        }
        return new Credentials(keys::identities, "key pair in " + keys.file().toAbsolutePath().normalize());
    }

    /** Runs {@code build}, turning a bad value or an unreadable file into a usage error of {@code spec}'s command. */
    static <T> T usage(picocli.CommandLine.Model.CommandSpec spec, java.util.function.Supplier<T> build) {
        try {
            return io.hayloft.cli.options.UsageErrors.checked(spec, build);
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** Starts the gateway and prints where it listens and whose keys it takes. */
    static S3Server start(S3Config config, Credentials credentials, String advertisedHost, PrintWriter out) {
        S3Server server = S3Server.start(config);
        out.printf("Hayloft S3 gateway    on %s://%s:%d over filer %s, %s%n", config.tls().isPresent() ? "https" : "http",
                advertisedHost, server.port(),
                config.filer().describe(), credentials.announcement());
        return server;
    }
}
