#!/usr/bin/env bash
# What security.toml costs small writes and reads, in one run, the configurations alternating within each round
# so that a loaded machine weighs on all of them alike:
#   off               no security.toml
#   signed            [jwt.signing] + [internal], plain HTTP
#   tls-signed        [tls] + [jwt.signing] + [internal] (hayloft security init DIR)
#   tls-signed-reads  the same + [jwt.signing.read] (security init -readKey): each read first asks a master for a token
# Each measurement starts a fresh `hayloft server` (no filer) on loopback, runs `hayloft benchmark -c 16 -size 1024
# -warmup 2000` against it (with the same -security file) and stops it by PID. Prints one line per measurement
# (req/s of each phase; the server's CPU per operation over the whole benchmark, warm-up included, from
# /proc/PID/stat), then the medians per configuration and their ratios to "off".
#
#   scripts/bench-security.sh [ROUNDS] [N]      (default 3 rounds of 20000 files)
# Environment: MODES (the configurations, in order), BASE_PORT (24100: master, +1 Raft, +2 volume server),
# SCRATCH (/tmp/hayloft-bench-security), HAYLOFT_AOT (0 by default: no training run per build).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
n=${2:-20000}
warmup=2000
base=${BASE_PORT:-24100}
scratch=${SCRATCH:-/tmp/hayloft-bench-security}
modes=${MODES:-"off signed tls-signed tls-signed-reads"}
export HAYLOFT_AOT=${HAYLOFT_AOT:-0}
rm -rf "$scratch"
mkdir -p "$scratch"
bin/hayloft security init "$scratch/tls" > /dev/null
bin/hayloft security init -readKey "$scratch/tls-read" > /dev/null
# the same keys without [tls]
awk '/^\[tls\]/ { skip = 1 } /^\[/ && !/^\[tls\]/ { skip = 0 } !skip' "$scratch/tls/security.toml" > "$scratch/signed.toml"

security_args() {
  case "$1" in
    off) ;;
    signed) echo "-security $scratch/signed.toml" ;;
    tls-signed) echo "-security $scratch/tls/security.toml" ;;
    tls-signed-reads) echo "-security $scratch/tls-read/security.toml" ;;
    *) echo "unknown configuration $1" >&2; exit 2 ;;
  esac
}

results="$scratch/results.tsv"
: > "$results"
run() { # mode
  local mode=$1 dir="$scratch/$1-$round" pid cpu0 cpu1 w r failed
  # shellcheck disable=SC2046
  bin/hayloft $(security_args "$mode") server -dir "$dir" -ip 127.0.0.1 -ip.bind 127.0.0.1 -filer=false \
      -master.port "$base" -master.port.raft $((base + 1)) -volume.port $((base + 2)) > "$dir.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 240); do grep -q '^Ready' "$dir.log" 2>/dev/null && break; sleep 0.5; done
  grep -q '^Ready' "$dir.log" || { echo "server $mode did not start: $dir.log" >&2; kill "$pid"; exit 1; }
  cpu0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  # shellcheck disable=SC2046
  bin/hayloft $(security_args "$mode") benchmark -master "127.0.0.1:$base" -c 16 -n "$n" -size 1024 \
      -warmup "$warmup" > "$dir.bench" 2>&1 || true
  cpu1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  w=$(awk '/Requests per second/ {print $4; exit}' "$dir.bench")
  r=$(awk '/Requests per second/ {v = $4} END {print v}' "$dir.bench")
  failed=$(awk '/Failed requests/ {s += $3} END {print s + 0}' "$dir.bench")
  # clock ticks (10 ms) over 2 x (n + warmup) operations
  local us=$(( (cpu1 - cpu0) * 10000 / (2 * (n + warmup)) ))
  echo "round $round $mode: write ${w} req/s, read ${r} req/s, server CPU ${us} us/op, failed ${failed}"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$mode" "$w" "$r" "$us" "$failed" >> "$results"
}

for round in $(seq 1 "$rounds"); do
  for mode in $modes; do
    run "$mode"
  done
done

echo
python3 - "$results" <<'EOF'
import statistics, sys
rows = [l.split('\t') for l in open(sys.argv[1]).read().splitlines() if l]
modes = list(dict.fromkeys(r[1] for r in rows))
med = {}
print("| configuration | writes/s | reads/s | server CPU µs/op | failed |")
print("| --- | --- | --- | --- | --- |")
for m in modes:
    rs = [r for r in rows if r[1] == m]
    med[m] = tuple(statistics.median(float(r[i]) for r in rs) for i in (2, 3, 4))
    print(f"| {m} | {med[m][0]:,.0f} | {med[m][1]:,.0f} | {med[m][2]:.0f} | {sum(int(r[5]) for r in rs)} |")
if "off" in med:
    print()
    for m in modes:
        if m != "off":
            w, r, c = med[m]
            ow, orr, oc = med["off"]
            print(f"{m} / off (medians): writes {w / ow:.2f}x, reads {r / orr:.2f}x, server CPU per op {c / oc:.2f}x")
EOF
