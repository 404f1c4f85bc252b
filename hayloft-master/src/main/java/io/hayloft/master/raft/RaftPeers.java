package io.hayloft.master.raft;

import io.hayloft.api.HayloftException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;

/**
 * The master Raft group as derived from the configured masters. Each master is named by its HTTP
 * {@code host:port}; its peer id is {@code host_port} and its Raft address {@code host:raftPort}.
 * With a peer list every master's raft port is its HTTP port + 10000; alone, the configured raft
 * port is used (0: the gRPC server binds a free one itself and {@link MasterRaft} records it with
 * {@link #withSelfRaftPort}; a port chosen here and bound later could be taken by any socket in
 * between).
 *
 * <p>This master is found in the list by its {@code -ip:-port}, or else as the one entry with its
 * port whose host resolves to this machine ({@code -peers 127.0.0.1:9333,...} with {@code -ip}
 * left at localhost); its id and advertised host are then that entry's.
 *
 * <p>Two ways to start, told apart by whether the list names this master:
 * <ul>
 *   <li><b>Bootstrap</b> ({@code -peers} names this master): the list is the whole initial group,
 *       and every founding master is started with the same list.</li>
 *   <li><b>Join</b> ({@code -peers} names only other masters, the seed's form
 *       {@code master -port 9334 -peers localhost:9333}): this master starts with an empty
 *       configuration, takes part in no election, and asks the listed masters to add it
 *       ({@code POST /cluster/raft/add}, a membership change on the leader). It never forms a group
 *       of its own, so there is no split brain; once added, the running configuration is what
 *       counts, and a restart recovers it from the log.</li>
 * </ul>
 * A peer id is always derived from the master's HTTP address, so the current Raft configuration
 * alone tells every master where the others answer HTTP ({@link #httpAddressOfId}).
 *
 * @param self           this master's peer
 * @param peers          the initial group, this peer included; just this peer when joining
 * @param httpAddressOf  HTTP {@code host:port} of each peer of the initial group
 * @param joinVia        HTTP addresses of running masters to ask for membership; empty when bootstrapping
 */
