package io.hayloft.volume.store;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.VolumeReport;
import io.hayloft.storage.Volume;
import io.hayloft.storage.VolumeFiles;
import io.hayloft.storage.VolumeOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every volume of a volume server, across its data directories ({@link DiskLocation}s). Finds a
 * volume by id, allocates new ones in the directory with the most free slots, mounts volumes copied
 * from other servers, deletes them, keeps persistent read-only marks, and applies the master's
 * volume size limit to all of them: the store enforces the limit itself, so a fid forged without
 * asking the master cannot overfill a volume.
 *
 * <p>Thread-safe. Methods that touch disk block: call them from virtual threads, never an event loop.
 */
public final class Store implements AutoCloseable {
    /** Size limit used until the master has answered a heartbeat (SeaweedFS's 30000 MiB default). */
    public static final long DEFAULT_SIZE_LIMIT = VolumeOptions.DEFAULT_SIZE_LIMIT;

    private static final Logger LOG = LoggerFactory.getLogger(Store.class);

    private final List<DiskLocation> locations;
    private final AtomicLong sizeLimit;
    private final boolean fsync;
    private final Clock clock;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** When each expired volume was first seen expired (the start of its grace period). */
    private final Map<VolumeId, Instant> expiredSince = new ConcurrentHashMap<>();

    private Store(List<DiskLocation> locations, long sizeLimit, boolean fsync, Clock clock) {
        this.locations = List.copyOf(locations);
        this.sizeLimit = new AtomicLong(sizeLimit);
        this.fsync = fsync;
        this.clock = clock;
    }

    /**
     * Opens every volume in every directory, in parallel on virtual threads. A volume that fails to
     * open is logged and skipped; a volume id found in two directories is kept once.
     *
     * @param dirs       data directories, created if missing
     * @param maxVolumes slots per directory, same length as {@code dirs}; 0 sizes a directory's
     *                   slots from its free space ({@link DiskLocation#sizeSlots})
     * @param sizeLimit  initial volume size limit in bytes
     * @param fsync      fsync each write before acknowledging it
     * @param clock      time source handed to every volume
     * @return the loaded store
     * @throws java.io.UncheckedIOException if a directory cannot be created or listed
     */
    public static Store load(List<Path> dirs, List<Integer> maxVolumes, long sizeLimit, boolean fsync,
                             Clock clock) {
        HayloftException.checkArgument(dirs.size() == maxVolumes.size(), "one slot count per directory is required");
        List<DiskLocation> locations = new ArrayList<>();
        for (int i = 0; i < dirs.size(); i++) {
            locations.add(new DiskLocation(dirs.get(i), maxVolumes.get(i)));
        }
        Store store = new Store(locations, sizeLimit, fsync, clock);
        store.loadAll();
        store.locations.forEach(l -> l.sizeSlots(store.sizeLimit()));
        return store;
    }

