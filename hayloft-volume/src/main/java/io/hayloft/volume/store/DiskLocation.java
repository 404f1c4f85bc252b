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
import java.nio.file.Files;
import java.nio.file.Path;
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
 */
public final class DiskLocation {
    private static final Logger LOG = LoggerFactory.getLogger(DiskLocation.class);

    private final Path dir;
    private final int maxVolumes;
    private final ConcurrentMap<VolumeId, Volume> volumes = new ConcurrentHashMap<>();

    /**
     * @param dir        the directory; created if missing
     * @param maxVolumes volume slots in it
     * @throws UncheckedIOException if the directory cannot be created
     */
    public DiskLocation(Path dir, int maxVolumes) {
        this.dir = dir.toAbsolutePath().normalize();
        this.maxVolumes = maxVolumes;
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
     * Opens one scanned volume and adds it. Blocking (crash recovery may read the whole index).
     *
     * @return true when opened; false when it failed (logged) or its id is already present here
     */
    public boolean load(VolumeFiles.VolumeName name, VolumeOptions options) {
        try {
            Volume v = Volume.open(dir, name.collection(), name.id(), options);
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
     * Creates a new empty volume in this directory.
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
        volumes.put(id, v);
        return v;
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

    /** Slots not yet taken by a volume; never negative. */
    public int freeSlots() {
        return Math.max(0, maxVolumes - volumes.size());
    }
}