public record RaftPeers(RaftPeer self, List<RaftPeer> peers, Map<RaftPeerId, String> httpAddressOf,
                        List<String> joinVia) {
    /** The one group id every Hayloft master group uses. */
    public static final RaftGroupId GROUP_ID = RaftGroupId.valueOf(
            UUID.nameUUIDFromBytes("hayloft-master".getBytes(StandardCharsets.UTF_8)));
    /** Raft port = HTTP port + this, for masters given in a peer list. */
    public static final int RAFT_PORT_OFFSET = 10000;

    public RaftPeers {
        peers = List.copyOf(peers);
        httpAddressOf = Map.copyOf(httpAddressOf);
        joinVia = List.copyOf(joinVia);
    }

    /**
     * Derives the group.
     *
     * @param advertisedHost this master's host as the others reach it
     * @param httpPort       this master's configured HTTP port (its identity, even when 0 = ephemeral)
     * @param raftPort       the configured raft port (used only when alone; 0 = pick a free one)
     * @param peerList       every founding master's HTTP {@code host:port} (this one included), or
     *                       running masters to join (this one not included), or empty when alone
     * @throws HayloftException {@code BAD_REQUEST} when the list is malformed or names a master twice
     */
    public static RaftPeers derive(String advertisedHost, int httpPort, int raftPort, List<String> peerList) {
        String selfAddress = advertisedHost + ":" + httpPort;
        if (peerList.isEmpty()) {
            RaftPeer peer = peer(advertisedHost, httpPort, raftPort);
            return new RaftPeers(peer, List.of(peer), Map.of(peer.getId(), selfAddress), List.of());
        }
        List<RaftPeer> peers = new ArrayList<>();
        Map<RaftPeerId, String> http = new LinkedHashMap<>();
        List<HostPort> addresses = new ArrayList<>();
        for (String address : peerList) {
            HostPort hp = HostPort.parse(address, "master address");
            HayloftException.checkArgument(hp.port() + RAFT_PORT_OFFSET <= 65535,
                    "invalid master address '" + address + "': port must leave room for raft port + "
                            + RAFT_PORT_OFFSET);
            RaftPeer peer = peer(hp.host(), hp.port(), hp.port() + RAFT_PORT_OFFSET);
            peers.add(peer);
            http.put(peer.getId(), hp.toString());
            addresses.add(hp);
        }
        HayloftException.checkArgument(http.size() == peerList.size(),
                "-peers " + String.join(",", peerList) + " names a master twice");
        int selfIndex = selfIndex(advertisedHost, httpPort, addresses, peerList);
        if (selfIndex < 0) {
            HayloftException.checkArgument(httpPort > 0, "a master joining a running group (-peers "
                    + String.join(",", peerList) + " does not name it) needs a fixed -port, not 0");
            checkReachableWhenJoining(advertisedHost, httpPort, addresses, peerList);
            int port = raftPort == 0 ? httpPort + RAFT_PORT_OFFSET : raftPort;
            RaftPeer joiner = peer(advertisedHost, httpPort, port);
            return new RaftPeers(joiner, List.of(joiner), Map.of(joiner.getId(), selfAddress), List.copyOf(http.values()));
        }
        return new RaftPeers(peers.get(selfIndex), peers, http, List.of());
    }

    /**
     * The index of this master in the list: the entry spelled {@code advertisedHost:httpPort}, else
     * the one entry with this master's port whose host resolves to this machine ({@code localhost},
     * {@code 127.0.0.1}, the host's names and interface addresses); -1 when none does.
     */
    private static int selfIndex(String advertisedHost, int httpPort, List<HostPort> addresses, List<String> peerList) {
        for (int i = 0; i < addresses.size(); i++) {
            if (addresses.get(i).port() == httpPort && addresses.get(i).host().equalsIgnoreCase(advertisedHost)) {
                return i;
            }
        }
        int found = -1;
        for (int i = 0; i < addresses.size(); i++) {
            if (addresses.get(i).port() == httpPort && LocalHost.isLocal(addresses.get(i).host())) {
                if (found >= 0) {
                    throw HayloftException.badRequest("-peers " + String.join(",", peerList)
                            + " names this master twice (" + addresses.get(found) + " and " + addresses.get(i)
                            + " are both this host with port " + httpPort + ")");
                }
                found = i;
            }
        }
        return found;
    }

    /**
     * A master that is not in {@code -peers} joins the listed masters, which must then reach it at
     * {@code -ip}: a loopback {@code -ip} (the default, localhost) with masters on other hosts
     * means the operator most likely meant this master to be in the list but it could not be found
     * there. Refused at once rather than waiting for ever for a leader.
     */
    private static void checkReachableWhenJoining(String advertisedHost, int httpPort, List<HostPort> addresses,
                                                  List<String> peerList) {
        boolean othersRemote = addresses.stream().anyMatch(a -> !LocalHost.isLocal(a.host()));
        if (othersRemote && LocalHost.isLoopbackOnly(advertisedHost)) {
            throw HayloftException.badRequest("this master (-ip " + advertisedHost + ", -port " + httpPort
                    + ") is not in -peers " + String.join(",", peerList) + " and none of them resolves to this"
                    + " host with port " + httpPort + ": to found the group, list this master in -peers as the"
                    + " others reach it and set -ip to that host; to join a running group, set -ip to an"
                    + " address the other masters can reach");
        }
    }

    /** True when this master joins a running group instead of founding one. */
    public boolean joining() {
        return !joinVia.isEmpty();
    }

    /**
     * The HTTP {@code host:port} of the master with peer id {@code id}: ids are
     * {@code host_port} with every {@code :} of the host written as {@code _}, so this inverts
     * {@link #peerId(String, int)}.
     *
     * @throws HayloftException {@code BAD_REQUEST} when {@code id} is not of that form
     */
    public static String httpAddressOfId(RaftPeerId id) {
        String s = id.toString();
        int sep = s.lastIndexOf('_');
        HayloftException.checkArgument(sep > 0 && sep < s.length() - 1, "peer id '" + s + "' is not host_port");
        String host = s.substring(0, sep).replace('_', ':');
        String port = s.substring(sep + 1);
        HayloftException.checkArgument(port.chars().allMatch(Character::isDigit), "peer id '" + s + "' is not host_port");
        return host + ":" + port;
    }

    /** This master's HTTP host as the group names it (its {@code -peers} entry when founding). */
    public String selfHost() {
        String address = httpAddressOf.get(self.getId());
        return address.substring(0, address.lastIndexOf(':'));
    }

    /** A peer for the master whose HTTP address is {@code http} and Raft address {@code raftAddress}. */
    public static RaftPeer peerFor(HostPort http, HostPort raftAddress) {
        return RaftPeer.newBuilder().setId(peerId(http.host(), http.port())).setAddress(raftAddress.toString()).build();
    }

    /** The peer id a master at {@code host:httpPort} has. */
    public static RaftPeerId peerId(String host, int httpPort) {
        return RaftPeerId.valueOf(host.replace(':', '_') + "_" + httpPort);
    }

    /** The initial Raft group: every founding peer, or no peer at all when joining. */
    public RaftGroup group() {
        return joining() ? RaftGroup.valueOf(GROUP_ID) : RaftGroup.valueOf(GROUP_ID, peers);
    }

    /** This peer's raft port. */
    public int selfRaftPort() {
        String a = self.getAddress();
        return Integer.parseInt(a.substring(a.lastIndexOf(':') + 1));
    }

    /**
     * This lone master with the raft port its gRPC server bound (its configured port was 0); the id,
     * HTTP address and everything else stay the same.
     *
     * @throws IllegalStateException unless this is a lone master configured with raft port 0
     */
    public RaftPeers withSelfRaftPort(int boundPort) {
        if (peers.size() != 1 || joining() || selfRaftPort() != 0) {
            throw new IllegalStateException("only a lone master with raft port 0 learns its port from the bind");
        }
        String address = self.getAddress();
        RaftPeer bound = RaftPeer.newBuilder(self)
                .setAddress(address.substring(0, address.lastIndexOf(':') + 1) + boundPort).build();
        return new RaftPeers(bound, List.of(bound), httpAddressOf, joinVia);
    }

    private static RaftPeer peer(String host, int httpPort, int raftPort) {
        return RaftPeer.newBuilder().setId(peerId(host, httpPort)).setAddress(host + ":" + raftPort).build();
    }
}
