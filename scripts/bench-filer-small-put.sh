#!/usr/bin/env bash
# Small-file PUTs through the filer (1 KiB: stored inline, so each PUT is one metadata commit), for
# docs/benchmarks.md: a "before" tree and this tree run `hayloft server` side by side and take ROUNDS
# rounds of N PUTs at concurrency 16 from blobbench, alternating; prints PUT/s and server CPU per PUT.
#   usage: scripts/bench-filer-small-put.sh BEFORE_TREE [ROUNDS=2] [N=8000]
#   BEFORE_TREE: a built copy of the tree (see bench-filer-large.sh). Ports 23733-23737 and 23833-23837.
set -u
BEFORE=$1; ROUNDS=${2:-2}; N=${3:-8000}
HERE="$(cd "$(dirname "$0")/.." && pwd)"
BENCH="$HERE/../shared/bench/blobbench.sh"
OUT=${BENCH_OUT:-/tmp/hayloft-bench-small-put}; mkdir -p "$OUT"
start() { # tree data mport name
  rm -rf "$2"; mkdir -p "$2"
  (cd "$1" && setsid bin/hayloft server -dir "$2" -ip 127.0.0.1 -ip.bind 127.0.0.1 -master.port "$3" \
     -master.port.raft $(($3 + 1)) -volume.port $(($3 + 2)) -filer.port $(($3 + 3)) -s3.port $(($3 + 4)) \
     > "$OUT/$4.log" 2>&1 < /dev/null &)
  for _ in $(seq 1 240); do curl -s -m 2 -o /dev/null "http://127.0.0.1:$(($3 + 3))/status" && break; sleep 0.5; done
  ss -ltnp "sport = :$3" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 > "$OUT/$4.pid"
}
start "$BEFORE" "$OUT/data-before" 23733 before
start "$HERE" "$OUT/data-after" 23833 after
B=$(cat "$OUT/before.pid"); A=$(cat "$OUT/after.pid")
for r in $(seq 1 "$ROUNDS"); do
  for side in before after; do
    if [ $side = before ]; then P=$B; PORT=23736; else P=$A; PORT=23836; fi
    "$BENCH" --proto http --url "http://127.0.0.1:$PORT/bench$r" --n "$N" --warmup 1000 --phases put \
      --concurrency 16 --pids "$P" 2>/dev/null | grep -o '"put_rps":[0-9]*\|"put_server_cpu_s":[0-9.]*' \
      | tr '\n' ' ' | sed "s/^/$side r$r: /"; echo " (n=$N)"
  done
done | tee "$OUT/results.txt"
kill "$B" "$A"; sleep 2
rm -rf "$OUT/data-before" "$OUT/data-after"
