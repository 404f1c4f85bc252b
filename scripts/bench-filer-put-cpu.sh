#!/usr/bin/env bash
# Warm server CPU of a 256 MiB PUT through the filer (issue 10), for docs/benchmarks.md: a "before" tree
# and this tree run `hayloft server` side by side; each gets three warm-up PUTs (curl -T), then ROUNDS
# measured PUTs, alternating; the CPU is the server's utime + stime (/proc/<pid>/stat) around each PUT.
#   usage: scripts/bench-filer-put-cpu.sh BEFORE_TREE [ROUNDS=4]
#   BEFORE_TREE: a built copy of the tree (see bench-filer-large.sh). Ports 23533-23588 and 23633-23688.
set -u
BEFORE=$1; ROUNDS=${2:-4}
HERE="$(cd "$(dirname "$0")/.." && pwd)"
OUT=${BENCH_OUT:-/tmp/hayloft-bench-put-cpu}; mkdir -p "$OUT"
head -c 268435456 /dev/urandom > "$OUT/256.bin"
start() { # tree data mport vport fport name
  rm -rf "$2"; mkdir -p "$2"
  (cd "$1" && setsid bin/hayloft server -dir "$2" -ip 127.0.0.1 -ip.bind 127.0.0.1 -master.port "$3" \
     -master.port.raft $(($3 + 1)) -volume.port "$4" -filer.port "$5" -s3.port $(($3 + 3)) > "$OUT/$6.log" 2>&1 < /dev/null &)
  for _ in $(seq 1 120); do curl -s -m 2 -o /dev/null "http://127.0.0.1:$5/status" && break; sleep 0.5; done
  for _ in $(seq 1 50); do curl -s -m 5 "http://127.0.0.1:$3/dir/assign" | grep -q '"fid"' && break; sleep 0.5; done
  ss -ltnp "sport = :$3" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 > "$OUT/$6.pid"
}
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
put() { curl -s -o /dev/null -w '%{http_code} %{speed_upload}' -T "$OUT/256.bin" "http://127.0.0.1:$1/bench/f$2"; }
start "$BEFORE" "$OUT/data-before" 23533 23580 23588 before
start "$HERE" "$OUT/data-after" 23633 23680 23688 after
B=$(cat "$OUT/before.pid"); A=$(cat "$OUT/after.pid"); TCK=$(getconf CLK_TCK)
for w in 1 2 3; do put 23588 "w$w" > /dev/null; put 23688 "w$w" > /dev/null; done
for r in $(seq 1 "$ROUNDS"); do
  for side in before after; do
    if [ $side = before ]; then P=$B; PORT=23588; else P=$A; PORT=23688; fi
    c0=$(cpu "$P"); res=$(put $PORT "r$r"); c1=$(cpu "$P")
    echo "$side r$r: status/bytes-per-s $res  cpu $(echo "scale=2; ($c1 - $c0) / $TCK" | bc) s"
  done
done | tee "$OUT/results.txt"
kill "$B" "$A"; sleep 2
rm -rf "$OUT/data-before" "$OUT/data-after" "$OUT/256.bin"
