package io.hayloft.bench;

import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;
import io.hayloft.storage.Needle;
import io.hayloft.storage.Volume;
import io.hayloft.storage.VolumeOptions;
import io.hayloft.storage.ec.EcEncoder;
import io.hayloft.storage.ec.EcFiles;
import io.hayloft.storage.ec.EcMetadata;
import io.hayloft.storage.ec.EcShardRebuilder;
import io.hayloft.storage.ec.LocalShards;
import io.hayloft.storage.ec.ReedSolomon;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The storage engine's shard rebuild without the network: a volume of {@code mib} MiB (64 KiB needles) in
 * {@code dir} is erasure-coded, four shards (three data, one parity) are deleted and rebuilt from the ten
 * others on the same disk ({@link EcShardRebuilder#rebuild}, forced). Prints the MiB of shard written per
 * second of wall time and the process's CPU seconds, for comparing with {@code dd} to the same directory
 * ({@code scripts/bench-ec-rebuild.sh} runs both). {@code readKiB} is how much of each shard one read asks
 * for (0: the default; one small block reads block by block, as before the streamed rebuild).
 *
 * <pre>java --add-modules=jdk.incubator.vector -cp ... io.hayloft.bench.EcRebuildRate DIR [mib=256] [readKiB=0]</pre>
 */
public final class EcRebuildRate {
    private EcRebuildRate() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        int mib = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        int readKiB = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        Volume volume = Volume.create(dir, "bench", VolumeId.of(1), ReplicaPlacement.NONE, Ttl.NONE,
                VolumeOptions.defaults());
        byte[] data = new byte[64 << 10];
        SplittableRandom random = new SplittableRandom(1);
        for (long key = 1; key <= (long) mib * 16; key++) {
            random.nextBytes(data);
            volume.write(Needle.of(key, 7, data));
        }
        volume.setReadOnly(true);
        ReedSolomon code = ReedSolomon.rs10x4();
        EcMetadata metadata = new EcEncoder(code).encode(volume);
        EcFiles files = EcFiles.of(volume.datPath());
        volume.destroy();
        TreeSet<Integer> lost = new TreeSet<>(java.util.List.of(0, 3, 7, 12));
        for (int s : lost) {
            Files.delete(files.shard(s));
        }
        EcShardRebuilder rebuilder = readKiB > 0 ? new EcShardRebuilder(metadata, readKiB << 10)
                : new EcShardRebuilder(metadata);
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        try (LocalShards shards = new LocalShards(files, metadata.totalShards())) {
            rebuilder.rebuild(files, shards, lost);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = (processCpuNanos() - cpu0) / 1e9;
        double written = lost.size() * (double) metadata.layout().shardSize() / (1 << 20);
        System.out.printf("kernel %s; volume %d MiB, block %d bytes, read %s a shard a call; rebuilt 4 shards "
                        + "(%.1f MiB) in %.2f s = %.1f MiB/s; process CPU %.2f s (%.1f MiB per CPU second)%n",
                code.kernelName(), mib, metadata.layout().smallBlock(),
                readKiB > 0 ? readKiB + " KiB" : (EcShardRebuilder.DEFAULT_READ_BYTES >> 10) + " KiB",
                written, seconds, written / seconds, cpu, written / cpu);
        try (var left = Files.list(dir)) {
            for (Path p : left.toList()) {
                if (p.getFileName().toString().startsWith("bench_1")) {
                    Files.delete(p);
                }
            }
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
