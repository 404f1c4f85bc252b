/**
 * Benchmarks. Standalone mains measure memory and load speed:
 * {@link io.hayloft.bench.NeedleMapMemoryBenchmark} (bytes per needle of the compact needle map) and
 * {@link io.hayloft.bench.IndexLoadBenchmark} (needles per second to open a volume). JMH classes
 * measure throughput: {@link io.hayloft.bench.NeedleMapBenchmark} (map get/put) and
 * {@link io.hayloft.bench.VolumeBenchmark} (1 KiB volume write/read); and time per operation of the
 * volume server's hot paths without the network: {@link io.hayloft.bench.UploadPathBenchmark}
 * (multipart parse + needle + append, and raw append) and {@link io.hayloft.bench.ReadPathBenchmark}
 * (map lookup + positional read + CRC check). {@code JmhSmokeTest} runs the last two once, briefly,
 * in every {@code ./mvnw verify} (CI), without thresholds.
 *
 * <pre>
 * ./mvnw -q -pl hayloft-bench -am verify                     build (JMH code generated at compile)
 * java -cp "$(cat hayloft-bench/target/classpath.txt):hayloft-bench/target/classes" \
 *      org.openjdk.jmh.Main NeedleMapBenchmark                run a JMH benchmark
 *      org.openjdk.jmh.Main 'UploadPath|ReadPath'            the upload and read paths
 * </pre>
 */
package io.hayloft.bench;
