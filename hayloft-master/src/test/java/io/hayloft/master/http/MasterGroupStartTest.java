package io.hayloft.master.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.testkit.Await;
import io.hayloft.master.MasterConfig;
import io.hayloft.master.MasterServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting one master of a group whose other members are not up yet, and the seed's join form. */
class MasterGroupStartTest {
    @TempDir
    Path dir;

    @Test
    void firstMasterOfAGroupStartsAtOnceAndAnswers503WithRetryAfterUntilALeaderExists() throws Exception {
        int[] ports = {freePortPair(), freePortPair(), freePortPair()};
        List<String> peers = List.of("127.0.0.1:" + ports[0], "127.0.0.1:" + ports[1], "127.0.0.1:" + ports[2]);
        long started = System.nanoTime();
        try (MasterServer alone = MasterServer.start(MasterConfig.forTest(dir.resolve("m0"))
                .withPorts(ports[0], ports[0] + 10000).withPeers(peers));
             MasterClient client = new MasterClient(alone.url())) {
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
            assertThat(alone.isLeader()).isFalse();
            for (String path : List.of("/dir/assign", "/vol/grow?count=1")) {
                HttpResponse<String> r = client.get(path);
                assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(503);
                assertThat(r.headers().firstValue("Retry-After")).isPresent();
                assertThat(MasterClient.json(r).get("error").asString()).contains("no leader");
            }
            HttpResponse<String> status = client.get("/cluster/status");
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(MasterClient.json(status).get("Leader").asString()).isEmpty();
            assertThat(MasterClient.json(status).get("Raft").get("Members")).hasSize(3);
        }
    }

