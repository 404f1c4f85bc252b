package io.hayloft.cli.simulate.cluster;

import io.hayloft.api.wire.MasterApi;
import io.hayloft.http.PeerClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * The simulated cluster's masters, 1 or 3 {@link MasterProcess}es, and which of them leads. The
 * leader is learnt from {@code /cluster/status}. Thread-safe for {@link #leader} and {@link
 * #liveAddresses}; start, kill and revive belong to the control thread.
 */
final class MasterGroup implements AutoCloseable {
    private final List<MasterProcess> masters = new ArrayList<>();
    private final PeerClient peers;
    private volatile String leader;
    private volatile List<String> live = List.of();

    MasterGroup(SimulationConfig c, Path hostsFile, PeerClient peers) {
        this.peers = peers;
        for (int i = 0; i < c.masters(); i++) {
            masters.add(MasterProcess.of(c, i, hostsFile));
        }
    }

    /** Starts every master and waits until one leads. */
    void start(Duration timeout) throws IOException, InterruptedException {
        for (MasterProcess m : masters) {
            m.start();
        }
        refreshLive();
        awaitLeader(timeout, false);
    }

    /**
     * Waits until a live master says it leads (and, with {@code serving}, answers an assign); returns the
     * time that took, or null when {@code timeout} passed first.
     */
    Duration awaitLeader(Duration timeout, boolean serving) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (MasterProcess m : masters) {
                if (m.alive() && leads(m.address()) && (!serving || assigns(m.address()))) {
                    leader = m.address();
                    return Duration.ofNanos(System.nanoTime() - start);
                }
            }
            TimeUnit.MILLISECONDS.sleep(100); // polling other processes, which cannot signal us
        }
        return null;
    }

    private boolean leads(String address) {
        try {
            PeerClient.Response r = peers.get(MasterApi.CLUSTER_STATUS.query().url(address));
            JsonNode status = r.ok() ? r.json(JsonNode.class) : null;
            return status != null && status.path("IsLeader").asBoolean(false);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private boolean assigns(String address) {
        try {
            return peers.call(io.vertx.core.http.HttpMethod.GET, MasterApi.ASSIGN.query().url(address), Map.of(), null)
                    .ok();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The leader's {@code host:port}; null while none is known. */
    String leader() {
        return leader;
    }

    /** Every running master's {@code host:port}. */
    List<String> liveAddresses() {
        return live;
    }

    /** The leader's process, if it runs. */
    MasterProcess leaderProcess() {
        return masters.stream().filter(m -> m.address().equals(leader) && m.alive()).findFirst().orElse(null);
    }

    List<MasterProcess> processes() {
        return List.copyOf(masters);
    }

    /** Kills the leader's process ({@code SIGKILL}); returns its address, or null when none was known. */
    String killLeader() throws InterruptedException {
        MasterProcess m = leaderProcess();
        if (m == null) {
            return null;
        }
        leader = null;
        m.kill();
        refreshLive();
        return m.address();
    }

    /** Restarts every master that is not running, on its state. */
    void reviveAll() throws IOException {
        for (MasterProcess m : masters) {
            if (!m.alive()) {
                m.start();
            }
        }
        refreshLive();
    }

    private void refreshLive() {
        live = masters.stream().filter(MasterProcess::alive).map(MasterProcess::address).toList();
    }

    @Override
    public void close() throws InterruptedException {
        for (MasterProcess m : masters) {
            m.close();
        }
    }
}
