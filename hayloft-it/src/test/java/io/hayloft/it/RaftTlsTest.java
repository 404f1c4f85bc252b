package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.FileId;
import io.hayloft.cli.Main;
import io.hayloft.cli.config.SecurityFile;
import io.hayloft.client.AssignRequest;
import io.hayloft.client.ClientConfig;
import io.hayloft.client.HayloftClient;
import io.hayloft.master.MasterConfig;
import io.hayloft.master.MasterServer;
import io.hayloft.master.raft.RaftPeers;
import io.hayloft.security.PemFiles;
import io.hayloft.security.ReloadingTlsManagers;
import io.hayloft.security.SecurityConfig;
import io.hayloft.security.TlsFiles;
import io.hayloft.testkit.Await;
import io.hayloft.volume.VolumeServer;
import io.hayloft.volume.VolumeServerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.util.TimeDuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Three masters whose Raft (Ratis over gRPC) runs over TLS from {@code security.toml}'s {@code [tls]}: they
 * elect a leader and replicate its writes, and the Raft port answers only a client that trusts the cluster's
 * CA (and, with mutual TLS, shows a certificate the CA signed).
 */
class RaftTlsTest {
    @TempDir
    Path root;

    @Test
    void threeMastersElectAndReplicateOverTlsAndTheRaftPortRefusesOthers() throws Exception {
        SecurityConfig security = init(root.resolve("sec"), false);
        TlsFiles tls = security.tls().orElseThrow();
        HttpClient https = HttpClient.newBuilder().sslContext(PemFiles.clientContext(tls)).build();
        List<AutoCloseable> started = new ArrayList<>();
        try {
            List<MasterServer> masters = startMasters(security, started);
            MasterServer leader = awaitLeader(https, masters);
            List<String> urls = masters.stream().map(MasterServer::url).toList();
            VolumeServer volume = VolumeServer.start(VolumeServerConfig.forTest(
                    List.of(Files.createDirectories(root.resolve("v"))), urls.getFirst()).withMasters(urls)
                    .withMaxVolumes(List.of(4)).withSecurity(security));
            started.add(volume);
            try (HayloftClient client = HayloftClient.create(ClientConfig.defaults(urls), security)) {
                Await.until("an assignment on the new leader", Duration.ofSeconds(60), () -> {
                    try {
                        FileId fid = FileId.parse(client.put("raft over tls".getBytes(), "a.txt", "text/plain",
                                AssignRequest.single()).fid());
                        return new String(client.download(fid)).equals("raft over tls");
                    } catch (RuntimeException notYet) {
                        return false;
                    }
                });
            }
            // the node registration and the volume id went through the log: every master applied them
            long applied = raft(https, leader).get("AppliedIndex").asLong();
            assertThat(applied).isPositive();
            for (MasterServer m : masters) {
                Await.until(m.url() + " applied the leader's log", Duration.ofSeconds(30),
                        () -> raft(https, m).get("AppliedIndex").asLong() >= applied
                                && status(https, m).get("NodeRegistry").size() == 1);
            }

            RaftPeer target = RaftPeer.newBuilder().setId(raft(https, leader).get("Self").asString())
                    .setAddress("127.0.0.1:" + leader.raftPort()).build();
            // a client that trusts the CA is answered: the checks below can fail
            assertThat(groups(target, Optional.of(ReloadingTlsManagers.load(tls, Clock.systemUTC()))))
                    .contains(RaftPeers.GROUP_ID);
            assertRefused("a plain text client", () -> groups(target, Optional.empty()));
            TlsFiles stranger = init(root.resolve("other-ca"), false).tls().orElseThrow();
            assertRefused("a client that trusts another CA",
                    () -> groups(target, Optional.of(ReloadingTlsManagers.load(stranger, Clock.systemUTC()))));
        } finally {
            closeAll(started);
        }
    }

    @Test
    void withMutualTlsMastersShowCertificatesAndAClientWithoutOneIsRefused() throws Exception {
        SecurityConfig security = init(root.resolve("sec"), true);
        TlsFiles tls = security.tls().orElseThrow();
        HttpClient https = HttpClient.newBuilder().sslContext(PemFiles.clientContext(tls)).build();
        List<AutoCloseable> started = new ArrayList<>();
        try {
            List<MasterServer> masters = startMasters(security, started);
            MasterServer leader = awaitLeader(https, masters);
            List<String> urls = masters.stream().map(MasterServer::url).toList();
            started.add(VolumeServer.start(VolumeServerConfig.forTest(
                    List.of(Files.createDirectories(root.resolve("v"))), urls.getFirst()).withMasters(urls)
                    .withSecurity(security)));
            // the leader's Raft write of the node registration reached every follower over mutual TLS
            for (MasterServer m : masters) {
                Await.until(m.url() + " applied the registration", Duration.ofSeconds(60),
                        () -> status(https, m).get("NodeRegistry").size() == 1);
            }
            RaftPeer target = RaftPeer.newBuilder().setId(raft(https, leader).get("Self").asString())
                    .setAddress("127.0.0.1:" + leader.raftPort()).build();
            assertThat(groups(target, Optional.of(ReloadingTlsManagers.load(tls, Clock.systemUTC()))))
                    .contains(RaftPeers.GROUP_ID);
            TlsFiles noCertificate = new TlsFiles(tls.ca(), tls.cert(), tls.key(), false);
            assertRefused("a client without a certificate",
                    () -> groups(target, Optional.of(ReloadingTlsManagers.load(noCertificate, Clock.systemUTC()))));
        } finally {
            closeAll(started);
        }
    }

    /** The call fails: gRPC's UNAVAILABLE, or Ratis' IOException for the same refused handshake. */
    private static void assertRefused(String who, org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).as(who).isInstanceOfAny(IOException.class,
                org.apache.ratis.thirdparty.io.grpc.StatusRuntimeException.class);
    }

    private List<MasterServer> startMasters(SecurityConfig security, List<AutoCloseable> started) {
        List<Integer> ports = List.of(ClusterPorts.masterPort(), ClusterPorts.masterPort(), ClusterPorts.masterPort());
        List<String> urls = ports.stream().map(p -> "127.0.0.1:" + p).toList();
        List<MasterServer> masters = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            MasterServer m = MasterServer.start(MasterConfig.forTest(root.resolve("master" + i))
                    .withPorts(ports.get(i), ports.get(i) + 10000).withPeers(urls).withSecurity(security));
            started.add(m);
            masters.add(m);
        }
        return masters;
    }

    private static MasterServer awaitLeader(HttpClient https, List<MasterServer> masters) {
        Await.until("one leader every master names", Duration.ofSeconds(60), () -> {
            List<MasterServer> leaders = masters.stream().filter(MasterServer::isLeader).toList();
            return leaders.size() == 1 && masters.stream().allMatch(m -> leaders.getFirst().url()
                    .equals(status(https, m).get("Leader").asString()));
        });
        return masters.stream().filter(MasterServer::isLeader).findFirst().orElseThrow();
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

    private static JsonNode status(HttpClient https, MasterServer m) {
        try {
            HttpResponse<byte[]> r = https.send(HttpRequest.newBuilder(URI.create("https://" + m.url()
                    + "/cluster/status")).build(), HttpResponse.BodyHandlers.ofByteArray());
            return TestHttp.JSON.readTree(r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode raft(HttpClient https, MasterServer m) {
        return status(https, m).get("Raft");
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

    private static void closeAll(List<AutoCloseable> started) throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }
}
