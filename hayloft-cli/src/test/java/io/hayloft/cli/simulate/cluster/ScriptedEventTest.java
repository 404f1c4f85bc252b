package io.hayloft.cli.simulate.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hayloft.api.HayloftException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScriptedEventTest {
    @Test
    void parsesEveryActionAndSortsByTime() {
        var events = ScriptedEvent.parseAll("2m:revive-masters, 90s:kill-leader,500ms:kill-servers=5,"
                + "1.5s:kill-rack=rack3,10:revive-servers");

        assertThat(events).containsExactly(
                new ScriptedEvent(Duration.ofMillis(500), ScriptedEvent.Action.KILL_SERVERS, "5"),
                new ScriptedEvent(Duration.ofMillis(1500), ScriptedEvent.Action.KILL_RACK, "rack3"),
                new ScriptedEvent(Duration.ofSeconds(10), ScriptedEvent.Action.REVIVE_SERVERS, ""),
                new ScriptedEvent(Duration.ofSeconds(90), ScriptedEvent.Action.KILL_LEADER, ""),
                new ScriptedEvent(Duration.ofMinutes(2), ScriptedEvent.Action.REVIVE_MASTERS, ""));
    }

    @Test
    void noTextIsNoEvent() {
        assertThat(ScriptedEvent.parseAll("")).isEmpty();
        assertThat(ScriptedEvent.parseAll(null)).isEmpty();
    }

    @Test
    void badEventsAreRefusedNamingThem() {
        assertThatThrownBy(() -> ScriptedEvent.parseAll("kill-leader")).isInstanceOf(HayloftException.class)
                .hasMessageContaining("TIME:ACTION");
        assertThatThrownBy(() -> ScriptedEvent.parseAll("5s:explode")).hasMessageContaining("unknown action 'explode'");
        assertThatThrownBy(() -> ScriptedEvent.parseAll("5s:kill-servers")).hasMessageContaining("needs =ARG");
        assertThatThrownBy(() -> ScriptedEvent.parseAll("5s:kill-servers=x")).hasMessageContaining("count");
        assertThatThrownBy(() -> ScriptedEvent.parseAll("5s:kill-servers=0")).hasMessageContaining("positive");
        assertThatThrownBy(() -> ScriptedEvent.parseAll("5s:kill-leader=1")).hasMessageContaining("takes no argument");
        assertThatThrownBy(() -> ScriptedEvent.parseAll("soon:kill-leader")).hasMessageContaining("bad time 'soon'");
    }
}
