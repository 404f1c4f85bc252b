package io.hayloft.cli.simulate.cluster;

import io.hayloft.api.wire.Heartbeat;
import io.hayloft.api.wire.VolumeReport;
import io.hayloft.volume.master.HeartbeatDeltas;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * One simulated volume server: its name, place, volume slots and volumes, and the numbered full
 * reports and deltas its heartbeats carry ({@link HeartbeatDeltas}, the real volume server's own).
 * Its volumes change as a real server's do: writes credited by the load generator's assigns, and
 * background churn (writes and deletes) at each beat. Thread-safe (every method takes its lock).
 */
final class SyntheticServer {
    /** Port every synthetic server claims; the name tells them apart. */
    private final String host;
    private final int port;
    private final String dataCenter;
    private final String rack;
    private final int maxVolumeCount;
    private final Map<Integer, Volume> volumes = new TreeMap<>();
    private final HeartbeatDeltas deltas;
    private final SplittableRandom random;
    private long nodeId;
    private boolean alive = true;
    /** A beat is out and not yet answered by every master; beats go one at a time, as a real server's. */
    private boolean beating;
    /** Another beat is due as soon as the one out is answered. */
    private boolean beatAgain;
    private long maxFileKey;
    /** A master deferred its full report: no beat before this (epoch millis). */
    private long quietUntil;

    SyntheticServer(String host, int port, String dataCenter, String rack, int maxVolumeCount, long seed,
                    int fullEvery) {
        this.host = host;
        this.port = port;
        this.dataCenter = dataCenter;
        this.rack = rack;
        this.maxVolumeCount = maxVolumeCount;
        this.random = new SplittableRandom(seed);
        this.deltas = new HeartbeatDeltas(fullEvery);
    }

    /** {@code host:port}, its identity in the master's topology. */
    String url() {
        return host + ":" + port;
    }

    String host() {
        return host;
    }

    String dataCenter() {
        return dataCenter;
    }

    String rack() {
        return rack;
    }

    synchronized boolean alive() {
        return alive;
    }

    /**
     * Kills or revives the server. A killed server neither beats nor answers; a revived one comes back
     * as a restarted process would: its next beat is a full report numbered from 1.
     */
    synchronized void setAlive(boolean value) {
        if (value && !alive) {
            deltas.reset();
            quietUntil = 0;
        }
        alive = value;
    }

    synchronized long nodeId() {
        return nodeId;
    }

    synchronized void setNodeId(long id) {
        nodeId = id;
    }

    synchronized int volumeCount() {
        return volumes.size();
    }

    synchronized List<Integer> volumeIds() {
        return List.copyOf(volumes.keySet());
    }

    /** Adds (or replaces) a volume: one placed at start, allocated by growth or copied in. */
    synchronized void put(Volume v) {
        volumes.put(v.id, v);
    }

    synchronized boolean remove(int id) {
        return volumes.remove(id) != null;
    }

    synchronized Optional<Volume> volume(int id) {
        Volume v = volumes.get(id);
        return v == null ? Optional.empty() : Optional.of(v.copy());
    }

    /** Applies {@code change} to volume {@code id}; false when the server does not hold it. */
    synchronized boolean update(int id, java.util.function.Consumer<Volume> change) {
        Volume v = volumes.get(id);
        if (v == null) {
            return false;
        }
        change.accept(v);
        return true;
    }

    /** Credits one written needle of {@code bytes} to volume {@code id} (an assign the load generator got). */
    synchronized void written(int id, long key, long bytes, long nowSecond) {
        Volume v = volumes.get(id);
        if (v != null) {
            v.size += bytes;
            v.fileCount++;
            v.modifiedAtSecond = nowSecond;
            maxFileKey = Math.max(maxFileKey, key);
        }
    }

    /**
     * The next heartbeat: first applies {@code churn} (expected number of volumes that see writes or
     * deletes since the last beat), then numbers a full report or a delta.
     */
    synchronized Heartbeat nextHeartbeat(double churn, long nowSecond) {
        applyChurn(churn, nowSecond);
        List<VolumeReport> reports = new ArrayList<>(volumes.size());
        for (Volume v : volumes.values()) {
            reports.add(v.report());
        }
        HeartbeatDeltas.Beat b = deltas.next(reports);
        return new Heartbeat(nodeId, host, port, url(), dataCenter, rack, maxVolumeCount, maxFileKey, b.volumes(),
                b.sequence(), b.delta(), b.deleted());
    }

    /**
     * Claims the right to send the next beat. When one is out already, an {@code urgent} beat (the
     * volumes changed, a full report was asked for) is queued behind it and a routine one dropped.
     *
     * @return true when the caller must send the beat now
     */
    synchronized boolean startBeat(boolean urgent) {
        if (beating) {
            beatAgain |= urgent;
            return false;
        }
        beating = true;
        return true;
    }

    /** The beat out was answered (or failed) everywhere; returns true when another must go at once. */
    synchronized boolean endBeat() {
        beating = false;
        boolean again = beatAgain;
        beatAgain = false;
        return again;
    }

    /** A master asked for a full report: the next beat is one. */
    synchronized void requestFull() {
        deltas.requestFull();
    }

    /**
     * A master deferred this server's full report: the next beat is a full report again, and none goes
     * before {@code untilMillis} (as the real heartbeat loop waits).
     */
    synchronized void deferFull(long untilMillis) {
        deltas.requestFull();
        quietUntil = Math.max(quietUntil, untilMillis);
    }

    /** True while a deferred full report must not be sent again yet. */
    synchronized boolean quiet(long nowMillis) {
        return nowMillis < quietUntil;
    }

    private void applyChurn(double churn, long nowSecond) {
        if (volumes.isEmpty() || churn <= 0) {
            return;
        }
        int changes = (int) churn + (random.nextDouble() < churn - Math.floor(churn) ? 1 : 0);
        Volume[] all = null;
        for (int i = 0; i < changes; i++) {
            if (all == null) {
                all = volumes.values().toArray(new Volume[0]);
            }
            Volume v = all[random.nextInt(all.length)];
            if (random.nextInt(4) == 0 && v.fileCount > 0) {
                v.deleteCount++;
                v.fileCount--;
                v.deletedBytes += 64 * 1024;
            } else if (!v.readOnly) {
                int files = 1 + random.nextInt(20);
                v.fileCount += files;
                v.size += files * (16L * 1024 + random.nextInt(128 * 1024));
            }
            v.modifiedAtSecond = nowSecond;
        }
    }

    /** One volume's counters, as a real server would report them. Guarded by its server's lock. */
    static final class Volume {
        final int id;
        final String collection;
        final String replication;
        long size;
        long fileCount;
        long deleteCount;
        long deletedBytes;
        boolean readOnly;
        int compactRevision;
        long modifiedAtSecond;
        /** The last report built, reused while the counters are the same. */
        private VolumeReport reported;

        Volume(int id, String collection, String replication, long size, long fileCount, long modifiedAtSecond) {
            this.id = id;
            this.collection = collection;
            this.replication = replication;
            this.size = size;
            this.fileCount = fileCount;
            this.modifiedAtSecond = modifiedAtSecond;
        }

        Volume copy() {
            Volume c = new Volume(id, collection, replication, size, fileCount, modifiedAtSecond);
            c.deleteCount = deleteCount;
            c.deletedBytes = deletedBytes;
            c.readOnly = readOnly;
            c.compactRevision = compactRevision;
            return c;
        }

        /**
         * The report of its counters now: the same object as last time while they did not change, so a
         * server's unchanged volumes cost no allocation per beat (thousands of servers beat in one JVM).
         */
        VolumeReport report() {
            VolumeReport r = reported;
            if (r == null || r.size() != size || r.fileCount() != fileCount || r.deleteCount() != deleteCount
                    || r.deletedBytes() != deletedBytes || r.readOnly() != readOnly
                    || r.compactRevision() != compactRevision || r.modifiedAtSecond() != modifiedAtSecond) {
                r = new VolumeReport(id, collection, size, fileCount, deleteCount, deletedBytes, replication, "",
                        readOnly, compactRevision, modifiedAtSecond);
                reported = r;
            }
            return r;
        }
    }
}
