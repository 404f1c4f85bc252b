package io.hayloft.volume.ec;

import io.hayloft.api.ErrorCode;
import io.hayloft.api.HayloftException;
import io.hayloft.api.VolumeId;
import io.hayloft.http.PeerClient;
import io.hayloft.storage.FaultPoints;
import io.hayloft.storage.ec.EcFiles;
import io.hayloft.storage.ec.EcMetadata;
import io.hayloft.storage.ec.EcShardRebuilder;
import io.hayloft.storage.ec.ShardSource;
import io.hayloft.volume.store.DiskLocation;
import io.hayloft.volume.transfer.VolumePeerClient;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings shards of an erasure-coded volume to this server: copies them from a holder ({@code POST
 * /admin/ec/copy}) or rebuilds lost ones from the other shards wherever they are ({@code POST
 * /admin/ec/rebuild}). Files arrive as {@code <file>.copying} (removed at start if a crash cuts a copy
 * short), every copied shard is checked block by block against the {@code .ecm}'s CRC-32Cs before it
 * is served, and a volume new here gets its {@code .ecm} last, so it is never mounted half copied.
 *
 * <pre>
 *   copy(N, source, shards[, generation]) ─► [new here: .ecm.copying, then the .ecx, .ecj of the generation it
 *                           names] ─► .ecNN.copying ─► verify ─► rename ─► [.ecg when new here, .ecm rename]
 *                           ─► EcVolumes.install (served) | EcVolumes.stage (a compaction's next generation)
 *   rebuild(N, shards)      ─► [new here: .ecx, .ecj, .ecm from source] ─► EcShardRebuilder over
 *                              ClusterShards (local + remote) ─► EcVolumes.install
 * </pre>
 * A source's refusal travels with its code (as every call of {@link VolumePeerClient}); an unreachable
 * source or a broken stream is UNAVAILABLE. Blocking; one copy or rebuild per volume at a time (a second
 * is a CONFLICT). Thread-safe.
 */
public final class EcShardCopier {
    private static final Logger LOG = LoggerFactory.getLogger(EcShardCopier.class);
    private static final String COPYING = DiskLocation.COPYING;

    private final EcVolumes volumes;
    private final VolumePeerClient peers;
    private final Duration idleTimeout;
    private final Set<VolumeId> running = ConcurrentHashMap.newKeySet();

    /**
     * @param peers       the server's peer client the files stream through
     * @param idleTimeout how long a source may send nothing (connect, head, body) before a copy fails
     */
    public EcShardCopier(EcVolumes volumes, VolumePeerClient peers, Duration idleTimeout) {
        this.volumes = volumes;
        this.peers = peers;
        this.idleTimeout = idleTimeout;
    }

    /**
     * Copies shards {@code shards} of volume {@code id} from {@code source} and serves them here.
     *
     * @return bytes copied
     * @throws HayloftException CONFLICT when a copy or rebuild of the volume is running here; UNAVAILABLE
     *                          when the source cannot be read or a copied shard fails its checksums (nothing
     *                          of the copy is left then)
     */
    public long copy(VolumeId id, String collection, String source, SortedSet<Integer> shards) {
        return copy(id, collection, source, shards, -1);
    }

    /**
     * Copies shards {@code shards} of generation {@code generation} of volume {@code id} from {@code source}
     * ({@code -1}: the generation the source serves). A generation this server neither serves nor keeps arrives
     * with its index and metadata; it is served when the volume is new here (its {@code .ecg} written first),
     * else kept staged for a compaction's commit.
     *
     * @return bytes copied
     * @throws HayloftException CONFLICT when a copy or rebuild of the volume is running here; UNAVAILABLE
     *                          when the source cannot be read or a copied shard fails its checksums (nothing
     *                          of the copy is left then)
     */
    public long copy(VolumeId id, String collection, String source, SortedSet<Integer> shards, int generation) {
        io.hayloft.api.PeerAddress.parse(source, "parameter 'source'");
        start(id);
        List<Path> written = new ArrayList<>();
        try {
            Path dir = volumes.dirFor(id);
            EcFiles root = EcMount.filesOf(dir, collection, id);
            EcMount existing = kept(id, generation);
            boolean servedHere = volumes.find(id).isPresent();
            EcMetadata metadata;
            EcFiles files;
            Path ecmCopying = null;
            long bytes = 0;
            if (existing != null) {
                metadata = existing.metadata();
                files = existing.files();
            } else {
                Fetched f = fetchMetadata(id, source, generation, root, written);
                metadata = f.metadata();
                files = f.files();
                ecmCopying = f.ecmCopying();
                bytes += f.bytes();
            }
            for (int s : shards) {
                HayloftException.checkArgument(s >= 0 && s < metadata.totalShards(),
                        "shard " + s + " is not among 0.." + (metadata.totalShards() - 1));
            }
            for (int s : shards) {
                Path tmp = copying(files.shard(s));
                written.add(tmp);
                bytes += fetch(id, source, files.generation(), String.format("ec%02d", s), tmp);
            }
            verify(id, files, metadata, shards);
            FaultPoints.hit(EcFaultPoints.COPY_VERIFIED);
            for (int s : shards) {
                Files.move(copying(files.shard(s)), files.shard(s), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
            if (ecmCopying != null) {
                if (!servedHere && files.generation() > 0) {
                    io.hayloft.storage.ec.EcGenerationPointer.write(root, files.generation());
                }
                Files.move(ecmCopying, files.metadata(), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
            DiskLocation.forceDirectory(dir);
            written.clear();
            if (servedHere && volumes.mount(id).generation() != files.generation()) {
                volumes.stage(dir, collection, id, files.generation());
            } else {
                volumes.install(dir, collection, id);
            }
            LOG.info("copied shards {} of generation {} of erasure-coded volume {} ({} bytes) from {}", shards,
                    files.generation(), id, bytes, source);
            return bytes;
        } catch (IOException e) {
            throw new HayloftException(ErrorCode.UNAVAILABLE, "copy of shards " + shards + " of volume " + id
                    + " from " + source + " failed: " + e.getMessage(), e);
        } finally {
            removeQuietly(written);
            running.remove(id);
        }
    }

    /** The mount of that generation of {@code id} here ({@code -1}: the one served), or null when not here. */
    private EcMount kept(VolumeId id, int generation) {
        if (volumes.find(id).isEmpty()) {
            return null;
        }
        try {
            return volumes.generation(id, generation);
        } catch (HayloftException notHere) {
            return null;
        }
    }

    /**
     * Writes shards {@code shards} of volume {@code id} here anew from its other shards (here and on the
     * other holders); a server holding none of the volume first takes its index, metadata and journal
     * from {@code source}.
     *
     * @throws HayloftException BAD_REQUEST when the volume is new here and no source is given; CONFLICT when
     *                          a copy or rebuild of it is running here; CORRUPT when fewer than 10 good shards
     *                          are left for some block; UNAVAILABLE when the source cannot be read
     */
    public void rebuild(VolumeId id, String collection, SortedSet<Integer> shards, String source) {
        start(id);
        List<Path> written = new ArrayList<>();
        try {
            if (volumes.find(id).isEmpty()) {
                HayloftException.checkArgument(!source.isEmpty(), "volume " + id
                        + " has no shard on this server: give a 'source' holding it");
                io.hayloft.api.PeerAddress.parse(source, "parameter 'source'");
                Path dir = volumes.dirFor(id);
                EcFiles root = EcMount.filesOf(dir, collection, id);
                Fetched f = fetchMetadata(id, source, -1, root, written);
                if (f.files().generation() > 0) {
                    io.hayloft.storage.ec.EcGenerationPointer.write(root, f.files().generation());
                }
                Files.move(f.ecmCopying(), f.files().metadata(), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
                DiskLocation.forceDirectory(dir);
                written.clear();
                volumes.install(dir, collection, id);
            }
            EcMount m = volumes.mount(id);
            long started = System.nanoTime();
            new EcShardRebuilder(m.metadata()).rebuild(m.files(), m.clusterShards(), shards);
            DiskLocation.forceDirectory(m.dir());
            volumes.install(m.dir(), m.collection(), id);
            LOG.info("rebuilt shards {} of erasure-coded volume {} ({} bytes) in {} ms", shards, id,
                    shards.size() * m.metadata().layout().shardSize(), (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
            throw new HayloftException(ErrorCode.UNAVAILABLE, "rebuild of shards " + shards + " of volume " + id
                    + " failed: " + e.getMessage(), e);
        } finally {
            removeQuietly(written);
            running.remove(id);
        }
    }

    private void start(VolumeId id) {
        if (!running.add(id)) {
            throw new HayloftException(ErrorCode.CONFLICT, "a shard copy or rebuild of volume " + id
                    + " is already running on this server");
        }
    }

    /** What {@link #fetchMetadata} brought: the metadata (still as {@code .copying}), and whose files. */
    private record Fetched(EcMetadata metadata, EcFiles files, Path ecmCopying, long bytes) {
    }

    /**
     * Fetches the {@code .ecm} of that generation ({@code -1}: the one the source serves) to its {@code
     * .copying} name, then the index and journal of the generation it names into place.
     */
    private Fetched fetchMetadata(VolumeId id, String source, int generation, EcFiles root, List<Path> written)
            throws IOException {
        long bytes = 0;
        Path scratch = copying(root.metadata());
        written.add(scratch);
        bytes += fetch(id, source, generation, "ecm", scratch);
        EcMetadata metadata = EcMetadata.read(scratch);
        if (generation >= 0 && metadata.generation() != generation) {
            throw new IOException(source + " sent the metadata of generation " + metadata.generation() + ", not "
                    + generation);
        }
        EcFiles files = root.withGeneration(metadata.generation());
        Path ecmCopying = copying(files.metadata());
        if (!ecmCopying.equals(scratch)) {
            written.add(ecmCopying);
            Files.move(scratch, ecmCopying, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        Path ecx = copying(files.index());
        written.add(ecx);
        bytes += fetch(id, source, files.generation(), "ecx", ecx);
        Path ecj = copying(files.journal());
        written.add(ecj);
        try {
            bytes += fetch(id, source, files.generation(), "ecj", ecj);
        } catch (MissingFile noDeletes) {
            Files.deleteIfExists(ecj);
        }
        Files.move(ecx, files.index(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        written.add(files.index());
        if (Files.exists(ecj)) {
            Files.move(ecj, files.journal(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            written.add(files.journal());
        }
        return new Fetched(metadata, files, ecmCopying, bytes);
    }

    private long fetch(VolumeId id, String source, int generation, String file, Path to) throws IOException {
        PeerClient.Streamed answer = peers.openEcFile(source, id, generation, file, idleTimeout)
                .orElseThrow(() -> new MissingFile(source + " has no ." + file + " of volume " + id));
        try (answer; OutputStream out = Files.newOutputStream(to)) {
            long n = answer.body().transferTo(out);
            out.flush();
            try (FileChannel ch = FileChannel.open(to, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            return n;
        }
    }

    /** Checks every block of the copied shards against the metadata's checksums. */
    private static void verify(VolumeId id, EcFiles files, EcMetadata metadata, Set<Integer> shards)
            throws IOException {
        EcShardRebuilder checker = new EcShardRebuilder(metadata);
        for (int s : shards) {
            Path tmp = copying(files.shard(s));
            long size = Files.size(tmp);
            if (size != metadata.layout().shardSize()) {
                throw new IOException("shard " + s + " arrived with " + size + " bytes, "
                        + metadata.layout().shardSize() + " expected");
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.READ)) {
                List<Integer> bad = checker.badBlocks(new OneShardFile(s, ch), s);
                if (!bad.isEmpty()) {
                    throw new IOException("shard " + s + " of volume " + id + " arrived with " + bad.size()
                            + " block(s) failing their checksum (first: block " + bad.getFirst() + ")");
                }
            }
        }
    }

    /** One shard's bytes from a file not yet in place. */
    private record OneShardFile(int shard, FileChannel channel) implements ShardSource {
        @Override
        public boolean has(int s) {
            return s == shard;
        }

        @Override
        public void read(int s, long offset, byte[] into, int at, int length) throws IOException {
            if (s != shard) {
                throw new IOException("only shard " + shard + " is here");
            }
            ByteBuffer b = ByteBuffer.wrap(into, at, length);
            while (b.hasRemaining()) {
                if (channel.read(b, offset + (b.position() - at)) < 0) {
                    throw new IOException("shard " + shard + " ends before byte " + (offset + length));
                }
            }
        }
    }

    private static Path copying(Path file) {
        return file.resolveSibling(file.getFileName() + COPYING);
    }

    private static void removeQuietly(List<Path> paths) {
        for (Path p : paths) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                LOG.warn("cannot remove {} after a failed shard copy: {}", p, e.toString());
            }
        }
    }

    /** The source holds no such file (a volume without deletes has no journal). */
    private static final class MissingFile extends IOException {
        MissingFile(String message) {
            super(message);
        }
    }
}
