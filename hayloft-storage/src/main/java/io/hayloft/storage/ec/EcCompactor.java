package io.hayloft.storage.ec;

import io.hayloft.api.VolumeId;
import io.hayloft.storage.FaultPoints;
import io.hayloft.storage.Needle;
import io.hayloft.storage.NeedleRecord;
import io.hayloft.storage.SuperBlock;
import io.hayloft.storage.Volume;
import io.hayloft.storage.VolumeOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Writes the next generation of an erasure-coded volume without its deleted needles (a compaction's first
 * step, on one server): every live needle of the current generation is read (through whatever {@link
 * ShardSource} that generation reads from, rebuilt where a shard is missing) and appended, as stored, to a
 * scratch volume in {@code <base>.compacting/}, which is sealed and encoded into all the shards, index and
 * metadata of the new generation beside the old ({@link EcFiles#withGeneration}); the scratch volume is then
 * deleted. The old generation is not touched. Deletes that arrive while this runs are journaled in the old
 * generation; the commit carries them over ({@link EcVolume#deletedKeys}, {@link EcVolume#deleteAll}).
 *
 * <p>Memory: one needle and the encoder's one row of small blocks. Blocking; not thread-safe (one compaction
 * of a volume at a time is the caller's to ensure).
 */
public final class EcCompactor {
    /** Fault point: the scratch volume of live needles written and sealed, no shard of the new generation yet. */
    public static final String SCRATCH_WRITTEN = "ec.compact.scratch-written";

    private final EcEncoder encoder;

    public EcCompactor(EcEncoder encoder) {
        this.encoder = encoder;
    }

    /** The scratch directory a compaction of {@code files}' volume writes in; removed when it ends. */
    public static Path scratchDir(EcFiles files) {
        return files.base().resolveSibling(files.base().getFileName() + ".compacting");
    }

    /**
     * Writes generation {@code target.generation()} of volume {@code id} from the live needles of {@code source}.
     *
     * @return the new generation's metadata (its {@code .ecm}, written last, marks it complete)
     * @throws io.hayloft.api.HayloftException CORRUPT when a needle cannot be read from enough good shards
     *                                         (nothing of the new generation is left then)
     * @throws UncheckedIOException            on an I/O failure (likewise)
     */
    public EcMetadata compact(EcVolume source, VolumeId id, String collection, EcFiles target) {
        Path scratch = scratchDir(target);
        removeTree(scratch);
        SuperBlock superBlock = SuperBlock.decode(source.readDat(0, SuperBlock.SIZE));
        Volume v = Volume.create(scratch, collection, id, superBlock.replicaPlacement(), superBlock.ttl(),
                VolumeOptions.defaults());
        try {
            for (long key : source.keys()) {
                Optional<Needle> n = source.readStored(key);
                if (n.isPresent()) {
                    v.appendRecord(NeedleRecord.of(n.get(), n.get().appendAtNs()));
                }
            }
            v.setReadOnly(true);
            FaultPoints.hit(SCRATCH_WRITTEN);
            return encoder.encode(v, target);
        } finally {
            v.destroy();
            removeTree(scratch);
        }
    }

    /** Deletes {@code dir} and everything in it, if it exists (a scratch directory a crash left). */
    public static void removeTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }
}
