package io.hayloft.bench;

import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;
import io.hayloft.storage.Needle;
import io.hayloft.storage.Volume;
import io.hayloft.storage.VolumeOptions;
import io.hayloft.storage.ec.EcEncoder;
import io.hayloft.storage.ec.EcFiles;
import io.hayloft.storage.ec.EcVolume;
import io.hayloft.storage.ec.LocalShards;
import io.hayloft.storage.ec.ReedSolomon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The volume server's read path without the network: a random needle of a preloaded volume looked
 * up in the needle map, read with one positional read and CRC-checked ({@link Volume#read}); and the same
 * needle of the same volume erasure-coded (RS(10,4), every shard local), read as the volume server's fast path
 * reads one ({@link EcVolume#readHeldHere}: the sorted index searched, the shard range located, one positional
 * read of the shard, the record's CRC checked). Average time per read (page cache warm); the two side by side
 * are issue 13's "an EC read costs what a replicated one does" at the storage level.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-XX:+UseCompactObjectHeaders"})
public class ReadPathBenchmark {
    private static final int COOKIE = 0x5EED;

    /** Needles in the volume. */
    @Param("20000")
    public int needles;

    /** Needle size in bytes. */
    @Param("1024")
    public int size;

    private Path dir;
    private Volume volume;
    private LocalShards shards;
    private EcVolume coded;
    private final SplittableRandom random = new SplittableRandom(7);

    /** Fills a volume with {@link #needles} needles of {@link #size} bytes. */
    @Setup(Level.Trial)
    public void create() throws IOException {
        dir = Files.createTempDirectory("hayloft-read-bench");
        volume = Volume.create(dir, "", VolumeId.of(1), ReplicaPlacement.NONE, Ttl.NONE, VolumeOptions.defaults());
        byte[] data = new byte[size];
        new SplittableRandom(1).nextBytes(data);
        for (int i = 1; i <= needles; i++) {
            volume.write(Needle.of(i, COOKIE, data));
        }
        volume.setReadOnly(true);
        new EcEncoder(ReedSolomon.rs10x4()).encode(volume);
        EcFiles files = EcFiles.of(volume.datPath());
        shards = new LocalShards(files, 14);
        coded = EcVolume.open(files, shards);
    }

    /** Deletes the volume. */
    @TearDown(Level.Trial)
    public void destroy() throws IOException {
        shards.close();
        volume.destroy();
        try (var left = Files.list(dir)) {
            for (Path p : left.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }

    /** Reads and verifies a random needle. */
    @Benchmark
    public Needle read() {
        return volume.read(1 + random.nextInt(needles), COOKIE);
    }

    /** Reads and verifies a random needle of the erasure-coded volume, as the fast path does. */
    @Benchmark
    public Needle readErasureCoded() {
        return coded.readHeldHere(1 + random.nextInt(needles), shards, 64 * 1024);
    }
}
