package io.hayloft.cli.security;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A private certificate authority and a node certificate it signs, for a test cluster ({@code hayloft security
 * init}): EC P-256 keys, SHA-256 ECDSA signatures (BouncyCastle's certificate builder; the JDK has no public API
 * to issue certificates). The node certificate is for servers and clients alike (every role is both) and names
 * {@code localhost}, {@code 127.0.0.1}, {@code ::1} and the given hosts. Files, PEM:
 * <pre>
 *   ca.pem        the CA's certificate: what every role and tool trusts
 *   ca-key.pem    the CA's PKCS#8 key (owner-only): keep it to issue more node certificates
 *   node.pem      the node certificate
 *   node-key.pem  its PKCS#8 key (owner-only)
 * </pre>
 */
public final class TestCertificates {
    public static final String CA = "ca.pem";
    public static final String CA_KEY = "ca-key.pem";
    public static final String NODE = "node.pem";
    public static final String NODE_KEY = "node-key.pem";

    private final Clock clock;
    private final Duration validity;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param clock    when the certificates start to be valid (an hour before now, for clock skew)
     * @param validity how long they are valid
     */
    public TestCertificates(Clock clock, Duration validity) {
        this.clock = clock;
        this.validity = validity;
    }

    /** A CA key pair and its self-signed certificate. */
    public record Authority(KeyPair keys, X509Certificate certificate) {
    }

    /** A new CA named {@code name}. */
    public Authority authority(String name) {
        try {
            KeyPair keys = keyPair();
            X500Name subject = new X500Name("CN=" + name);
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(), notBefore(), notAfter(),
                    subject, keys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return new Authority(keys, sign(b, keys));
        } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create a CA: " + e.getMessage(), e);
        }
    }

    /**
     * A node certificate signed by {@code ca}, for {@code localhost}, {@code 127.0.0.1}, {@code ::1} and
     * {@code hosts} (names or IP literals).
     */
    public X509Certificate node(Authority ca, KeyPair keys, List<String> hosts) {
        try {
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca.certificate(), serial(), notBefore(),
                    notAfter(), new X500Name("CN=hayloft node"), keys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            List<GeneralName> names = new ArrayList<>();
            List<String> all = new ArrayList<>(List.of("localhost", "127.0.0.1", "::1"));
            hosts.stream().filter(h -> !all.contains(h)).forEach(all::add);
            for (String h : all) {
                names.add(isIp(h) ? new GeneralName(GeneralName.iPAddress, h) : new GeneralName(GeneralName.dNSName, h));
            }
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            return sign(b, ca.keys());
        } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create a node certificate: " + e.getMessage(), e);
        }
    }

    /** A new EC P-256 key pair. */
    public KeyPair keyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK always provides EC P-256", e);
        }
    }

    /** Writes a certificate as PEM. */
    public static void writeCertificate(Path file, X509Certificate cert) throws IOException {
        try {
            write(file, pem("CERTIFICATE", cert.getEncoded()), false);
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IOException(e);
        }
    }

    /** Writes a private key as PKCS#8 PEM, readable by its owner only. */
    public static void writeKey(Path file, KeyPair keys) throws IOException {
        write(file, pem("PRIVATE KEY", keys.getPrivate().getEncoded()), true);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** Writes {@code text} to a temporary file beside {@code file}, then moves it in place (a reloading role never reads half a file). */
    static void write(Path file, String text, boolean secret) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.US_ASCII);
        if (secret) {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // a file system without POSIX permissions: the directory's own protection applies
            }
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private X509Certificate sign(JcaX509v3CertificateBuilder b, KeyPair signer)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    }

    private BigInteger serial() {
        return new BigInteger(64, random).add(BigInteger.ONE);
    }

    private Date notBefore() {
        return Date.from(clock.instant().minus(Duration.ofHours(1)));
    }

    private Date notAfter() {
        Instant now = clock.instant();
        return Date.from(now.plus(validity));
    }

    private static boolean isIp(String host) {
        if (!host.matches("[0-9.]+") && !host.contains(":")) {
            return false;
        }
        try {
            InetAddress.ofLiteral(host);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
