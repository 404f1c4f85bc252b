package io.hayloft.security;

import io.hayloft.api.HayloftException;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JSSE key manager and trust manager over {@code [tls]}'s PEM files that read the files again when they
 * change, for TLS stacks that take managers rather than files (Ratis' gRPC): the node presents
 * {@link TlsFiles#cert()} with {@link TlsFiles#key()} and trusts what {@link TlsFiles#ca()} signed, and a renewed
 * certificate is used from the next handshake on, without a restart.
 *
 * <p>The files' modification times are checked on a handshake at most every {@link #CHECK_EVERY} (three
 * {@code stat} calls); a set that cannot be loaded (half written, say) is logged and the old one stays. Each
 * loaded set has its own key alias, so a handshake that chose an alias before a reload still gets a key and a
 * chain that belong together. Thread-safe.
 */
public final class ReloadingTlsManagers {
    /** How often, at most, the files are checked for a change. */
    public static final Duration CHECK_EVERY = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(ReloadingTlsManagers.class);

    private final TlsFiles files;
    private final Clock clock;
    private final Object reloadLock = new Object();
    private volatile Material current;
    private volatile Material previous;
    private volatile long checkedAtMillis;

    /** One loaded set of files. */
    private record Material(List<FileTime> stamps, int generation, String alias, PrivateKey key, X509Certificate[] chain,
                            X509ExtendedTrustManager trust) {
    }

    private ReloadingTlsManagers(TlsFiles files, Clock clock, Material first) {
        this.files = files;
        this.clock = clock;
        this.current = first;
        this.previous = first;
        this.checkedAtMillis = clock.millis();
    }

    /**
     * Loads {@code files} now.
     *
     * @param clock when to check the files again
     * @throws HayloftException {@code BAD_REQUEST} naming the file that holds no PEM certificate or key
     */
    public static ReloadingTlsManagers load(TlsFiles files, Clock clock) {
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(clock, "clock");
        return new ReloadingTlsManagers(files, clock, read(files, 0));
    }

    /** Whether the node must present its certificate to peers and ask peers for theirs. */
    public boolean mutual() {
        return files.mutual();
    }

    /** The node's certificate and key as the files are now (checked at most every {@link #CHECK_EVERY}). */
    public X509ExtendedKeyManager keyManager() {
        return new KeyManager();
    }

    /** Trust in the cluster's CA as its file is now, with the JDK's checks (chain, validity, host name). */
    public X509ExtendedTrustManager trustManager() {
        return new Trust();
    }

    /** The loaded files, read again first when they may have changed. */
    private Material material() {
        long now = clock.millis();
        if (now - checkedAtMillis < CHECK_EVERY.toMillis()) {
            return current;
        }
        synchronized (reloadLock) {
            if (now - checkedAtMillis >= CHECK_EVERY.toMillis()) {
                checkedAtMillis = now;
                Material old = current;
                if (!stamps(files).equals(old.stamps())) {
                    try {
                        Material fresh = read(files, old.generation() + 1);
                        previous = old;
                        current = fresh;
                        LOG.info("TLS files {} changed: reloaded for Raft", files.cert());
                    } catch (RuntimeException e) {
                        LOG.warn("TLS files {} changed but cannot be loaded, the old ones stay: {}", files.cert(),
                                e.toString());
                    }
                }
            }
            return current;
        }
    }

    private Material byAlias(String alias) {
        Material now = material();
        if (now.alias().equals(alias)) {
            return now;
        }
        Material before = previous;
        return before.alias().equals(alias) ? before : null;
    }

    private static Material read(TlsFiles files, int generation) {
        List<FileTime> stamps = stamps(files);
        X509Certificate[] chain = PemFiles.certificates(files.cert()).stream().map(c -> (X509Certificate) c)
                .toArray(X509Certificate[]::new);
        PrivateKey key = PemFiles.privateKey(files.key());
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            int i = 0;
            for (var c : PemFiles.certificates(files.ca())) {
                trusted.setCertificateEntry("ca" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    return new Material(stamps, generation, "node-" + generation, key, chain, x);
                }
            }
            throw HayloftException.badRequest("the JDK offers no X.509 trust manager for " + files.ca());
        } catch (GeneralSecurityException | IOException e) {
            throw HayloftException.badRequest("cannot trust " + files.ca() + ": " + e.getMessage());
        }
    }

    private static List<FileTime> stamps(TlsFiles files) {
        return Stream.of(files.ca(), files.cert(), files.key()).map(ReloadingTlsManagers::modified).toList();
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** The one alias of the node's key, when {@code keyType} ("EC", "RSA", "EC_EC", ...) fits it. */
    private String aliasFor(String keyType) {
        Material m = material();
        String algorithm = m.key().getAlgorithm();
        boolean fits = keyType == null || keyType.equals(algorithm) || keyType.startsWith(algorithm + "_");
        return fits ? m.alias() : null;
    }

    private String aliasFor(String[] keyTypes) {
        if (keyTypes == null) {
            return aliasFor((String) null);
        }
        for (String t : keyTypes) {
            String alias = aliasFor(t);
            if (alias != null) {
                return alias;
            }
        }
        return null;
    }

    private final class KeyManager extends X509ExtendedKeyManager {
        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            String alias = aliasFor(keyType);
            return alias == null ? null : new String[] {alias};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return aliasFor(keyType);
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return aliasFor(keyType);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return getClientAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return aliasFor(keyType);
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return aliasFor(keyType);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            Material m = byAlias(alias);
            return m == null ? null : m.chain().clone();
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            Material m = byAlias(alias);
            return m == null ? null : m.key();
        }
    }

    private final class Trust extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            material().trust().checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            material().trust().checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            material().trust().checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            material().trust().checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            material().trust().checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            material().trust().checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return material().trust().getAcceptedIssuers();
        }
    }
}
