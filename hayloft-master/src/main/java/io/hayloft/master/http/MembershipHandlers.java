package io.hayloft.master.http;

import io.hayloft.api.wire.MasterApi;
import io.hayloft.api.HayloftException;
import io.hayloft.http.Params;
import io.hayloft.http.Responses;
import io.hayloft.master.raft.HostPort;
import io.hayloft.master.raft.RaftPeers;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import org.apache.ratis.protocol.RaftPeer;

/**
 * Run-time membership of the master group, served by the leader (a follower forwards):
 * <pre>
 *   POST /cluster/raft/add?address=host:port[&amp;raftAddress=host:port][&amp;id=host_port]
 *   POST /cluster/raft/remove?id=host_port|host:port
 * </pre>
 * Both answer 200 {@code {"Members":[{"Id","Address","RaftAddress"}]}} once the change committed.
 * A master's id is derived from its HTTP address ({@code host_port}); {@code id}, when given, must
 * match it. The Raft address defaults to the HTTP port + 10000. Input is checked before anything is
 * forwarded or changed: bad input is a 400 and changes nothing. Blocking (virtual threads).
 */
final class MembershipHandlers {
    private final MasterContext master;
    private final LeaderProxy proxy;

    MembershipHandlers(MasterContext master, LeaderProxy proxy) {
        this.master = master;
        this.proxy = proxy;
    }

    /** Adds a master; idempotent for a current member. */
    void add(RoutingContext ctx) {
        Params.allowOnly(ctx, MasterApi.RAFT_ADD.params());
        HostPort http = HostPort.parse(Params.string(ctx, "address", ""), "address");
        String raftParam = Params.string(ctx, "raftAddress", "");
        HostPort raft = raftParam.isEmpty() ? defaultRaftAddress(http) : HostPort.parse(raftParam, "raftAddress");
        String id = Params.string(ctx, "id", "");
        String derived = RaftPeers.peerId(http.host(), http.port()).toString();
        HayloftException.checkArgument(id.isEmpty() || id.equals(derived),
                "id " + id + " does not match address " + http + ": a master's id is derived from its HTTP address ("
                        + derived + ")");
        if (proxy.forward(ctx, null)) {
            return;
        }
        Responses.json(ctx, 200, view(master.raft().membership().add(http, raft)));
    }

    /** Removes a master named by id or HTTP address. */
    void remove(RoutingContext ctx) {
        Params.allowOnly(ctx, MasterApi.RAFT_REMOVE.params());
        String id = Params.string(ctx, "id", "");
        HayloftException.checkArgument(!id.isBlank(), "id is required (host_port or host:port)");
        if (id.indexOf(':') > 0) {
            HostPort.parse(id, "id");
        }
        if (proxy.forward(ctx, null)) {
            return;
        }
        Responses.json(ctx, 200, view(master.raft().membership().remove(id)));
    }

    private static HostPort defaultRaftAddress(HostPort http) {
        HayloftException.checkArgument(http.port() + RaftPeers.RAFT_PORT_OFFSET <= 65535,
                "address " + http + " leaves no room for raft port + " + RaftPeers.RAFT_PORT_OFFSET
                        + ": give raftAddress");
        return new HostPort(http.host(), http.port() + RaftPeers.RAFT_PORT_OFFSET);
    }

    private static Map<String, Object> view(List<RaftPeer> members) {
        return Map.of("Members", members.stream().map(p -> Map.of("Id", p.getId().toString(),
                "Address", RaftPeers.httpAddressOfId(p.getId()), "RaftAddress", p.getAddress())).toList());
    }
}
