package io.hayloft.filer.partition;

import io.hayloft.filer.store.FilerStore;
import io.hayloft.filer.store.FilerStoreConformanceTest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The {@link FilerStore} contract, met by 4 partitions on 3 filer servers (a reopen restarts every server). */
class PartitionedFilerStoreConformanceTest extends FilerStoreConformanceTest {
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

    @TempDir
    Path dir;
    private PartitionCluster cluster;

    @Override
    protected FilerStore openStore() {
        cluster = PartitionCluster.start(dir, 3, 4, PartitionCluster.TUNING);
        return cluster.store(CLOCK, cluster.nodes().getFirst()); // in process where filer1 leads, forwarded elsewhere
    }

    @Override
    protected FilerStore reopenStore() {
        store.close();
        for (String node : cluster.nodes()) {
            cluster.stop(node);
        }
        for (String node : cluster.nodes()) {
            cluster.restart(node);
        }
        cluster.awaitLeaders();
        return cluster.store(CLOCK, cluster.nodes().getFirst()); // in process where filer1 leads, forwarded elsewhere
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }
}
