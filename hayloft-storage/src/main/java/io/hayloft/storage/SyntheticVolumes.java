package io.hayloft.storage;

import io.hayloft.api.HayloftException;
import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes volumes full of generated needles fast, as valid {@code .dat} and {@code .idx} files (the same
 * records {@link Volume#write} appends, CRCs included, but written sequentially in large buffers with no
 * per-needle lock, index update or sync), for scale simulations and memory and start-up measurements:
 * {@code hayloft simulate volume}. Each volume is then opened once through {@link Volume#open}, so
 * recovery has checked what was written.
 *
 * <p>Needle {@code k} (keys 1..n across all volumes, cookie {@link #COOKIE}) has {@code size + k % 64}
 * bytes taken from a seeded pool at an offset derived from {@code k}, so a reader can tell what it should
 * read back ({@link #expected}). Not thread-safe.
 */
public final class SyntheticVolumes {
    /** The cookie of every generated needle. */
    public static final int COOKIE = 0x5EED_CAFE;
    private static final int POOL = 1 << 20;
    private static final int BUFFER = 4 << 20;

    private final byte[] pool = new byte[POOL + 64 * 1024 + 64];
    private final int size;

    /**
     * @param size base needle size in bytes (each needle adds {@code key % 64}); at most 64 KiB
     * @param seed seeds the data pool
     */
    public SyntheticVolumes(int size, long seed) {
        HayloftException.checkArgument(size >= 0 && size <= 64 * 1024, "needle size must be 0..65536 bytes");
        this.size = size;
        new SplittableRandom(seed).nextBytes(pool);
    }

    /** One volume written: its id and the keys it holds, {@code firstKey..lastKey} (none when last < first). */
    public record Written(VolumeId id, long firstKey, long lastKey) {
    }

    /** The data needle {@code key} was generated with. */
    public byte[] expected(long key) {
        int offset = (int) Math.floorMod(key * 2_654_435_761L, POOL);
        return Arrays.copyOfRange(pool, offset, offset + size + (int) (key % 64));
    }

    /**
     * Writes {@code needles} needles, keys {@code 1..needles}, into volumes {@code firstId, firstId + 1, …}
     * of {@code collection} in {@code dir}, each filled up to {@code volumeSize} bytes of {@code .dat}.
     *
     * @return the volumes written, in order
     * @throws HayloftException BAD_REQUEST when a volume exists already or the arguments are out of range
     * @throws UncheckedIOException on an I/O failure
     */
    public List<Written> write(Path dir, String collection, int firstId, long needles, long volumeSize) {
        HayloftException.checkArgument(needles >= 0, "needle count must not be negative");
        HayloftException.checkArgument(volumeSize >= SuperBlock.SIZE + NeedleCodec.recordLength(5L + size + 63)
                && volumeSize <= Volume.MAX_SIZE, "volume size must hold a needle and stay within 32 GiB");
        List<Written> ids = new ArrayList<>();
        long key = 1;
        int id = firstId;
        while (key <= needles || ids.isEmpty()) {
            VolumeId vid = VolumeId.of(id++);
            long first = key;
            key = writeVolume(dir, collection, vid, key, needles, volumeSize);
            ids.add(new Written(vid, first, key - 1));
            if (needles == 0) {
                break;
            }
        }
        return ids;
    }

    /**
     * The volumes {@link #write} wrote earlier into {@code dir} ({@code firstId, firstId + 1, …} as long as
     * each has an index), with the keys each holds read from the first and last entries of its index.
     *
     * @return the volumes found, in order; empty when there is none
     * @throws UncheckedIOException on an I/O failure
     */
    public static List<Written> find(Path dir, String collection, int firstId) {
        List<Written> found = new ArrayList<>();
        for (int id = firstId; ; id++) {
            VolumeId vid = VolumeId.of(id);
            Path idxPath = dir.resolve(VolumeFiles.baseName(collection, vid) + VolumeFiles.IDX);
            if (!java.nio.file.Files.isRegularFile(idxPath)) {
                return found;
            }
            try (IndexFile idx = IndexFile.open(idxPath)) {
                long n = idx.entryCount();
                found.add(n == 0 ? new Written(vid, 1, 0) : new Written(vid, idx.read(0).key(), idx.read(n - 1).key()));
            }
        }
    }

    /** Fills one volume from {@code key}; returns the next key to write. */
    private long writeVolume(Path dir, String collection, VolumeId id, long key, long needles, long volumeSize) {
        Volume.create(dir, collection, id, ReplicaPlacement.NONE, Ttl.NONE, VolumeOptions.defaults()).close();
        String base = VolumeFiles.baseName(collection, id);
        long appendAt = System.currentTimeMillis() * 1_000_000L;
        try (FileChannel dat = FileChannel.open(dir.resolve(base + VolumeFiles.DAT), StandardOpenOption.WRITE);
             FileChannel idx = FileChannel.open(dir.resolve(base + VolumeFiles.IDX), StandardOpenOption.WRITE)) {
            long offset = dat.size();
            dat.position(offset);
            idx.position(idx.size());
            ByteBuffer datBuffer = ByteBuffer.allocateDirect(BUFFER);
            ByteBuffer idxBuffer = ByteBuffer.allocateDirect(BUFFER / 4);
            while (key <= needles) {
                Needle needle = Needle.of(key, COOKIE, expected(key)).withAppendAtNs(appendAt + key);
                ByteBuffer record = NeedleCodec.encode(needle);
                if (offset + record.remaining() > volumeSize) {
                    break;
                }
                if (datBuffer.remaining() < record.remaining()) {
                    drain(dat, datBuffer);
                }
                if (idxBuffer.remaining() < IndexFile.ENTRY_SIZE) {
                    drain(idx, idxBuffer);
                }
                int bodySize = record.getInt(12);
                idxBuffer.putLong(key).putInt((int) (offset >>> 3)).putInt(bodySize);
                offset += record.remaining();
                datBuffer.put(record);
                key++;
            }
            drain(dat, datBuffer);
            drain(idx, idxBuffer);
            dat.force(false);
            idx.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write volume " + id + " in " + dir, e);
        }
        Volume.open(dir, collection, id, VolumeOptions.defaults()).close(); // recovery checks what was written
        return key;
    }

    private static void drain(FileChannel ch, ByteBuffer buffer) throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            ch.write(buffer);
        }
        buffer.clear();
    }
}
