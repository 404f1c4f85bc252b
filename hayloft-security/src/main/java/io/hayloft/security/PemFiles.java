package io.hayloft.security;

import io.hayloft.api.HayloftException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The JDK side of {@code [tls]}: an {@link SSLContext} that trusts the cluster's CA and, with mutual TLS,
 * shows this node's certificate, read from the PEM files (certificates as {@code CERTIFICATE} blocks, the key
 * as a PKCS#8 {@code PRIVATE KEY} block, EC or RSA). For the tools' JDK HTTP client; the servers' Vert.x
 * listeners and clients read the same files themselves. Stateless.
 */
public final class PemFiles {
    private static final Pattern KEY = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private PemFiles() {
    }

    /**
     * A TLS context for clients of the cluster: trusts {@code files.ca()}; with {@code files.mutual()} presents
     * {@code files.cert()} with {@code files.key()}.
     *
     * @throws HayloftException {@code BAD_REQUEST} naming the file that is not a PEM certificate or key
     */
    public static SSLContext clientContext(TlsFiles files) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (Certificate c : certificates(files.ca())) {
                trust.setCertificateEntry("ca" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (files.mutual()) {
                KeyStore own = KeyStore.getInstance("PKCS12");
                own.load(null, null);
                char[] none = new char[0];
                own.setKeyEntry("node", privateKey(files.key()), none, certificates(files.cert()).toArray(Certificate[]::new));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(own, none);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw HayloftException.badRequest("cannot set up TLS from " + files.ca() + ": " + e.getMessage());
        }
    }

    /** The certificates of a PEM file, in order. */
    static Collection<? extends Certificate> certificates(Path pem) {
        try {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(pem)));
            HayloftException.checkArgument(!certs.isEmpty(), pem + " holds no PEM certificate");
            return certs;
        } catch (GeneralSecurityException e) {
            throw HayloftException.badRequest(pem + " is not a PEM certificate: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pem, e);
        }
    }

    /** The PKCS#8 private key of a PEM file (EC or RSA). */
    static PrivateKey privateKey(Path pem) {
        String text;
        try {
            text = Files.readString(pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pem, e);
        }
        Matcher m = KEY.matcher(text);
        HayloftException.checkArgument(m.find(), pem + " holds no PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----)");
        byte[] der = Base64.getMimeDecoder().decode(m.group(1));
        for (String algorithm : new String[] {"EC", "RSA", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException tryNext) {
                // another algorithm's key
            }
        }
        throw HayloftException.badRequest(pem + " holds a private key that is neither EC nor RSA");
    }
}
