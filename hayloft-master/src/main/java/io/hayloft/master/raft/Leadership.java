package io.hayloft.master.raft;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import java.util.List;
import java.util.Optional;

/**
 * Who leads the master group. Leader-only endpoints call {@link #checkLeader()}; a follower can
 * use {@link #leaderHttpAddress()} to send the caller (or proxy the call) to the leader.
 * Implementations are thread-safe.
 */
public interface Leadership {
    /** True when this master leads and its leadership is ready to serve writes. */
    boolean isLeader();

    /** The leader's HTTP {@code host:port}, if a leader is known. */
    Optional<String> leaderHttpAddress();

    /** This master's HTTP {@code host:port}. */
    String selfHttpAddress();

    /** Every master's HTTP {@code host:port}, this one included. */
    List<String> peerHttpAddresses();

    /**
     * Returns normally when this master may serve a leader-only call.
     *
     * @throws HayloftException {@code UNAVAILABLE} (503 with Retry-After) naming the leader if known
     */
    default void checkLeader() {
        if (!isLeader()) {
            throw new HayloftException(ErrorCode.UNAVAILABLE, leaderHttpAddress()
                    .map(l -> "not the leader; the leader is " + l)
                    .orElse("no leader elected yet; retry shortly"));
        }
    }
}
