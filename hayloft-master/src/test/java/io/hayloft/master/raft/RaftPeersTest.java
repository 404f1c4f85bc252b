package io.hayloft.master.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.HayloftException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Finding this master in {@code -peers} whatever spelling of this host the operator used (issue 9, item 8). */
class RaftPeersTest {
    private static final List<String> LOOPBACK_GROUP = List.of("127.0.0.1:9333", "127.0.0.1:9334", "127.0.0.1:9335");

    @Test
    void aLoneMasterWithRaftPortZeroLeavesThePortToTheBind() {
        // a port picked here and bound later by gRPC could be taken by any socket in between
        RaftPeers peers = RaftPeers.derive("127.0.0.1", 0, 0, List.of());
        assertThat(peers.selfRaftPort()).isZero();
        RaftPeers bound = peers.withSelfRaftPort(41234);
        assertThat(bound.selfRaftPort()).isEqualTo(41234);
        assertThat(bound.self().getId()).isEqualTo(peers.self().getId());
        assertThat(bound.peers()).containsExactly(bound.self());
        assertThat(bound.httpAddressOf()).isEqualTo(peers.httpAddressOf());
    }

    @Test
    void findsItselfByLoopbackAddressWhenIpIsLeftAtLocalhost() {
        RaftPeers peers = RaftPeers.derive("localhost", 9334, 19334, LOOPBACK_GROUP);
        assertThat(peers.joining()).isFalse();
        assertThat(peers.peers()).hasSize(3);
        assertThat(peers.self().getId().toString()).isEqualTo("127.0.0.1_9334");
        assertThat(peers.selfHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void findsItselfByNameWhenTheListSaysLocalhost() {
        RaftPeers peers = RaftPeers.derive("127.0.0.1", 9333, 19333, List.of("localhost:9333"));
        assertThat(peers.joining()).isFalse();
        assertThat(peers.peers()).hasSize(1);
        assertThat(peers.selfHost()).isEqualTo("localhost");
    }

    @Test
    void aPortNotInTheListStillJoinsTheListedMasters() {
        RaftPeers peers = RaftPeers.derive("localhost", 9336, 19336, LOOPBACK_GROUP);
        assertThat(peers.joining()).isTrue();
        assertThat(peers.joinVia()).containsExactlyElementsOf(LOOPBACK_GROUP);
    }

    @Test
    void twoSpellingsOfThisMasterAreRefused() {
        assertThatThrownBy(() -> RaftPeers.derive("m1", 9333, 19333, List.of("localhost:9333", "127.0.0.1:9333")))
                .isInstanceOf(HayloftException.class).hasMessageContaining("names this master twice");
    }

    @Test
    void notFindingItselfAmongRemoteMastersFailsAtOnceNamingIpAndPeers() {
        // TEST-NET-3 addresses (RFC 5737) are never this host's
        assertThatThrownBy(() -> RaftPeers.derive("localhost", 9333, 19333,
                List.of("203.0.113.1:9333", "203.0.113.2:9333", "203.0.113.3:9333")))
                .isInstanceOf(HayloftException.class)
                .hasMessageContaining("-ip").hasMessageContaining("-peers");
    }
}
