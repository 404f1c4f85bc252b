package io.hayloft.security;

import io.hayloft.api.HayloftException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The PEM files of {@code security.toml}'s {@code [tls]}: every role serves HTTPS with {@code cert} and
 * {@code key} and trusts servers whose certificate {@code ca} signed; with {@code mutual}, a role also
 * shows its certificate when it calls another, and a role's listener asks callers for one (and refuses a
 * role-to-role call without one). The files are read again when they change ({@code hayloft security init}
 * writes a set for a test cluster). Immutable.
 *
 * @param ca     the certificate authority's certificate (PEM), trusted by clients and, with mutual TLS, by servers
 * @param cert   this node's certificate chain (PEM)
 * @param key    this node's private key (PEM, PKCS#8)
 * @param mutual whether roles must present certificates to each other
 */
public record TlsFiles(Path ca, Path cert, Path key, boolean mutual) {
    public TlsFiles {
        Objects.requireNonNull(ca, "ca");
        Objects.requireNonNull(cert, "cert");
        Objects.requireNonNull(key, "key");
        for (Path p : new Path[] {ca, cert, key}) {
            HayloftException.checkArgument(java.nio.file.Files.isReadable(p), "[tls] file " + p + " cannot be read");
        }
    }
}
