package io.hayloft.volume.ui;

import io.hayloft.api.wire.EcShardReport;
import io.hayloft.storage.Volume;
import io.hayloft.storage.VolumeStats;
import io.hayloft.volume.master.Reconciliation;
import io.hayloft.volume.scrub.ScrubProgress;
import io.hayloft.volume.scrub.Scrubber;
import io.hayloft.volume.store.DiskLocation;
import io.hayloft.volume.store.Store;
import io.hayloft.volume.sync.ReplicaSync;
import io.hayloft.volume.sync.SyncProgress;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The JSON of a volume server's {@code GET /ui/status}: its disks, volumes and erasure-coded shards,
 * and how far scrub and replica sync have got. Sizes are bytes, times ISO-8601.
 *
 * @param version         the software version
 * @param url             {@code ip:port} as servers reach it
 * @param publicUrl       as clients reach it
 * @param masters         the masters it heartbeats to
 * @param now             when this answer was built
 * @param volumeSizeLimit bytes at which a volume is full
 * @param disks           each data directory
 * @param volumes         each volume, ascending id
 * @param ec              erasure-coded shards held here, by volume
 * @param scrub           the background scrub
 * @param sync            replica sync
 * @param reconciliation  the last check of this server's volumes against the master's view; null before one
 */
public record VolumeOverview(String version, String url, String publicUrl, List<String> masters, String now,
                             long volumeSizeLimit, List<Disk> disks, List<VolumeView> volumes, List<EcShardReport> ec,
                             Scrub scrub, Sync sync, Reconciliation reconciliation) {

    /**
     * @param total      bytes of the file system, -1 when unreadable
     * @param used       bytes used on it, -1 when unreadable
     * @param free       bytes usable, -1 when unreadable
     * @param error      why usage is unknown, null when known
     */
    public record Disk(String dir, long total, long used, long free, int maxVolumes, int volumes, int freeSlots,
                       String error) {
    }

    public record VolumeView(int id, String collection, String replication, String ttl, String disk, long size,
                             long files, long deleted, long deletedBytes, double garbage, boolean readOnly,
                             boolean full, int compactRevision, long modifiedAtSecond) {
    }

    /**
     * @param enabled        false with {@code -scrubMBps 0}
     * @param bytesPerSecond its rate
     * @param intervalMillis its period
     * @param progress       the pass running and the last one
     */
    public record Scrub(boolean enabled, long bytesPerSecond, long intervalMillis, ScrubProgress.Snapshot progress) {
    }

    /**
     * @param enabled         false with {@code -syncIntervalSeconds 0}
     * @param intervalMillis  its period
     * @param settleMillis    the wait between its two comparisons
     * @param progress        the round running, the last one, the latest volume syncs
     */
    public record Sync(boolean enabled, long intervalMillis, long settleMillis, SyncProgress.Snapshot progress) {
    }

    /**
     * What the overview is read from; every member is thread-safe.
     *
     * @param url            this server's {@code ip:port}, once known
     * @param ecShards       the shard reports of the erasure-coded volumes held here
     * @param reconciliation the last registration check, empty before one
     */
    public record Sources(String version, Supplier<String> url, Supplier<String> publicUrl, List<String> masters, Store store,
                          Supplier<List<EcShardReport>> ecShards, Scrubber scrubber, ReplicaSync sync,
                          Supplier<Optional<Reconciliation>> reconciliation, Clock clock) {
    }

    /** Builds the overview now; reads disk usage from the file systems. Thread-safe. */
    static VolumeOverview of(Sources s) {
        List<Disk> disks = new ArrayList<>();
        List<VolumeView> volumes = new ArrayList<>();
        for (DiskLocation l : s.store().locations()) {
            List<Volume> held = List.copyOf(l.volumes());
            disks.add(disk(l, held.size()));
            for (Volume v : held) {
                volumes.add(volume(v, l.dir().toString()));
            }
        }
        volumes.sort(Comparator.comparingInt(VolumeView::id));
        return new VolumeOverview(s.version(), s.url().get(), s.publicUrl().get(), s.masters(), s.clock().instant().toString(),
                s.store().sizeLimit(), disks, volumes, s.ecShards().get(),
                new Scrub(s.scrubber().config().enabled(), s.scrubber().config().bytesPerSecond(),
                        s.scrubber().config().interval().toMillis(), s.scrubber().progress()),
                new Sync(s.sync().config().enabled(), s.sync().config().interval().toMillis(),
                        s.sync().config().settle().toMillis(), s.sync().progress()),
                s.reconciliation().get().orElse(null));
    }

    private static Disk disk(DiskLocation l, int volumes) {
        try {
            FileStore fs = Files.getFileStore(l.dir());
            long total = fs.getTotalSpace();
            return new Disk(l.dir().toString(), total, total - fs.getUnallocatedSpace(), fs.getUsableSpace(),
                    l.maxVolumes(), volumes, l.freeSlots(), null);
        } catch (IOException e) {
            return new Disk(l.dir().toString(), -1, -1, -1, l.maxVolumes(), volumes, l.freeSlots(),
                    "cannot read disk usage: " + e.getMessage());
        }
    }

    private static VolumeView volume(Volume v, String disk) {
        VolumeStats st = v.stats();
        return new VolumeView(v.id().value(), v.collection(), v.replicaPlacement().toString(), v.ttl().toString(), disk,
                st.datSize(), st.fileCount(), st.deleteCount(), st.deletedBytes(), v.garbageRatio(), v.isReadOnly(),
                v.isFull(), v.superBlock().compactionRevision(), st.lastAppendAtSeconds());
    }
}
