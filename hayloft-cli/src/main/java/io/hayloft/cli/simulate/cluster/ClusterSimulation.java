package io.hayloft.cli.simulate.cluster;

import io.hayloft.api.wire.MasterApi;
import io.hayloft.http.PeerClient;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Runs one simulation: the master group, the synthetic servers registering and beating, a steady
 * phase under heartbeats alone, then the load with its scripted events, sampling every interval.
 *
 * <pre>
 *   masters start ─► leader ─► register every server ─► heartbeats ─► leader knows every volume
 *   ─► steady phase (2 pulses, heartbeats only: CPU, heap after GC) ─► load + events, a line per interval
 *   ─► end (latencies over the run, heap after GC, Raft sizes) ─► close everything
 * </pre>
 * Not thread-safe: call {@link #run} once.
 */
public final class ClusterSimulation {
    private static final Duration LEADER_WAIT = Duration.ofSeconds(120);
    private static final int MAX_IN_FLIGHT = 512;
    /** Connections to each master for the synthetic servers' beats and registrations. */
    private static final int MAX_BEAT_CONNECTIONS = 1024;

    private final SimulationConfig config;
    private final PrintWriter progress;
    private final boolean gcEveryInterval;
    private final List<DeathWatch> watches = new CopyOnWriteArrayList<>();

    /**
     * @param progress        where each report line is printed as it is taken
     * @param gcEveryInterval force a full GC in the leader at each interval to report its heap after GC
     *                        (it pauses the leader, and the latencies of that interval show it)
     */
    public ClusterSimulation(SimulationConfig config, PrintWriter progress, boolean gcEveryInterval) {
        this.config = config;
        this.progress = progress;
        this.gcEveryInterval = gcEveryInterval;
    }

    /**
     * Runs the simulation to its end and stops everything it started.
     *
     * @throws IllegalStateException when the cluster does not come up (no leader, registrations or
     *                               reports that never complete)
     */
    public SimulationReport run() throws IOException, InterruptedException {
        Files.createDirectories(config.dir());
        List<SyntheticServer> servers = SyntheticLayout.build(config, config.adminPort(),
                System.currentTimeMillis() / 1000);
        Map<String, SyntheticServer> byUrl = new HashMap<>();
        servers.forEach(s -> byUrl.put(s.url(), s));
        Path hosts = writeHosts(servers);
        long replicas = servers.stream().mapToLong(SyntheticServer::volumeCount).sum();
        Vertx vertx = Vertx.vertx();
        PeerClient peers = new PeerClient(vertx, Duration.ofSeconds(10));
        // each real volume server beats over a connection of its own: 64 shared connections would queue the
        // beats of thousands of servers in this process, not in the master
        PeerClient beatPeers = new PeerClient(vertx, Duration.ofSeconds(10),
                Math.min(MAX_BEAT_CONNECTIONS, servers.size()));
        MasterGroup masters = new MasterGroup(config, hosts, peers);
        HeartbeatDriver beats = new HeartbeatDriver(servers, beatPeers, masters::liveAddresses, config.pulse(),
                config.churn());
        AdminEndpoint admin = AdminEndpoint.start(vertx, config.adminPort(), byUrl, beats::beatNow,
                (id, url) -> watches.forEach(w -> w.copied(id, url)));
        // the load generator's requests and answers on an event loop of their own: on the simulator's loops a
        // request's latency would include a batch of the synthetic servers' heartbeats queued before it
        Vertx loadVertx = Vertx.vertx(new io.vertx.core.VertxOptions().setEventLoopPoolSize(1));
        PeerClient loadPeers = new PeerClient(loadVertx, Duration.ofSeconds(10));
        LoadGenerator load = new LoadGenerator(loadPeers, masters::leader, config::volumes, byUrl, config.assignRate(),
                config.lookupRate(), MAX_IN_FLIGHT);
        // the masters are processes of their own: never leave them behind, even on Ctrl-C
        Thread reaper = new Thread(() -> {
            try {
                masters.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sim-master-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            long t0 = System.nanoTime();
            masters.start(LEADER_WAIT);
            if (masters.leader() == null) {
                throw new IllegalStateException("no master led within " + LEADER_WAIT + " (see " + config.dir()
                        + "/m*.log)");
            }
            double leaderSeconds = since(t0);
            double idleCpuShare = idleCpu(masters);
            say("leader %s after %.1f s; registering %d servers%n", masters.leader(), leaderSeconds,
                    servers.size());
            long t1 = System.nanoTime();
            beats.registerAll(32, Duration.ofSeconds(Math.max(120, servers.size() / 20)));
            double registrationSeconds = since(t1);
            long t2 = System.nanoTime();
            beats.start();
            awaitTopology(peers, masters, servers.size(), config.volumes(),
                    Duration.ofSeconds(Math.max(120, servers.size() / 20)));
            double topologySeconds = since(t2);
            say("registered in %.1f s; the leader knew every volume %.1f s after the first beats (%d full reports"
                            + " sent, %d deferred by a master, %d asked for)%n", registrationSeconds, topologySeconds,
                    beats.fullReports.get(), beats.fullDeferred.get(), beats.fullRequested.get());
            SimulationReport.Steady steady = steady(masters, beats, replicas, idleCpuShare);
            say("steady (heartbeats only): leader CPU %.1f%% of a core (idle %.1f%%), %.1f us per beat above idle,"
                            + " heap after GC %.1f MiB (%.0f B per replica), RSS %d MiB%n", steady.leaderCpuShare() * 100,
                    steady.idleCpuShare() * 100, steady.cpuMicrosPerBeat(), steady.heapAfterGcMiB(),
                    steady.heapBytesPerReplica(), steady.rssMiB());
            List<SimulationReport.Interval> intervals = new ArrayList<>();
            List<SimulationReport.EventResult> events = new ArrayList<>();
            long loadStart = System.nanoTime();
            load.start();
            runLoad(servers, masters, beats, load, peers, loadStart, intervals, events);
            load.close();
            double loadSeconds = since(loadStart);
            MasterProcess leader = masters.leaderProcess();
            long[] raft = leader == null ? new long[] {-1, -1} : leader.raftBytes();
            SimulationReport.End end = new SimulationReport.End(loadSeconds, load.assignTotal.drain(),
                    load.lookupTotal.drain(), leader == null ? -1 : leader.heapAfterGcMiB(),
                    leader == null ? -1 : leader.rssMiB(), raft[0], raft[1], beats.fullRequested.get(), beats.fullDeferred.get());
            SimulationReport.Setup setup = new SimulationReport.Setup(servers.size(), config.volumesPerServer(),
                    config.volumes(), replicas, config.replication().toString(), config.masters(),
                    config.pulse().toMillis() / 1000.0, config.dataCenters(), config.racks(), config.assignRate(),
                    config.lookupRate(), config.fullReportEvery());
            return new SimulationReport(setup, new SimulationReport.Startup(leaderSeconds, registrationSeconds,
                    topologySeconds), steady, intervals, events, end);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException e) {
                // already shutting down: the hook closes the masters
            }
            load.close();
            beats.close();
            admin.close();
            masters.close();
            beatPeers.close();
            peers.close();
            loadPeers.close();
            vertx.close().toCompletionStage().toCompletableFuture().join();
            loadVertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    private Path writeHosts(List<SyntheticServer> servers) throws IOException {
        StringBuilder b = new StringBuilder("127.0.0.1 localhost\n");
        for (SyntheticServer s : servers) {
            b.append("127.0.0.1 ").append(s.host()).append('\n');
        }
        Path hosts = config.dir().resolve("hosts");
        Files.writeString(hosts, b);
        return hosts;
    }

    /** Waits until the leader's metrics count every server and volume. */
    private void awaitTopology(PeerClient peers, MasterGroup masters, int servers, int volumes, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long[] known = {0, 0};
        while (System.nanoTime() < deadline) {
            known = known(peers, masters.leader());
            if (known[0] >= servers && known[1] >= volumes) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(200); // polling another process
        }
        throw new IllegalStateException("the leader knew " + known[0] + " of " + servers + " servers and " + known[1]
                + " of " + volumes + " volumes after " + timeout);
    }

    /** {nodes, volumes} from the leader's {@code /metrics}; {-1, -1} when it does not answer. */
    static long[] known(PeerClient peers, String leader) {
        if (leader == null) {
            return new long[] {-1, -1};
        }
        try {
            PeerClient.Response r = peers.get("http://" + leader + MasterApi.METRICS.path());
            return r.ok() ? parseKnown(r.bodyAsString()) : new long[] {-1, -1};
        } catch (RuntimeException e) {
            return new long[] {-1, -1};
        }
    }

    /** {@code hayloft_master_nodes} and {@code hayloft_master_volumes} of a Prometheus text. Pure. */
    static long[] parseKnown(String metrics) {
        long[] out = {-1, -1};
        for (String line : metrics.split("\n")) {
            if (line.startsWith("hayloft_master_nodes ") || line.startsWith("hayloft_master_nodes{")) {
                out[0] = (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
            } else if (line.startsWith("hayloft_master_volumes ") || line.startsWith("hayloft_master_volumes{")) {
                out[1] = (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
            }
        }
        return out;
    }

    /** Three pulses (at least 2 s) of heartbeats alone, every server registered, after one pulse of warm-up. */
    /** The leader's CPU share over 3 s with no server registered yet: what it costs idle. */
    private static double idleCpu(MasterGroup masters) throws InterruptedException {
        long before = cpu(masters)[0];
        long start = System.nanoTime();
        TimeUnit.SECONDS.sleep(3);
        return (cpu(masters)[0] - before) / 1000.0 / since(start);
    }

    private SimulationReport.Steady steady(MasterGroup masters, HeartbeatDriver beats, long replicas,
                                           double idleCpuShare) throws InterruptedException {
        MasterProcess leader = masters.leaderProcess();
        // a pulse first, not measured, so the JIT's first compilations of the steady path are behind us
        TimeUnit.NANOSECONDS.sleep(config.pulse().toNanos());
        Duration span = config.pulse().multipliedBy(3).compareTo(Duration.ofSeconds(2)) < 0 ? Duration.ofSeconds(2)
                : config.pulse().multipliedBy(3);
        long[] cpu0 = cpu(masters);
        long beats0 = beats.fullReports.get() + beats.deltas.get();
        long bytes0 = beats.bytesSent.get();
        long start = System.nanoTime();
        TimeUnit.NANOSECONDS.sleep(span.toNanos());
        double seconds = since(start);
        long[] cpu1 = cpu(masters);
        long beatsSent = beats.fullReports.get() + beats.deltas.get() - beats0;
        double leaderShare = (cpu1[0] - cpu0[0]) / 1000.0 / seconds;
        double heap = leader == null ? -1 : leader.heapAfterGcMiB();
        double beatsPerSecond = beatsSent / seconds;
        return new SimulationReport.Steady(seconds, idleCpuShare, leaderShare, (cpu1[1] - cpu0[1]) / 1000.0 / seconds,
                beatsSent == 0 ? 0 : Math.max(0, leaderShare - idleCpuShare) * 1e6 / beatsPerSecond, beatsPerSecond,
                (beats.bytesSent.get() - bytes0) / seconds, heap, heap * 1024 * 1024 / Math.max(1, replicas),
                leader == null ? -1 : leader.rssMiB());
    }

    /** {leader CPU ms, every master's CPU ms}. */
    private static long[] cpu(MasterGroup masters) {
        MasterProcess leader = masters.leaderProcess();
        long all = 0;
        for (MasterProcess m : masters.processes()) {
            if (m.alive()) {
                all += Math.max(0, m.cpuMillis());
            }
        }
        return new long[] {leader == null ? 0 : Math.max(0, leader.cpuMillis()), all};
    }

    private void runLoad(List<SyntheticServer> servers, MasterGroup masters, HeartbeatDriver beats, LoadGenerator load,
                         PeerClient peers, long loadStart, List<SimulationReport.Interval> intervals,
                         List<SimulationReport.EventResult> events) throws InterruptedException, IOException {
        List<ScriptedEvent> script = new ArrayList<>(config.events());
        List<Runnable> finishers = new ArrayList<>();
        long end = loadStart + config.duration().toNanos();
        long nextSample = loadStart + config.interval().toNanos();
        String sampledLeader = masters.leader();
        long leaderCpu = cpu(masters)[0];
        long full0 = beats.fullReports.get();
        long delta0 = beats.deltas.get();
        long lastSample = loadStart;
        SplittableRandom random = new SplittableRandom(config.seed());
        while (System.nanoTime() < end) {
            while (!script.isEmpty() && System.nanoTime() - loadStart >= script.getFirst().at().toNanos()) {
                finishers.add(apply(script.removeFirst(), servers, masters, beats, peers, random, loadStart, events));
            }
            if (System.nanoTime() >= nextSample) {
                MasterProcess leader = masters.leaderProcess();
                long cpuNow = cpu(masters)[0];
                boolean sameLeader = masters.leader() != null && masters.leader().equals(sampledLeader);
                double seconds = (System.nanoTime() - lastSample) / 1e9;
                long[] known = known(peers, masters.leader());
                long[] raft = leader == null ? new long[] {-1, -1} : leader.raftBytes();
                double heap = leader == null ? -1 : gcEveryInterval ? leader.heapAfterGcMiB() : heapUsed(leader);
                long full = beats.fullReports.get();
                long delta = beats.deltas.get();
                SimulationReport.Interval line = new SimulationReport.Interval(since(loadStart),
                        (int) servers.stream().filter(SyntheticServer::alive).count(), known[0], known[1],
                        sameLeader ? (cpuNow - leaderCpu) / 1000.0 / seconds : -1, heap,
                        leader == null ? -1 : leader.rssMiB(), full - full0, delta - delta0,
                        load.assignInterval.drain(), load.lookupInterval.drain(), raft[0], raft[1]);
                intervals.add(line);
                say("%s%n", ReportTable.intervalLine(line, intervals.size() == 1));
                full0 = full;
                delta0 = delta;
                leaderCpu = cpuNow;
                sampledLeader = masters.leader();
                lastSample = System.nanoTime();
                nextSample += config.interval().toNanos();
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        finishers.forEach(Runnable::run);
    }

    private static double heapUsed(MasterProcess leader) throws InterruptedException {
        return leader.heapUsedMiB();
    }

    /** Runs one event; returns what completes its result at the end of the load. */
    private Runnable apply(ScriptedEvent e, List<SyntheticServer> servers, MasterGroup masters, HeartbeatDriver beats,
                           PeerClient peers, SplittableRandom random, long loadStart,
                           List<SimulationReport.EventResult> events) throws InterruptedException, IOException {
        double at = since(loadStart);
        say("%.1f s: %s%n", at, e);
        switch (e.action()) {
            case KILL_SERVERS, KILL_RACK -> {
                List<SyntheticServer> victims = new ArrayList<>();
                if (e.action() == ScriptedEvent.Action.KILL_RACK) {
                    servers.stream().filter(s -> s.alive() && s.rack().equals(e.argument())).forEach(victims::add);
                } else {
                    List<SyntheticServer> alive = new ArrayList<>(servers.stream().filter(SyntheticServer::alive)
                            .toList());
                    int n = Math.min(Integer.parseInt(e.argument()), alive.size());
                    for (int i = 0; i < n; i++) {
                        victims.add(alive.remove(random.nextInt(alive.size())));
                    }
                }
                DeathWatch watch = new DeathWatch(victims, servers, peers, masters::leader);
                victims.forEach(s -> s.setAlive(false));
                watches.add(watch);
                int index = events.size();
                events.add(new SimulationReport.EventResult(e.toString(), at, victims.size(), watch.outcome(), -1));
                return () -> events.set(index, new SimulationReport.EventResult(e.toString(), at, victims.size(),
                        watch.outcome(), -1));
            }
            case REVIVE_SERVERS -> {
                List<SyntheticServer> dead = servers.stream().filter(s -> !s.alive()).toList();
                dead.forEach(s -> {
                    s.setAlive(true);
                    beats.beatNow(s);
                });
                events.add(new SimulationReport.EventResult(e.toString(), at, dead.size(), null, -1));
            }
            case KILL_LEADER -> {
                String killed = masters.killLeader();
                int index = events.size();
                events.add(new SimulationReport.EventResult(e.toString() + (killed == null ? " (no leader)" : ""), at,
                        0, null, -1));
                Duration failover = killed == null ? null : masters.awaitLeader(Duration.ofSeconds(60), true);
                double seconds = failover == null ? -1 : failover.toMillis() / 1000.0;
                events.set(index, new SimulationReport.EventResult(e.toString(), at, 0, null, seconds));
                say("%.1f s: new leader %s, failover %.2f s%n", since(loadStart), masters.leader(), seconds);
            }
            case REVIVE_MASTERS -> {
                masters.reviveAll();
                events.add(new SimulationReport.EventResult(e.toString(), at, 0, null, -1));
            }
        }
        return () -> { };
    }

    private void say(String format, Object... args) {
        progress.printf(format, args);
        progress.flush();
    }

    private static double since(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
