#!/usr/bin/env bash
# Large files through the filer by curl (issue 10): nginx (WebDAV, ../shared/bench), a "before" tree and this
# tree, each a fresh `hayloft server`, side by side in one run; MB-MiB PUT and GET by `curl`, ROUNDS rounds in
# the order nginx, before, after (one warm-up PUT + GET each first, untimed), each with the server's CPU
# (utime + stime from /proc/<pid>/stat) around it; then the median MiB/s and CPU of each, and the ratios to nginx.
#   usage: scripts/bench-filer-curl.sh BEFORE_TREE [MB=256] [ROUNDS=3]
#   BEFORE_TREE: a built copy of the tree (git worktree or `git archive <commit> | tar -x`, then
#   bin/hayloft once, which builds it and trains its AOT cache); "-" runs this tree only.
#   BASE_PORT (default 23700): nginx BASE, before BASE+10.., after BASE+20..; BENCH_OUT: where results go.
# About 20 s per round at 256 MiB on a quiet 2-core machine (the file is written to $BENCH_OUT first).
set -u
BEFORE=$1; MB=${2:-256}; ROUNDS=${3:-3}
HERE="$(cd "$(dirname "$0")/.." && pwd)"
BENCH=${PEERS_BENCH:-$HERE/../shared/bench}
BASE=${BASE_PORT:-23700}
OUT=${BENCH_OUT:-/tmp/hayloft-bench-curl}/$MB; mkdir -p "$OUT"
export PEERS_SCRATCH=${PEERS_SCRATCH:-$OUT/peers} NGINX_PORT=$BASE
TCK=$(getconf CLK_TCK)
[ -f "$OUT/file.bin" ] && [ "$(stat -c %s "$OUT/file.bin")" = $((MB << 20)) ] || head -c $((MB << 20)) /dev/urandom > "$OUT/file.bin"

start() { # tree data master-port name: master, raft +1, volume +2, filer +3, s3 +4
  rm -rf "$2"; mkdir -p "$2"
  (cd "$1" && setsid bin/hayloft server -dir "$2" -ip 127.0.0.1 -ip.bind 127.0.0.1 -master.port "$3" \
     -master.port.raft $(($3 + 1)) -volume.port $(($3 + 2)) -filer.port $(($3 + 3)) -s3.port $(($3 + 4)) \
     > "$OUT/$4.log" 2>&1 < /dev/null &)
  for _ in $(seq 1 240); do curl -s -m 2 -o /dev/null "http://127.0.0.1:$(($3 + 3))/status" && break; sleep 0.5; done
  for _ in $(seq 1 60); do curl -s -m 5 "http://127.0.0.1:$3/dir/assign" | grep -q '"fid"' && break; sleep 0.5; done
  ss -ltnp "sport = :$3" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 > "$OUT/$4.pid"
}
# CPU ticks of a process and its children (nginx's workers)
cpu() { local t=0 p; for p in "$1" $(ps --ppid "$1" -o pid= 2>/dev/null); do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo $t; }
# one transfer: prints "MiB/s cpu-seconds"; $1 pid, $2 PUT|GET, $3 url
transfer() {
  local c0 c1 rate
  c0=$(cpu "$1")
  if [ "$2" = PUT ]; then
    rate=$(curl -s -o /dev/null -w '%{http_code} %{speed_upload}' -H 'Expect:' -T "$OUT/file.bin" "$3")
  else
    rate=$(curl -s -o /dev/null -w '%{http_code} %{speed_download}' "$3")
  fi
  c1=$(cpu "$1")
  case "$rate" in 2*) ;; *) echo "FAILED $2 $3: $rate" >&2 ;; esac
  echo "$(echo "$rate" | awk '{printf "%.1f", $2 / 1048576}') $(echo "scale=2; ($c1 - $c0) / $TCK" | bc)"
}

sides=(nginx)
"$BENCH/start-nginx.sh" 2>/dev/null
echo "$(cat "$PEERS_SCRATCH/nginx/nginx.pid")" > "$OUT/nginx.pid"
url_nginx="http://127.0.0.1:$BASE/dav"
if [ "$BEFORE" != "-" ]; then
  start "$BEFORE" "$OUT/data-before" $((BASE + 10)) before; sides+=(before); url_before="http://127.0.0.1:$((BASE + 13))/bench"
fi
start "$HERE" "$OUT/data-after" $((BASE + 20)) after; sides+=(after); url_after="http://127.0.0.1:$((BASE + 23))/bench"

: > "$OUT/results.txt"
for r in $(seq 0 "$ROUNDS"); do # round 0 warms up
  for side in "${sides[@]}"; do
    url_var="url_$side"; url="${!url_var}/f$r"; pid=$(cat "$OUT/$side.pid")
    put=$(transfer "$pid" PUT "$url"); get=$(transfer "$pid" GET "$url")
    line="$side r$r PUT $put GET $get"
    [ "$r" = 0 ] && echo "warm-up: $line" || { echo "$line"; echo "$line" >> "$OUT/results.txt"; }
  done
done
"$BENCH/stop-nginx.sh" 2>/dev/null
for side in before after; do [ -f "$OUT/$side.pid" ] && kill "$(cat "$OUT/$side.pid")" 2>/dev/null; done

# medians: fields 4 PUT MiB/s, 5 PUT CPU, 7 GET MiB/s, 8 GET CPU
median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
echo "medians of $ROUNDS rounds, $MB MiB (MiB/s, server CPU s):"
for side in "${sides[@]}"; do
  m() { grep "^$side " "$OUT/results.txt" | awk "{print \$$1}" | median; }
  echo "$side PUT $(m 4) MiB/s $(m 5) s GET $(m 7) MiB/s $(m 8) s"
done | tee "$OUT/medians.txt"
ng_put=$(awk '/^nginx/ {print $3}' "$OUT/medians.txt"); ng_get=$(awk '/^nginx/ {print $8}' "$OUT/medians.txt")
awk -v p="$ng_put" -v g="$ng_get" '!/^nginx/ {printf "%s / nginx: PUT %.2f×, GET %.2f×\n", $1, $3 / p, $8 / g}' "$OUT/medians.txt"
sleep 2; rm -rf "$OUT/data-before" "$OUT/data-after" "$PEERS_SCRATCH"/nginx/dav/*
