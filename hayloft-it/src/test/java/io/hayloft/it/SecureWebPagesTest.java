package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.FileId;
import io.hayloft.cli.Main;
import io.hayloft.cli.config.SecurityFile;
import io.hayloft.client.AssignRequest;
import io.hayloft.client.ClientConfig;
import io.hayloft.client.HayloftClient;
import io.hayloft.filer.FilerConfig;
import io.hayloft.filer.FilerServer;
import io.hayloft.master.MasterConfig;
import io.hayloft.master.MasterServer;
import io.hayloft.security.PemFiles;
import io.hayloft.security.SecurityConfig;
import io.hayloft.security.TlsFiles;
import io.hayloft.testkit.Await;
import io.hayloft.volume.VolumeServer;
import io.hayloft.volume.VolumeServerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three web pages in headless Chromium against a cluster with all of {@code security.toml} on: HTTPS
 * everywhere (Chromium accepts the test cluster's certificate by its public key hash, nothing else), signed
 * writes, signed reads and the internal token between roles. Each page loads its data, shows the cluster's
 * state and raises no JavaScript error; the filer page uploads and downloads (the filer gets its own tokens).
 */
class SecureWebPagesTest {
    private static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");

    @TempDir
    Path root;

    @Test
    void everyPageWorksWithTlsSignedWritesAndReadsAndTheInternalToken() throws Exception {
        Path sec = root.resolve("sec");
        StringWriter initOut = new StringWriter();
        assertThat(Main.commandLine(new PrintWriter(initOut), new PrintWriter(initOut))
                .execute("security", "init", "-readKey", sec.toString())).as(initOut.toString()).isZero();
        SecurityConfig security = SecurityFile.read(sec.resolve(SecurityFile.NAME), Clock.systemUTC());
        assertThat(security.write()).isPresent();
        assertThat(security.read()).isPresent();
        assertThat(security.internal()).isPresent();
        TlsFiles tls = security.tls().orElseThrow();
        HttpClient https = HttpClient.newBuilder().sslContext(PemFiles.clientContext(tls)).build();

        List<AutoCloseable> started = new ArrayList<>();
        try (Browser browser = Browser.launch(Files.createDirectories(root.resolve("browser")),
                List.of("--ignore-certificate-errors-spki-list=" + spkiHash(tls.cert())))) {
            MasterServer master = MasterServer.start(MasterConfig.forTest(root.resolve("m")).withSecurity(security));
            started.add(master);
            VolumeServer volume = VolumeServer.start(VolumeServerConfig.forTest(
                    List.of(Files.createDirectories(root.resolve("v"))), master.url()).withMaxVolumes(List.of(6))
                    .withLocation("dc1", "rack1").withSecurity(security));
            started.add(volume);
            FilerServer filer = FilerServer.start(FilerConfig.forTest(root.resolve("f"), master.url())
                    .withChunking(1 << 16, 1024, 2).withSecurity(security));
            started.add(filer);
            List<FileId> fids = new ArrayList<>();
            try (HayloftClient client = HayloftClient.create(ClientConfig.defaults(List.of(master.url())), security)) {
                Random random = new Random(11);
                Await.until("the first blob stored", Duration.ofSeconds(30), () -> {
                    try {
                        byte[] data = new byte[100];
                        random.nextBytes(data);
                        fids.add(FileId.parse(client.put(data, "b.bin", "application/octet-stream",
                                AssignRequest.single()).fid()));
                        return true;
                    } catch (RuntimeException notYet) {
                        return false;
                    }
                });
                for (int i = 0; i < 3; i++) {
                    fids.add(FileId.parse(client.put(("blob " + i).getBytes(), "b.txt", "text/plain",
                            AssignRequest.single()).fid()));
                }
            }

            try (Browser.Tab tab = browser.open("https://" + master.url() + "/")) {
                tab.await("the master page loaded its status over https", "document.body.dataset.loaded === 'true'");
                assertThat(tab.text("#role")).isEqualTo("leader");
                assertThat(tab.text("#tree")).contains("data center dc1", "rack rack1", volume.url());
                String layouts = tab.text("#layouts");
                for (FileId fid : fids) {
                    assertThat(layouts).contains(String.valueOf(fid.volumeId().value()));
                }
                assertThat(tab.text("#collections")).contains("(default)");
                assertThat(tab.eval("document.querySelector('#tree a').href").asString()).startsWith("https://");
                tab.screenshot(SCREENSHOTS.resolve("master-secure.png"));
                WebPagesTest.saveConsole(tab, "master-secure");
                assertThat(tab.problems()).as("JavaScript errors, console errors, CSP refusals").isEmpty();
            }

            try (Browser.Tab tab = browser.open("https://" + volume.url() + "/ui")) {
                tab.await("the volume server page loaded its status over https",
                        "document.body.dataset.loaded === 'true'");
                assertThat(tab.text("#self")).contains(volume.url());
                assertThat(tab.text("#masters")).contains(master.url());
                String volumes = tab.text("#volumes table.volumes");
                for (FileId fid : fids) {
                    assertThat(volumes).contains(String.valueOf(fid.volumeId().value()));
                }
                tab.screenshot(SCREENSHOTS.resolve("volume-secure.png"));
                WebPagesTest.saveConsole(tab, "volume-secure");
                assertThat(tab.problems()).as("JavaScript errors, console errors, CSP refusals").isEmpty();
            }

            HttpResponse<String> put = https.send(HttpRequest.newBuilder(URI.create("https://" + filer.url()
                    + "/docs/readme.txt")).PUT(HttpRequest.BodyPublishers.ofString("hello, secure browser")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
            try (Browser.Tab tab = browser.open("https://" + filer.url() + "/docs/")) {
                tab.await("the file browser listed /docs/ over https", "document.body.dataset.loaded === 'true'");
                assertThat(tab.text("#listing")).contains("readme.txt");
                // an upload of several chunks: the filer asks for assignments and uploads with their tokens
                byte[] big = new byte[200_000];
                new Random(3).nextBytes(big);
                Path local = Files.write(root.resolve("secure upload.bin"), big);
                tab.setFiles("#upload-input", List.of(local));
                tab.await("the upload finished", "document.querySelector('.upload[data-state]') !== null");
                assertThat(tab.eval("document.querySelector('.upload').dataset.state").asString()).isEqualTo("done");
                tab.await("the upload is listed", "document.querySelector('#listing').textContent"
                        + ".includes('secure upload.bin')");
                assertThat(https.send(HttpRequest.newBuilder(URI.create("https://" + filer.url()
                        + "/docs/secure%20upload.bin")).build(), HttpResponse.BodyHandlers.ofByteArray()).body())
                        .isEqualTo(big);
                // the download link, read by the page: the filer reads the chunks with read tokens it gets itself
                assertThat(tab.eval("fetch([...document.querySelectorAll('#listing tr')].find(tr => "
                        + "tr.querySelector('.name') && tr.querySelector('.name').textContent === 'readme.txt')"
                        + ".querySelector('a').href).then(r => r.text())").asString()).isEqualTo("hello, secure browser");
                assertThat(tab.eval("fetch('/docs/secure%20upload.bin').then(r => r.arrayBuffer())"
                        + ".then(b => b.byteLength)").asInt()).isEqualTo(big.length);
                tab.screenshot(SCREENSHOTS.resolve("filer-secure.png"));
                WebPagesTest.saveConsole(tab, "filer-secure");
                assertThat(tab.problems()).as("JavaScript errors, console errors, CSP refusals").isEmpty();
            }
        } finally {
            for (int i = started.size() - 1; i >= 0; i--) {
                started.get(i).close();
            }
        }
    }

    /** Base64 of the SHA-256 of the certificate's SubjectPublicKeyInfo: what Chromium's SPKI list holds. */
    private static String spkiHash(Path certificate) throws Exception {
        X509Certificate cert;
        try (var in = Files.newInputStream(certificate)) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(cert.getPublicKey().getEncoded()));
    }
}
