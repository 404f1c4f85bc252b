package io.hayloft.master.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.ratis.util.SizeInBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterRaftTest {
    private static final MasterRaft.Tuning SMALL = new MasterRaft.Tuning(20, SizeInBytes.valueOf("4KB"),
            Duration.ofSeconds(1), Duration.ofSeconds(2));

    @TempDir
    Path dir;

    private MasterRaft start() {
        return MasterRaft.start(RaftPeers.derive("127.0.0.1", 0, 0, List.of()), "127.0.0.1", dir, SMALL, Duration.ofSeconds(30));
    }

    @Test
    void raftPortZeroIsTheBoundPortAndEveryRestartBindsAfresh() throws IOException {
        int first;
        try (MasterRaft raft = start()) {
            first = raft.raftPort();
            assertThat(first).isPositive();
            assertThat(raft.nextVolumeId().value()).isEqualTo(1);
            try (Socket s = new Socket("127.0.0.1", first)) {
                assertThat(s.isConnected()).as("gRPC listens on the reported port").isTrue();
            }
        }
        // a restart binds whatever port is free then, itself, and its client reaches it there
        try (MasterRaft raft = start()) {
            assertThat(raft.raftPort()).isPositive();
            assertThat(raft.nextVolumeId().value()).isEqualTo(2);
        }
    }

    @Test
    void restartRestoresStateFromSnapshotAndNeverReissuesIds() {
        long lastVolume;
        long lastBlock;
        try (MasterRaft raft = start()) {
            assertThat(raft.isLeader()).isTrue();
            for (int i = 0; i < 60; i++) {
                raft.nextVolumeId();
            }
            lastVolume = raft.nextVolumeId().value();
            lastBlock = raft.reserveKeyBlock(10_000);
            raft.raiseKeyCeiling(1_000_000);
        }
        try (MasterRaft raft = start()) {
            assertThat(raft.state().maxVolumeId()).isEqualTo(lastVolume);
            assertThat(raft.state().keyCeiling()).isEqualTo(1_000_000);
            assertThat(raft.nextVolumeId().value()).isEqualTo(lastVolume + 1);
            assertThat(raft.reserveKeyBlock(10_000)).isGreaterThan(lastBlock + 9_999).isEqualTo(1_000_001);
        }
    }

    @Test
    void snapshotsPurgeTheLog() throws IOException {
        try (MasterRaft raft = start()) {
            for (int i = 0; i < 300; i++) {
                raft.registerNode("10.0.0." + (i % 250) + ":" + (8000 + i));
            }
        }
        Path group = dir.resolve(RaftPeers.GROUP_ID.getUuid().toString());
        try (Stream<Path> files = Files.walk(group)) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertThat(names).anyMatch(n -> n.startsWith("snapshot."));
            assertThat(names).noneMatch(n -> n.startsWith("log_0-"));
        }
        try (MasterRaft raft = start()) {
            assertThat(raft.state().lastNodeId()).isEqualTo(300);
            // the node registry came back from the snapshot (the log before it is gone)
            assertThat(raft.state().nodes()).hasSize(300).containsEntry(300L, "10.0.0.49:8299");
            assertThat(raft.nextNodeId()).isEqualTo(301);
        }
    }

    @Test
    void derivesPeerIdsAndRaftPortsFromTheMasterList() {
        RaftPeers peers = RaftPeers.derive("m2", 9333, 0, List.of("m1:9333", "m2:9333", "m3:9333"));
        assertThat(peers.peers()).hasSize(3);
        assertThat(peers.self().getId().toString()).isEqualTo("m2_9333");
        assertThat(peers.self().getAddress()).isEqualTo("m2:19333");
        assertThat(peers.httpAddressOf()).containsValues("m1:9333", "m2:9333", "m3:9333");
    }
}
