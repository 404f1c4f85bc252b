package io.hayloft.storage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultPointsTest {
    @AfterEach
    void disarm() {
        FaultPoints.disarmAll();
    }

    @Test
    void anUnarmedPointDoesNothing() {
        FaultPoints.hit("nothing.here");
        FaultPoints.arm("other", SimulatedCrash.action());
        FaultPoints.hit("nothing.here");
    }

    @Test
    void anArmedPointRunsItsActionUntilDisarmed() {
        List<String> hits = new ArrayList<>();
        FaultPoints.arm("a", hits::add);
        FaultPoints.hit("a");
        FaultPoints.hit("b");
        FaultPoints.disarm("a");
        FaultPoints.hit("a");
        assertThat(hits).containsExactly("a");
    }

    @Test
    void aCrashActionThrowsAnErrorNamingThePoint() {
        FaultPoints.arm(CompactionStep.MID_SWITCH.faultPoint(), SimulatedCrash.action());
        assertThatThrownBy(CompactionStep.MID_SWITCH::hit).isInstanceOf(SimulatedCrash.class)
                .hasMessageContaining("compaction.midSwitch");
    }
}