    @Test
    void withoutALeaderEveryRefusedRequestIsAnsweredButOnlyOneLineIsLoggedWithoutStackTrace() throws Exception {
        int[] ports = {freePortPair(), freePortPair(), freePortPair()};
        List<String> peers = List.of("127.0.0.1:" + ports[0], "127.0.0.1:" + ports[1], "127.0.0.1:" + ports[2]);
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> captured =
                new ch.qos.logback.core.read.ListAppender<>();
        captured.start();
        try (MasterServer alone = MasterServer.start(MasterConfig.forTest(dir.resolve("m0"))
                .withPorts(ports[0], ports[0] + 10000).withPeers(peers));
             MasterClient client = new MasterClient(alone.url())) {
            root.addAppender(captured);
            for (int i = 0; i < 40; i++) {
                HttpResponse<String> r = client.get("/dir/assign");
                assertThat(r.statusCode()).isEqualTo(503);
                assertThat(r.headers().firstValue("Retry-After")).isPresent();
                assertThat(MasterClient.json(r).get("error").asString()).contains("no leader");
            }
        } finally {
            root.detachAppender(captured);
        }
        List<ch.qos.logback.classic.spi.ILoggingEvent> warnings = captured.list.stream()
                .filter(e -> e.getLoggerName().startsWith("io.hayloft"))
                .filter(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN))
                .filter(e -> e.getFormattedMessage().contains("/dir/assign")).toList();
        assertThat(warnings).as("one line for 40 refused assigns").hasSize(1);
        assertThat(warnings.getFirst().getThrowableProxy()).as("no stack trace at WARN").isNull();
        assertThat(warnings.getFirst().getFormattedMessage()).contains("no leader");
    }

    @Test
    void threeMastersListedByLoopbackAddressWithIpLeftAtLocalhostElectALeader() throws Exception {
        int[] ports = {freePortPair(), freePortPair(), freePortPair()};
        List<String> peers = List.of("127.0.0.1:" + ports[0], "127.0.0.1:" + ports[1], "127.0.0.1:" + ports[2]);
        List<MasterServer> masters = new ArrayList<>();
        try {
            for (int p : ports) {
                masters.add(MasterServer.start(MasterConfig.forTest(dir.resolve("m" + p))
                        .withHosts("127.0.0.1", "localhost").withPorts(p, p + 10000).withPeers(peers)));
            }
            Await.until("one of three masters leads", Duration.ofSeconds(30),
                    () -> masters.stream().filter(MasterServer::isLeader).count() == 1);
            assertThat(masters).extracting(MasterServer::url).containsExactlyElementsOf(peers);
            try (MasterClient client = new MasterClient(masters.getFirst().url())) {
                HttpResponse<String> status = client.get("/cluster/status");
                assertThat(MasterClient.json(status).get("Raft").get("Members")).hasSize(3);
            }
        } finally {
            masters.forEach(MasterServer::close);
        }
    }

    @Test
    void aOneMemberGroupNamedByAnotherSpellingOfThisHostElectsItself() throws Exception {
        int port = freePortPair();
        try (MasterServer alone = MasterServer.start(MasterConfig.forTest(dir.resolve("solo"))
                .withHosts("127.0.0.1", "localhost").withPorts(port, port + 10000)
                .withPeers(List.of("127.0.0.1:" + port)))) {
            assertThat(alone.isLeader()).as("a group of one elects itself before start returns").isTrue();
            assertThat(alone.url()).isEqualTo("127.0.0.1:" + port);
        }
    }

    @Test
    void seedFormJoinsTheRunningMasterThroughAMembershipChange() throws Exception {
        int firstPort = freePortPair();
        int joinerPort = freePortPair();
        // fixed ports: a peer id is the configured HTTP address, which other masters must be able to reach
        try (MasterServer first = MasterServer.start(MasterConfig.forTest(dir.resolve("m1"))
                .withPorts(firstPort, firstPort + 10000));
             MasterServer second = MasterServer.start(MasterConfig.forTest(dir.resolve("m2"))
                     .withPorts(joinerPort, joinerPort + 10000).withPeers(List.of(first.url())));
             MasterClient viaFirst = new MasterClient(first.url());
             MasterClient viaSecond = new MasterClient(second.url())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!second.isMember() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            }
            assertThat(second.isMember()).as("joined within 30 s").isTrue();
            assertThat(first.isLeader()).isTrue();
            assertThat(MasterClient.json(viaFirst.get("/cluster/status")).get("Peers"))
                    .extracting(n -> n.asString()).containsExactlyInAnyOrder(first.url(), second.url());
            HttpResponse<String> status = viaSecond.get("/cluster/status");
            assertThat(MasterClient.json(status).get("Raft").get("Members")).hasSize(2);
            HttpResponse<String> again = viaSecond.post("/cluster/raft/add?address=" + second.url(), "text/plain", new byte[0]);
            assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
            assertThat(MasterClient.json(again).get("Members")).hasSize(2);
        }
    }

    @Test
    void membershipChangesRejectBadInputWithoutChangingAnything() throws Exception {
        try (MasterServer alone = MasterServer.start(MasterConfig.forTest(dir.resolve("m1")));
             MasterClient client = new MasterClient(alone.url())) {
            for (String bad : List.of("/cluster/raft/add", "/cluster/raft/add?address=nohost",
                    "/cluster/raft/add?address=127.0.0.1:99999", "/cluster/raft/add?address=127.0.0.1:9400&id=m4",
                    "/cluster/raft/add?address=127.0.0.1:9400&bogus=1", "/cluster/raft/remove",
                    "/cluster/raft/remove?id=127.0.0.1:9400", "/cluster/raft/remove?id=" + alone.url())) {
                HttpResponse<String> r = client.post(bad, "text/plain", new byte[0]);
                assertThat(r.statusCode()).as(bad + ": " + r.body()).isEqualTo(400);
                assertThat(MasterClient.json(r).get("error").asString()).isNotBlank();
            }
            assertThat(MasterClient.json(client.get("/cluster/status")).get("Raft").get("Members")).hasSize(1);
        }
    }

    private static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int p;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                p = s.getLocalPort();
            }
            if (p + 10000 <= 65535) {
                try (ServerSocket raft = new ServerSocket(p + 10000, 1, InetAddress.getLoopbackAddress())) {
                    return p;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no free port pair");
    }
}
