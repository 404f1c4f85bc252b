package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.cli.Main;
import io.hayloft.testkit.Await;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hayloft -security FILE server} with {@code [tls]} tells where it listens as it really does: every
 * listener serves HTTPS only, so the lines it prints at start name {@code https://} URLs, and the
 * {@code Ready.} line's {@code curl} trusts the cluster's CA.
 */
class ServerAnnouncementTlsTest {
    @TempDir
    Path root;

    @Test
    void withTlsTheStartLinesNameHttpsUrls() throws Exception {
        Path sec = root.resolve("sec");
        StringWriter init = new StringWriter();
        assertThat(Main.commandLine(new PrintWriter(init), new PrintWriter(init))
                .execute("security", "init", sec.toString())).as(init.toString()).isZero();
        int master = freePort();
        int volume = freePort();
        int filer = freePort();
        Path log = root.resolve("server.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "io.hayloft.cli.Main", "-security", sec.resolve("security.toml").toString(), "server",
                "-dir", root.resolve("data").toString(), "-ip", "127.0.0.1", "-ip.bind", "127.0.0.1",
                "-master.port", Integer.toString(master), "-master.port.raft", "0",
                "-volume.port", Integer.toString(volume), "-filer.port", Integer.toString(filer), "-s3=false"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Await.until("hayloft server ready", Duration.ofMinutes(3), () -> {
                if (!process.isAlive()) {
                    throw new AssertionError("hayloft server exited with " + process.exitValue() + ": "
                            + read(log));
                }
                return read(log).contains("Ready.");
            });
            String out = Files.readString(log);
            assertThat(out).as(out)
                    .contains("Hayloft master        on https://127.0.0.1:" + master + " ")
                    .contains("Hayloft volume server on https://127.0.0.1:" + volume + " ")
                    .contains("Hayloft filer         on https://127.0.0.1:" + filer + ",")
                    .contains("Ready. Try: curl --cacert " + sec.resolve("ca.pem") + " https://127.0.0.1:" + master
                            + "/dir/assign")
                    .doesNotContain("http://");
        } finally {
            Processes.kill9(process);
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
