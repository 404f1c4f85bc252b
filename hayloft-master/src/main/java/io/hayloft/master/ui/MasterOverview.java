package io.hayloft.master.ui;

import io.hayloft.api.VolumeId;
import io.hayloft.master.raft.RaftStatus;
import io.hayloft.master.repair.RepairStatus;
import io.hayloft.master.topology.DataCenter;
import io.hayloft.master.topology.DataNode;
import io.hayloft.master.topology.EcShards;
import io.hayloft.master.topology.Rack;
import io.hayloft.master.topology.Topology;
import io.hayloft.master.topology.VolumeInfo;
import io.hayloft.master.topology.VolumeLayout;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON of {@code GET /ui/status}: everything the master's page shows, read from one master's own
 * topology (every master has one) in one go under the topology's lock, plus its Raft view and the
 * repair loop's state. Times are ISO-8601 strings; sizes are bytes.
 *
 * @param version         the software version
 * @param self            this master's HTTP {@code host:port}
 * @param now             when this answer was built
 * @param volumeSizeLimit bytes at which a volume is full
 * @param raft            the Raft group as this master sees it
 * @param topology        data centers, racks and servers with their slots
 * @param layouts         volumes by collection, replication and TTL, each with its replicas' health
 * @param collections     per collection: volumes, files and bytes
 * @param repair          the replica repair loop (leader only does work)
 * @param ec              erasure-coded volumes and where their shards are
 */
