#!/usr/bin/env bash
# Scrub benchmark for issue 6: what the background scrub at its default rate (-scrubMBps 16) costs
# foreground reads. One master and one volume server (scrub every minute) as separate processes on
# loopback; writes N files of SIZE bytes, reads them all once with no scrub running (the baseline,
# same run), waits until the first scrub pass is verifying needles, reads them all again while it
# runs, and prints both read rates, their ratio and the scrub's own rate from /metrics.
#   usage: scripts/bench-scrub.sh [N=16000] [SIZE=65536]   (the scrub pass must outlast a read pass)
#   HAYLOFT_TARGET: build directory of hayloft-cli (default target); BENCH_PORT_BASE (default 19560).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-16000}
size=${2:-65536}
. scripts/bench-roles.sh hayloft-bench-scrub
base=${BENCH_PORT_BASE:-19560}
master="127.0.0.1:$base"
volume="127.0.0.1:$((base + 10))"
start_role "$data/m.log" master -port "$base" -mdir "$data/m" -ip 127.0.0.1 -ip.bind 127.0.0.1
start_role "$data/v.log" volume -port $((base + 10)) -dir "$data/v" -max 30 -ip 127.0.0.1 -ip.bind 127.0.0.1 \
    -mserver "$master" -scrubMBps 16 -scrubIntervalMinutes 1
t_start=$(date +%s)
for _ in $(seq 120); do curl -sf "http://$master/dir/assign" > /dev/null 2>&1 && break; sleep 0.5; done
scrubbed() {
  curl -sf "http://$volume/metrics" | awk '/^hayloft_volume_scrub_bytes_total/ {s += $NF} END {printf "%d\n", s}'
}
rate() { grep -iE "requests per second|req/s" "$1" | head -1; }

hayloft benchmark -master "$master" -n "$n" -size "$size" -c 16 -read=false -fids "$data/fids" > "$data/write.txt"
[ "$(scrubbed)" = 0 ] || { echo "the scrub started before the baseline read; use a smaller N" >&2; exit 1; }
hayloft benchmark -master "$master" -n "$n" -size "$size" -c 16 -write=false -fids "$data/fids" > "$data/read-idle.txt"
[ "$(scrubbed)" = 0 ] || { echo "the scrub started during the baseline read; use a smaller N" >&2; exit 1; }
# The first pass starts a minute after the volume server did.
for _ in $(seq 240); do [ "$(scrubbed)" -gt 0 ] && break; sleep 0.5; done
s0=$(scrubbed); t0=$(date +%s.%N)
hayloft benchmark -master "$master" -n "$n" -size "$size" -c 16 -write=false -fids "$data/fids" > "$data/read-scrub.txt"
s1=$(scrubbed); t1=$(date +%s.%N)
echo "baseline (no scrub):   $(rate "$data/read-idle.txt")"
echo "while scrubbing:       $(rate "$data/read-scrub.txt")"
python3 -c "
s0, s1, t0, t1 = $s0, $s1, $t0, $t1
print(f'scrub verified {(s1 - s0) / 2**20:.1f} MiB in {t1 - t0:.1f} s during the read pass = {(s1 - s0) / 2**20 / (t1 - t0):.1f} MiB/s (limit 16)')"
grep -h "Latency" "$data/read-idle.txt" "$data/read-scrub.txt" || true
