package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.cli.Main;
import io.hayloft.cli.config.SecurityFile;
import io.hayloft.filer.FilerConfig;
import io.hayloft.filer.FilerServer;
import io.hayloft.filer.partition.PartitionServer;
import io.hayloft.master.MasterConfig;
import io.hayloft.master.MasterServer;
import io.hayloft.security.InternalTokens;
import io.hayloft.security.PemFiles;
import io.hayloft.security.ReloadingTlsManagers;
import io.hayloft.security.SecurityConfig;
import io.hayloft.security.TlsFiles;
import io.hayloft.testkit.Await;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The partitioned filer ({@code -store partitioned}) with {@code security.toml}'s {@code [tls]}: the filer
 * servers' Raft (Ratis over gRPC, between the replicas of each partition and from each filer's partition
 * clients to the leaders) runs over TLS, so a write is replicated and read back through every filer server, and
 * a filer server's Raft port answers only a client that trusts the cluster's CA (and, with mutual TLS, shows a
 * certificate the CA signed).
 */
class PartitionRaftTlsTest {
    private static final PartitionServer.Tuning TUNING = new PartitionServer.Tuning(64, SizeInBytes.valueOf("32KB"),
            Duration.ofSeconds(1), Duration.ofSeconds(2));
    private static final Duration PULSE = Duration.ofMillis(300);
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path root;

    @Test
    void partitionsReplicateOverTlsAndTheRaftPortRefusesPlainTextAndOtherCas() throws Exception {
        SecurityConfig security = init(root.resolve("sec"), false);
        TlsFiles tls = security.tls().orElseThrow();
        try (Cluster c = Cluster.start(root, security)) {
            c.writeEverywhereAndReadBackEverywhere();
            RaftPeer target = c.raftPeer(0);
            // a client that trusts the CA is answered: the refusals below can fail
            assertThat(groups(target, Optional.of(ReloadingTlsManagers.load(tls, Clock.systemUTC())))).isNotEmpty();
            assertRefused("a plain text client", () -> groups(target, Optional.empty()));
            TlsFiles stranger = init(root.resolve("other-ca"), false).tls().orElseThrow();
            assertRefused("a client that trusts another CA",
                    () -> groups(target, Optional.of(ReloadingTlsManagers.load(stranger, Clock.systemUTC()))));
        }
    }

    @Test
    void withMutualTlsFilerServersReplicateAndAClientWithoutACertificateIsRefused() throws Exception {
        SecurityConfig security = init(root.resolve("sec"), true);
        TlsFiles tls = security.tls().orElseThrow();
        try (Cluster c = Cluster.start(root, security)) {
            c.writeEverywhereAndReadBackEverywhere();
            RaftPeer target = c.raftPeer(1);
            assertThat(groups(target, Optional.of(ReloadingTlsManagers.load(tls, Clock.systemUTC())))).isNotEmpty();
            TlsFiles noCertificate = new TlsFiles(tls.ca(), tls.cert(), tls.key(), false);
            assertRefused("a client without a certificate",
                    () -> groups(target, Optional.of(ReloadingTlsManagers.load(noCertificate, Clock.systemUTC()))));
        }
    }

    /** One master owning 2 partitions of 3 replicas, and 3 filer servers (each holds a replica of both). */
    private static final class Cluster implements AutoCloseable {
        private final List<AutoCloseable> started = new ArrayList<>();
        private final List<FilerServer> filers = new ArrayList<>();
        private final List<Integer> raftPorts = new ArrayList<>();
        private final List<Path> dirs = new ArrayList<>();
        private final HttpClient https;
        private final SecurityConfig security;
        private MasterServer master;

        private Cluster(HttpClient https, SecurityConfig security) {
            this.https = https;
            this.security = security;
        }

