package io.hayloft.master.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.hayloft.api.VolumeId;
import io.hayloft.master.topology.DataCenter;
import io.hayloft.master.topology.DataNode;
import io.hayloft.master.topology.Rack;
import io.hayloft.master.topology.Topology.TopologyView;
import io.hayloft.master.topology.VolumeInfo;
import io.hayloft.master.topology.VolumeLayout;
import java.util.LinkedHashMap;
import io.hayloft.master.raft.RaftStatus;
import java.util.List;
import java.util.Map;

/**
 * The JSON bodies of the status pages, with SeaweedFS' capitalized field names. Built from a
 * {@link TopologyView} inside {@link io.hayloft.master.topology.Topology#inspect}.
 */
final class StatusViews {
    /** The version string status pages report. */
    static final String VERSION = "hayloft 0.1.0";

    private StatusViews() {
    }

    /** {@code /dir/status}. */
    record DirStatus(@JsonProperty("Version") String version, @JsonProperty("Topology") TopologyStatus topology) {
    }

    record TopologyStatus(@JsonProperty("Max") int max, @JsonProperty("Free") int free,
                          @JsonProperty("DataCenters") List<DataCenterStatus> dataCenters,
                          @JsonProperty("Layouts") List<LayoutStatus> layouts) {
    }

    record DataCenterStatus(@JsonProperty("Id") String id, @JsonProperty("Max") int max, @JsonProperty("Free") int free,
                            @JsonProperty("Racks") List<RackStatus> racks) {
    }

    record RackStatus(@JsonProperty("Id") String id, @JsonProperty("Max") int max, @JsonProperty("Free") int free,
                      @JsonProperty("DataNodes") List<NodeStatus> dataNodes) {
    }

    record NodeStatus(@JsonProperty("Url") String url, @JsonProperty("PublicUrl") String publicUrl,
                      @JsonProperty("Volumes") int volumes, @JsonProperty("Max") int max,
                      @JsonProperty("Free") int free, @JsonProperty("VolumeIds") List<Integer> volumeIds) {
    }

    /** One layout, field names as SeaweedFS' {@code layouts} entries. */
    record LayoutStatus(@JsonProperty("collection") String collection, @JsonProperty("replication") String replication,
                        @JsonProperty("ttl") String ttl, @JsonProperty("writables") List<Integer> writables,
                        @JsonProperty("volumes") List<Integer> volumes) {
    }

    /** {@code /vol/status}: volumes grouped by data center, rack and node url. */
    record VolStatus(@JsonProperty("Version") String version, @JsonProperty("Volumes") VolumesStatus volumes) {
    }

    record VolumesStatus(@JsonProperty("Max") int max, @JsonProperty("Free") int free,
                         @JsonProperty("DataCenters") Map<String, Map<String, Map<String, List<VolumeStatus>>>> dataCenters) {
    }

    record VolumeStatus(@JsonProperty("Id") int id, @JsonProperty("Size") long size,
                        @JsonProperty("Collection") String collection,
                        @JsonProperty("ReplicaPlacement") String replicaPlacement, @JsonProperty("Ttl") String ttl,
                        @JsonProperty("FileCount") long fileCount, @JsonProperty("DeleteCount") long deleteCount,
                        @JsonProperty("DeletedByteCount") long deletedByteCount,
                        @JsonProperty("ReadOnly") boolean readOnly,
                        @JsonProperty("CompactRevision") int compactRevision,
                        @JsonProperty("ModifiedAtSecond") long modifiedAtSecond) {
        static VolumeStatus of(VolumeInfo v) {
            return new VolumeStatus(v.id().value(), v.size(), v.key().collection(), v.key().replication().toString(),
                    v.key().ttl().toString(), v.fileCount(), v.deleteCount(), v.deletedBytes(), v.readOnly(),
                    v.compactRevision(), v.modifiedAtSecond());
        }
    }

