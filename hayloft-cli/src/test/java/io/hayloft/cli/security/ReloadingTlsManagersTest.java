package io.hayloft.cli.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.security.ReloadingTlsManagers;
import io.hayloft.security.TlsFiles;
import io.hayloft.testkit.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Raft side's TLS managers: what they present and trust, and when they read renewed files. */
class ReloadingTlsManagersTest {
    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");

    @TempDir
    Path dir;

    private final TestCertificates certs = new TestCertificates(Clock.systemUTC(), Duration.ofDays(1));
    private TestCertificates.Authority ca;
    private TlsFiles files;
    private MutableClock clock;

    @BeforeEach
    void writeFiles() throws Exception {
        ca = certs.authority("test CA");
        TestCertificates.writeCertificate(dir.resolve("ca.pem"), ca.certificate());
        writeNode();
        files = new TlsFiles(dir.resolve("ca.pem"), dir.resolve("node.pem"), dir.resolve("node-key.pem"), true);
        clock = new MutableClock(T0);
    }

    @Test
    void presentsTheNodeCertificateForItsKeyTypeAndTrustsWhatTheCaSigned() throws Exception {
        ReloadingTlsManagers tls = ReloadingTlsManagers.load(files, clock);
        X509ExtendedKeyManager keys = tls.keyManager();
        String alias = keys.chooseEngineServerAlias("EC", null, null);
        assertThat(alias).isNotNull();
        assertThat(keys.chooseEngineServerAlias("RSA", null, null)).as("an RSA suite with an EC key").isNull();
        assertThat(keys.chooseEngineClientAlias(new String[] {"RSA", "EC"}, null, null)).isEqualTo(alias);
        X509Certificate[] chain = keys.getCertificateChain(alias);
        assertThat(chain[0]).isEqualTo(served());
        assertThat(keys.getPrivateKey(alias).getAlgorithm()).isEqualTo("EC");
        assertThat(keys.getCertificateChain("someone-else")).isNull();

        X509ExtendedTrustManager trust = tls.trustManager();
        trust.checkServerTrusted(chain, "ECDHE_ECDSA");
        TestCertificates.Authority other = certs.authority("another CA");
        X509Certificate stranger = certs.node(other, certs.keyPair(), List.of());
        assertThatThrownBy(() -> trust.checkServerTrusted(new X509Certificate[] {stranger}, "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class);
        assertThat(trust.getAcceptedIssuers()).containsExactly(ca.certificate());
    }

    @Test
    void readsRenewedFilesOnlyAfterTheCheckIntervalAndKeepsTheOldOnesWhenTheNewCannotBeLoaded() throws Exception {
        ReloadingTlsManagers tls = ReloadingTlsManagers.load(files, clock);
        X509ExtendedKeyManager keys = tls.keyManager();
        String first = keys.chooseEngineServerAlias("EC", null, null);
        X509Certificate before = keys.getCertificateChain(first)[0];

        writeNode();
        X509Certificate renewed = served();
        assertThat(renewed).isNotEqualTo(before);
        clock.advance(ReloadingTlsManagers.CHECK_EVERY.minusMillis(1));
        assertThat(keys.getCertificateChain(keys.chooseEngineServerAlias("EC", null, null))[0]).isEqualTo(before);

        clock.advance(Duration.ofMillis(1));
        String second = keys.chooseEngineServerAlias("EC", null, null);
        assertThat(second).isNotEqualTo(first);
        assertThat(keys.getCertificateChain(second)[0]).isEqualTo(renewed);
        // a handshake that chose the old alias just before the reload still gets a matching pair
        assertThat(keys.getCertificateChain(first)[0]).isEqualTo(before);

        Files.writeString(files.cert(), "half written");
        touch(files.cert(), 3);
        clock.advance(ReloadingTlsManagers.CHECK_EVERY);
        String third = keys.chooseEngineServerAlias("EC", null, null);
        assertThat(third).isEqualTo(second);
        assertThat(keys.getCertificateChain(third)[0]).isEqualTo(renewed);
    }

    private int generation;

    /** Writes a fresh node key and certificate, with modification times no earlier write had. */
    private void writeNode() throws Exception {
        KeyPair keys = certs.keyPair();
        TestCertificates.writeKey(dir.resolve("node-key.pem"), keys);
        TestCertificates.writeCertificate(dir.resolve("node.pem"), certs.node(ca, keys, List.of()));
        generation++;
        touch(dir.resolve("node-key.pem"), generation);
        touch(dir.resolve("node.pem"), generation);
    }

    private static void touch(Path file, int seconds) throws Exception {
        Files.setLastModifiedTime(file, FileTime.from(T0.plusSeconds(seconds * 10L)));
    }

    private X509Certificate served() throws Exception {
        return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(dir.resolve("node.pem")));
    }
}
