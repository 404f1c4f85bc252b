package io.hayloft.volume.replication;
import io.hayloft.testkit.roles.FakeMaster;

import static org.assertj.core.api.Assertions.assertThat;

import io.hayloft.api.VolumeId;
import io.hayloft.testkit.MutableClock;
import io.hayloft.volume.master.MasterClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReplicaLocatorTest {
    FakeMaster master;
    MasterClient masterClient;
    MutableClock clock;
    ReplicaLocator locator;

    @BeforeEach
    void start() throws Exception {
        master = new FakeMaster();
        master.replicas.put(4, List.of("self:1", "peer:2", "peer:3"));
        clock = new MutableClock(Instant.parse("2024-01-01T00:00:00Z"));
        masterClient = new MasterClient(List.of(master.address()), Duration.ofSeconds(2));
        locator = new ReplicaLocator(masterClient, () -> "self:1", clock,
                Duration.ofMinutes(1));
    }

    @AfterEach
    void stop() {
        masterClient.close();
        master.close();
    }

    @Test
    void answersTheOtherReplicasWithoutItself() {
        assertThat(locator.peers(VolumeId.of(4))).containsExactly("peer:2", "peer:3");
    }

    @Test
    void cachesUntilInvalidatedOrTooOld() {
        locator.peers(VolumeId.of(4));
        locator.peers(VolumeId.of(4));
        assertThat(master.lookups.get()).isEqualTo(1);
        locator.invalidate(VolumeId.of(4));
        locator.peers(VolumeId.of(4));
        assertThat(master.lookups.get()).isEqualTo(2);
        clock.advance(Duration.ofMinutes(2));
        master.replicas.put(4, List.of("self:1", "peer:9"));
        assertThat(locator.peers(VolumeId.of(4))).containsExactly("peer:9");
        assertThat(master.lookups.get()).isEqualTo(3);
    }
}