    /** {@code /cluster/status}. */
    record ClusterStatus(@JsonProperty("IsLeader") boolean isLeader, @JsonProperty("Leader") String leader,
                         @JsonProperty("Peers") List<String> peers, @JsonProperty("MaxVolumeId") long maxVolumeId,
                         @JsonProperty("Raft") RaftView raft,
                         @JsonProperty("NodeRegistry") java.util.Map<Long, String> nodeRegistry) {
    }

    /** This master's Raft view: who it is, its role, term and applied index, and every member. */
    record RaftView(@JsonProperty("Self") String self, @JsonProperty("Role") String role,
                    @JsonProperty("Term") long term, @JsonProperty("AppliedIndex") long appliedIndex,
                    @JsonProperty("Members") List<MemberView> members) {
    }

    record MemberView(@JsonProperty("Id") String id, @JsonProperty("Address") String address,
                      @JsonProperty("RaftAddress") String raftAddress, @JsonProperty("Role") String role,
                      @JsonProperty("LastContactMs") long lastContactMs,
                      @JsonProperty("CommitIndex") long commitIndex) {
    }

    static RaftView raft(RaftStatus s) {
        return new RaftView(s.self(), s.role(), s.term(), s.appliedIndex(), s.members().stream()
                .map(m -> new MemberView(m.id(), m.httpAddress(), m.raftAddress(), m.role(), m.lastContactMillis(),
                        m.commitIndex()))
                .toList());
    }

    static DirStatus dirStatus(TopologyView view) {
        List<DataCenterStatus> dcs = view.dataCenters().stream().map(StatusViews::dataCenter).toList();
        List<LayoutStatus> layouts = view.layouts().stream().map(StatusViews::layout).toList();
        return new DirStatus(VERSION, new TopologyStatus(dcs.stream().mapToInt(DataCenterStatus::max).sum(),
                dcs.stream().mapToInt(DataCenterStatus::free).sum(), dcs, layouts));
    }

    static VolStatus volStatus(TopologyView view) {
        Map<String, Map<String, Map<String, List<VolumeStatus>>>> dcs = new LinkedHashMap<>();
        int max = 0;
        int free = 0;
        for (DataCenter dc : view.dataCenters()) {
            max += dc.maxVolumeCount();
            free += dc.freeSlots();
            Map<String, Map<String, List<VolumeStatus>>> racks = new LinkedHashMap<>();
            for (Rack rack : dc.racks()) {
                Map<String, List<VolumeStatus>> nodes = new LinkedHashMap<>();
                for (DataNode node : rack.nodes()) {
                    nodes.put(node.url(), node.volumes().values().stream().map(VolumeStatus::of).toList());
                }
                racks.put(rack.id(), nodes);
            }
            dcs.put(dc.id(), racks);
        }
        return new VolStatus(VERSION, new VolumesStatus(max, free, dcs));
    }

    private static DataCenterStatus dataCenter(DataCenter dc) {
        return new DataCenterStatus(dc.id(), dc.maxVolumeCount(), dc.freeSlots(),
                dc.racks().stream().map(StatusViews::rack).toList());
    }

    private static RackStatus rack(Rack rack) {
        return new RackStatus(rack.id(), rack.maxVolumeCount(), rack.freeSlots(),
                rack.nodes().stream().map(StatusViews::node).toList());
    }

    private static NodeStatus node(DataNode n) {
        return new NodeStatus(n.url(), n.publicUrl(), n.volumes().size(), n.maxVolumeCount(), n.freeSlots(),
                n.volumes().keySet().stream().map(VolumeId::value).toList());
    }

    private static LayoutStatus layout(VolumeLayout l) {
        return new LayoutStatus(l.key().collection(), l.key().replication().toString(), l.key().ttl().toString(),
                l.writableIds().stream().map(VolumeId::value).toList(),
                l.volumeIds().stream().map(VolumeId::value).toList());
    }
}
