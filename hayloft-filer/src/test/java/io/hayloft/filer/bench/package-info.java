/**
 * Benchmark helpers run from {@code scripts/bench-filer.sh}, not tests: {@link io.hayloft.filer.bench.BulkLoad}
 * fills a directory of the RocksDB store with many entries before the filer starts.
 */
package io.hayloft.filer.bench;
