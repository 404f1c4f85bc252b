package io.hayloft.bench;

import io.hayloft.api.ReplicaPlacement;
import io.hayloft.api.Ttl;
import io.hayloft.api.VolumeId;
import io.hayloft.storage.Needle;
import io.hayloft.storage.Volume;
import io.hayloft.storage.VolumeOptions;
import io.hayloft.storage.WriteResult;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Throughput of 1 KiB needle writes and CRC-checked reads on one volume (no fsync). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-XX:+UseCompactObjectHeaders"})
public class VolumeBenchmark {
    private static final int PRELOADED = 100_000;
    private static final int COOKIE = 0x5EED;

    private Path dir;
    private Volume volume;
    private byte[] data;
    private final AtomicLong nextKey = new AtomicLong(PRELOADED + 1L);

    /** Creates a volume holding {@value #PRELOADED} needles of 1 KiB. */
    @Setup(Level.Trial)
    public void create() throws IOException {
        dir = Files.createTempDirectory("hayloft-volume-bench");
        volume = Volume.create(dir, "", VolumeId.of(1), ReplicaPlacement.NONE, Ttl.NONE, VolumeOptions.defaults());
        data = new byte[1024];
        new SplittableRandom(1).nextBytes(data);
        for (int i = 1; i <= PRELOADED; i++) {
            volume.write(Needle.of(i, COOKIE, data));
        }
    }

    /** Deletes the volume. */
    @TearDown(Level.Trial)
    public void destroy() throws IOException {
        volume.destroy();
        Files.deleteIfExists(dir);
    }

    /** Appends a new 1 KiB needle. */
    @Benchmark
    public WriteResult write() {
        return volume.write(Needle.of(nextKey.getAndIncrement(), COOKIE, data));
    }

    /** Reads and verifies a random preloaded 1 KiB needle. */
    @Benchmark
    public Needle read(ThreadRandom random) {
        return volume.read(1 + random.random.nextInt(PRELOADED), COOKIE);
    }

    /** Per-thread random source for {@link #read}. */
    @State(Scope.Thread)
    public static class ThreadRandom {
        final SplittableRandom random = new SplittableRandom(7);
    }
}
