#!/usr/bin/env bash
# RSS of a volume server alone holding N needles (issue 10: <= 200 MiB with 1 M needles loaded):
#   scripts/bench-volume-memory.sh [N=1000000] [SIZE=64]
# Starts bin/hayloft master and volume on 127.0.0.1 (ports BASE_PORT..: master, raft, volume; default
# 25333), writes N needles of SIZE+0..63 bytes with `hayloft benchmark -read=false`, then reads them all
# back; prints the volume server's RSS and peak RSS (VmHWM) after the writes and after the reads.
# Then restarts the volume server on the same data (so the needle maps are loaded from the .idx files),
# reads everything again and prints RSS and peak once more. Stops what it started by PID.
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
n=${1:-1000000} size=${2:-64}
base=${BASE_PORT:-25333} data=${DATA:-/tmp/hayloft-volmem}
master=$base raft=$((base + 1)) volume=$((base + 2))
rm -rf "$data"; mkdir -p "$data/m" "$data/v"
rss() { awk '/VmRSS/ {r=int($2 / 1024)} /VmHWM/ {h=int($2 / 1024)} END {print r " MiB (peak " h " MiB)"}' "/proc/$1/status"; }
setsid "$home/bin/hayloft" master -mdir "$data/m" -ip 127.0.0.1 -port "$master" -port.raft "$raft" \
  > "$data/master.log" 2>&1 < /dev/null &
mpid=$!
start_volume() {
  setsid "$home/bin/hayloft" volume -dir "$data/v" -ip 127.0.0.1 -port "$volume" -mserver "127.0.0.1:$master" \
    > "$data/volume.log" 2>&1 < /dev/null &
  vpid=$!
}
start_volume
trap 'kill "$vpid" "$mpid" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -s -m 2 "http://127.0.0.1:$master/dir/assign" | grep -q '"fid"' && break
  sleep 1
done
echo "volume server idle: $(rss "$vpid")"
"$home/bin/hayloft" benchmark -master "127.0.0.1:$master" -n "$n" -size "$size" -read=false \
  -fids "$data/fids" -warmup 0 | grep -E "requests per second|Completed" || true
echo "after $n writes: $(rss "$vpid")"
"$home/bin/hayloft" benchmark -master "127.0.0.1:$master" -write=false -fids "$data/fids" -warmup 0 \
  | grep -E "requests per second|Completed" || true
echo "after reading them: $(rss "$vpid")"
kill "$vpid"; wait "$vpid" 2>/dev/null || true
start_volume
for _ in $(seq 1 120); do
  curl -s -m 2 "http://127.0.0.1:$volume/status" | grep -q Volumes && break
  sleep 1
done
echo "restarted, needle maps loaded: $(rss "$vpid")"
"$home/bin/hayloft" benchmark -master "127.0.0.1:$master" -write=false -fids "$data/fids" -warmup 0 \
  | grep -E "requests per second|Completed" || true
echo "restarted, after reading them all: $(rss "$vpid")"
if [[ "${HAYLOFT_JAVA_OPTS:-}" == *NativeMemoryTracking* ]]; then
  . "$home/scripts/java-env.sh"
  "$JAVA_HOME/bin/jcmd" "$vpid" VM.native_memory summary | grep -E "^(Total|-)|committed=" | head -40
fi
