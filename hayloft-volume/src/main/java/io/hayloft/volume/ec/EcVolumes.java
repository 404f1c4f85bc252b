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
 * <p>Generations (compaction): each volume has one generation served (its {@code .ecg} pointer names it;
 * none: 0) and may keep others: a staged one (written by {@link #compact} or copied in, not yet committed) and
 * a retired one (replaced by {@link #commit}, kept until dropped so that holders not yet switched still read
 * its shards here). Shard reads by peers name their generation ({@link #generation}); heartbeats report the
 * served one's shards; every generation found complete on disk at start is mounted again, the pointer's
 * served, so a crash at any step leaves every generation a peer may still read.
 *
 * <p>Thread-safe; the methods that touch disk block (call them from virtual threads).
 */
public final class EcVolumes implements AutoCloseable {
    /** Hayloft's code: RS(10,4). */
    public static final int DATA_SHARDS = 10;
    public static final int PARITY_SHARDS = 4;

    private static final Logger LOG = LoggerFactory.getLogger(EcVolumes.class);
    private static final java.util.regex.Pattern GENERATION_SUFFIX = java.util.regex.Pattern.compile("(.*)\\.g([1-9][0-9]{0,8})");

    private final Store store;
    private final RemoteShards remote;
    private final ConcurrentMap<VolumeId, EcMount> mounts = new ConcurrentHashMap<>();
    /** Generations kept beside the served one (staged or retired), by volume then generation. */
    private final ConcurrentMap<VolumeId, ConcurrentMap<Integer, EcMount>> others = new ConcurrentHashMap<>();

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
        java.util.Map<VolumeId, java.util.TreeMap<Integer, String>> found = new java.util.HashMap<>();
        java.util.Map<VolumeId, String> collections = new java.util.HashMap<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.endsWith(".compacting")) {
                io.hayloft.storage.ec.EcCompactor.removeTree(f);
                LOG.warn("removed {}: left by an erasure-coded compaction that never completed", f);
            } else if (name.endsWith(".ecm")) {
                String base = name.substring(0, name.length() - 4);
                int generation = 0;
                java.util.regex.Matcher g = GENERATION_SUFFIX.matcher(base);
                if (g.matches()) {
                    base = g.group(1);
                    generation = Integer.parseInt(g.group(2));
                }
                int gen = generation;
                VolumeFiles.parse(base + VolumeFiles.DAT).ifPresent(v -> {
                    found.computeIfAbsent(v.id(), k -> new java.util.TreeMap<>()).put(gen, v.collection());
                    collections.put(v.id(), v.collection());
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
        found.forEach((id, generations) -> mountAll(dir, collections.get(id), id, generations.navigableKeySet()));
    }

    /** Mounts every complete generation of {@code id} found in {@code dir}, serving the one its pointer names. */
    private void mountAll(Path dir, String collection, VolumeId id, java.util.NavigableSet<Integer> generations) {
        if (mounts.containsKey(id)) {
            LOG.warn("erasure-coded volume {} found again in {}: ignoring this copy", id, dir);
            return;
        }
        int served;
        try {
            served = io.hayloft.storage.ec.EcGenerationPointer.read(EcMount.filesOf(dir, collection, id));
        } catch (RuntimeException e) {
            LOG.error("erasure-coded volume {} in {}: unreadable generation pointer, serving generation {}", id,
                    dir, generations.last(), e);
            served = generations.last();
        }
        if (!generations.contains(served)) {
            LOG.error("erasure-coded volume {} in {}: generation {} named by its pointer is not complete here, "
                    + "serving generation {}", id, dir, served, generations.last());
            served = generations.last();
        }
        for (int g : generations) {
            try {
                EcMount m = EcMount.open(dir, collection, id, remote, g);
                if (g == served) {
                    mounts.put(id, m);
                } else {
                    others.computeIfAbsent(id, k -> new ConcurrentHashMap<>()).put(g, m);
                }
            } catch (RuntimeException e) {
                LOG.error("cannot mount generation {} of erasure-coded volume {} in {}: skipped", g, id, dir, e);
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
     * Generation {@code generation} of volume {@code id} if this server keeps it (served, staged or retired);
     * {@code -1}: the one served.
     *
     * @throws HayloftException NOT_FOUND when it is not kept here
     */
    public EcMount generation(VolumeId id, int generation) {
        EcMount served = mount(id);
        if (generation < 0 || served.generation() == generation) {
            return served;
        }
        EcMount m = others.getOrDefault(id, new ConcurrentHashMap<>()).get(generation);
        if (m == null) {
            throw HayloftException.notFound("generation " + generation + " of erasure-coded volume " + id
                    + " is not on this server");
        }
        return m;
    }

    /** The generations of {@code id} kept here, ascending (the served one among them); empty when none. */
    public List<Integer> generations(VolumeId id) {
        List<Integer> out = new ArrayList<>();
        EcMount served = mounts.get(id);
        if (served != null) {
            out.add(served.generation());
        }
        out.addAll(others.getOrDefault(id, new ConcurrentHashMap<>()).keySet());
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /**
     * Writes generation {@code generation} of volume {@code id} here, all its shards, from the live needles of
     * the generation served (read through every holder), and keeps it staged: complete on disk, not served
     * until {@link #commit}. Already staged here: nothing is done. Blocking for the whole rewrite.
     *
     * @throws HayloftException NOT_FOUND when the volume is not here; CONFLICT when {@code generation} is not
     *                          above every generation kept here; CORRUPT when a needle cannot be read
     */
    public EcMount compact(VolumeId id, int generation) {
        EcMount served;
        synchronized (this) {
            served = mount(id);
            ConcurrentMap<Integer, EcMount> kept = others.getOrDefault(id, new ConcurrentHashMap<>());
            EcMount staged = kept.get(generation);
            if (staged != null && generation > served.generation()) {
                return staged;
            }
            int highest = generations(id).getLast();
            if (generation <= highest) {
                throw new HayloftException(ErrorCode.CONFLICT, "erasure-coded volume " + id + " has generation "
                        + highest + " here already: a compaction writes a later one");
            }
        }
        long started = System.nanoTime();
        served.compactInto(served.files().withGeneration(generation),
                new io.hayloft.storage.ec.EcCompactor(new EcEncoder(new ReedSolomon(DATA_SHARDS, PARITY_SHARDS))));
        EcMount m = stage(served.dir(), served.collection(), id, generation);
        LOG.info("erasure-coded volume {}: generation {} written from generation {} in {} ms ({} of {} needles live)",
                id, generation, served.generation(), (System.nanoTime() - started) / 1_000_000, m.needleCount(),
                served.needleCount());
        return m;
    }

    /**
     * Keeps generation {@code generation} of volume {@code id}, just written complete in {@code dir} (compacted
     * or copied in), staged beside the one served.
     *
     * @throws HayloftException CORRUPT when its metadata or index is damaged
     */
    public synchronized EcMount stage(Path dir, String collection, VolumeId id, int generation) {
        EcMount old = others.getOrDefault(id, new ConcurrentHashMap<>()).get(generation);
        if (old != null) {
            old.refresh();
            return old;
        }
        EcMount m = EcMount.open(dir, collection, id, remote, generation);
        others.computeIfAbsent(id, k -> new ConcurrentHashMap<>()).put(generation, m);
        return m;
    }

    /**
     * Serves staged generation {@code generation} of volume {@code id} from now on: the deletes journaled in the
     * generation served so far are journaled in it (one force), its pointer is written (the commit point), and
     * the old generation is kept, retired, for peers not yet switched. Already served: nothing is done.
     *
     * @return the generation now served
     * @throws HayloftException NOT_FOUND when the volume is not here; CONFLICT when that generation is not
     *                          staged here or is older than the one served
     * @throws UncheckedIOException when the journal or the pointer cannot be written (nothing changes)
     */
    public synchronized EcMount commit(VolumeId id, int generation) {
        EcMount served = mount(id);
        if (served.generation() == generation) {
            return served;
        }
        EcMount next = others.getOrDefault(id, new ConcurrentHashMap<>()).get(generation);
        if (next == null || generation < served.generation()) {
            throw new HayloftException(ErrorCode.CONFLICT, "generation " + generation + " of erasure-coded volume "
                    + id + " is not staged here (serving generation " + served.generation() + ")");
        }
        served.retire(next, () -> {
            FaultPoints.hit(EcFaultPoints.BEFORE_COMMIT);
            io.hayloft.storage.ec.EcGenerationPointer.write(served.files(), generation);
        });
        others.get(id).remove(generation);
        others.get(id).put(served.generation(), served);
        mounts.put(id, next);
        LOG.info("erasure-coded volume {}: serving generation {} (generation {} retired)", id, generation,
                served.generation());
        return next;
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
        m = EcMount.open(dir, collection, id, remote,
                io.hayloft.storage.ec.EcGenerationPointer.read(EcMount.filesOf(dir, collection, id)));
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
        return deleteShards(id, shards, -1);
    }

    /**
     * As {@link #deleteShards(VolumeId, Set)}, of generation {@code generation} ({@code -1}: the one served). A
     * kept generation (staged or retired) with no shard left here is dropped whole (its {@code .ecm} first);
     * dropping the served one's last shard drops the volume here, every generation with it.
     *
     * @throws HayloftException NOT_FOUND when that generation is not here
     */
    public synchronized List<Integer> deleteShards(VolumeId id, Set<Integer> shards, int generation) {
        EcMount served = mount(id);
        if (generation >= 0 && generation != served.generation()) {
            return dropKept(generation(id, generation), shards);
        }
        EcMount m = served;
        EcFiles files = m.files();
        FaultPoints.hit(EcFaultPoints.BEFORE_SHARD_DELETE);
        try {
            deleteShardFiles(m, shards);
            if (m.shardBits() == 0) {
                mounts.remove(id);
                m.close();
                Files.deleteIfExists(files.metadata()); // first: without it the rest is never mounted
                Files.deleteIfExists(files.index());
                Files.deleteIfExists(files.journal());
                for (EcMount kept : List.copyOf(others.getOrDefault(id, new ConcurrentHashMap<>()).values())) {
                    dropKept(kept, allShards(kept));
                }
                Files.deleteIfExists(files.pointer());
                LOG.info("erasure-coded volume {}: no shard left here, unmounted", id);
            }
            DiskLocation.forceDirectory(m.dir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete shards " + shards + " of volume " + id, e);
        }
        return bitsToList(m.shardBits());
    }

    /**
     * Deletes the files of shards {@code shards} of {@code m} (every id checked first, so a bad one deletes
     * nothing) and reopens the shards left.
     *
     * @throws HayloftException BAD_REQUEST for a shard id outside the volume's
     */
    private static void deleteShardFiles(EcMount m, Set<Integer> shards) throws IOException {
        for (int s : shards) {
            HayloftException.checkArgument(s >= 0 && s < m.metadata().totalShards(),
                    "shard " + s + " is not among 0.." + (m.metadata().totalShards() - 1));
        }
        for (int s : shards) {
            Files.deleteIfExists(m.files().shard(s));
        }
        m.refresh();
    }

    private static Set<Integer> allShards(EcMount m) {
        Set<Integer> all = new java.util.TreeSet<>();
        for (int i = 0; i < m.metadata().totalShards(); i++) {
            all.add(i);
        }
        return all;
    }

    /** Deletes those shards of a kept (not served) generation; with none left, the generation's other files. */
    private List<Integer> dropKept(EcMount m, Set<Integer> shards) {
        EcFiles files = m.files();
        try {
            deleteShardFiles(m, shards);
            if (m.shardBits() == 0) {
                others.getOrDefault(m.id(), new ConcurrentHashMap<>()).remove(m.generation());
                others.computeIfPresent(m.id(), (k, v) -> v.isEmpty() ? null : v);
                m.close();
                Files.deleteIfExists(files.metadata());
                Files.deleteIfExists(files.index());
                Files.deleteIfExists(files.journal());
                LOG.info("erasure-coded volume {}: generation {} dropped here", m.id(), m.generation());
            }
            DiskLocation.forceDirectory(m.dir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete shards " + shards + " of generation " + m.generation()
                    + " of volume " + m.id(), e);
        }
        return bitsToList(m.shardBits());
    }

    /** One report per erasure-coded volume with shards here, ordered by id. */
    public List<EcShardReport> reports() {
        List<EcShardReport> out = new ArrayList<>();
        for (EcMount m : mounts.values()) {
            long bits = m.shardBits();
            if (bits != 0) {
                out.add(new EcShardReport(m.id().value(), m.collection(), bits, m.generation()));
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
        others.values().forEach(kept -> kept.values().forEach(EcMount::close));
        others.clear();
    }
}
