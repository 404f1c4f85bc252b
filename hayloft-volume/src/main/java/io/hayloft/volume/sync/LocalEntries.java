package io.hayloft.volume.sync;

import io.hayloft.storage.IndexScan;
import io.hayloft.storage.Needle;
import io.hayloft.storage.Volume;
import io.hayloft.storage.VolumeDigest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads this server's {@link ReplicaEntries} of some buckets of a volume: live needles from the
 * needle map ({@link Volume#forEachLive}), their cookies from the record headers in {@code .dat},
 * and deleted keys from the tombstones in {@code .idx} ({@link IndexScan}). Blocking; stateless.
 */
final class LocalEntries {
    /** Record header: cookie (u32), key (u64), body size (u32); see {@code NeedleCodec}. */
    private static final int HEADER_SIZE = 16;

    private LocalEntries() {
    }

    /**
     * Collects the entries of {@code buckets}.
     *
     * @throws UncheckedIOException  when {@code .idx} or {@code .dat} cannot be read
     * @throws IllegalStateException if the volume is closed
     */
    static ReplicaEntries collect(Volume volume, BitSet buckets) {
        // Live needles first, tombstones second: a delete racing with the two reads then shows as
        // live (its tombstone is dropped below), never as absent without a tombstone, the state
        // that would make a peer send the needle back.
        LiveKeys found = new LiveKeys();
        volume.forEachLive((key, offsetUnits, size) -> {
            if (buckets.get(VolumeDigest.bucket(key))) {
                found.add(key, offsetUnits, size);
            }
        });
        Set<Long> deleted = new HashSet<>();
        IndexScan.scan(volume.idxPath(), (key, offsetUnits, size) -> {
            if (IndexScan.isTombstone(size) && buckets.get(VolumeDigest.bucket(key))) {
                deleted.add(key);
            }
            return true;
        });
        Map<Long, ReplicaEntries.Live> live = cookies(volume, found);
        for (int i = 0; i < found.count; i++) {
            if (live.containsKey(found.keys[i])) {
                deleted.remove(found.keys[i]); // live when listed, even if deleted since
            } else {
                deleted.add(found.keys[i]); // deleted between the map pass and its cookie read
            }
        }
        return new ReplicaEntries(live, deleted);
    }

    /**
     * Reads each live needle's cookie from its record header. A header that no longer matches (a
     * compaction moved the record) falls back to reading the needle; a needle deleted meanwhile is
     * left out (the caller lists it as deleted).
     */
    private static Map<Long, ReplicaEntries.Live> cookies(Volume volume, LiveKeys found) {
        Map<Long, ReplicaEntries.Live> live = new HashMap<>();
        if (found.count == 0) {
            return live;
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE);
        try (FileChannel dat = FileChannel.open(volume.datPath(), StandardOpenOption.READ)) {
            for (int i = 0; i < found.count; i++) {
                long key = found.keys[i];
                int size = found.sizes[i];
                if (readHeader(dat, header, found.offsetUnits[i] << 3) && header.getLong(4) == key
                        && header.getInt(12) == size) {
                    live.put(key, new ReplicaEntries.Live(header.getInt(0), size));
                } else {
                    Optional<Needle> stored = volume.readStored(key);
                    stored.ifPresent(n -> live.put(key, new ReplicaEntries.Live(n.cookie(), size)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + volume.datPath(), e);
        }
        return live;
    }

    /** Reads the record header at {@code at}; false if the file ends first. */
    private static boolean readHeader(FileChannel dat, ByteBuffer header, long at) throws IOException {
        header.clear();
        while (header.hasRemaining()) {
            if (dat.read(header, at + header.position()) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Live entries gathered under the needle map's read lock: primitive arrays, no boxing there. */
    private static final class LiveKeys {
        long[] keys = new long[64];
        long[] offsetUnits = new long[64];
        int[] sizes = new int[64];
        int count;

        void add(long key, long offset, int size) {
            if (count == keys.length) {
                keys = Arrays.copyOf(keys, count * 2);
                offsetUnits = Arrays.copyOf(offsetUnits, count * 2);
                sizes = Arrays.copyOf(sizes, count * 2);
            }
            keys[count] = key;
            offsetUnits[count] = offset;
            sizes[count] = size;
            count++;
        }
    }
}
