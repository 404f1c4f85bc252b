package io.hayloft.security;

import java.util.Optional;

/**
 * What {@code security.toml} turns on, shared by every role and by the clients that run beside them
 * (the shell, {@code hayloft upload}, {@code hayloft benchmark}). Everything is off by default
 * ({@link #NONE}): no token is asked for or sent, and every listener speaks plain HTTP. Immutable
 * apart from the internal tokens' caches; thread-safe.
 *
 * @param write    tokens for uploads and deletes of a fid ({@code [jwt.signing]}): the master signs one per
 *                 assignment, volume servers refuse a write without one
 * @param read     tokens for reads of a fid ({@code [jwt.signing.read]}), when reads are signed too
 * @param internal the token roles show each other ({@code [internal]}): without it, heartbeats, replication,
 *                 copies, syncs, admin and EC calls are refused
 * @param tls      the PEM files of HTTPS listeners and clients ({@code [tls]})
 */
public record SecurityConfig(Optional<FidTokens> write, Optional<FidTokens> read, Optional<InternalTokens> internal,
                             Optional<TlsFiles> tls) {
    /** Nothing signed, nothing encrypted: what a cluster without {@code security.toml} runs with. */
    public static final SecurityConfig NONE = new SecurityConfig(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());

    public SecurityConfig {
        write = write == null ? Optional.empty() : write;
        read = read == null ? Optional.empty() : read;
        internal = internal == null ? Optional.empty() : internal;
        tls = tls == null ? Optional.empty() : tls;
    }

    /** Whether nothing at all is on. */
    public boolean isOff() {
        return write.isEmpty() && read.isEmpty() && internal.isEmpty() && tls.isEmpty();
    }

    /** The URL scheme roles and clients use: {@code https} with {@code [tls]}, else {@code http}. */
    public String scheme() {
        return tls.isPresent() ? "https" : "http";
    }

    /** This config with writes signed by {@code t}. */
    public SecurityConfig withWrite(FidTokens t) {
        return new SecurityConfig(Optional.of(t), read, internal, tls);
    }

    /** This config with reads signed by {@code t}. */
    public SecurityConfig withRead(FidTokens t) {
        return new SecurityConfig(write, Optional.of(t), internal, tls);
    }

    /** This config with calls between roles authenticated by {@code t}. */
    public SecurityConfig withInternal(InternalTokens t) {
        return new SecurityConfig(write, read, Optional.of(t), tls);
    }

    /** This config with TLS from {@code files}. */
    public SecurityConfig withTls(TlsFiles files) {
        return new SecurityConfig(write, read, internal, Optional.of(files));
    }

    /** One line for start-up logs: what is signed and encrypted. */
    public String describe() {
        if (isOff()) {
            return "security off (no security.toml): writes unsigned, calls between roles unauthenticated, plain HTTP";
        }
        return "writes " + (write.isPresent() ? "signed" : "unsigned") + ", reads " + (read.isPresent() ? "signed" : "open")
                + ", calls between roles " + (internal.isPresent() ? "authenticated" : "unauthenticated") + ", "
                + tls.map(t -> t.mutual() ? "TLS with mutual authentication between roles" : "TLS").orElse("plain HTTP");
    }
}
