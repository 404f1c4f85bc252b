package io.hayloft.master.raft;

import io.hayloft.api.HayloftException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * Checks that a master about to be added answers on its Raft port, before the change is proposed:
 * a configuration naming a peer that never answers cannot commit while that peer counts towards
 * the majority (a one-master group given one dead peer stops electing for good).
 */
@FunctionalInterface
public interface PeerProbe {
    /** How long {@link #tcp()} waits for a connection. */
    Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    /**
     * Returns when {@code raftAddress} accepts connections.
     *
     * @throws HayloftException {@code BAD_REQUEST} naming the address and the cause when it does not
     */
    void checkAnswers(HostPort raftAddress);

    /** A TCP connect within {@link #CONNECT_TIMEOUT}; blocks the calling (virtual) thread. */
    static PeerProbe tcp() {
        return address -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address.host().replace("[", "").replace("]", ""), address.port()),
                        (int) CONNECT_TIMEOUT.toMillis());
            } catch (IOException | IllegalArgumentException e) {
                throw HayloftException.badRequest("the new master's raft address " + address + " does not answer ("
                        + e.getMessage() + "): start the new master first (hayloft master -peers <a running master>),"
                        + " or give raftAddress if its raft port is not its HTTP port + " + RaftPeers.RAFT_PORT_OFFSET);
            }
        };
    }
}