        static Cluster start(Path root, SecurityConfig security) throws Exception {
            Cluster c = new Cluster(HttpClient.newBuilder()
                    .sslContext(PemFiles.clientContext(security.tls().orElseThrow()))
                    .connectTimeout(Duration.ofSeconds(5)).build(), security);
            try {
                c.master = MasterServer.start(MasterConfig.forTest(root.resolve("master")).withPulse(PULSE)
                        .withReplicationGrace(Duration.ofMinutes(3)).withFilerPartitions(2, 3).withSecurity(security));
                c.started.add(c.master);
                Await.until("a master leader", WAIT, c.master::isLeader);
                List<FilerConfig> configs = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    int raftPort = ClusterPorts.anyPort();
                    c.raftPorts.add(raftPort);
                    c.dirs.add(root.resolve("filer" + i));
                    configs.add(FilerConfig.forTest(c.dirs.get(i), c.master.url())
                            .withMasters(List.of(c.master.url())).withSecurity(security)
                            .withStore(FilerConfig.Store.PARTITIONED, "")
                            .withPartitioning(FilerConfig.Partitioning.DEFAULT.withRaftPort(raftPort)
                                    .withRack("dc1", "rack" + i).withPulse(PULSE).withTuning(TUNING, WAIT)));
                }
                // each waits until the master placed the partitions, which needs all three registered
                try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                    List<Future<FilerServer>> starting = new ArrayList<>();
                    for (FilerConfig config : configs) {
                        starting.add(pool.submit(() -> FilerServer.start(config)));
                    }
                    for (Future<FilerServer> f : starting) {
                        FilerServer filer = f.get(120, TimeUnit.SECONDS);
                        c.started.add(filer);
                        c.filers.add(filer);
                    }
                }
                return c;
            } catch (Exception | AssertionError e) {
                c.close();
                throw e;
            }
        }

        /**
         * Writes a file through each filer server (paths spread over both partitions), then reads every file
         * through every filer server, and waits until all replicas of each partition applied the same index.
         */
        void writeEverywhereAndReadBackEverywhere() {
            List<String> paths = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String path = "/bucket" + i + "/file";
                paths.add(path);
                FilerServer through = filers.get(i % 3);
                HttpResponse<byte[]> r = send(through, "PUT", path, "over tls " + path);
                assertThat(r.statusCode()).as(through.url() + path + ": " + new String(r.body(),
                        StandardCharsets.UTF_8)).isBetween(200, 299);
            }
            for (FilerServer f : filers) {
                for (String path : paths) {
                    HttpResponse<byte[]> r = send(f, "GET", path, null);
                    assertThat(r.statusCode()).as(f.url() + path).isEqualTo(200);
                    assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("over tls " + path);
                }
            }
            Await.until("every replica of both partitions alive and at the same applied index", WAIT, () -> {
                // the listing is for roles and operators: it asks for the internal token
                JsonNode listing = TestHttp.JSON.readTree(send(master.url(), "GET", "/filer/partition/list", null)
                        .body());
                if (listing.path("partitions").size() != 2) {
                    return false;
                }
                for (JsonNode p : listing.path("partitions")) {
                    Set<Long> applied = new HashSet<>();
                    for (JsonNode r : p.path("replicas")) {
                        if (!r.path("alive").asBoolean()) {
                            return false;
                        }
                        applied.add(r.path("appliedIndex").asLong());
                    }
                    if (p.path("replicas").size() != 3 || applied.size() != 1 || applied.iterator().next() <= 0) {
                        return false;
                    }
                }
                return true;
            });
        }

        /** Filer server {@code i}'s Raft server as a Ratis peer (its id is its node id). */
        RaftPeer raftPeer(int i) throws IOException {
            String id = java.nio.file.Files.readString(dirs.get(i).resolve("node.id")).strip();
            return RaftPeer.newBuilder().setId(RaftPeerId.valueOf(id)).setAddress("127.0.0.1:" + raftPorts.get(i))
                    .build();
        }

        private HttpResponse<byte[]> send(FilerServer filer, String method, String path, String body) {
            return send(filer.url(), method, path, body);
        }

        private HttpResponse<byte[]> send(String hostPort, String method, String path, String body) {
            try {
                return https.send(HttpRequest.newBuilder(URI.create("https://" + hostPort + path))
                        .header(InternalTokens.HEADER, security.internal().orElseThrow().token())
                        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() throws Exception {
            for (int i = started.size() - 1; i >= 0; i--) {
                started.get(i).close();
            }
        }
    }

    /** The call fails: gRPC's UNAVAILABLE, or Ratis' IOException for the same refused handshake. */
    private static void assertRefused(String who, org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).as(who).isInstanceOfAny(IOException.class,
                org.apache.ratis.thirdparty.io.grpc.StatusRuntimeException.class);
    }

    /** The groups {@code target} serves, asked over Ratis' gRPC with {@code tls} or in plain text. */
    private static List<RaftGroupId> groups(RaftPeer target, Optional<ReloadingTlsManagers> tls) throws IOException {
        RaftProperties properties = new RaftProperties();
        RaftClientConfigKeys.Rpc.setRequestTimeout(properties, TimeDuration.valueOf(3, TimeUnit.SECONDS));
        Parameters parameters = new Parameters();
        tls.ifPresent(t -> GrpcConfigKeys.TLS.setConf(parameters,
                new GrpcTlsConfig(t.keyManager(), t.trustManager(), t.mutual())));
        try (RaftClient client = RaftClient.newBuilder().setProperties(properties).setParameters(parameters)
                .setRaftGroup(RaftGroup.valueOf(RaftGroupId.randomId(), target))
                .setRetryPolicy(RetryPolicies.noRetry()).build()) {
            return client.getGroupManagementApi(target.getId()).list().getGroupIds();
        }
    }

    private static SecurityConfig init(Path dir, boolean mutual) {
        StringWriter out = new StringWriter();
        List<String> args = new ArrayList<>(List.of("security", "init"));
        if (mutual) {
            args.add("-mutual");
        }
        args.add(dir.toString());
        assertThat(Main.commandLine(new PrintWriter(out), new PrintWriter(out)).execute(args.toArray(String[]::new)))
                .as(out.toString()).isZero();
        return SecurityFile.read(dir.resolve(SecurityFile.NAME), Clock.systemUTC());
    }
}
