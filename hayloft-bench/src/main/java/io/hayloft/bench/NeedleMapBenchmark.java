package io.hayloft.bench;

import io.hayloft.storage.needlemap.CompactNeedleMap;
import io.hayloft.storage.needlemap.NeedleMap;

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
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/** Throughput of {@link CompactNeedleMap} lookups and inserts on a map of {@code size} needles. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:+UseCompactObjectHeaders"})
public class NeedleMapBenchmark {
    @Param({"1000000"})
    public int size;

    private NeedleMap map;
    private SplittableRandom random;
    private long nextKey;

    /** Fills the map with sequential keys. */
    @Setup(Level.Trial)
    public void fill() {
        map = new CompactNeedleMap();
        for (int i = 1; i <= size; i++) {
            map.put(i, i, 1024);
        }
        random = new SplittableRandom(42);
        nextKey = size + 1L;
    }

    /** A lookup of a random present key. */
    @Benchmark
    public long getPresent() {
        return map.get(1 + random.nextInt(size));
    }

    /** Replacing the location of a random present key. */
    @Benchmark
    public long putReplace() {
        return map.put(1 + random.nextInt(size), 7, 2048);
    }

    /** Appending the next key in sequence (the common write path). */
    @Benchmark
    public long putAppend() {
        return map.put(nextKey++, 9, 512);
    }
}
