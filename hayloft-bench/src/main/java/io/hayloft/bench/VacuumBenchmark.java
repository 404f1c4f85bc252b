package io.hayloft.bench;

import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;
import io.hayloft.storage.CompactionResult;
import io.hayloft.storage.Needle;
import io.hayloft.storage.Volume;
import io.hayloft.storage.VolumeOptions;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Measures vacuum throughput: builds a volume of random needles (1..64 KiB), deletes a share of
 * them, compacts it, and reports MB/s of old {@code .dat} processed and of live data written, next
 * to a raw sequential copy of a file of the same size on the same disk (read + write + force).
 *
 * <pre>
 * java -cp ... io.hayloft.bench.VacuumBenchmark [MiB, default 512] [deleted share, default 0.7] [dir]
 * </pre>
 */
public final class VacuumBenchmark {
    private VacuumBenchmark() {
    }

    /** Builds the volume, compacts it, copies a file of the same size, prints the figures. */
    public static void main(String[] args) throws IOException {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 512;
        double deleteShare = args.length > 1 ? Double.parseDouble(args[1]) : 0.7;
        Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("hayloft-vacuum");
        Random random = new Random(42);
        VolumeId id = VolumeId.of(1);
        try (Volume v = Volume.create(dir, "", id, ReplicaPlacement.NONE, Ttl.NONE, VolumeOptions.defaults())) {
            byte[] pool = new byte[128 << 10];
            random.nextBytes(pool);
            long key = 0;
            while (v.stats().datSize() < (mib << 20)) {
                int size = 1024 + random.nextInt(63 << 10);
                byte[] data = new byte[size];
                System.arraycopy(pool, random.nextInt(pool.length - size), data, 0, size);
                v.write(Needle.of(++key, 1, data));
            }
            for (long k = 1; k <= key; k++) {
                if (random.nextDouble() < deleteShare) {
                    v.delete(k, 1);
                }
            }
            System.out.printf(Locale.ROOT, "volume: %d needles, %.1f MiB, garbage ratio %.3f%n", key,
                    v.stats().datSize() / 1048576.0, v.garbageRatio());
            long t = System.nanoTime();
            CompactionResult r = v.compact();
            double seconds = (System.nanoTime() - t) / 1e9;
            System.out.printf(Locale.ROOT, "vacuum: %.2f s, %.1f MiB -> %.1f MiB (reclaimed %.1f MiB), "
                            + "garbage ratio before %.3f, %d needles copied%n", seconds, r.sizeBefore() / 1048576.0,
                    r.sizeAfter() / 1048576.0, r.bytesReclaimed() / 1048576.0, r.garbageRatioBefore(),
                    r.needlesCopied());
            System.out.printf(Locale.ROOT, "vacuum throughput: %.0f MB/s of volume processed, %.0f MB/s of live "
                    + "data written%n", r.sizeBefore() / seconds / 1e6, r.sizeAfter() / seconds / 1e6);
            rawCopy(v.datPath(), r.sizeBefore(), dir.resolve("raw.copy"));
        } finally {
            if (args.length <= 2) {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
    }

    /** Writes a file of {@code bytes}, then times a 4 MiB-chunk sequential copy of it with a force. */
    private static void rawCopy(Path volumeDat, long bytes, Path target) throws IOException {
        Path source = volumeDat.resolveSibling("raw.source");
        ByteBuffer chunk = ByteBuffer.allocateDirect(4 << 20);
        try (FileChannel out = FileChannel.open(source, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            for (long p = 0; p < bytes; p += chunk.capacity()) {
                chunk.clear();
                while (chunk.hasRemaining()) {
                    chunk.put((byte) p);
                }
                chunk.flip();
                out.write(chunk, p);
            }
        }
        long t = System.nanoTime();
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            for (long p = 0; p < bytes; p += chunk.capacity()) {
                chunk.clear();
                in.read(chunk, p);
                chunk.flip();
                out.write(chunk, p);
            }
            out.force(true);
        }
        double seconds = (System.nanoTime() - t) / 1e9;
        System.out.printf(Locale.ROOT, "raw sequential copy of %.1f MiB (read + write + force): %.0f MB/s%n",
                bytes / 1048576.0, bytes / seconds / 1e6);
        Files.delete(source);
        Files.delete(target);
    }
}
