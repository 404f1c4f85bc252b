package io.hayloft.master.raft;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;

/**
 * Run-time membership of the master group (the etcd raftexample's add/remove node): reads the
 * current Raft configuration and changes it through the leader with Ratis {@code setConfiguration}.
 * Adding a master makes the leader catch the new peer up (log or snapshot) before the new
 * configuration commits; the new master must already run (started in join mode, see
 * {@link RaftPeers}). Removing the leader makes it step down once the change commits.
 *
 * <p>Thread-safe. {@link #add} and {@link #remove} block the calling (virtual) thread until the
 * change commits, at most {@link #CHANGE_TIMEOUT}.
 */
public final class RaftMembership {
    /** Longest a membership change may take (catching a new peer up included). */
    public static final Duration CHANGE_TIMEOUT = Duration.ofSeconds(30);

    private final Supplier<Optional<RaftServer.Division>> division;
    private final RaftClient client;
    private final Leadership leadership;
    private final PeerProbe probe;

    RaftMembership(Supplier<Optional<RaftServer.Division>> division, RaftClient client, Leadership leadership,
                   PeerProbe probe) {
        this.division = division;
        this.client = client;
        this.leadership = leadership;
        this.probe = probe;
    }

    /** The current configuration's members; empty while a joining master has not been added yet. */
    public List<RaftPeer> members() {
        return division.get().map(d -> List.copyOf(d.getRaftConf().getCurrentPeers())).orElse(List.of());
    }

    /** True when {@code id} is in the current configuration. */
    public boolean isMember(RaftPeerId id) {
        return members().stream().anyMatch(p -> p.getId().equals(id));
    }

    /**
     * Adds the master answering HTTP at {@code http} and Raft at {@code raftAddress}. Idempotent:
     * adding a current member with the same Raft address changes nothing. The new peer's Raft port
     * must answer before anything is proposed; when the change fails the configuration stays as it
     * was (Ratis only adopts a new peer once it caught up).
     *
     * @return the members after the change
     * @throws HayloftException {@code BAD_REQUEST} when the id is a member with another Raft address
     *                          or the new peer's Raft port does not answer; {@code UNAVAILABLE} when
     *                          this master does not lead or the change fails (another change in progress)
     */
    public List<RaftPeer> add(HostPort http, HostPort raftAddress) {
        leadership.checkLeader();
        RaftPeer peer = RaftPeers.peerFor(http, raftAddress);
        List<RaftPeer> current = members();
        Optional<RaftPeer> existing = current.stream().filter(p -> p.getId().equals(peer.getId())).findFirst();
        if (existing.isPresent()) {
            HayloftException.checkArgument(existing.get().getAddress().equals(peer.getAddress()),
                    "master " + peer.getId() + " is already a member with raft address "
                            + existing.get().getAddress() + ", not " + peer.getAddress());
            return current;
        }
        probe.checkAnswers(raftAddress);
        List<RaftPeer> next = new ArrayList<>(current);
        next.add(peer);
        return change(next, "add " + peer.getId());
    }

    /**
     * Removes the member named by peer id ({@code host_port}) or HTTP address ({@code host:port}).
     *
     * @return the members after the change
     * @throws HayloftException {@code BAD_REQUEST} when it is not a member or is the last one;
     *                          {@code UNAVAILABLE} when this master does not lead or the change fails
     */
    public List<RaftPeer> remove(String idOrAddress) {
        leadership.checkLeader();
        List<RaftPeer> current = members();
        RaftPeerId id = idOf(idOrAddress);
        HayloftException.checkArgument(current.stream().anyMatch(p -> p.getId().equals(id)),
                "master " + idOrAddress + " is not a member; members: " + ids(current));
        HayloftException.checkArgument(current.size() > 1, "cannot remove the last master of the group");
        List<RaftPeer> next = current.stream().filter(p -> !p.getId().equals(id)).toList();
        return change(next, "remove " + id);
    }

    /** The peer id named by a peer id or an HTTP {@code host:port}. */
    static RaftPeerId idOf(String idOrAddress) {
        HayloftException.checkArgument(idOrAddress != null && !idOrAddress.isBlank(), "id is required");
        if (idOrAddress.indexOf(':') > 0) {
            HostPort hp = HostPort.parse(idOrAddress, "master address");
            return RaftPeers.peerId(hp.host(), hp.port());
        }
        RaftPeers.httpAddressOfId(RaftPeerId.valueOf(idOrAddress));
        return RaftPeerId.valueOf(idOrAddress);
    }

    private List<RaftPeer> change(List<RaftPeer> next, String what) {
        CompletableFuture<RaftClientReply> call = CompletableFuture.supplyAsync(() -> {
            try {
                return client.admin().setConfiguration(next);
            } catch (IOException e) {
                throw new HayloftException(ErrorCode.UNAVAILABLE, what + " failed: " + e.getMessage(), e);
            }
        }, r -> Thread.ofVirtual().name("hayloft-raft-membership").start(r));
        RaftClientReply reply;
        try {
            reply = call.get(CHANGE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HayloftException(ErrorCode.UNAVAILABLE, what + " interrupted", e);
        } catch (TimeoutException e) {
            throw new HayloftException(ErrorCode.UNAVAILABLE, what + " did not commit within " + CHANGE_TIMEOUT
                    + " (is the new master running and reachable?)");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof HayloftException he ? he
                    : new HayloftException(ErrorCode.UNAVAILABLE, what + " failed: " + cause, cause);
        }
        if (!reply.isSuccess()) {
            throw new HayloftException(ErrorCode.UNAVAILABLE, what + " failed: " + reply.getException());
        }
        return members();
    }

    private static String ids(Collection<RaftPeer> peers) {
        return String.join(",", peers.stream().map(p -> p.getId().toString()).toList());
    }
}
