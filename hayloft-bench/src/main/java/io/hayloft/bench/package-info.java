/**
 * Benchmarks. Standalone mains measure memory and load speed:
 * {@link io.hayloft.bench.NeedleMapMemoryBenchmark} (bytes per needle of the compact needle map) and
 * {@link io.hayloft.bench.IndexLoadBenchmark} (needles per second to open a volume). JMH classes
 * measure throughput: {@link io.hayloft.bench.NeedleMapBenchmark} (map get/put) and
 * {@link io.hayloft.bench.VolumeBenchmark} (1 KiB volume write/read).
 *
 * <pre>
 * ./mvnw -q -pl hayloft-bench -am verify                     build (JMH code generated at compile)
 * java -cp "$(cat hayloft-bench/target/classpath.txt):hayloft-bench/target/classes" \
 *      org.openjdk.jmh.Main NeedleMapBenchmark                run a JMH benchmark
 * </pre>
 */
package io.hayloft.bench;
