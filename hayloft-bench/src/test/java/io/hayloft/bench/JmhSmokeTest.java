package io.hayloft.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the upload and read path benchmarks once, briefly, in this JVM (no fork, no warm-up, one
 * short iteration): CI proves they still build, set up and run. No thresholds: timings on a shared
 * 2-core machine say nothing; run them properly by hand (see the package documentation).
 */
class JmhSmokeTest {
    @Test
    void uploadAndReadPathBenchmarksRun() throws RunnerException {
        Options options = new OptionsBuilder()
                .include(UploadPathBenchmark.class.getSimpleName())
                .include(ReadPathBenchmark.class.getSimpleName())
                .param("needles", "1000")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(300))
                .verbosity(VerboseMode.SILENT)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        assertThat(results).extracting(r -> r.getParams().getBenchmark())
                .containsExactlyInAnyOrder(UploadPathBenchmark.class.getName() + ".multipartUpload",
                        UploadPathBenchmark.class.getName() + ".multipartParse",
                        UploadPathBenchmark.class.getName() + ".rawUpload", ReadPathBenchmark.class.getName() + ".read",
                        ReadPathBenchmark.class.getName() + ".readErasureCoded");
        assertThat(results).allSatisfy(r -> assertThat(r.getPrimaryResult().getScore()).isPositive());
    }

    @Test
    void erasureCodingBenchmarksRun() throws RunnerException {
        Options options = new OptionsBuilder()
                .include(ErasureCodingBenchmark.class.getSimpleName())
                .param("shardBytes", "4096")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(200))
                .verbosity(VerboseMode.SILENT)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        assertThat(results).extracting(r -> r.getParams().getBenchmark().replace(ErasureCodingBenchmark.class.getName() + ".", ""))
                .containsExactlyInAnyOrder("encodeVector", "encodeScalar", "rebuildFourVector", "rebuildFourScalar");
        assertThat(results).allSatisfy(r -> assertThat(r.getPrimaryResult().getScore()).isPositive());
    }
}
