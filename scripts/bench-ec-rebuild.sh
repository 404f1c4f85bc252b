#!/usr/bin/env bash
# Erasure-coded shard rebuild in the storage engine against the disk's sequential rate (issue 13):
# a volume of MIB MiB (64 KiB needles) is erasure-coded in a directory on the disk under test, four of
# its 14 shards are deleted and rebuilt from the other ten (EcShardRebuilder, forced to disk), then `dd`
# writes the same number of bytes to the same directory with fdatasync. Two rebuilds: the default (2 MiB
# of each shard a read, the next range read while the last is written) and one small block a read.
# No network: the cluster figure (every shard read over HTTP) is scripts/bench-ec.sh's.
#   usage: scripts/bench-ec-rebuild.sh [MIB=256]      (about a minute on an idle machine)
#   BENCH_DIR: where the files go (default /tmp: use a directory on the disk to measure)
#   Build first: ./mvnw -o -q -B -pl hayloft-bench -am verify -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-env.sh
mib=${1:-256}
[ -f hayloft-bench/target/classpath.txt ] || { echo "build first: ./mvnw -o -q -B -pl hayloft-bench -am verify -DskipTests" >&2; exit 1; }
dir=$(mktemp -d "${BENCH_DIR:-/tmp}/hayloft-ec-rebuild.XXXXXX")
trap 'rm -rf "$dir"' EXIT
cp="${EC_STORAGE_JAR:+$EC_STORAGE_JAR:}$(cat hayloft-bench/target/classpath.txt):hayloft-bench/target/classes"
run() { "$JAVA_HOME/bin/java" --add-modules=jdk.incubator.vector -Xmx2g -XX:+UseCompactObjectHeaders -cp "$cp" \
    io.hayloft.bench.EcRebuildRate "$dir" "$mib" "$@" 2>&1 | grep -v -e 'incubator modules' -e '^SLF4J'; }
run          # 2 MiB of each shard a read
run 1        # one small block a read
count=$(( mib * 4 / 10 ))
d0=$(date +%s.%N); dd if=/dev/zero of="$dir/dd.bin" bs=1M count="$count" conv=fdatasync status=none; d1=$(date +%s.%N)
python3 -c "import sys; print(f'dd {sys.argv[1]} MiB + fdatasync to the same directory: {int(sys.argv[1])/(float(sys.argv[3])-float(sys.argv[2])):.0f} MiB/s')" "$count" "$d0" "$d1"
