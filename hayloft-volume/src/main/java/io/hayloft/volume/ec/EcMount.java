package io.hayloft.volume.ec;

import io.hayloft.api.HayloftException;
import io.hayloft.api.NeedleShardMap;
import io.hayloft.api.VolumeId;
import io.hayloft.storage.Needle;
import io.hayloft.storage.VolumeFiles;
import io.hayloft.storage.ec.EcFiles;
import io.hayloft.storage.ec.EcMetadata;
import io.hayloft.storage.ec.EcVolume;
import io.hayloft.storage.ec.LocalShards;
import io.hayloft.storage.ec.ShardSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * One generation of an erasure-coded volume as this server serves it: its {@code .ecx}, {@code .ecm} and
 * {@code .ecj} (every holder keeps a copy), the shards held here, and an {@link EcVolume} reading through
 * {@link ClusterShards} (shards of the same generation held here first, then the other holders), so any
 * holder can serve any needle of the volume. Thread-safe; {@link #refresh} after shard files were added or
 * removed.
 *
 * <p>A compaction's commit makes the next generation current and this one retired ({@link #retire}): from
 * then on a delete that reaches this mount is journaled in its successor, and a read that fails here (its
 * shards dropped elsewhere meanwhile) is answered by its successor, so neither is lost to the switch.
 */
public final class EcMount implements AutoCloseable {
    private final VolumeId id;
    private final String collection;
    private final Path dir;
    private final EcFiles files;
    private final EcMetadata metadata;
    private final EcVolume volume;
    private final ShardSource cluster;
    private volatile LocalShards local;
    /** The generation that replaced this one here; guarded by {@code this} for deletes. */
    private volatile EcMount successor;

    private EcMount(VolumeId id, String collection, Path dir, EcFiles files, EcMetadata metadata, LocalShards local,
                    RemoteShards remote) {
        this.id = id;
        this.collection = collection;
        this.dir = dir;
        this.files = files;
        this.metadata = metadata;
        this.local = local;
        this.cluster = new ClusterShards(id, files.generation(), () -> this.local, remote);
        this.volume = EcVolume.open(files, cluster);
    }

    /**
     * Opens the erasure-coded volume {@code id} whose {@code .ecm} and {@code .ecx} lie in {@code dir}.
     *
     * @throws HayloftException CORRUPT when its metadata or index is damaged
     * @throws UncheckedIOException when its files cannot be read
     */
    static EcMount open(Path dir, String collection, VolumeId id, RemoteShards remote) {
        return open(dir, collection, id, remote, 0);
    }

    /**
     * Opens generation {@code generation} of erasure-coded volume {@code id} in {@code dir}.
     *
     * @throws HayloftException CORRUPT when its metadata or index is damaged, or its {@code .ecm} names another
     *                          generation
     * @throws UncheckedIOException when its files cannot be read
     */
    static EcMount open(Path dir, String collection, VolumeId id, RemoteShards remote, int generation) {
        EcFiles files = filesOf(dir, collection, id).withGeneration(generation);
        EcMetadata metadata = EcMetadata.read(files.metadata());
        if (metadata.generation() != generation) {
            throw new HayloftException(io.hayloft.api.ErrorCode.CORRUPT, files.metadata() + " describes generation "
                    + metadata.generation() + ", not " + generation);
        }
        LocalShards local;
        try {
            local = new LocalShards(files, metadata.totalShards());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the shards of volume " + id + " in " + dir, e);
        }
        try {
            return new EcMount(id, collection, dir, files, metadata, local, remote);
        } catch (RuntimeException e) {
            local.close();
            throw e;
        }
    }

    /** The files of erasure-coded volume {@code id} of {@code collection} in {@code dir}. */
    static EcFiles filesOf(Path dir, String collection, VolumeId id) {
        return new EcFiles(dir.resolve(VolumeFiles.baseName(collection, id)));
    }

    public VolumeId id() {
        return id;
    }

    public String collection() {
        return collection;
    }

    /** The data directory its files lie in. */
    public Path dir() {
        return dir;
    }

    public EcFiles files() {
        return files;
    }

    /** Which generation of the volume this is (0: as encoded; each compaction adds one). */
    public int generation() {
        return files.generation();
    }

    /** The generation that replaced this one here, or null while this one is current (or staged). */
    public EcMount successor() {
        return successor;
    }

    /**
     * Retires this generation in favour of {@code next}: journals in {@code next} every delete journaled here
     * (one force), then runs {@code commit} (which makes {@code next} current on disk), then sends later deletes
     * and failed reads to {@code next}; all under this mount's lock, so no delete slips between. Blocking.
     *
     * @throws UncheckedIOException when {@code next}'s journal or the commit cannot be written (nothing changes)
     */
    public synchronized void retire(EcMount next, Runnable commit) {
        next.volume.deleteAll(volume.deletedKeys());
        commit.run();
        successor = next;
    }

    /**
     * Writes generation {@code target} of the volume here from this one's live needles (a compaction's first
     * step); the new generation is complete once its {@code .ecm} exists, and is not served until committed.
     * Blocking for the whole rewrite.
     *
     * @throws HayloftException CORRUPT when a needle cannot be read from enough good shards
     */
    public EcMetadata compactInto(EcFiles target, io.hayloft.storage.ec.EcCompactor compactor) {
        return compactor.compact(volume, id, collection, target);
    }

    /** Bytes of deleted needles over the coded {@code .dat}'s size: what a compaction would reclaim. */
    public double garbageRatio() {
        return volume.garbageRatio();
    }

    /** Needles in the index, deleted or not. */
    public int needleCount() {
        return volume.needleCount();
    }

    public EcMetadata metadata() {
        return metadata;
    }

    /** The shards held here: bit {@code i} for shard {@code i}. */
    public long shardBits() {
        LocalShards here = local;
        long bits = 0;
        for (int i = 0; i < metadata.totalShards(); i++) {
            if (here.has(i)) {
                bits |= 1L << i;
            }
        }
        return bits;
    }

    /** The shards held here, whichever files are open now (follows {@link #refresh}): what a scrub checks. */
    public ShardSource localShards() {
        return new ShardSource() {
            @Override
            public boolean has(int shard) {
                return local.has(shard);
            }

            @Override
            public void read(int shard, long offset, byte[] into, int at, int length) throws IOException {
                local.read(shard, offset, into, at, length);
            }
        };
    }

    /** Shards held here and elsewhere: what a rebuild reads from. */
    public ShardSource clusterShards() {
        return cluster;
    }

    /**
     * Reads a live needle: one shard read normally (here or on its holder), rebuilt from any 10 shards
     * when that fails. Blocking.
     *
     * @throws HayloftException NOT_FOUND when absent, deleted or the cookie differs; CORRUPT when fewer
     *                          than 10 good shards can be read for its bytes
     */
    public Needle read(long key, int cookie) {
        Needle needle;
        try {
            needle = volume.readStored(key).orElseThrow(() -> notFound(key));
        } catch (HayloftException e) {
            EcMount next = successor;
            if (next != null && e.code() == io.hayloft.api.ErrorCode.CORRUPT) {
                return next.read(key, cookie); // retired meanwhile: the old shards may be gone elsewhere
            }
            throw e;
        }
        if (needle.cookie() != cookie) {
            throw notFound(key);
        }
        return needle;
    }

    /**
     * Reads a live needle when that is one positional read of a shard held here: its record at most {@code
     * maxBytes}, wholly in shards on this server, its CRC good and its cookie {@code cookie}. Never blocks on
     * the network (an event loop may call it).
     *
     * @return the needle, or null when it cannot be served so; {@link #read} then answers (a remote shard,
     *         a rebuild, or NOT_FOUND)
     */
    public Needle readHeldHere(long key, int cookie, int maxBytes) {
        Needle needle = volume.readHeldHere(key, local, maxBytes);
        return needle != null && needle.cookie() == cookie ? needle : null;
    }

    /** Which data shard holds each needle, as runs over the keys ({@code GET /ec/shardmap}). */
    public NeedleShardMap needleShards() {
        return volume.needleShards();
    }

    /**
     * Reads a needle with the fid's cookie whether or not it is deleted (a retried delete's check). Blocking.
     *
     * @throws HayloftException NOT_FOUND when absent from the index or the cookie differs; CORRUPT as {@link #read}
     */
    public Needle readEvenIfDeleted(long key, int cookie) {
        EcMount next = successor;
        if (next != null) {
            return next.readEvenIfDeleted(key, cookie); // retired: the generation that replaced it decides
        }
        Needle needle = volume.readEvenIfDeleted(key).orElseThrow(() -> notFound(key));
        if (needle.cookie() != cookie) {
            throw notFound(key);
        }
        return needle;
    }

    /**
     * Journals the delete of needle {@code key} here (forced to disk). Blocking.
     *
     * @return false when it was absent or already deleted
     */
    public synchronized boolean deleteHere(long key) {
        EcMount next = successor;
        return next != null ? next.deleteHere(key) : volume.delete(key);
    }

    /**
     * Reads bytes of the coded {@code .dat} (its superblock, say), rebuilt where a shard is missing. Blocking.
     *
     * @throws HayloftException CORRUPT when fewer than 10 good shards are left for them
     */
    public byte[] readDat(long offset, int length) {
        return volume.readDat(offset, length);
    }

    /** The needle keys of its index, ascending (deleted ones included). */
    public long[] keys() {
        return volume.keys();
    }

    /**
     * Reads a needle as stored, whatever its cookie. Blocking.
     *
     * @return empty when absent or deleted
     * @throws HayloftException CORRUPT as {@link #read}
     */
    public java.util.Optional<Needle> readStored(long key) {
        return volume.readStored(key);
    }

    /** Live needles. */
    public int liveCount() {
        return volume.liveCount();
    }

    /**
     * Reads bytes of a shard held here (a peer's read). Blocking.
     *
     * @throws HayloftException NOT_FOUND when the shard is not held here
     * @throws IOException      when it cannot be read
     */
    public void readHere(int shard, long offset, byte[] into) throws IOException {
        LocalShards here = local;
        if (shard < 0 || shard >= metadata.totalShards() || !here.has(shard)) {
            throw HayloftException.notFound("shard " + shard + " of volume " + id + " is not on this server");
        }
        here.read(shard, offset, into, 0, into.length);
    }

    /** Reopens the shards held here after shard files were added or removed. */
    public synchronized void refresh() {
        LocalShards fresh;
        try {
            fresh = new LocalShards(files, metadata.totalShards());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reopen the shards of volume " + id, e);
        }
        LocalShards old = local;
        local = fresh;
        old.close(); // a read still on it fails over to the other holders, or rebuilds
    }

    private HayloftException notFound(long key) {
        return HayloftException.notFound("needle " + Long.toHexString(key) + " not found in volume " + id);
    }

    @Override
    public void close() {
        local.close();
    }
}
