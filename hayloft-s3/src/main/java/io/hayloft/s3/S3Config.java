package io.hayloft.s3;

import io.hayloft.s3.auth.Identities;
import io.hayloft.s3.filer.FilerAccess;
import io.hayloft.s3.filer.HttpFilerAccess;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How a gateway runs. Immutable; {@code with*} return changed copies.
 *
 * @param bindHost      address to listen on
 * @param port          HTTP port (0: ephemeral)
 * @param filer         the way to the filer it stores through: its HTTP API ({@link HttpFilerAccess}, {@code hayloft
 *                      s3}) or its services in this process ({@link io.hayloft.s3.filer.InProcessFilerAccess},
 *                      {@code hayloft server})
 * @param identities    who may do what, asked on every request (a file can change under it, see
 *                      {@link io.hayloft.s3.auth.IdentitiesFile})
 * @param clock         "now" for signature skew, presigned expiry and version ids
 * @param lifecycle     how often lifecycle rules are carried out and how long their "day" is
 * @param tls           HTTPS from {@code security.toml}'s {@code [tls]}, or empty for plain HTTP
 * @param addressing    virtual-host domains and the external URL ({@link Addressing}; path-style only by default)
 */
public record S3Config(String bindHost, int port, FilerAccess filer, Supplier<Identities> identities, Clock clock,
                       Lifecycle lifecycle, Optional<io.hayloft.http.ServerTls> tls, Addressing addressing) {
    /** A config that serves plain HTTP, path-style. */
    public S3Config(String bindHost, int port, FilerAccess filer, Supplier<Identities> identities, Clock clock,
                    Lifecycle lifecycle) {
        this(bindHost, port, filer, identities, clock, lifecycle, Optional.empty(), Addressing.PATH_STYLE);
    }

    /** This config with {@code a}'s virtual-host domains and external URL. */
    public S3Config withAddressing(Addressing a) {
        return new S3Config(bindHost, port, filer, identities, clock, lifecycle, tls, a);
    }

    /** This config serving HTTPS with {@code t} ({@code security.toml}'s {@code [tls]}), or plain HTTP when empty. */
    public S3Config withTls(Optional<io.hayloft.http.ServerTls> t) {
        return new S3Config(bindHost, port, filer, identities, clock, lifecycle, t, addressing);
    }

    /**
     * The lifecycle job's timing.
     *
     * @param interval how often every bucket's rules are applied ({@link Duration#ZERO}: never, no job runs)
     * @param day      how long a rule's "day" is (one day; seconds for conformance runs, as ceph's
     *                 {@code rgw_lc_debug_interval})
     * @param clock    what objects' ages are measured against (the system's; tests move their own)
     */
    public record Lifecycle(Duration interval, Duration day, Clock clock) {
        /** Every hour, real days. */
        public static final Lifecycle DEFAULT = new Lifecycle(Duration.ofHours(1), Duration.ofDays(1),
                Clock.systemUTC());

        public Lifecycle {
            if (interval == null || interval.isNegative() || day == null || day.isNegative() || day.isZero()
                    || clock == null) {
                throw new IllegalArgumentException("lifecycle interval must be >= 0, day > 0 and a clock given, got "
                        + interval + ", " + day + ", " + clock);
            }
        }
    }

    /** The port of {@code hayloft s3} and of the gateway in {@code hayloft server}. */
    public static final int DEFAULT_PORT = 8333;
    /** How long a metadata call to a filer over HTTP may take. */
    public static final Duration DEFAULT_FILER_TIMEOUT = Duration.ofSeconds(30);

    public S3Config {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (filer == null) {
            throw new IllegalArgumentException("the way to the filer is required");
        }
        if (identities == null) {
            throw new IllegalArgumentException("identities are required (an empty set refuses every request)");
        }
        if (lifecycle == null) {
            throw new IllegalArgumentException("the lifecycle timing is required");
        }
        tls = tls == null ? Optional.empty() : tls;
        addressing = addressing == null ? Addressing.PATH_STYLE : addressing;
    }

    /** Port {@value #DEFAULT_PORT} on every interface, over the filer at {@code host:port}, with {@code identities}. */
    public static S3Config defaults(String filer, Identities identities) {
        return defaults(filer, () -> identities);
    }

    /**
     * Port {@value #DEFAULT_PORT} on every interface, over the filer's HTTP API at {@code filer} ({@code host:port},
     * through Vert.x, {@link HttpFilerAccess#overVertx}; calls bounded by {@link #DEFAULT_FILER_TIMEOUT}), with
     * identities that may change.
     *
     * @throws IllegalArgumentException when {@code filer} is blank
     */
    public static S3Config defaults(String filer, Supplier<Identities> identities) {
        if (filer == null || filer.isBlank()) {
            throw new IllegalArgumentException("the filer's host:port is required");
        }
        return defaults(HttpFilerAccess.overVertx(filer, DEFAULT_FILER_TIMEOUT), identities);
    }

    /** Port {@value #DEFAULT_PORT} on every interface, over {@code filer}, with identities that may change. */
    public static S3Config defaults(FilerAccess filer, Supplier<Identities> identities) {
        return new S3Config("0.0.0.0", DEFAULT_PORT, filer, identities, Clock.systemUTC(), Lifecycle.DEFAULT);
    }

    public S3Config withPort(int newPort) {
        return new S3Config(bindHost, newPort, filer, identities, clock, lifecycle, tls, addressing);
    }

    public S3Config withBindHost(String host) {
        return new S3Config(host, port, filer, identities, clock, lifecycle, tls, addressing);
    }

    public S3Config withClock(Clock newClock) {
        return new S3Config(bindHost, port, filer, identities, newClock, lifecycle, tls, addressing);
    }

    public S3Config withLifecycle(Lifecycle newLifecycle) {
        return new S3Config(bindHost, port, filer, identities, clock, newLifecycle, tls, addressing);
    }
}
