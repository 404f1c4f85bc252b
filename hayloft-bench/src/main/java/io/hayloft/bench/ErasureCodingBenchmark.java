package io.hayloft.bench;

import io.hayloft.storage.ec.ReedSolomon;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * RS(10,4) encoding and a 4-shard rebuild of one stripe ({@code shardBytes} per shard, so 10 ×
 * {@code shardBytes} of data), with the Vector API kernel (a fork that resolves {@code
 * jdk.incubator.vector}) and the scalar kernel (a fork that does not). Average time per stripe: data
 * throughput is {@code 10 × shardBytes / time}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
public class ErasureCodingBenchmark {
    private static final String VECTOR = "--add-modules=jdk.incubator.vector";

    /** Bytes per shard in one stripe. */
    @Param("1048576")
    public int shardBytes;

    private ReedSolomon rs;
    private byte[][] shards;
    private final boolean[] present = new boolean[14];

    /** Random data shards, encoded once so rebuilds start from a valid stripe. */
    @Setup(Level.Trial)
    public void create() {
        rs = ReedSolomon.rs10x4();
        shards = new byte[14][shardBytes];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 10; i++) {
            random.nextBytes(shards[i]);
        }
        rs.encode(shards, 0, shardBytes);
        java.util.Arrays.fill(present, true);
        present[0] = present[3] = present[7] = present[12] = false; // three data shards and one parity
        System.out.println("kernel: " + rs.kernelName());
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xmx1g", VECTOR})
    public byte[][] encodeVector() {
        rs.encode(shards, 0, shardBytes);
        return shards;
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = "-Xmx1g")
    public byte[][] encodeScalar() {
        rs.encode(shards, 0, shardBytes);
        return shards;
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xmx1g", VECTOR})
    public byte[][] rebuildFourVector() {
        rs.reconstruct(shards, present, 0, shardBytes);
        return shards;
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = "-Xmx1g")
    public byte[][] rebuildFourScalar() {
        rs.reconstruct(shards, present, 0, shardBytes);
        return shards;
    }
}
