package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.cli.Main;
import io.hayloft.cli.config.SecurityFile;
import io.hayloft.filer.FilerConfig;
import io.hayloft.filer.FilerServer;
import io.hayloft.master.MasterConfig;
import io.hayloft.master.MasterServer;
import io.hayloft.security.PemFiles;
import io.hayloft.security.SecurityConfig;
import io.hayloft.testkit.Await;
import io.hayloft.volume.VolumeServer;
import io.hayloft.volume.VolumeServerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command-line clients against a cluster with everything in {@code security.toml} on (TLS, signed writes,
 * signed reads, the internal token), each given {@code -security FILE}: {@code hayloft benchmark} (which reads
 * with a token per fid), {@code hayloft fs}, the shell's {@code fs.*} and {@code volume.list}, {@code upload} and
 * {@code download}.
 */
class SecureToolsTest {
    @TempDir
    Path root;

    private final List<AutoCloseable> started = new ArrayList<>();
    private Path securityFile;
    private SecurityConfig security;
    private MasterServer master;
    private VolumeServer volume;
    private FilerServer filer;

    @BeforeEach
    void startCluster() throws Exception {
        Path sec = root.resolve("sec");
        Run init = hayloft("security", "init", "-readKey", sec.toString());
        assertThat(init.code()).as(init.output()).isZero();
        securityFile = sec.resolve(SecurityFile.NAME);
        security = SecurityFile.read(securityFile, Clock.systemUTC());
        assertThat(security.read()).isPresent();
        assertThat(security.tls()).isPresent();
        master = start(MasterServer.start(MasterConfig.forTest(root.resolve("m")).withSecurity(security)));
        volume = start(VolumeServer.start(VolumeServerConfig.forTest(List.of(Files.createDirectories(root.resolve("v"))),
                master.url()).withMaxVolumes(List.of(8)).withSecurity(security)));
        filer = start(FilerServer.start(FilerConfig.forTest(root.resolve("f"), master.url()).withSecurity(security)));
        HttpClient https = HttpClient.newBuilder().sslContext(PemFiles.clientContext(security.tls().orElseThrow())).build();
        Await.until("the volume server registered", Duration.ofSeconds(30), () -> {
            try {
                return https.send(HttpRequest.newBuilder(URI.create("https://" + master.url() + "/dir/status")).build(),
                        HttpResponse.BodyHandlers.ofString()).body().contains(volume.url());
            } catch (java.io.IOException notYet) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    @Test
    void benchmarkWritesAndReadsWithSignedReadsOverTls() throws Exception {
        Run run = hayloft("-security", securityFile.toString(), "benchmark", "-master", master.url(), "-n", "40",
                "-c", "2", "-size", "100", "-warmup", "4");
        assertThat(run.code()).as(run.output()).isZero();
        assertThat(run.output()).contains("Write phase", "Read phase").doesNotContain("First error");
        assertThat(Pattern.compile("Failed requests: +0").matcher(run.output()).results().count())
                .as(run.output()).isEqualTo(2);
        assertThat(Pattern.compile("Completed requests: +40").matcher(run.output()).results().count()).isEqualTo(2);

        // reads are signed indeed: the same GET without a token is refused
        Run upload = hayloft("-security", securityFile.toString(), "upload", "-master", master.url(),
                Files.writeString(root.resolve("probe.txt"), "probe").toString());
        String fid = fidOf(upload);
        HttpClient https = HttpClient.newBuilder().sslContext(PemFiles.clientContext(security.tls().orElseThrow())).build();
        assertThat(https.send(HttpRequest.newBuilder(URI.create("https://" + volume.url() + "/" + fid)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    @Test
    void uploadAndDownloadOverTlsWithSignedWritesAndReads() throws Exception {
        Path file = Files.writeString(root.resolve("hello.txt"), "hello over tls");
        Run upload = hayloft("-security", securityFile.toString(), "upload", "-master", master.url(), file.toString());
        assertThat(upload.code()).as(upload.output()).isZero();
        String fid = fidOf(upload);
        Path out = Files.createDirectories(root.resolve("out"));
        Run download = hayloft("-security", securityFile.toString(), "download", "-master", master.url(),
                "-o", out.toString(), fid);
        assertThat(download.code()).as(download.output()).isZero();
        try (var files = Files.list(out)) {
            Path got = files.findFirst().orElseThrow();
            assertThat(Files.readString(got)).isEqualTo("hello over tls");
        }
    }

    @Test
    void fsAndTheShellTalkToTheFilerOverTls() throws Exception {
        Path file = Files.writeString(root.resolve("notes.txt"), "notes over tls");
        String sec = securityFile.toString();
        Run put = hayloft("-security", sec, "fs", "-filer", filer.url(), "put", file.toString(), "/docs/");
        assertThat(put.code()).as(put.output()).isZero();
        Run ls = hayloft("-security", sec, "fs", "-filer", filer.url(), "ls", "/docs");
        assertThat(ls.code()).as(ls.output()).isZero();
        assertThat(ls.output()).contains("notes.txt");
        Path back = root.resolve("back.txt");
        Run get = hayloft("-security", sec, "fs", "-filer", filer.url(), "get", "/docs/notes.txt", back.toString());
        assertThat(get.code()).as(get.output()).isZero();
        assertThat(Files.readString(back, StandardCharsets.UTF_8)).isEqualTo("notes over tls");

        Run shell = hayloft("-security", sec, "shell", "-master", master.url(), "-filer", filer.url(), "fs.ls", "/docs");
        assertThat(shell.code()).as(shell.output()).isZero();
        assertThat(shell.output()).contains("notes.txt");
        Run volumes = hayloft("-security", sec, "shell", "-master", master.url(), "volume.list");
        assertThat(volumes.code()).as(volumes.output()).isZero();
        assertThat(volumes.output()).contains(volume.url());
    }

    private <T extends AutoCloseable> T start(T server) {
        started.add(server);
        return server;
    }

    private static String fidOf(Run upload) {
        Matcher m = Pattern.compile("\"fid\" *: *\"([^\"]+)\"").matcher(upload.output());
        assertThat(m.find()).as(upload.output()).isTrue();
        return m.group(1);
    }

    private record Run(int code, String output) {
    }

    private static Run hayloft(String... args) {
        StringWriter out = new StringWriter();
        int code = Main.commandLine(new PrintWriter(out, true), new PrintWriter(out, true)).execute(args);
        return new Run(code, out.toString());
    }
}