    private void loadAll() {
        VolumeOptions options = options();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Boolean>> loads = new ArrayList<>();
            for (DiskLocation location : locations) {
                location.removeCopyLeftovers();
                for (VolumeFiles.VolumeName name : location.scan()) {
                    loads.add(pool.submit(() -> location.load(name, options)));
                }
            }
            long opened = loads.stream().filter(Store::succeeded).count();
            LOG.info("loaded {} of {} volumes from {} directories", opened, loads.size(), locations.size());
        }
        dropDuplicatesAcrossLocations();
    }

    private static boolean succeeded(Future<Boolean> f) {
        try {
            return f.get();
        } catch (Exception e) {
            return false;
        }
    }

    private void dropDuplicatesAcrossLocations() {
        Set<VolumeId> seen = new HashSet<>();
        for (DiskLocation location : locations) {
            for (Volume v : List.copyOf(location.volumes())) {
                if (!seen.add(v.id())) {
                    LOG.warn("volume {} found again in {}: ignoring this copy", v.id(), location.dir());
                    location.remove(v.id()).ifPresent(Volume::close);
                }
            }
        }
    }

    private VolumeOptions options() {
        return VolumeOptions.defaults().withSizeLimit(sizeLimit.get()).withFsync(fsync).withClock(clock);
    }

    /** The volume with this id, if this server holds it. */
    public Optional<Volume> find(VolumeId id) {
        for (DiskLocation location : locations) {
            Optional<Volume> v = location.find(id);
            if (v.isPresent()) {
                return v;
            }
        }
        return Optional.empty();
    }

    /**
     * The volume with this id.
     *
     * @throws HayloftException {@code NOT_FOUND} when this server does not hold it
     */
    public Volume volume(VolumeId id) {
        return find(id).orElseThrow(() -> HayloftException.notFound("volume " + id + " not found on this server"));
    }

    /**
     * Creates a new empty volume in the directory with the most free slots. Blocking.
     *
     * @return the new volume, already carrying the current size limit
     * @throws HayloftException {@code CONFLICT} when the id exists here; {@code NOT_ACCEPTABLE} when no
     *                          directory has a free slot
     */
    public synchronized Volume allocate(VolumeId id, String collection, ReplicaPlacement placement, Ttl ttl) {
        DiskLocation target = locationForNew(id);
        Volume v = target.create(collection, id, placement, ttl, options());
        LOG.info("allocated volume {} (collection '{}', replication {}, ttl '{}') in {}",
                id, collection, placement, ttl, target.dir());
        return v;
    }

    /**
     * Deletes a volume, its files and its read-only marker. Blocking.
     *
     * @throws HayloftException {@code NOT_FOUND} when this server does not hold it
     */
    public synchronized void delete(VolumeId id) {
        for (DiskLocation location : locations) {
            if (location.destroy(id).isPresent()) {
                LOG.info("deleted volume {} from {}", id, location.dir());
                return;
            }
        }
        throw HayloftException.notFound("volume " + id + " not found on this server");
    }

    /**
     * The directory a new volume {@code id} would go to: the one with the most free slots (the
     * rule {@link #allocate} follows), for a volume copy to write its files into.
     *
     * @return the directory (of one of {@link #locations()})
     * @throws HayloftException {@code CONFLICT} when the id is held here; {@code NOT_ACCEPTABLE} when no
     *                          directory has a free slot
     */
    public synchronized Path dirForNewVolume(VolumeId id) {
        return locationForNew(id).dir();
    }

    private DiskLocation locationForNew(VolumeId id) {
        if (find(id).isPresent()) {
            throw new HayloftException(ErrorCode.CONFLICT, "volume " + id + " already exists on this server");
        }
        return locations.stream()
                .max(Comparator.comparingInt(DiskLocation::freeSlots))
                .filter(l -> l.freeSlots() > 0)
                .orElseThrow(() -> new HayloftException(ErrorCode.NOT_ACCEPTABLE,
                        "no free volume slot left on this server (" + maxVolumeCount() + " slots, all used)"));
    }

    /**
     * Opens the volume whose {@code .dat} and {@code .idx} were just put in {@code dir} (one of
     * {@link #locations()}, as {@link #dirForNewVolume} chose) and serves it from now on, with the
     * current size limit, read-only if its marker says so. Blocking (recovery reads the index).
     *
     * @return the open volume
     * @throws HayloftException {@code BAD_REQUEST} when {@code dir} is not a data directory of this store;
     *                          {@code CONFLICT} when the id is held here; {@code NOT_ACCEPTABLE} when the
     *                          directory has no free slot; {@code NOT_FOUND} or {@code CORRUPT} when the files
     *                          are missing or unreadable (they are left as they are)
     */
    public synchronized Volume mount(Path dir, String collection, VolumeId id) {
        Path normalized = dir.toAbsolutePath().normalize();
        DiskLocation target = locations.stream().filter(l -> l.dir().equals(normalized)).findFirst()
                .orElseThrow(() -> HayloftException.badRequest(dir + " is not a data directory of this server"));
        if (find(id).isPresent()) {
            throw new HayloftException(ErrorCode.CONFLICT, "volume " + id + " already exists on this server");
        }
        Volume v = target.mount(collection, id, options());
        LOG.info("mounted volume {} (collection '{}', {} bytes) in {}", id, collection, v.stats().datSize(),
                target.dir());
        return v;
    }

    /**
     * Marks a volume read-only ({@code true}) or writable again, persistently: a
     * {@code <base>.readonly} file next to its {@code .dat} keeps the mark across restarts. Blocking.
     *
     * @throws HayloftException    {@code NOT_FOUND} when this server does not hold the volume
     * @throws java.io.UncheckedIOException if the marker cannot be written or removed (nothing changes)
     */
    public synchronized void markReadOnly(VolumeId id, boolean readOnly) {
        for (DiskLocation location : locations) {
            if (location.find(id).isPresent()) {
                location.markReadOnly(id, readOnly);
                LOG.info("volume {} marked {}", id, readOnly ? "read-only" : "writable");
                return;
            }
        }
        throw HayloftException.notFound("volume " + id + " not found on this server");
    }

    /** Deletes every volume whose TTL has run out, at once; see {@link #deleteExpired(Duration)}. */
    public List<VolumeId> deleteExpired() {
        return deleteExpired(Duration.ZERO);
    }

    /**
     * Deletes every volume whose TTL has run out (its newest needle has expired) and that has been
     * seen expired for at least {@code grace} on this store's clock. Until then the volume stays on
     * disk and is reported read-only, so the master assigns no new writes to it. Blocking.
     *
     * @return the ids deleted
     */
    public List<VolumeId> deleteExpired(Duration grace) {
        List<VolumeId> deleted = new ArrayList<>();
        Instant now = clock.instant();
        for (Volume v : volumes()) {
            if (!v.isExpired()) {
                expiredSince.remove(v.id());
                continue;
            }
            Instant since = expiredSince.computeIfAbsent(v.id(), id -> now);
            if (!since.plus(grace).isAfter(now)) {
                expiredSince.remove(v.id());
                try {
                    delete(v.id());
                    deleted.add(v.id());
                } catch (RuntimeException e) {
                    LOG.warn("cannot delete expired volume {}", v.id(), e);
                }
            }
        }
        return deleted;
    }

    /**
     * Applies a new volume size limit to every volume, now and for volumes allocated later. The value
     * is clamped to what a volume supports; zero or negative (a master that sent none) is ignored.
     */
    public void applySizeLimit(long bytes) {
        if (bytes <= 0) {
            return;
        }
        long limit = Math.clamp(bytes, Volume.MIN_SIZE_LIMIT, Volume.MAX_SIZE);
        if (sizeLimit.getAndSet(limit) == limit) {
            return;
        }
        for (Volume v : volumes()) {
            v.setSizeLimit(limit);
        }
        locations.forEach(l -> l.sizeSlots(limit));
        LOG.info("volume size limit is now {} bytes", limit);
    }

    /** The volume size limit in force, bytes. */
    public long sizeLimit() {
        return sizeLimit.get();
    }

    /** A snapshot of every volume held, ordered by id. */
    public List<Volume> volumes() {
        List<Volume> all = new ArrayList<>();
        for (DiskLocation location : locations) {
            all.addAll(location.volumes());
        }
        all.sort(Comparator.comparing(Volume::id));
        return all;
    }

    public List<DiskLocation> locations() {
        return locations;
    }

    /** Volume slots across every directory. */
    public int maxVolumeCount() {
        return locations.stream().mapToInt(DiskLocation::maxVolumes).sum();
    }

    /** Largest needle key in any volume (0 when empty): the master's sequencer must stay above it. */
    public long maxFileKey() {
        return volumes().stream().mapToLong(v -> v.stats().maxKey()).max().orElse(0);
    }

    /** One heartbeat report per volume, ordered by id. */
    public List<VolumeReport> reports() {
        List<VolumeReport> reports = new ArrayList<>();
        for (Volume v : volumes()) {
            reports.add(report(v));
        }
        return reports;
    }

    /** The heartbeat report of one volume. */
    public static VolumeReport report(Volume v) {
        var stats = v.stats();
        return new VolumeReport(v.id().value(), v.collection(), stats.datSize(), stats.fileCount(),
                stats.deleteCount(), stats.deletedBytes(), v.replicaPlacement().toString(), v.ttl().toString(),
                v.isReadOnly() || v.isFull() || v.isExpired(), v.superBlock().compactionRevision(), stats.lastAppendAtSeconds());
    }

    /** Closes (flushes) every volume; idempotent. Failures are logged so every volume gets its turn. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (Volume v : volumes()) {
            try {
                v.close();
            } catch (RuntimeException e) {
                LOG.warn("closing volume {} failed", v.id(), e);
            }
        }
    }
}
