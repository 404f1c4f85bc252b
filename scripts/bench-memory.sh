#!/usr/bin/env bash
# Peak RSS of a fresh `hayloft server` through compare.sh's workload (issue 10):
#   scripts/bench-memory.sh [N=200000] [LARGE_MB=256] [HUGE_MB=1024]
# Starts bin/hayloft server on 127.0.0.1 (ports BASE_PORT..: master, raft, volume, filer, s3; default 24333),
# data in $DATA (default /tmp/hayloft-mem), runs ../shared/bench/blobbench.sh --proto seaweed
# (N x 1 KiB PUT+GET after 20,000 untimed, then one LARGE_MB file up and down through the filer), then
# HUGE_MB up and down through the filer by curl, twice (0 skips it); prints the server's RSS and peak RSS
# (VmHWM) after each phase and, when HAYLOFT_JAVA_OPTS has -XX:NativeMemoryTracking=summary, the NMT
# summary; stops the server by PID. HAYLOFT_JAVA_OPTS passes through to bin/hayloft.
# About 2-3 minutes on a quiet 2-core machine with the defaults.
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
n=${1:-200000} large=${2:-256} huge=${3:-1024}
base=${BASE_PORT:-24333} data=${DATA:-/tmp/hayloft-mem}
master=$base raft=$((base + 1)) volume=$((base + 2)) filer=$((base + 3)) s3=$((base + 4))
rss() { awk '/VmRSS/ {r=int($2 / 1024)} /VmHWM/ {h=int($2 / 1024)} END {print r " MiB (peak " h " MiB)"}' "/proc/$1/status"; }
rm -rf "$data"; mkdir -p "$data"
setsid "$home/bin/hayloft" server -dir "$data/d" -ip 127.0.0.1 -ip.bind 127.0.0.1 -master.port "$master" \
  -master.port.raft "$raft" -volume.port "$volume" -filer.port "$filer" -s3.port "$s3" > "$data/server.log" 2>&1 < /dev/null &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -s -m 2 "http://127.0.0.1:$master/dir/assign" | grep -q '"fid"' && break
  sleep 1
done
curl -s -o /dev/null -m 5 "http://127.0.0.1:$filer/" || sleep 5
echo "idle RSS: $(rss "$pid")"
PEERS_SCRATCH=${PEERS_SCRATCH:-/tmp/peers-mem} "${PEERS_BENCH:-$home/../shared/bench}/blobbench.sh" --proto seaweed \
  --url "http://127.0.0.1:$master" --large-url "http://127.0.0.1:$filer/bench" --n "$n" --warmup 20000 \
  --large-mb "$large" --pids "$pid" --label hayloft | tail -20
echo "after the small files and $large MiB: $(rss "$pid")"
if [ "$huge" -gt 0 ]; then
  head -c $((huge << 20)) /dev/urandom > "$data/huge.bin"
  for i in 1 2; do
    curl -s -o /dev/null -H 'Expect:' -w "PUT $huge MiB: %{http_code} %{speed_upload} B/s\n" -T "$data/huge.bin" \
      "http://127.0.0.1:$filer/bench/huge$i"
    curl -s -o /dev/null -w "GET $huge MiB: %{http_code} %{speed_download} B/s\n" "http://127.0.0.1:$filer/bench/huge$i"
    echo "after $huge MiB round $i: $(rss "$pid")"
  done
  rm -f "$data/huge.bin"
fi
echo "peak RSS (VmHWM): $(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$pid/status") MiB"
if [[ "${HAYLOFT_JAVA_OPTS:-}" == *NativeMemoryTracking* ]]; then
  . "$home/scripts/java-env.sh"
  "$JAVA_HOME/bin/jcmd" "$pid" VM.native_memory summary | grep -E "^(Total|-)|committed=" | head -40
fi
