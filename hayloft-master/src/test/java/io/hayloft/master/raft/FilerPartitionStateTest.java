package io.hayloft.master.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.wire.PartitionTable;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilerPartitionStateTest {
    private static final PartitionTable TABLE = new PartitionTable(0,
            List.of(new PartitionTable.FilerNode(1, "127.0.0.1:1001", "127.0.0.1:8001", "dc1", "r1"),
                    new PartitionTable.FilerNode(2, "127.0.0.1:1002", "", "dc1", "r2"),
                    new PartitionTable.FilerNode(3, "127.0.0.1:1003", "", "", "")),
            List.of(new PartitionTable.Partition(0, List.of(1L, 2L, 3L), 2, 5),
                    new PartitionTable.Partition(1, List.of(3L, 1L, 2L), 0, 0)));

    @Test
    void putFilerPartitionsCommitsOnlyOnTheExpectedVersion() {
        MasterState.Applied first = MasterState.INITIAL.apply(MasterCommand.putFilerPartitions(0, TABLE));
        assertThat(first.reply()).isEqualTo(1);
        assertThat(first.state().filerPartitions()).isEqualTo(TABLE.withVersion(1));

        MasterState.Applied stale = first.state().apply(MasterCommand.putFilerPartitions(0, TABLE.withPartitions(List.of())));
        assertThat(stale.reply()).isEqualTo(-1);
        assertThat(stale.state()).isSameAs(first.state());
    }

    @Test
    void otherCommandsKeepTheFilerPartitions() {
        MasterState s = MasterState.INITIAL.apply(MasterCommand.putFilerPartitions(0, TABLE)).state();
        for (MasterCommand c : List.of(MasterCommand.allocateVolumeId(), MasterCommand.reserveKeyBlock(10),
                MasterCommand.raiseKeyCeiling(99), MasterCommand.nextNodeId(), MasterCommand.raiseVolumeId(7),
                MasterCommand.registerNode("10.0.0.1:8080"))) {
            s = s.apply(c).state();
        }
        assertThat(s.filerPartitions()).isEqualTo(TABLE.withVersion(1));
    }

    @Test
    void snapshotKeepsTheFilerPartitions() {
        MasterState s = MasterState.INITIAL.apply(MasterCommand.registerNode("10.0.0.1:8080")).state()
                .apply(MasterCommand.putFilerPartitions(0, TABLE)).state();
        assertThat(MasterState.fromBytes(s.toBytes())).isEqualTo(s);
    }

    @Test
    void versionTwoSnapshotReadsWithNoFilerPartitions() {
        byte[] v2 = ByteBuffer.allocate(36).putInt(MasterState.MAGIC).putInt(2).putLong(5).putLong(600).putLong(7)
                .putInt(0).array();
        MasterState s = MasterState.fromBytes(v2);
        assertThat(s).isEqualTo(new MasterState(5, 600, 7));
        assertThat(s.filerPartitions()).isEqualTo(PartitionTable.EMPTY);
    }

    @Test
    void snapshotWithATruncatedOrLyingTableLengthIsRefused() {
        byte[] good = MasterState.INITIAL.apply(MasterCommand.putFilerPartitions(0, TABLE)).state().toBytes();
        byte[] cut = java.util.Arrays.copyOf(good, good.length - 3);
        assertThatThrownBy(() -> MasterState.fromBytes(cut)).isInstanceOf(IllegalArgumentException.class);
        byte[] lying = good.clone();
        ByteBuffer.wrap(lying).putInt(36, Integer.MAX_VALUE);
        assertThatThrownBy(() -> MasterState.fromBytes(lying)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("filer partition table");
    }

    @Test
    void putFilerPartitionsRoundTripsThroughTheLogForm() {
        MasterCommand c = MasterCommand.putFilerPartitions(4, TABLE);
        assertThat(MasterCommand.decode(c.encode())).isEqualTo(c);
    }

    @Test
    void logEntryWithABadTableIsRefused() {
        byte[] bytes = MasterCommand.putFilerPartitions(0, TABLE).encode();
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 1);
        assertThatThrownBy(() -> MasterCommand.decode(truncated)).isInstanceOf(IllegalArgumentException.class);
        byte[] junk = ByteBuffer.allocate(9 + 4 + 3).put((byte) 7).putLong(0).putInt(3).put("{x}".getBytes()).array();
        assertThatThrownBy(() -> MasterCommand.decode(junk)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad table");
    }

    @Test
    void tableRefusesAReplicaOnAnUnknownServerOrTwiceOnOne() {
        assertThatThrownBy(() -> TABLE.withPartition(new PartitionTable.Partition(1, List.of(1L, 9L, 2L), 0, 0)))
                .hasMessageContaining("unknown filer server 9");
        assertThatThrownBy(() -> new PartitionTable.Partition(1, List.of(1L, 1L, 2L), 0, 0))
                .hasMessageContaining("two replicas on one server");
    }
}
