package io.hayloft.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.cli.Main;
import io.hayloft.http.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code hayloft simulate cluster} end to end: a real master process, 50 synthetic servers, load, one
 * server killed and detected.
 */
class SimulateClusterCommandTest {
    @TempDir
    Path dir;

    @Test
    void fiftyServersBeatAMasterUnderLoadAndAKilledOneIsDetectedAndItsReplicasRecreated() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute("simulate",
                "cluster", "-servers", "50", "-volumesPerServer", "10", "-racks", "5", "-dataCenters", "1",
                "-pulseSeconds", "0.5", "-duration", "8", "-interval", "2", "-assignRate", "50", "-lookupRate", "50",
                "-events", "1s:kill-servers=1", "-replicationGrace", "0.5", "-masterHeap", "256m", "-masterCpus", "0",
                "-port", Integer.toString(freePortRange()), "-dir", dir.toString(), "-json", "-");
        assertThat(code).as(err.toString()).isZero();
        JsonNode r = Json.MAPPER.readTree(out.toString());

        assertThat(r.at("/setup/servers").asInt()).isEqualTo(50);
        assertThat(r.at("/setup/replicas").asLong()).isEqualTo(500);
        assertThat(r.at("/setup/volumes").asInt()).isEqualTo(250);
        assertThat(r.at("/steady/heapAfterGcMiB").asDouble()).isBetween(1.0, 256.0);
        assertThat(r.at("/steady/rssMiB").asLong()).isPositive();
        // 100/s when every answer comes within the pulse; a server's next beat waits for the answer to its last
        assertThat(r.at("/steady/heartbeatsPerSecond").asDouble()).as("50 servers at a 0.5 s pulse\n" + err)
                .isBetween(10.0, 110.0);
        assertThat(r.at("/intervals").size()).isGreaterThanOrEqualTo(2);
        assertThat(r.at("/intervals/0/deltas").asLong()).as("deltas after the full reports").isPositive();
        JsonNode death = r.at("/events/0/death");
        assertThat(death.get("lostReplicas").asInt()).isEqualTo(10);
        assertThat(death.get("detectedSeconds").asDouble()).as("the master's dead-node timeout is ~3 s here")
                .isBetween(1.0, 7.0);
        assertThat(death.get("restoredReplicas").asInt()).isPositive();
        assertThat(r.at("/intervals").get(r.at("/intervals").size() - 1).get("masterNodes").asInt()).isEqualTo(49);
        assertThat(r.at("/end/assign/count").asLong()).isGreaterThan(100);
        assertThat(r.at("/end/lookup/count").asLong()).isGreaterThan(100);
        assertThat(r.at("/end/assign/p50").asDouble()).isPositive();
        assertThat(r.at("/end/raftLogBytes").asLong()).isPositive();
        assertThat(err.toString()).contains("dead detected after");
    }

    @Test
    void aBadShapeIsAUsageError() {
        StringWriter err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true))
                .execute("simulate", "cluster", "-masters", "2");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("-masters must be 1 or 3");
    }

    @Test
    void aMasterCpuListThatIsNoListIsAUsageError() {
        StringWriter err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true))
                .execute("simulate", "cluster", "-masterCpus", "first");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("-masterCpus must be a CPU list");
    }

    /** A first port whose master, Raft and admin ports (+0, +10, +20) are free now. */
    private static int freePortRange() throws IOException {
        SplittableRandom random = new SplittableRandom();
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = 30_000 + random.nextInt(20_000);
            if (free(base) && free(base + 10) && free(base + 20)) {
                return base;
            }
        }
        throw new IOException("no free port range found");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
