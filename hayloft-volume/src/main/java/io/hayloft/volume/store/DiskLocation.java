package io.hayloft.volume.store;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;
import io.hayloft.storage.Volume;
import io.hayloft.storage.VolumeFiles;
import io.hayloft.storage.VolumeOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One data directory of a volume server and the volumes in it, with a fixed number of volume slots
 * ({@code -max}). Thread-safe: the volume map is concurrent and slot accounting is synchronized.
 *
 * <p>Besides each volume's {@code <base>.dat} and {@code <base>.idx} the directory may hold:
 * <ul>
 *   <li>{@code <base>.readonly}: an empty file marking the volume read-only across restarts
 *       ({@link #READ_ONLY_MARKER}, written by {@link Store#markReadOnly});</li>
 *   <li>{@code <base>.idx.copying}, {@code <base>.dat.copying}: a volume copy in progress
 *       ({@link #COPYING}); leftovers of an interrupted copy are removed at load.</li>
 * </ul>
 */
public final class DiskLocation {
    /** Suffix of a file a volume copy is writing: {@code <base>.idx.copying}, {@code <base>.dat.copying}. */
    public static final String COPYING = ".copying";
    /** Extension of the marker that keeps a volume read-only across restarts. */
    public static final String READ_ONLY_MARKER = ".readonly";

    private static final Logger LOG = LoggerFactory.getLogger(DiskLocation.class);

    /** Fewest slots an automatically sized directory gets, whatever its free space. */
    public static final int MIN_AUTO_SLOTS = 64;
    /** Most slots a directory may have. */
    public static final int MAX_SLOTS = 100_000;

    private final Path dir;
    private final int configuredMax;
    private volatile int maxVolumes;
    private final ConcurrentMap<VolumeId, Volume> volumes = new ConcurrentHashMap<>();

    /**
     * @param dir        the directory; created if missing
     * @param maxVolumes volume slots in it; 0 sizes them from the free space ({@link #sizeSlots})
     * @throws UncheckedIOException if the directory cannot be created
     */
    public DiskLocation(Path dir, int maxVolumes) {
        this.dir = dir.toAbsolutePath().normalize();
        this.configuredMax = maxVolumes;
        this.maxVolumes = maxVolumes > 0 ? maxVolumes : MIN_AUTO_SLOTS;
        try {
            Files.createDirectories(this.dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + this.dir, e);
        }
    }

    /**
     * Lists the volumes stored in this directory by their {@code .dat} files.
     *
     * @return the names of every parseable {@code .dat} file, in no particular order
     * @throws UncheckedIOException if the directory cannot be listed
     */
    public List<VolumeFiles.VolumeName> scan() {
        List<VolumeFiles.VolumeName> found = new ArrayList<>();
        try (var files = Files.list(dir)) {
            files.filter(Files::isRegularFile)
                    .map(p -> VolumeFiles.parse(p.getFileName().toString()))
                    .flatMap(Optional::stream)
                    .forEach(found::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return found;
    }

    /**
     * Deletes every {@code *.copying} file: leftovers of a volume copy interrupted by a crash (a
     * copy in progress is never running while the directory loads).
     *
     * @return how many files were removed
     * @throws UncheckedIOException if the directory cannot be listed or a file cannot be deleted
     */
    public int removeCopyLeftovers() {
        int removed = 0;
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(COPYING)).toList()) {
                if (Files.deleteIfExists(p)) {
                    LOG.warn("removed {}: left by an interrupted volume copy", p);
                    removed++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove volume copy leftovers in " + dir, e);
        }
        return removed;
    }

    /**
     * Opens one scanned volume and adds it, read-only if its marker exists. Blocking (crash
     * recovery may read the whole index).
     *
     * @return true when opened; false when it failed (logged) or its id is already present here
     */
    public boolean load(VolumeFiles.VolumeName name, VolumeOptions options) {
        try {
            Volume v = open(name.collection(), name.id(), options);
            if (volumes.putIfAbsent(v.id(), v) != null) {
                LOG.warn("volume {} appears twice in {}: keeping the first, skipping collection '{}'",
                        name.id(), dir, name.collection());
                v.close();
                return false;
            }
            return true;
        } catch (RuntimeException e) {
            LOG.error("cannot open volume {} (collection '{}') in {}: skipped", name.id(), name.collection(), dir, e);
            return false;
        }
    }

    /**
     * Creates a new empty volume in this directory (writable: a stale read-only marker is removed).
     *
     * @return the open volume
     * @throws HayloftException {@code NOT_ACCEPTABLE} when no slot is free; {@code CONFLICT} when its files exist
     */
    public synchronized Volume create(String collection, VolumeId id, ReplicaPlacement placement, Ttl ttl,
                                      VolumeOptions options) {
        if (freeSlots() <= 0) {
            throw new HayloftException(ErrorCode.NOT_ACCEPTABLE, "no free volume slot in " + dir);
        }
        Volume v = Volume.create(dir, collection, id, placement, ttl, options);
        try {
            Files.deleteIfExists(readOnlyMarker(collection, id));
        } catch (IOException e) {
            v.destroy();
            throw new UncheckedIOException("cannot remove a stale read-only marker of volume " + id + " in " + dir, e);
        }
        volumes.put(id, v);
        return v;
    }

    /**
     * Opens a volume whose {@code .dat} and {@code .idx} were just put in this directory (a volume
     * copy) and adds it, read-only if its marker exists. Blocking.
     *
     * @return the open volume
     * @throws HayloftException {@code NOT_ACCEPTABLE} when no slot is free; {@code CONFLICT} when the id is
     *                          already held here; {@code NOT_FOUND} or {@code CORRUPT} from {@link Volume#open}
     */
    public synchronized Volume mount(String collection, VolumeId id, VolumeOptions options) {
        if (volumes.containsKey(id)) {
            throw new HayloftException(ErrorCode.CONFLICT, "volume " + id + " is already open in " + dir);
        }
        if (freeSlots() <= 0) {
            throw new HayloftException(ErrorCode.NOT_ACCEPTABLE, "no free volume slot in " + dir);
        }
        Volume v = open(collection, id, options);
        volumes.put(id, v);
        return v;
    }

    private Volume open(String collection, VolumeId id, VolumeOptions options) {
        Volume v = Volume.open(dir, collection, id, options);
        if (Files.exists(readOnlyMarker(collection, id))) {
            v.setReadOnly(true);
            LOG.info("volume {} in {} is marked read-only", id, dir);
        }
        return v;
    }

    /**
     * Marks a volume held here read-only or writable, persistently: creates or removes
     * {@code <base>.readonly} (forcing the directory) before changing the volume's flag. Blocking.
     *
     * @throws HayloftException    {@code NOT_FOUND} when the volume is not held here
     * @throws UncheckedIOException if the marker cannot be written or removed (the flag is then unchanged)
     */
    public synchronized void markReadOnly(VolumeId id, boolean readOnly) {
        Volume v = find(id).orElseThrow(() -> HayloftException.notFound("volume " + id + " not found in " + dir));
        Path marker = readOnlyMarker(v.collection(), id);
        try {
            if (readOnly) {
                if (!Files.exists(marker)) {
                    Files.createFile(marker);
                }
            } else {
                Files.deleteIfExists(marker);
            }
            forceDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot " + (readOnly ? "create " : "remove ") + marker, e);
        }
        v.setReadOnly(readOnly);
    }

    /**
     * Removes a volume from this location and deletes its files and read-only marker. Blocking.
     *
     * @return the volume if it was here
     * @throws UncheckedIOException if a file cannot be deleted
     */
    public synchronized Optional<Volume> destroy(VolumeId id) {
        Optional<Volume> removed = remove(id);
        if (removed.isPresent()) {
            Volume v = removed.get();
            v.destroy();
            try {
                Files.deleteIfExists(readOnlyMarker(v.collection(), id));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the read-only marker of volume " + id, e);
            }
        }
        return removed;
    }

    /** {@code <dir>/<base>.readonly}, the marker that keeps a volume read-only across restarts. */
    public Path readOnlyMarker(String collection, VolumeId id) {
        return dir.resolve(VolumeFiles.baseName(collection, id) + READ_ONLY_MARKER);
    }

    /** Forces a directory's entries (new, renamed and deleted files) to disk. */
    public static void forceDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** Removes a volume from this location without touching its files; returns it if it was here. */
    public Optional<Volume> remove(VolumeId id) {
        return Optional.ofNullable(volumes.remove(id));
    }

    public Optional<Volume> find(VolumeId id) {
        return Optional.ofNullable(volumes.get(id));
    }

    /** A live view of the volumes held here. */
    public Collection<Volume> volumes() {
        return volumes.values();
    }

    public Path dir() {
        return dir;
    }

    public int maxVolumes() {
        return maxVolumes;
    }

    /**
     * Sizes the slots of a directory configured with 0 ({@code -max 0}, the default): the volumes
     * it holds plus one slot per {@code sizeLimit} of usable space, and never fewer than
     * {@value #MIN_AUTO_SLOTS} (volumes are sparse files: a slot costs disk only as data arrives, and
     * a volume server refuses writes past the size limit). A fixed count is left alone. Any thread.
     *
     * @param sizeLimit the volume size limit in force, bytes (positive)
     */
    public void sizeSlots(long sizeLimit) {
        if (configuredMax > 0) {
            return;
        }
        long usable;
        try {
            usable = Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            LOG.warn("cannot read the free space of {} ({}); keeping {} slots", dir, e.toString(), maxVolumes);
            return;
        }
        maxVolumes = autoSlots(usable, sizeLimit, volumes.size());
    }

    /** {@code held + usable / sizeLimit}, within {@value #MIN_AUTO_SLOTS}..{@value #MAX_SLOTS}. Pure. */
    public static int autoSlots(long usableBytes, long sizeLimit, int held) {
        long bySpace = held + Math.max(0, usableBytes) / Math.max(1, sizeLimit);
        return (int) Math.clamp(bySpace, MIN_AUTO_SLOTS, MAX_SLOTS);
    }

    /** Slots not yet taken by a volume; never negative. */
    public int freeSlots() {
        return Math.max(0, maxVolumes - volumes.size());
    }
}
