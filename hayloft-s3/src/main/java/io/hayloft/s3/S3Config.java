package io.hayloft.s3;

import io.hayloft.s3.auth.Identities;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * How a gateway runs. Immutable; {@code with*} return changed copies.
 *
 * @param bindHost      address to listen on
 * @param port          HTTP port (0: ephemeral)
 * @param filer         {@code host:port} of the filer it stores through
 * @param identities    who may do what, asked on every request (a file can change under it, see
 *                      {@link io.hayloft.s3.auth.IdentitiesFile})
 * @param clock         "now" for signature skew and presigned expiry
 * @param filerTimeout  how long a metadata call to the filer may take
 */
public record S3Config(String bindHost, int port, String filer, Supplier<Identities> identities, Clock clock,
                       Duration filerTimeout) {
    /** The port of {@code hayloft s3} and of the gateway in {@code hayloft server}. */
    public static final int DEFAULT_PORT = 8333;

    public S3Config {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (filer == null || filer.isBlank()) {
            throw new IllegalArgumentException("the filer's host:port is required");
        }
        if (identities == null) {
            throw new IllegalArgumentException("identities are required (an empty set refuses every request)");
        }
        if (filerTimeout.isNegative() || filerTimeout.isZero()) {
            throw new IllegalArgumentException("filerTimeout must be positive");
        }
    }

    /** Port {@value #DEFAULT_PORT} on every interface, over {@code filer}, with {@code identities}. */
    public static S3Config defaults(String filer, Identities identities) {
        return defaults(filer, () -> identities);
    }

    /** Port {@value #DEFAULT_PORT} on every interface, over {@code filer}, with identities that may change. */
    public static S3Config defaults(String filer, Supplier<Identities> identities) {
        return new S3Config("0.0.0.0", DEFAULT_PORT, filer, identities, Clock.systemUTC(), Duration.ofSeconds(30));
    }

    public S3Config withPort(int newPort) {
        return new S3Config(bindHost, newPort, filer, identities, clock, filerTimeout);
    }

    public S3Config withBindHost(String host) {
        return new S3Config(host, port, filer, identities, clock, filerTimeout);
    }

    public S3Config withClock(Clock newClock) {
        return new S3Config(bindHost, port, filer, identities, newClock, filerTimeout);
    }
}
