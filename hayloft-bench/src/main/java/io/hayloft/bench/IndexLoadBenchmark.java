package io.hayloft.bench;

import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;
import io.hayloft.storage.Needle;
import io.hayloft.storage.Volume;
import io.hayloft.storage.VolumeOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Measures how fast a volume opens: needles per second to replay {@code .idx} into the needle map,
 * and to rebuild a missing {@code .idx} by scanning {@code .dat}.
 *
 * <pre>
 * java -cp ... io.hayloft.bench.IndexLoadBenchmark [needles, default 1000000] [dir, default a temp dir]
 * </pre>
 */
public final class IndexLoadBenchmark {
    private IndexLoadBenchmark() {
    }

    /** Builds the volume, then times several opens. */
    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("hayloft-index-load");
        VolumeId id = VolumeId.of(1);
        VolumeOptions options = VolumeOptions.defaults();
        byte[] data = new byte[32];
        long start = System.nanoTime();
        try (Volume v = Volume.create(dir, "", id, ReplicaPlacement.NONE, Ttl.NONE, options)) {
            for (int i = 1; i <= n; i++) {
                v.write(Needle.of(i, i, data));
            }
        }
        System.out.printf(Locale.ROOT, "wrote %d needles in %.1f s (%.0f writes/s)%n", n,
                (System.nanoTime() - start) / 1e9, n / ((System.nanoTime() - start) / 1e9));
        for (int round = 1; round <= 5; round++) {
            long t = System.nanoTime();
            try (Volume v = Volume.open(dir, "", id, options)) {
                double seconds = (System.nanoTime() - t) / 1e9;
                System.out.printf(Locale.ROOT, "open #%d: %d needles in %.3f s = %.2f M needles/s%n", round,
                        v.stats().fileCount(), seconds, v.stats().fileCount() / seconds / 1e6);
            }
        }
        Files.delete(dir.resolve("1.idx"));
        long t = System.nanoTime();
        try (Volume v = Volume.open(dir, "", id, options)) {
            double seconds = (System.nanoTime() - t) / 1e9;
            System.out.printf(Locale.ROOT, "rebuild .idx from .dat: %d needles in %.3f s = %.2f M needles/s%n",
                    v.recoveryReport().reindexedRecords(), seconds,
                    v.recoveryReport().reindexedRecords() / seconds / 1e6);
        }
        if (args.length <= 1) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
