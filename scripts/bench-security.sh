#!/usr/bin/env bash
# Small writes and reads with and without signed writes (and the internal key) in one run, alternating:
#   scripts/bench-security.sh [ROUNDS] [N]      (default 3 rounds of 20000 files, concurrency 16, 1 KiB)
# Each round starts a fresh `hayloft server` (no filer) per configuration on loopback, runs `hayloft benchmark`
# against it, and stops it by PID. Ports: BASE_PORT (default 24100) and up. Prints one line per run.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
n=${2:-20000}
base=${BASE_PORT:-24100}
scratch=${SCRATCH:-/tmp/hayloft-bench-security}
export HAYLOFT_AOT=${HAYLOFT_AOT:-0}
rm -rf "$scratch"
mkdir -p "$scratch"
cat > "$scratch/security.toml" <<TOML
[jwt.signing]
key = "$(head -c 32 /dev/urandom | base64 | tr -d '=+/')"
[internal]
key = "$(head -c 32 /dev/urandom | base64 | tr -d '=+/')"
TOML

run() { # name port security-args...
  local name=$1 port=$2; shift 2
  local dir="$scratch/$name-$round"
  bin/hayloft "$@" server -dir "$dir" -ip 127.0.0.1 -ip.bind 127.0.0.1 -filer=false \
      -master.port "$port" -master.port.raft $((port + 1)) -volume.port $((port + 2)) > "$dir.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 240); do grep -q '^Ready' "$dir.log" 2>/dev/null && break; sleep 0.5; done
  grep -q '^Ready' "$dir.log" || { echo "server $name did not start: $dir.log" >&2; kill "$pid"; exit 1; }
  local cpu0; cpu0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  bin/hayloft "$@" benchmark -master "127.0.0.1:$port" -c 16 -n "$n" -size 1024 -warmup 2000 > "$dir.bench" 2>&1
  local cpu1; cpu1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  local w r
  w=$(awk '/Requests per second/ {print $4; exit}' "$dir.bench")
  r=$(awk '/Requests per second/ {v = $4} END {print v}' "$dir.bench")
  # server CPU over the whole benchmark (warm-up included: 2 x (n + 2000) operations), clock ticks of 10 ms
  echo "round $round $name: write ${w} req/s, read ${r} req/s, server CPU $(( (cpu1 - cpu0) * 10000 / (2 * (n + 2000)) )) us/op"
}

for round in $(seq 1 "$rounds"); do
  run off "$base"
  run signed $((base + 10)) -security "$scratch/security.toml"
done
