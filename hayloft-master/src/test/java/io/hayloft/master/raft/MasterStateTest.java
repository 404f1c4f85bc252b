package io.hayloft.master.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MasterStateTest {

    @Test
    void allocatesVolumeIdsInOrder() {
        MasterState.Applied a = MasterState.INITIAL.apply(MasterCommand.allocateVolumeId());
        MasterState.Applied b = a.state().apply(MasterCommand.allocateVolumeId());
        assertThat(a.reply()).isEqualTo(1);
        assertThat(b.reply()).isEqualTo(2);
        assertThat(b.state().maxVolumeId()).isEqualTo(2);
    }

    @Test
    void reservesKeyBlocksAboveTheCeiling() {
        MasterState.Applied first = MasterState.INITIAL.apply(MasterCommand.reserveKeyBlock(10_000));
        MasterState.Applied second = first.state().apply(MasterCommand.reserveKeyBlock(10_000));
        assertThat(first.reply()).isEqualTo(1);
        assertThat(second.reply()).isEqualTo(10_001);
        assertThat(second.state().keyCeiling()).isEqualTo(20_000);
    }

    @Test
    void raisingNeverLowersTheCeilingOrMaxVolumeId() {
        MasterState s = new MasterState(7, 500, 3);
        assertThat(s.apply(MasterCommand.raiseKeyCeiling(100)).state().keyCeiling()).isEqualTo(500);
        assertThat(s.apply(MasterCommand.raiseKeyCeiling(900)).state().keyCeiling()).isEqualTo(900);
        assertThat(s.apply(MasterCommand.raiseVolumeId(3)).state().maxVolumeId()).isEqualTo(7);
        assertThat(s.apply(MasterCommand.raiseVolumeId(12)).state().maxVolumeId()).isEqualTo(12);
    }

    @Test
    void refusesVolumeIdsPastTheMaximum() {
        MasterState.Applied a = new MasterState(Integer.MAX_VALUE, 0, 0).apply(MasterCommand.allocateVolumeId());
        assertThat(a.reply()).isEqualTo(-1);
        assertThat(a.state().maxVolumeId()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void nodeIdsIncrease() {
        MasterState.Applied a = MasterState.INITIAL.apply(MasterCommand.nextNodeId());
        assertThat(a.reply()).isEqualTo(1);
        assertThat(a.state().apply(MasterCommand.nextNodeId()).reply()).isEqualTo(2);
    }

    @Test
    void snapshotBytesRoundTrip() {
        MasterState s = new MasterState(42, 123_456_789L, 9);
        assertThat(java.nio.ByteBuffer.wrap(s.toBytes()).getInt(4)).isEqualTo(MasterState.VERSION);
        assertThat(MasterState.fromBytes(s.toBytes())).isEqualTo(s);
    }

    @Test
    void rejectsSnapshotWithWrongMagic() {
        byte[] bytes = new MasterState(1, 2, 3).toBytes();
        bytes[0] = 0;
        assertThatThrownBy(() -> MasterState.fromBytes(bytes)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a master snapshot");
    }

    @Test
    void commandsRoundTripThroughTheLogForm() {
        MasterCommand c = MasterCommand.reserveKeyBlock(10_000);
        assertThat(MasterCommand.decode(c.encode())).isEqualTo(c);
        assertThatThrownBy(() -> MasterCommand.decode(new byte[] {99, 0, 0, 0, 0, 0, 0, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void registerNodeHandsOutTheNextIdAndRecordsItsAddress() {
        MasterState.Applied a = MasterState.INITIAL.apply(MasterCommand.nextNodeId());
        MasterState.Applied b = a.state().apply(MasterCommand.registerNode("10.0.0.7:8080"));
        assertThat(b.reply()).isEqualTo(2);
        assertThat(b.state().lastNodeId()).isEqualTo(2);
        assertThat(b.state().nodes()).containsExactly(java.util.Map.entry(2L, "10.0.0.7:8080"));
        assertThat(b.state().apply(MasterCommand.allocateVolumeId()).state().nodes()).isEqualTo(b.state().nodes());
    }

    @Test
    void registryRoundTripsThroughTheSnapshotAndVersionOneStillReads() {
        MasterState s = MasterState.INITIAL.apply(MasterCommand.registerNode("a:1")).state()
                .apply(MasterCommand.registerNode("höst:8080")).state();
        assertThat(MasterState.fromBytes(s.toBytes())).isEqualTo(s);
        byte[] v1 = java.nio.ByteBuffer.allocate(32).putInt(MasterState.MAGIC).putInt(1)
                .putLong(5).putLong(600).putLong(7).array();
        assertThat(MasterState.fromBytes(v1)).isEqualTo(new MasterState(5, 600, 7));
        byte[] cut = java.util.Arrays.copyOf(s.toBytes(), s.toBytes().length - 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MasterState.fromBytes(cut))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void registerNodeCommandRoundTripsAndRejectsBadForms() {
        MasterCommand c = MasterCommand.registerNode("127.0.0.1:8080");
        assertThat(MasterCommand.decode(c.encode())).isEqualTo(c);
        byte[] bytes = c.encode();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> MasterCommand.decode(java.util.Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new MasterCommand(MasterCommand.Kind.REGISTER_NODE, 0, ""))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
