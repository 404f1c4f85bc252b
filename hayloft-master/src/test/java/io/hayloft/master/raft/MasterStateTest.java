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
        assertThat(s.toBytes()).hasSize(32);
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
}
