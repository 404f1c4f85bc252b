package io.hayloft.master.raft;

import io.hayloft.api.HayloftException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
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
 * port is used (0 picks a free one).
 *
 * <p>Join semantics: the list is the whole group, and every master must be started with the same
 * list, itself included. The seed's form, a second master started with {@code -peers} naming only
 * the first, is refused with a message saying so: Raft cannot merge two groups that each elected
 * a leader, and silently treating "the list plus me" as the group would let the first master,
 * started alone, keep a group of one (split brain). Growing a running group is a membership
 * change on the leader instead.
 *
 * @param self           this master's peer
 * @param peers          every peer, this one included, in configuration order
 * @param httpAddressOf  HTTP {@code host:port} of each peer
 */
public record RaftPeers(RaftPeer self, List<RaftPeer> peers, Map<RaftPeerId, String> httpAddressOf) {
    /** The one group id every Hayloft master group uses. */
    public static final RaftGroupId GROUP_ID = RaftGroupId.valueOf(
            UUID.nameUUIDFromBytes("hayloft-master".getBytes(StandardCharsets.UTF_8)));
    /** Raft port = HTTP port + this, for masters given in a peer list. */
    public static final int RAFT_PORT_OFFSET = 10000;

    public RaftPeers {
        peers = List.copyOf(peers);
        httpAddressOf = Map.copyOf(httpAddressOf);
    }

    /**
     * Derives the group.
     *
     * @param advertisedHost this master's host as the others reach it
     * @param httpPort       this master's configured HTTP port (its identity, even when 0 = ephemeral)
     * @param raftPort       the configured raft port (used only when alone; 0 = pick a free one)
     * @param peerList       every master's HTTP {@code host:port}, or empty when alone
     * @throws HayloftException {@code BAD_REQUEST} when the list is malformed or does not name this master
     */
    public static RaftPeers derive(String advertisedHost, int httpPort, int raftPort, List<String> peerList) {
        String selfAddress = advertisedHost + ":" + httpPort;
        if (peerList.isEmpty()) {
            int port = raftPort == 0 ? freePort() : raftPort;
            RaftPeer peer = peer(advertisedHost, httpPort, port);
            return new RaftPeers(peer, List.of(peer), Map.of(peer.getId(), selfAddress));
        }
        List<RaftPeer> peers = new ArrayList<>();
        Map<RaftPeerId, String> http = new LinkedHashMap<>();
        RaftPeer self = null;
        for (String address : peerList) {
            int colon = address.lastIndexOf(':');
            HayloftException.checkArgument(colon > 0 && colon < address.length() - 1,
                    "invalid master address '" + address + "': expected host:port");
            String host = address.substring(0, colon);
            int port;
            try {
                port = Integer.parseInt(address.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw HayloftException.badRequest("invalid master address '" + address + "': bad port");
            }
            HayloftException.checkArgument(port > 0 && port + RAFT_PORT_OFFSET <= 65535,
                    "invalid master address '" + address + "': port must leave room for raft port + "
                            + RAFT_PORT_OFFSET);
            RaftPeer peer = peer(host, port, port + RAFT_PORT_OFFSET);
            peers.add(peer);
            http.put(peer.getId(), host + ":" + port);
            if ((host + ":" + port).equals(selfAddress)) {
                self = peer;
            }
        }
        HayloftException.checkArgument(self != null, "-peers " + String.join(",", peerList)
                + " does not name this master " + selfAddress + ": every master must be started with the"
                + " same list of all masters, itself included (e.g. -peers " + String.join(",", peerList) + ","
                + selfAddress + " on each); a list naming only other masters would form a second group"
                + " (split brain), so it is refused");
        HayloftException.checkArgument(http.size() == peerList.size(),
                "-peers " + String.join(",", peerList) + " names a master twice");
        return new RaftPeers(self, peers, http);
    }

    /** The peer id a master at {@code host:httpPort} has. */
    public static RaftPeerId peerId(String host, int httpPort) {
        return RaftPeerId.valueOf(host.replace(':', '_') + "_" + httpPort);
    }

    /** The Raft group of all peers. */
    public RaftGroup group() {
        return RaftGroup.valueOf(GROUP_ID, peers);
    }

    /** This peer's raft port. */
    public int selfRaftPort() {
        String a = self.getAddress();
        return Integer.parseInt(a.substring(a.lastIndexOf(':') + 1));
    }

    private static RaftPeer peer(String host, int httpPort, int raftPort) {
        return RaftPeer.newBuilder().setId(peerId(host, httpPort)).setAddress(host + ":" + raftPort).build();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free raft port", e);
        }
    }
}
