#!/usr/bin/env bash
# Large files through the filer (issue 10), for docs/benchmarks.md: nginx (WebDAV, ../shared/bench),
# a "before" tree and this tree, each running `hayloft server`, side by side; ROUNDS rounds of one
# MB-MiB PUT and GET each (../shared/bench/blobbench.sh --phases large), in the order nginx, before,
# after, with the server CPU of each phase.
#   usage: scripts/bench-filer-large.sh BEFORE_TREE MB [ROUNDS=3]
#   BEFORE_TREE: a built copy of the tree to compare with (git archive <commit> | tar -x; then
#   ./mvnw -o -q -DskipTests package -pl hayloft-cli -am in it). Ports: 23088 (nginx), 23433-23434,
#   23480, 23988 (before), 23333-23334, 23080, 23888 (after); BENCH_OUT: where results go.
set -u
BEFORE=$1; MB=$2; ROUNDS=${3:-3}
HERE="$(cd "$(dirname "$0")/.." && pwd)"
BENCH=${PEERS_BENCH:-$HERE/../shared/bench}
OUT=${BENCH_OUT:-/tmp/hayloft-bench-large}/$MB; mkdir -p "$OUT"
export PEERS_SCRATCH=${PEERS_SCRATCH:-/tmp/peers-filer} NGINX_PORT=23088
start() { # tree data mport vport fport name
  rm -rf "$2"; mkdir -p "$2"
  (cd "$1" && setsid bin/hayloft server -dir "$2" -ip 127.0.0.1 -ip.bind 127.0.0.1 -master.port "$3" \
     -master.port.raft $(($3 + 1)) -volume.port "$4" -filer.port "$5" -s3.port $(($3 + 3)) > "$OUT/$6.log" 2>&1 < /dev/null &)
  for _ in $(seq 1 120); do curl -s -m 2 -o /dev/null "http://127.0.0.1:$5/status" && break; sleep 0.5; done
  for _ in $(seq 1 50); do curl -s -m 5 "http://127.0.0.1:$3/dir/assign" | grep -q '"fid"' && break; sleep 0.5; done
  ss -ltnp "sport = :$3" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 > "$OUT/$6.pid"
}
start "$BEFORE" "$OUT/data-before" 23433 23480 23988 before
start "$HERE" "$OUT/data-after" 23333 23080 23888 after
"$BENCH/start-nginx.sh" 2>/dev/null
NGPID=$(cat "$PEERS_SCRATCH/nginx/nginx.pid")
for r in $(seq 1 "$ROUNDS"); do
  "$BENCH/blobbench.sh" --proto http --url http://127.0.0.1:23088/dav --phases large --large-mb "$MB" \
      --pids "$NGPID" --prefix "ng$r" 2>&1 | grep "LARGE" | sed "s/^/nginx  r$r: /"
  "$BENCH/blobbench.sh" --proto seaweed --url http://127.0.0.1:23433 --large-url http://127.0.0.1:23988/bench \
      --phases large --large-mb "$MB" --pidfiles "$OUT/before.pid" --prefix "b$r" 2>&1 | grep "LARGE\|JSON" | sed "s/^/before r$r: /"
  "$BENCH/blobbench.sh" --proto seaweed --url http://127.0.0.1:23333 --large-url http://127.0.0.1:23888/bench \
      --phases large --large-mb "$MB" --pidfiles "$OUT/after.pid" --prefix "a$r" 2>&1 | grep "LARGE\|JSON" | sed "s/^/after  r$r: /"
done | tee "$OUT/results.txt"
"$BENCH/stop-nginx.sh" 2>/dev/null
kill "$(cat "$OUT/before.pid")" "$(cat "$OUT/after.pid")"; sleep 3
rm -rf "$OUT/data-before" "$OUT/data-after" "$PEERS_SCRATCH"/nginx/dav/*
