package io.hayloft.cli.security;

import io.hayloft.cli.config.SecurityFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hayloft security init DIR}: everything a test cluster needs to run with security on, in one directory:
 * a private CA and a node certificate ({@link TestCertificates}) and a {@code security.toml} with random keys for
 * signed writes and for calls between roles, and a {@code [tls]} section naming the PEM files. Refuses to
 * overwrite anything.
 */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Write a private CA, a node certificate and a security.toml with random keys (signed writes,"
                + " the internal key, TLS) into DIR, for a test cluster.")
public final class SecurityInitCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Directory to write into (created if missing).")
    Path dir;

    @Option(names = {"-hosts", "--hosts"}, split = ",", paramLabel = "HOST",
            description = "Host names or IPs the node certificate is for, besides localhost, 127.0.0.1 and ::1.")
    List<String> hosts = List.of();

    @Option(names = {"-mutual", "--mutual"}, description = "Ask roles for certificates from each other (mutual TLS).")
    boolean mutual;

    @Option(names = {"-readKey", "--readKey"}, description = "Sign reads too ([jwt.signing.read]).")
    boolean readKey;

    @Option(names = {"-days", "--days"}, paramLabel = "N", defaultValue = "365",
            description = "How long the certificates are valid. Default: ${DEFAULT-VALUE}.")
    int days;

    @Override
    public Integer call() throws IOException {
        if (days < 1) {
            throw new ParameterException(spec.commandLine(), "-days must be at least 1");
        }
        Files.createDirectories(dir);
        for (String name : List.of(TestCertificates.CA, TestCertificates.CA_KEY, TestCertificates.NODE,
                TestCertificates.NODE_KEY, SecurityFile.NAME)) {
            if (Files.exists(dir.resolve(name))) {
                throw new ParameterException(spec.commandLine(), dir.resolve(name) + " exists: choose an empty directory");
            }
        }
        TestCertificates certs = new TestCertificates(Clock.systemUTC(), Duration.ofDays(days));
        TestCertificates.Authority ca = certs.authority("Hayloft test CA");
        KeyPair node = certs.keyPair();
        TestCertificates.writeCertificate(dir.resolve(TestCertificates.CA), ca.certificate());
        TestCertificates.writeKey(dir.resolve(TestCertificates.CA_KEY), ca.keys());
        TestCertificates.writeCertificate(dir.resolve(TestCertificates.NODE), certs.node(ca, node, hosts));
        TestCertificates.writeKey(dir.resolve(TestCertificates.NODE_KEY), node);
        TestCertificates.write(dir.resolve(SecurityFile.NAME), securityToml(), true);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Wrote %s: CA %s, node certificate %s (for localhost, 127.0.0.1, ::1%s), %s.%n", dir,
                TestCertificates.CA, TestCertificates.NODE, hosts.isEmpty() ? "" : ", " + String.join(", ", hosts),
                SecurityFile.NAME);
        out.printf("Copy the directory to every machine and start each role with: hayloft -security %s ...%n",
                dir.resolve(SecurityFile.NAME));
        out.flush();
        return 0;
    }

    private String securityToml() {
        StringBuilder s = new StringBuilder("# written by hayloft security init: the same file for every role and tool\n\n");
        s.append("[jwt.signing]\nkey = \"").append(randomKey()).append("\"\nexpires_after_seconds = 10\n\n");
        if (readKey) {
            s.append("[jwt.signing.read]\nkey = \"").append(randomKey()).append("\"\nexpires_after_seconds = 10\n\n");
        }
        s.append("[internal]\nkey = \"").append(randomKey()).append("\"\nexpires_after_seconds = 60\n\n");
        s.append("[tls]\nca = \"").append(TestCertificates.CA).append("\"\ncert = \"").append(TestCertificates.NODE)
                .append("\"\nkey = \"").append(TestCertificates.NODE_KEY).append("\"\nmutual = ").append(mutual).append('\n');
        return s.toString();
    }

    private static String randomKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
