package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.FileId;
import io.hayloft.cli.Main;
import io.hayloft.cli.config.SecurityFile;
import io.hayloft.cli.security.TestCertificates;
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
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A cluster with {@code security.toml}'s {@code [tls]} (from {@code hayloft security init}): every role serves
 * HTTPS only, roles call each other over HTTPS (heartbeats, replica copies, the filer's chunks), the client and
 * the filer work end to end, and a renewed certificate is served without a restart.
 */
class TlsClusterTest {
    @TempDir
    Path root;

    @Test
    void aClusterServesAndCallsOverTlsAndReloadsItsCertificate() throws Exception {
        Path sec = root.resolve("sec");
        StringWriter out = new StringWriter();
        int code = Main.commandLine(new PrintWriter(out), new PrintWriter(out)).execute("security", "init", sec.toString());
        assertThat(code).as(out.toString()).isZero();
        SecurityConfig security = SecurityFile.read(sec.resolve(SecurityFile.NAME), Clock.systemUTC());
        TlsFiles tls = security.tls().orElseThrow();
        assertThat(security.write()).isPresent();
        assertThat(security.internal()).isPresent();
        SSLContext trusting = PemFiles.clientContext(tls);
        HttpClient https = HttpClient.newBuilder().sslContext(trusting).connectTimeout(Duration.ofSeconds(5)).build();

        List<AutoCloseable> started = new ArrayList<>();
        try {
            MasterServer master = MasterServer.start(MasterConfig.forTest(root.resolve("m")).withSecurity(security));
            started.add(master);
            List<VolumeServer> volumes = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                VolumeServer v = VolumeServer.start(VolumeServerConfig.forTest(
                        List.of(Files.createDirectories(root.resolve("v" + i))), master.url())
                        .withMaxVolumes(List.of(8)).withSecurity(security));
                started.add(v);
                volumes.add(v);
            }
            // heartbeats travel over TLS with the internal token
            Await.until("two volume servers registered", Duration.ofSeconds(30),
                    () -> nodes(https, master.url()) == 2);
            // the roles answer nothing in clear text
            assertThatThrownBy(() -> TestHttp.get(master.url(), "/dir/status")).isInstanceOf(RuntimeException.class);

            try (HayloftClient client = HayloftClient.create(ClientConfig.defaults(List.of(master.url())), security)) {
                byte[] data = "over tls".getBytes();
                var put = client.put(data, "a.txt", "text/plain", AssignRequest.single().withReplication(
                        io.hayloft.api.ReplicaPlacement.parse("001")));
                FileId fid = FileId.parse(put.fid());
                assertThat(client.download(fid)).isEqualTo(data);
                // the primary's replica copy went over TLS too: both servers hold it
                for (VolumeServer v : volumes) {
                    HttpResponse<byte[]> r = https.send(HttpRequest.newBuilder(URI.create("https://" + v.url() + "/"
                            + fid + "?type=replicate")).build(), HttpResponse.BodyHandlers.ofByteArray());
                    assertThat(r.body()).as(v.url()).isEqualTo(data);
                }

                FilerServer filer = FilerServer.start(FilerConfig.forTest(root.resolve("f"), master.url())
                        .withChunking(1 << 16, 1024, 2).withSecurity(security));
                started.add(filer);
                byte[] big = new byte[150_000];
                new java.util.Random(3).nextBytes(big);
                HttpResponse<byte[]> stored = https.send(HttpRequest.newBuilder(URI.create("https://" + filer.url()
                        + "/t/big.bin")).PUT(HttpRequest.BodyPublishers.ofByteArray(big)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(stored.statusCode()).as(new String(stored.body())).isLessThan(300);
                assertThat(https.send(HttpRequest.newBuilder(URI.create("https://" + filer.url() + "/t/big.bin")).build(),
                        HttpResponse.BodyHandlers.ofByteArray()).body()).isEqualTo(big);

                // a renewed node certificate (same files, new key) is served without a restart
                String volume = volumes.getFirst().url();
                BigInteger before = servedSerial(trusting, volume);
                TestCertificates certs = new TestCertificates(Clock.systemUTC(), Duration.ofDays(1));
                TestCertificates.Authority ca = new TestCertificates.Authority(
                        new KeyPair(caPublicKey(tls), caKey(sec)),
                        (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                                .generateCertificate(Files.newInputStream(tls.ca())));
                KeyPair renewed = certs.keyPair();
                TestCertificates.writeKey(tls.key(), renewed);
                TestCertificates.writeCertificate(tls.cert(), certs.node(ca, renewed, List.of()));
                Await.until("the renewed certificate served", Duration.ofSeconds(30),
                        () -> !servedSerial(trusting, volume).equals(before));
                // and the cluster still works: new connections between roles use it
                var again = client.put("after reload".getBytes(), "b.txt", "text/plain", AssignRequest.single()
                        .withReplication(io.hayloft.api.ReplicaPlacement.parse("001")));
                assertThat(client.download(FileId.parse(again.fid()))).isEqualTo("after reload".getBytes());
            }
        } finally {
            for (int i = started.size() - 1; i >= 0; i--) {
                started.get(i).close();
            }
        }
    }

    @Test
    void withMutualTlsRoleRoutesAskForACertificateTheCaSigned() throws Exception {
        Path sec = root.resolve("sec");
        StringWriter out = new StringWriter();
        assertThat(Main.commandLine(new PrintWriter(out), new PrintWriter(out))
                .execute("security", "init", "-mutual", sec.toString())).as(out.toString()).isZero();
        SecurityConfig security = SecurityFile.read(sec.resolve(SecurityFile.NAME), Clock.systemUTC());
        TlsFiles tls = security.tls().orElseThrow();
        assertThat(tls.mutual()).isTrue();
        HttpClient withCertificate = HttpClient.newBuilder().sslContext(PemFiles.clientContext(tls)).build();
        HttpClient without = HttpClient.newBuilder().sslContext(PemFiles.clientContext(
                new TlsFiles(tls.ca(), tls.cert(), tls.key(), false))).build();
        try (MasterServer master = MasterServer.start(MasterConfig.forTest(root.resolve("m")).withSecurity(security));
             VolumeServer volume = VolumeServer.start(VolumeServerConfig.forTest(
                     List.of(Files.createDirectories(root.resolve("v"))), master.url()).withSecurity(security))) {
            // the volume server's heartbeats showed its certificate
            Await.until("the volume server registered", Duration.ofSeconds(30), () -> nodes(withCertificate, master.url()) == 1);
            String token = security.internal().orElseThrow().token();
            URI allocate = URI.create("https://" + volume.url() + "/admin/volume/allocate?volume=42");
            HttpResponse<String> refused = without.send(HttpRequest.newBuilder(allocate)
                    .header(io.hayloft.security.InternalTokens.HEADER, token).POST(HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body()).contains("client certificate");
            // clients without a certificate still reach the client routes
            assertThat(nodes(without, master.url())).isEqualTo(1);
            HttpResponse<String> allowed = withCertificate.send(HttpRequest.newBuilder(allocate)
                    .header(io.hayloft.security.InternalTokens.HEADER, token).POST(HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
        }
    }

    private static int nodes(HttpClient https, String master) {
        try {
            HttpResponse<byte[]> r = https.send(HttpRequest.newBuilder(URI.create("https://" + master + "/dir/status"))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode topo = TestHttp.JSON.readTree(r.body()).get("Topology");
            int n = 0;
            for (JsonNode dc : topo.get("DataCenters")) {
                for (JsonNode rack : dc.get("Racks")) {
                    n += rack.get("DataNodes").size();
                }
            }
            return n;
        } catch (Exception e) {
            return -1;
        }
    }

    /** The serial number of the certificate {@code hostPort} presents in a new TLS handshake. */
    private static BigInteger servedSerial(SSLContext context, String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try (SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(hostPort.substring(0, colon),
                Integer.parseInt(hostPort.substring(colon + 1)))) {
            s.startHandshake();
            return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSerialNumber();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static java.security.PublicKey caPublicKey(TlsFiles tls) throws Exception {
        return java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(tls.ca())).getPublicKey();
    }

    private static java.security.PrivateKey caKey(Path sec) throws Exception {
        String pem = Files.readString(sec.resolve(TestCertificates.CA_KEY));
        byte[] der = java.util.Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        return java.security.KeyFactory.getInstance("EC").generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(der));
    }
}
