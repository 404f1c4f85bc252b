#!/usr/bin/env bash
# Filer metadata on Raft partitions against one embedded RocksDB, same run (issue 12, docs/benchmarks.md):
# creates of empty files from 64 clients (CreateBenchmark: 3 in-process filer servers x 8 partitions,
# every Raft log entry fsynced on each replica) and a listing of one 100,000-entry directory
# (ListBenchmark), each against the single RocksDB store. About 3.5 minutes (3 min at load 5-15).
#   usage: scripts/bench-partitions.sh [SECONDS=20]      (output also in $OUT/results.txt)
# Everything runs in-process on loopback (ephemeral ports); nothing is left running.
set -u
SECONDS_RUN=${1:-20}
HERE="$(cd "$(dirname "$0")/.." && pwd)"
OUT=${BENCH_OUT:-/tmp/hayloft-bench-partitions}; mkdir -p "$OUT"
cd "$HERE" && . scripts/java-env.sh
./mvnw -o -q -B -pl hayloft-filer -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$OUT/cp.txt" -Dmdep.includeScope=test > "$OUT/build.log" 2>&1 || { cat "$OUT/build.log"; exit 1; }
CP=hayloft-filer/target/test-classes:hayloft-filer/target/classes:$(cat "$OUT/cp.txt")
J="java --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Xmx1g -cp $CP"
run() { rm -rf "$OUT/data"; $J "$@" 2>"$OUT/stderr.log" | grep -v '^  ratis\|^Ratis timers'; }
{
  echo "== $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg)"
  # args: mode dir clients seconds partitions election-min-ms warm-up-s
  run io.hayloft.filer.partition.CreateBenchmark rocks "$OUT/data" 64 "$SECONDS_RUN" 8 3000 10
  run io.hayloft.filer.partition.CreateBenchmark partitioned "$OUT/data" 64 "$SECONDS_RUN" 8 3000 20
  # args: mode dir entries page rounds [leader|other: which filer server lists]
  run io.hayloft.filer.partition.ListBenchmark rocks "$OUT/data" 100000 1000 5
  run io.hayloft.filer.partition.ListBenchmark partitioned "$OUT/data" 100000 1000 5 other
  run io.hayloft.filer.partition.ListBenchmark partitioned "$OUT/data" 100000 1000 5 leader
  run io.hayloft.filer.partition.ListBenchmark partitioned "$OUT/data" 100000 1000 5 follower
  echo "== done $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT/results.txt"
rm -rf "$OUT/data"