public record MasterOverview(String version, String self, String now, long volumeSizeLimit, Raft raft,
                             Tree topology, List<Layout> layouts, List<Collection> collections, RepairStatus repair,
                             List<EcVolume> ec) {

    /**
     * @param self         this master's peer id
     * @param role         its role ({@code LEADER}, {@code FOLLOWER}, ...)
     * @param term         its current term
     * @param appliedIndex the last log index it applied
     * @param leader       the leader's HTTP {@code host:port}, empty when none is known
     * @param members      every member
     */
    public record Raft(String self, String role, long term, long appliedIndex, String leader, List<Member> members) {
    }

    /** A Raft member; {@code lastContactMs} and {@code commitIndex} are -1 when this master cannot know them. */
    public record Member(String id, String address, String raftAddress, String role, long lastContactMs,
                         long commitIndex) {
    }

    /**
     * @param servers every volume server
     * @param listed  the servers listed in the racks: at most {@link #MAX_SERVERS_LISTED}, the first by data
     *                center and rack (all of them are counted in every slot figure)
     */
    public record Tree(int max, int free, int servers, int listed, List<Dc> dataCenters) {
    }

    /** Servers listed in the tree at most: a cluster of 10,000 servers gets a page of summaries, not 10,000 rows. */
    public static final int MAX_SERVERS_LISTED = 1000;

    public record Dc(String id, int max, int free, List<RackView> racks) {
    }

    /** @param serverCount the rack's servers, of which {@code servers} lists the first (possibly none) */
    public record RackView(String id, int max, int free, int serverCount, List<Server> servers) {
    }

    /**
     * @param url            {@code ip:port}
     * @param publicUrl      how clients reach it
     * @param max            slots
     * @param free           free slots
     * @param volumes        volumes held
     * @param ecShards       erasure-coded shards held
     * @param lastSeenAgoMs  ms since its last heartbeat
     */
    public record Server(String url, String publicUrl, int max, int free, int volumes, int ecShards,
                         long lastSeenAgoMs) {
    }

    /** Volumes listed per layout at most: the page stays light on a cluster of a million volumes. */
    public static final int MAX_VOLUMES_PER_LAYOUT = 500;

    /**
     * @param collection  collection ({@code ""} is the default one)
     * @param replication placement, e.g. {@code 001}
     * @param ttl         TTL, empty for none
     * @param copies      replicas the placement asks for
     * @param writable    volumes taking writes now
     * @param total       volumes in the layout
     * @param unhealthy   volumes whose health is not {@code ok}
     * @param volumes     the volumes, those not {@code ok} first, then by id; at most
     *                    {@link #MAX_VOLUMES_PER_LAYOUT}
     */
    public record Layout(String collection, String replication, String ttl, int copies, int writable, int total,
                         int unhealthy, List<Volume> volumes) {
    }

    /**
     * One volume as its replicas report it; sizes and counts are the largest any replica reports.
     *
     * @param health   {@code ok}, {@code under} (fewer replicas than the placement asks),
     *                 {@code over} or {@code differ} (replicas report different file counts)
     * @param garbage  deleted bytes over size
     * @param writable true when assigns may pick it
     */
    public record Volume(int id, long size, long files, long deleted, long deletedBytes, double garbage,
                         boolean readOnly, boolean writable, String health, int copies, List<Replica> replicas) {
    }

    public record Replica(String url, long size, long files, boolean readOnly) {
    }

    public record Collection(String name, int volumes, long files, long bytes) {
    }

    /**
     * @param id         the volume
     * @param collection its collection
     * @param present    shards held somewhere (of {@link #TOTAL_SHARDS})
     * @param missing    shard ids held nowhere
     * @param shards     holders of each shard
     */
    public record EcVolume(int id, String collection, int present, List<Integer> missing, List<Shard> shards) {
        public static final int TOTAL_SHARDS = 14;
    }

    public record Shard(int shard, List<String> holders) {
    }

    /** Builds the overview now. Thread-safe; holds the topology's lock while it reads the tree. */
    static MasterOverview of(String version, String self, Instant now, Topology topology, RaftStatus raft,
                             String leader, RepairStatus repair) {
        Raft r = new Raft(raft.self(), raft.role(), raft.term(), raft.appliedIndex(), leader,
                raft.members().stream().map(m -> new Member(m.id(), m.httpAddress(),
                        m.raftAddress(), m.role(), m.lastContactMillis(), m.commitIndex())).toList());
        record Read(Tree tree, List<Layout> layouts, List<Collection> collections) {
        }
        Read read = topology.inspect(view -> {
            int[] room = {MAX_SERVERS_LISTED};
            List<Dc> dcs = view.dataCenters().stream().map(dc -> dataCenter(dc, now, room)).toList();
            int servers = dcs.stream().flatMap(d -> d.racks().stream()).mapToInt(RackView::serverCount).sum();
            Tree tree = new Tree(dcs.stream().mapToInt(Dc::max).sum(), dcs.stream().mapToInt(Dc::free).sum(), servers,
                    Math.min(servers, MAX_SERVERS_LISTED), dcs);
            List<Layout> layouts = new ArrayList<>();
            Map<String, long[]> sums = new TreeMap<>(); // collection -> volumes, files, bytes (every volume)
            for (VolumeLayout l : view.layouts()) {
                List<Volume> all = volumes(l);
                long[] c = sums.computeIfAbsent(l.key().collection(), k -> new long[3]);
                for (Volume v : all) {
                    c[0]++;
                    c[1] += v.files();
                    c[2] += v.size();
                }
                layouts.add(layout(l, all));
            }
            List<Collection> collections = sums.entrySet().stream()
                    .map(e -> new Collection(e.getKey(), (int) e.getValue()[0], e.getValue()[1], e.getValue()[2]))
                    .toList();
            return new Read(tree, layouts, collections);
        });
        List<EcVolume> ec = new ArrayList<>();
        topology.ecVolumes().forEach((id, v) -> {
            List<Integer> missing = new ArrayList<>();
            for (int s = 0; s < EcVolume.TOTAL_SHARDS; s++) {
                if (!v.holders().containsKey(s)) {
                    missing.add(s);
                }
            }
            List<Shard> shards = v.holders().entrySet().stream()
                    .map(e -> new Shard(e.getKey(), e.getValue().stream().map(DataNode::url).toList())).toList();
            ec.add(new EcVolume(id.value(), v.collection(), v.holders().size(), missing, shards));
        });
        return new MasterOverview(version, self, now.toString(), topology.volumeSizeLimit(), r, read.tree(),
                read.layouts(), read.collections(), repair, ec);
    }

    /** {@code room[0]}: how many more servers may be listed; lowered by those this data center lists. */
    private static Dc dataCenter(DataCenter dc, Instant now, int[] room) {
        return new Dc(dc.id(), dc.maxVolumeCount(), dc.freeSlots(), dc.racks().stream()
                .map(rack -> rack(rack, now, room)).toList());
    }

    private static RackView rack(Rack rack, Instant now, int[] room) {
        int listed = Math.min(room[0], rack.nodes().size());
        room[0] -= listed;
        return new RackView(rack.id(), rack.maxVolumeCount(), rack.freeSlots(), rack.nodes().size(), rack.nodes().stream()
                .limit(listed)
                .map(n -> new Server(n.url(), n.publicUrl(), n.maxVolumeCount(), n.freeSlots(), n.volumes().size(),
                        n.ecShards().values().stream().mapToInt(EcShards::count).sum(),
                        Math.max(0, Duration.between(n.lastSeen(), now).toMillis())))
                .toList());
    }

    private static Layout layout(VolumeLayout layout, List<Volume> all) {
        List<Volume> volumes = new ArrayList<>(all);
        volumes.sort(Comparator.comparing((Volume v) -> v.health().equals("ok")).thenComparingInt(Volume::id));
        int unhealthy = (int) volumes.stream().filter(v -> !v.health().equals("ok")).count();
        return new Layout(layout.key().collection(), layout.key().replication().toString(),
                layout.key().ttl().toString(), layout.key().replication().copies(), layout.writableIds().size(),
                volumes.size(), unhealthy, List.copyOf(volumes.subList(0, Math.min(volumes.size(), MAX_VOLUMES_PER_LAYOUT))));
    }

    /** Every volume of {@code layout} with its replicas' health, by id. */
    private static List<Volume> volumes(VolumeLayout layout) {
        int copies = layout.key().replication().copies();
        List<Volume> volumes = new ArrayList<>();
        for (VolumeId id : layout.volumeIds()) {
            List<Replica> replicas = new ArrayList<>();
            long size = 0;
            long files = 0;
            long deleted = 0;
            long deletedBytes = 0;
            boolean readOnly = false;
            long minFiles = Long.MAX_VALUE;
            for (DataNode n : layout.nodesOf(id)) {
                VolumeInfo info = n.volumes().get(id);
                if (info == null) {
                    continue;
                }
                replicas.add(new Replica(n.url(), info.size(), info.fileCount(), info.readOnly()));
                size = Math.max(size, info.size());
                files = Math.max(files, info.fileCount());
                minFiles = Math.min(minFiles, info.fileCount());
                deleted = Math.max(deleted, info.deleteCount());
                deletedBytes = Math.max(deletedBytes, info.deletedBytes());
                readOnly |= info.readOnly();
            }
            String health;
            if (replicas.size() < copies) {
                health = "under";
            } else if (replicas.size() > copies) {
                health = "over";
            } else if (minFiles != files) {
                health = "differ";
            } else {
                health = "ok";
            }
            volumes.add(new Volume(id.value(), size, files, deleted, deletedBytes,
                    size == 0 ? 0 : (double) deletedBytes / size, readOnly, layout.isWritable(id), health, copies,
                    replicas));
        }
        return volumes;
    }
}
