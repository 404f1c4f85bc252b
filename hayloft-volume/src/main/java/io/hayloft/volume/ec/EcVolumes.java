package io.hayloft.volume.ec;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.api.wire.EcShardReport;
import io.hayloft.storage.FaultPoints;
import io.hayloft.storage.Volume;
import io.hayloft.storage.VolumeFiles;
import io.hayloft.storage.ec.EcEncoder;
import io.hayloft.storage.ec.EcFiles;
import io.hayloft.storage.ec.ReedSolomon;
import io.hayloft.volume.store.DiskLocation;
import io.hayloft.volume.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The erasure-coded volumes this server holds shards of ({@link EcMount}s), across its data
 * directories: mounted at start from the {@code .ecm} files found there, encoded from a local sealed
 * volume ({@link #encode}), installed after a copy or a rebuild ({@link #install}), and shards deleted
 * ({@link #deleteShards}). An encoding or copy cut short by a crash leaves shard files without their
 * {@code .ecm} (written last); those are removed at start.
 *
 * <p>Thread-safe; the methods that touch disk block (call them from virtual threads).
 */
public final class EcVolumes implements AutoCloseable {
    /** Hayloft's code: RS(10,4). */
    public static final int DATA_SHARDS = 10;
    public static final int PARITY_SHARDS = 4;

    private static final Logger LOG = LoggerFactory.getLogger(EcVolumes.class);

    private final Store store;
    private final RemoteShards remote;
    private final ConcurrentMap<VolumeId, EcMount> mounts = new ConcurrentHashMap<>();

    private EcVolumes(Store store, RemoteShards remote) {
        this.store = store;
        this.remote = remote;
    }

    /**
     * Mounts every erasure-coded volume found in the store's directories, and removes the shards of
     * encodings that never completed. A volume that fails to open is logged and skipped.
     *
     * @throws UncheckedIOException if a directory cannot be listed
     */
    public static EcVolumes load(Store store, RemoteShards remote) {
        EcVolumes ec = new EcVolumes(store, remote);
        for (DiskLocation location : store.locations()) {
            ec.loadDir(location.dir());
        }
        if (!ec.mounts.isEmpty()) {
            LOG.info("mounted shards of {} erasure-coded volumes", ec.mounts.size());
        }
        return ec;
    }

    private void loadDir(Path dir) {
        List<Path> files;
        try (var list = Files.list(dir)) {
            files = list.toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.endsWith(".ecm")) {
                String base = name.substring(0, name.length() - 4);
                VolumeFiles.parse(base + VolumeFiles.DAT).ifPresent(v -> {
                    try {
                        EcMount m = EcMount.open(dir, v.collection(), v.id(), remote);
                        if (mounts.putIfAbsent(v.id(), m) != null) {
                            LOG.warn("erasure-coded volume {} found again in {}: ignoring this copy", v.id(), dir);
                            m.close();
                        }
                    } catch (RuntimeException e) {
                        LOG.error("cannot mount erasure-coded volume {} in {}: skipped", v.id(), dir, e);
                    }
                });
            } else if (name.matches(".*\\.(ec[0-9][0-9]|ecx)$")) {
                Path ecm = f.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".ecm");
                if (!Files.exists(ecm)) {
                    try {
                        Files.deleteIfExists(f);
                        LOG.warn("removed {}: left by an erasure coding that never completed", f);
                    } catch (IOException e) {
                        LOG.warn("cannot remove {}: {}", f, e.toString());
                    }
                }
            }
        }
    }

    /** The erasure-coded volume {@code id}, if this server holds its index (with or without shards). */
    public Optional<EcMount> find(VolumeId id) {
        return Optional.ofNullable(mounts.get(id));
    }

    /**
     * The erasure-coded volume {@code id}.
     *
     * @throws HayloftException NOT_FOUND when this server holds none of it
     */
    public EcMount mount(VolumeId id) {
        return find(id).orElseThrow(() -> HayloftException.notFound("erasure-coded volume " + id
                + " is not on this server"));
    }

    /**
     * Erasure-codes the sealed volume {@code id} held here into all 14 shards beside it and serves them;
     * the volume itself stays. Blocking for the whole encoding.
     *
     * @throws HayloftException NOT_FOUND when the volume is not here; CONFLICT when it is writable (seal it
     *                          first) or already erasure-coded here; BAD_REQUEST for a volume with a TTL
     */
    public synchronized EcMount encode(VolumeId id) {
        Volume v = store.volume(id);
        if (mounts.containsKey(id)) {
            throw new HayloftException(ErrorCode.CONFLICT, "volume " + id + " is erasure-coded on this server already");
        }
        HayloftException.checkArgument(v.ttl().isNone(), "volume " + id + " has a TTL (" + v.ttl()
                + "): it expires whole, so erasure coding it saves nothing");
        long started = System.nanoTime();
        new EcEncoder(new ReedSolomon(DATA_SHARDS, PARITY_SHARDS)).encode(v);
        EcMount m = EcMount.open(v.datPath().getParent(), v.collection(), id, remote);
        mounts.put(id, m);
        LOG.info("erasure-coded volume {} ({} bytes) into {}+{} shards in {} ms", id, v.stats().datSize(),
                DATA_SHARDS, PARITY_SHARDS, (System.nanoTime() - started) / 1_000_000);
        return m;
    }

    /**
     * The directory the files of erasure-coded volume {@code id} go to: where it is mounted, else where
     * its replicated volume is, else the data directory with the most free slots.
     */
    public Path dirFor(VolumeId id) {
        EcMount m = mounts.get(id);
        if (m != null) {
            return m.dir();
        }
        return store.find(id).map(v -> v.datPath().getParent())
                .orElseGet(() -> store.locations().stream().max(Comparator.comparingInt(DiskLocation::freeSlots))
                        .orElseThrow().dir());
    }

    /**
     * Serves (or, when mounted, reopens the shards of) erasure-coded volume {@code id} whose files were
     * just put in {@code dir}.
     *
     * @throws HayloftException CORRUPT when its metadata or index is damaged
     */
    public synchronized EcMount install(Path dir, String collection, VolumeId id) {
        EcMount m = mounts.get(id);
        if (m != null) {
            m.refresh();
            return m;
        }
        m = EcMount.open(dir, collection, id, remote);
        mounts.put(id, m);
        return m;
    }

    /**
     * Stops serving shards {@code shards} of volume {@code id} here and deletes their files; once no
     * shard is left, the volume's index, metadata and journal go too. Blocking.
     *
     * @return the shards still held here
     * @throws HayloftException NOT_FOUND when none of the volume is here
     * @throws UncheckedIOException when a file cannot be deleted
     */
    public synchronized List<Integer> deleteShards(VolumeId id, Set<Integer> shards) {
        EcMount m = mount(id);
        EcFiles files = m.files();
        FaultPoints.hit(EcFaultPoints.BEFORE_SHARD_DELETE);
        try {
            for (int s : shards) {
                HayloftException.checkArgument(s >= 0 && s < m.metadata().totalShards(),
                        "shard " + s + " is not among 0.." + (m.metadata().totalShards() - 1));
            }
            for (int s : shards) {
                Files.deleteIfExists(files.shard(s));
            }
            m.refresh();
            if (m.shardBits() == 0) {
                mounts.remove(id);
                m.close();
                Files.deleteIfExists(files.metadata()); // first: without it the rest is never mounted
                Files.deleteIfExists(files.index());
                Files.deleteIfExists(files.journal());
                LOG.info("erasure-coded volume {}: no shard left here, unmounted", id);
            }
            DiskLocation.forceDirectory(m.dir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete shards " + shards + " of volume " + id, e);
        }
        return bitsToList(m.shardBits());
    }

    /** One report per erasure-coded volume with shards here, ordered by id. */
    public List<EcShardReport> reports() {
        List<EcShardReport> out = new ArrayList<>();
        for (EcMount m : mounts.values()) {
            long bits = m.shardBits();
            if (bits != 0) {
                out.add(new EcShardReport(m.id().value(), m.collection(), bits));
            }
        }
        out.sort(Comparator.comparingInt(EcShardReport::id));
        return out;
    }

    /** Every erasure-coded volume mounted here. */
    public List<EcMount> all() {
        return List.copyOf(mounts.values());
    }

    static List<Integer> bitsToList(long bits) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            if ((bits & (1L << i)) != 0) {
                out.add(i);
            }
        }
        return out;
    }

    @Override
    public void close() {
        mounts.values().forEach(EcMount::close);
        mounts.clear();
    }
}
