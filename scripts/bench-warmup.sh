#!/usr/bin/env bash
# Warm-up cost of a fresh `hayloft server` (issue 10):  scripts/bench-warmup.sh [STEADY_N=100000]
# Starts bin/hayloft server (ports BASE_PORT.., default 24333; data in $DATA, default /tmp/hayloft-warm),
# runs ../shared/bench/blobbench.sh --proto seaweed with no warm-up: first 20,000 PUT + 20,000 GET
# ("first"), then STEADY_N more of each ("steady"), and prints the server's CPU per operation for both.
# HAYLOFT_AOT=0 runs without the AOT cache; HAYLOFT_JAVA_OPTS passes through.
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
steady=${1:-100000}
base=${BASE_PORT:-24333} data=${DATA:-/tmp/hayloft-warm}
rm -rf "$data"; mkdir -p "$data"
start=$(date +%s.%N)
setsid "$home/bin/hayloft" server -dir "$data/d" -ip 127.0.0.1 -ip.bind 127.0.0.1 -master.port "$base" \
  -master.port.raft $((base + 1)) -volume.port $((base + 2)) -filer.port $((base + 3)) \
  > "$data/server.log" 2>&1 < /dev/null &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
until grep -q '^Ready' "$data/server.log"; do sleep 0.1; done
echo "ready after $(echo "$(date +%s.%N) - $start" | bc) s, server CPU $(awk -v t="$(getconf CLK_TCK)" \
  '{printf "%.2f", ($14 + $15) / t}' "/proc/$pid/stat") s"
bench() { # LABEL N
  PEERS_SCRATCH=${PEERS_SCRATCH:-/tmp/peers-mem} "$home/../shared/bench/blobbench.sh" --proto seaweed \
    --url "http://127.0.0.1:$base" --n "$2" --warmup 0 --phases put,get --pids "$pid" --label "$1" 2>/dev/null \
    | awk -v l="$1" -v n="$2" '/^(PUT|GET) / { for (i = 1; i <= NF; i++) if ($i == "server") cpu = $(i + 1);
        printf "%-6s %s %7d ops %8s req/s  %6.1f us server CPU/op\n", l, $1, n, $8, cpu * 1e6 / n }'
}
bench first 20000
bench steady "$steady"
