package io.hayloft.master.raft;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;

/**
 * One master's view of the Raft group at one instant: its own role, term and applied index, the
 * leader it follows, and every member. Only the leader knows how recently each follower answered
 * ({@link Member#lastContactMillis()}); a follower reports other followers as {@code UNKNOWN}.
 *
 * @param self         this master's peer id
 * @param role         {@code LEADER}, {@code FOLLOWER}, {@code CANDIDATE} or {@code UNKNOWN} (not running)
 * @param term         current term
 * @param appliedIndex last log index applied to the state machine
 * @param leaderId     the leader's peer id, empty when none is known
 * @param members      every member, in configuration order
 */
public record RaftStatus(String self, String role, long term, long appliedIndex, String leaderId,
                         List<Member> members) {
    /** Role shown for a member whose role this master cannot know. */
    public static final String UNKNOWN = "UNKNOWN";

    public RaftStatus {
        members = List.copyOf(members);
    }

    /**
     * A member of the group.
     *
     * @param id                peer id ({@code host_port})
     * @param httpAddress       HTTP {@code host:port}
     * @param raftAddress       Raft (gRPC) {@code host:port}
     * @param role              as known to the reporting master
     * @param lastContactMillis ms since the leader last heard from this follower; -1 when unknown
     * @param commitIndex       the member's commit index as this master last learnt it; -1 when unknown
     */
    public record Member(String id, String httpAddress, String raftAddress, String role, long lastContactMillis,
                         long commitIndex) {
    }

    static RaftStatus of(RaftPeerId self, List<RaftPeer> peers, Function<RaftPeerId, String> httpAddressOf,
                         Optional<DivisionInfo> division, Map<RaftPeerId, Long> commitIndexes) {
        String selfId = self.toString();
        if (division.isEmpty()) {
            List<Member> members = peers.stream().map(p -> new Member(p.getId().toString(),
                    httpAddressOf.apply(p.getId()), p.getAddress(), UNKNOWN, -1, -1)).toList();
            return new RaftStatus(selfId, UNKNOWN, 0, -1, "", members);
        }
        DivisionInfo info = division.get();
        RaftPeerRole selfRole = info.getCurrentRole();
        RaftPeerId leader = info.getLeaderId();
        Map<String, Long> contact = new HashMap<>();
        RoleInfoProto roleInfo = info.getRoleInfoProto();
        if (selfRole == RaftPeerRole.LEADER && roleInfo.hasLeaderInfo()) {
            for (ServerRpcProto f : roleInfo.getLeaderInfo().getFollowerInfoList()) {
                contact.put(f.getId().getId().toStringUtf8(), f.getLastRpcElapsedTimeMs());
            }
        }
        List<Member> members = peers.stream().map(p -> {
            String id = p.getId().toString();
            String role;
            if (p.getId().equals(self)) {
                role = selfRole.name();
            } else if (p.getId().equals(leader)) {
                role = RaftPeerRole.LEADER.name();
            } else {
                role = selfRole == RaftPeerRole.LEADER ? RaftPeerRole.FOLLOWER.name() : UNKNOWN;
            }
            return new Member(id, httpAddressOf.apply(p.getId()), p.getAddress(), role, contact.getOrDefault(id, -1L),
                    commitIndexes.getOrDefault(p.getId(), -1L));
        }).toList();
        return new RaftStatus(selfId, selfRole.name(), info.getCurrentTerm(), info.getLastAppliedIndex(),
                leader == null ? "" : leader.toString(), members);
    }
}
