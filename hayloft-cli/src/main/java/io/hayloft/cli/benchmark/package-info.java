/**
 * {@code hayloft benchmark}, after {@code weed benchmark}: many small files written (assign + upload)
 * and then read back in random order by concurrent worker threads, with throughput and latency
 * percentiles for each phase. Each worker has its own {@link io.hayloft.cli.benchmark.BenchClient}:
 * kept-alive sockets, one write per request, answers read into a reused buffer, so the tool is not
 * its own bottleneck (the general client's JDK HTTP stack cost more CPU per call than the servers).
 *
 * <pre>
 *   BenchmarkCommand ──► WritePhase ──► PhaseRunner (c workers, n operations) ──► PhaseResult
 *                   │        └── StoredBlob list (optionally saved with FidList)
 *                   └──► ReadPhase  ──► PhaseRunner ──► PhaseResult
 * </pre>
 *
 * <p>Every blob's bytes are a function of its fid ({@link io.hayloft.cli.benchmark.Payload}), so the
 * read phase can check them, even for fids read back from a {@code -fids} file of an earlier run.
 * Each worker records latencies into its own {@link io.hayloft.cli.benchmark.LatencyRecorder};
 * they are merged and sorted once at the end, so measuring costs no locking.
 */
package io.hayloft.cli.benchmark;
