package io.hayloft.master.testing;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.Heartbeat;
import io.hayloft.api.wire.VolumeReport;
import io.hayloft.master.growth.VolumeServerAdmin;
import io.hayloft.master.topology.LayoutKey;
import io.hayloft.master.topology.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Volume servers as a {@link Topology} sees them, and a {@link VolumeServerAdmin} acting on them:
 * a copy adds the volume to the target and heartbeats it (unless {@link #silentCopies}), a delete
 * removes it. Every call is recorded ({@code "copy 127.0.0.1:8002 3 from 127.0.0.1:8001 mbps=64"});
 * calls named in {@link #failing} ({@code "copy 127.0.0.1:8002"}) throw {@code UNAVAILABLE}.
 * Thread-safe.
 */
public final class FakeCluster implements VolumeServerAdmin {
    private record Node(String dc, String rack, int port, int max, Map<Integer, VolumeReport> volumes) {
    }

    private final Topology topology;
    private final Map<String, Node> nodes = new ConcurrentHashMap<>();
    public final List<String> calls = new CopyOnWriteArrayList<>();
    public final Set<String> failing = ConcurrentHashMap.newKeySet();
    /** When true, copies do not heartbeat the target (its heartbeats never list the copy). */
    public volatile boolean silentCopies;
    /** When set, each copy takes a permit first (tests hold copies in flight with it). */
    public volatile Semaphore copyGate;
    /** Runs inside each copy before it completes (tests look at the topology mid-copy). */
    public volatile Consumer<VolumeId> duringCopy = id -> { };

    public FakeCluster(Topology topology) {
        this.topology = topology;
    }

    /** Adds a volume server and heartbeats it; returns its url. */
    public String node(String dc, String rack, int port, int max) {
        String url = "127.0.0.1:" + port;
        nodes.put(url, new Node(dc, rack, port, max, new ConcurrentSkipListMap<>()));
        heartbeat(url);
        return url;
    }

    /** Puts a replica of volume {@code id} on {@code url} and heartbeats it. */
    public void volume(String url, int id, String collection, String replication, long modifiedAtSecond,
                       long files, long size) {
        nodes.get(url).volumes().put(id, new VolumeReport(id, collection, size, files, 0, 0, replication, "", false,
                0, modifiedAtSecond));
        heartbeat(url);
    }

    /** A replica of volume {@code id} in the default collection, modified at second 100. */
    public void volume(String url, int id, String replication) {
        volume(url, id, "", replication, 100, 10, 1000);
    }

    /** Sends the node's heartbeat to the topology. */
    public void heartbeat(String url) {
        Node n = nodes.get(url);
        List<VolumeReport> reports = new ArrayList<>(n.volumes().values());
        topology.heartbeat(new Heartbeat(0, "127.0.0.1", n.port(), "localhost:" + n.port(), n.dc(), n.rack(), n.max(),
                0, reports));
    }

    /** Volume ids the node holds. */
    public Set<Integer> volumesOn(String url) {
        return Set.copyOf(nodes.get(url).volumes().keySet());
    }

    /** Calls recorded whose text starts with {@code prefix}. */
    public List<String> calls(String prefix) {
        return calls.stream().filter(c -> c.startsWith(prefix)).toList();
    }

    private void check(String op, String url) {
        if (failing.contains(op + " " + url)) {
            throw new HayloftException(ErrorCode.UNAVAILABLE, op + " on " + url + " failed (test)");
        }
    }

    @Override
    public void allocate(String nodeUrl, VolumeId id, LayoutKey key) {
        calls.add("allocate " + nodeUrl + " " + id);
        check("allocate", nodeUrl);
        nodes.get(nodeUrl).volumes().put(id.value(), new VolumeReport(id.value(), key.collection(), 0, 0, 0, 0,
                key.replication().toString(), key.ttl().toString(), false, 0, 0));
    }

    @Override
    public void delete(String nodeUrl, VolumeId id) {
        calls.add("delete " + nodeUrl + " " + id);
        check("delete", nodeUrl);
        nodes.get(nodeUrl).volumes().remove(id.value());
    }

    @Override
    public long copy(String targetUrl, VolumeId id, String sourceUrl, int mbps) {
        calls.add("copy " + targetUrl + " " + id + " from " + sourceUrl + " mbps=" + mbps);
        Semaphore gate = copyGate;
        if (gate != null) {
            gate.acquireUninterruptibly();
        }
        duringCopy.accept(id);
        check("copy", targetUrl);
        Node target = nodes.get(targetUrl);
        if (target.volumes().containsKey(id.value())) {
            throw new HayloftException(ErrorCode.CONFLICT, "volume " + id + " is held here");
        }
        VolumeReport source = nodes.get(sourceUrl).volumes().get(id.value());
        target.volumes().put(id.value(), source);
        if (!silentCopies) {
            heartbeat(targetUrl);
        }
        return source.size();
    }

    @Override
    public long sync(String nodeUrl, VolumeId id) {
        calls.add("sync " + nodeUrl + " " + id);
        check("sync", nodeUrl);
        return 0;
    }

    @Override
    public void mark(String nodeUrl, VolumeId id, boolean readOnly) {
        calls.add("mark " + nodeUrl + " " + id + " readOnly=" + readOnly);
        check("mark", nodeUrl);
    }
}
