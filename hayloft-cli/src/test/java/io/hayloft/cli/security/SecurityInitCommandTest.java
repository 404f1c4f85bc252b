package io.hayloft.cli.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.cli.Main;
import io.hayloft.cli.config.SecurityFile;
import io.hayloft.security.SecurityConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecurityInitCommandTest {
    @TempDir
    Path dir;

    private int run(StringWriter out, String... args) {
        return Main.commandLine(new PrintWriter(out), new PrintWriter(out)).execute(args);
    }

    @Test
    void writesACaANodeCertificateAndASecurityFileEveryRoleReads() throws Exception {
        StringWriter out = new StringWriter();
        assertThat(run(out, "security", "init", "-hosts", "node1.example,10.1.2.3", "-readKey", dir.toString()))
                .as(out.toString()).isZero();
        SecurityConfig s = SecurityFile.read(dir.resolve(SecurityFile.NAME), Clock.systemUTC());
        assertThat(s.write()).isPresent();
        assertThat(s.read()).isPresent();
        assertThat(s.internal()).isPresent();
        assertThat(s.tls().orElseThrow().mutual()).isFalse();
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        X509Certificate ca = (X509Certificate) x509.generateCertificate(Files.newInputStream(dir.resolve("ca.pem")));
        X509Certificate node = (X509Certificate) x509.generateCertificate(Files.newInputStream(dir.resolve("node.pem")));
        node.verify(ca.getPublicKey());
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(node.getBasicConstraints()).isEqualTo(-1);
        List<String> names = node.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList();
        assertThat(names).contains("localhost", "127.0.0.1", "node1.example", "10.1.2.3");
        assertThat(Files.getPosixFilePermissions(dir.resolve("node-key.pem")).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
        assertThat(Files.readString(dir.resolve(SecurityFile.NAME))).doesNotContain("\"\"");
    }

    @Test
    void refusesToOverwriteAnything() throws Exception {
        StringWriter out = new StringWriter();
        assertThat(run(out, "security", "init", dir.toString())).isZero();
        String before = Files.readString(dir.resolve("ca.pem"));
        StringWriter again = new StringWriter();
        assertThat(run(again, "security", "init", dir.toString())).isNotZero();
        assertThat(again.toString()).contains("exists");
        assertThat(Files.readString(dir.resolve("ca.pem"))).isEqualTo(before);
        assertThat(List.of(dir.toFile().list())).doesNotContain("ca.pem.tmp");
    }
}
