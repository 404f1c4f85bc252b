#!/usr/bin/env bash
# Small-file benchmark for docs/benchmarks.md: starts `hayloft server` on a fresh temp dir, runs
# `hayloft benchmark -c 16 -n N -size 1024` RUNS times against it, then reports the server's
# resident memory and the disk used per stored file. Run scripts/bench-baselines.sh in the same
# session for the nginx and disk baselines.
#   usage: scripts/bench-small-files.sh [N=100000] [RUNS=3] [extra server args...]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
runs=${2:-3}
shift 2 || shift $#
data=$(mktemp -d /tmp/hayloft-bench.XXXXXX)
mport=${BENCH_MASTER_PORT:-19433}
vport=${BENCH_VOLUME_PORT:-18480}
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$data" "$data.log"
}
trap cleanup EXIT

bin/hayloft server -dir "$data" -ip 127.0.0.1 -master.port "$mport" -master.port.raft $((mport + 10000)) \
    -volume.port "$vport" "$@" > "$data.log" 2>&1 &
server_pid=$!
for _ in $(seq 120); do
  curl -sf "http://127.0.0.1:$mport/cluster/status" >/dev/null 2>&1 && break
  sleep 0.5
done
for i in $(seq "$runs"); do
  echo "== run $i: hayloft benchmark -c 16 -n $n -size 1024"
  bin/hayloft benchmark -master "127.0.0.1:$mport" -c 16 -n "$n" -size 1024
done
if command -v wrk >/dev/null; then
  # the same shape as the nginx baseline: one 1 KiB object, wrk -t2 -c16 -d10s
  head -c 1024 /dev/urandom > "$data.1k"
  fid=$(curl -sf -F "file=@$data.1k" "http://127.0.0.1:$mport/submit" | sed -n 's/.*"fid":"\([^"]*\)".*/\1/p')
  echo "== wrk -t2 -c16 -d10s GET one 1 KiB needle ($fid)"
  wrk -t2 -c16 -d10s --latency "http://127.0.0.1:$vport/$fid" | grep -E "Requests/sec|50%|99%"
  rm -f "$data.1k"
fi
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$server_pid/status")
files=$((n * runs))
bytes=$(du -sb "$data/volume" | awk '{print $1}')
echo "== server RSS $((rss_kb / 1024)) MiB; disk $bytes bytes for $files files = $((bytes / files)) bytes/file"
