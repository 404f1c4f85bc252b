package io.hayloft.master.testing;

import io.hayloft.api.wire.Heartbeat;
import io.hayloft.api.wire.VolumeReport;
import java.util.List;

/** Builders for heartbeats and volume reports in tests. */
public final class Heartbeats {
    private Heartbeats() {
    }

    public static Heartbeat of(String dc, String rack, int port, int max, List<VolumeReport> volumes) {
        return new Heartbeat(0, "127.0.0.1", port, "localhost:" + port, dc, rack, max, 0, volumes);
    }

    public static VolumeReport volume(int id, String collection, String replication, long size) {
        return new VolumeReport(id, collection, size, 0, 0, 0, replication, "", false, 0, 0);
    }
}
