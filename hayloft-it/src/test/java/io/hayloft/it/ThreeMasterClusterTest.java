package io.hayloft.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.ReplicaPlacement;
import io.hayloft.testkit.Await;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Three masters in one Raft group and five volume servers spread over three data centers, in
 * process: every master answers every call (a follower forwards leader-only ones), and growth
 * honours each placement code.
 *
 * <pre>
 *   dc1 ─ r1 ─ v0, v1        dc2 ─ r1 ─ v3
 *       └ r2 ─ v2            dc3 ─ r1 ─ v4
 * </pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThreeMasterClusterTest {
    RaftCluster cluster;
    /** Volume server url → "dc/rack". */
    final Map<String, String> placeOf = new HashMap<>();

    @BeforeAll
    void startCluster(@TempDir Path root) {
        cluster = RaftCluster.start(root, 3, Duration.ofMillis(300));
        String[][] layout = {{"dc1", "r1"}, {"dc1", "r1"}, {"dc1", "r2"}, {"dc2", "r1"}, {"dc3", "r1"}};
        for (String[] place : layout) {
            placeOf.put(cluster.addVolumeServer(12, place[0], place[1]).url(), place[0] + "/" + place[1]);
        }
        cluster.awaitNodesOnEveryMaster(layout.length);
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void clusterStatusOnEveryMasterShowsTheLeaderAndEveryPeer() {
        String leader = cluster.awaitLeader(Duration.ofSeconds(10)).url();
        for (String m : cluster.masterUrls()) {
            JsonNode status = TestHttp.json(TestHttp.get(m, "/cluster/status"));
            assertThat(status.get("Leader").asString()).isEqualTo(leader);
            assertThat(status.get("IsLeader").asBoolean()).isEqualTo(m.equals(leader));
            assertThat(status.get("Peers").valueStream().map(JsonNode::asString).toList())
                    .containsExactlyElementsOf(cluster.masterUrls());
            JsonNode raft = status.get("Raft");
            assertThat(raft.get("Role").asString()).isEqualTo(m.equals(leader) ? "LEADER" : "FOLLOWER");
            assertThat(raft.get("Term").asLong()).isPositive();
            assertThat(raft.get("Members")).hasSize(3);
            assertThat(raft.get("Members").valueStream()
                    .filter(p -> p.get("Role").asString().equals("LEADER"))
                    .map(p -> p.get("Address").asString()).toList()).containsExactly(leader);
        }
    }

    @Test
    void followerForwardsAssignSubmitAndGrowToTheLeaderAndServesLookupsItself() {
        String follower = cluster.follower().url();

        HttpResponse<byte[]> assign = awaitOk(follower, "/dir/assign?collection=viaFollower");
        JsonNode a = TestHttp.json(assign);
        byte[] data = "uploaded through a follower".getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> upload = TestHttp.postFile(a.get("url").asString(), "/" + a.get("fid").asString(),
                "a.txt", data);
        assertThat(upload.statusCode()).as(TestHttp.text(upload)).isEqualTo(201);

        String fid = a.get("fid").asString();
        Await.until("the follower to know the volume", Duration.ofSeconds(10),
                () -> TestHttp.get(follower, "/dir/lookup?fileId=" + fid).statusCode() == 200);
        JsonNode lookup = TestHttp.json(TestHttp.get(follower, "/dir/lookup?fileId=" + fid));
        assertThat(lookup.get("locations").get(0).get("url").asString()).isEqualTo(a.get("url").asString());
        assertThat(TestHttp.get(lookup.get("locations").get(0).get("url").asString(), "/" + fid).body())
                .isEqualTo(data);

        HttpResponse<byte[]> submit = TestHttp.postFile(follower, "/submit?collection=viaFollower", "b.txt", data);
        assertThat(submit.statusCode()).as(TestHttp.text(submit)).isEqualTo(201);
        assertThat(TestHttp.get(TestHttp.json(submit).get("fileUrl").asString(), "").body()).isEqualTo(data);

        HttpResponse<byte[]> grow = TestHttp.get(follower, "/vol/grow?count=1&collection=grownViaFollower");
        assertThat(grow.statusCode()).as(TestHttp.text(grow)).isEqualTo(200);
        assertThat(TestHttp.json(grow).get("count").asInt()).isEqualTo(1);

        HttpResponse<byte[]> bad = TestHttp.get(follower, "/dir/assign?replication=abc");
        assertThat(bad.statusCode()).as("the leader's 406 passes through").isEqualTo(406);
    }

    @ParameterizedTest(name = "replication {0}")
    @ValueSource(strings = {"000", "001", "010", "100", "200", "110", "011", "101", "111"})
    void replicasLandWhereThePlacementCodeSays(String code) {
        String collection = "placement" + code;
        String master = cluster.masterUrls().getFirst();
        HttpResponse<byte[]> grow = awaitOk(master, "/vol/grow?count=1&collection=" + collection
                + "&replication=" + code);
        assertThat(TestHttp.json(grow).get("count").asInt()).isEqualTo(1);
        JsonNode a = TestHttp.json(awaitOk(master, "/dir/assign?collection=" + collection
                + "&replication=" + code));
        String fid = a.get("fid").asString();
        byte[] data = ("placed " + code).getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> upload = TestHttp.postFile(a.get("url").asString(), "/" + fid, "p.txt", data);
        assertThat(upload.statusCode()).as(TestHttp.text(upload)).isEqualTo(201);

        ReplicaPlacement rp = ReplicaPlacement.parse(code);
        // the 201 means every replica holds the needle (the writer refuses unless it reached them all),
        // but this master may be a follower, which learns the grown volume's locations from each
        // server's next heartbeat: wait for its lookup to list them all, then check each replica
        List<String> urls = new ArrayList<>();
        Await.until("the lookup of " + fid + " on " + master + " to list " + rp.copies() + " servers",
                Duration.ofSeconds(15), () -> {
                    JsonNode lookup = TestHttp.json(TestHttp.get(master, "/dir/lookup?fileId=" + fid));
                    urls.clear();
                    lookup.get("locations").valueStream().map(l -> l.get("url").asString()).forEach(urls::add);
                    return urls.size() >= rp.copies();
                });
        assertThat(new HashSet<>(urls)).as("distinct servers").hasSize(rp.copies());
        for (String url : urls) {
            assertThat(TestHttp.get(url, "/" + fid).body()).as("replica on " + url).isEqualTo(data);
        }
        assertPlacement(rp, urls.stream().map(placeOf::get).toList());
    }

    /** x+1 data centers; the main one holds y+1 racks; its main rack holds z+1 servers. */
    private static void assertPlacement(ReplicaPlacement rp, List<String> places) {
        Map<String, List<String>> byDc = places.stream()
                .collect(Collectors.groupingBy(p -> p.substring(0, p.indexOf('/'))));
        assertThat(byDc).as("data centers of " + places).hasSize(rp.diffDataCenters() + 1);
        List<String> mainDc = byDc.values().stream().max((x, y) -> Integer.compare(x.size(), y.size())).orElseThrow();
        assertThat(mainDc).hasSize(rp.diffRacks() + rp.sameRack() + 1);
        Map<String, Long> byRack = mainDc.stream().collect(Collectors.groupingBy(p -> p, Collectors.counting()));
        assertThat(byRack).as("racks in the main data center of " + places).hasSize(rp.diffRacks() + 1);
        assertThat(byRack.values().stream().mapToLong(Long::longValue).max().orElseThrow())
                .as("servers in the main rack of " + places).isEqualTo(rp.sameRack() + 1);
        List<Integer> otherDcs = new ArrayList<>();
        byDc.values().stream().filter(l -> l != mainDc).forEach(l -> otherDcs.add(l.size()));
        assertThat(otherDcs).allMatch(n -> n == 1);
    }

    /** GETs {@code path}, retrying 503 (leader election, warm-up) until it answers 200. */
    private static HttpResponse<byte[]> awaitOk(String master, String path) {
        List<HttpResponse<byte[]>> last = new ArrayList<>();
        Await.until(path + " to answer 200 on " + master, Duration.ofSeconds(15), () -> {
            HttpResponse<byte[]> r = TestHttp.get(master, path);
            assertThat(r.statusCode()).as(TestHttp.text(r)).isIn(200, 503);
            last.clear();
            last.add(r);
            return r.statusCode() == 200;
        });
        return last.getFirst();
    }
}
