#!/usr/bin/env bash
# Re-replication benchmark for issue 6: one master (-replicationGrace 5s, 1 s pulse) and four volume
# servers in dc1/r1 as separate processes on loopback; writes N files of SIZE bytes with placement
# 001, kill -9s the volume server holding the most volume data, and measures from the kill to
#   detection  (the master drops the server: under-replicated volumes appear in /vol/fix/replication)
#   healed     (no volume under-replicated any more: every lost replica copied elsewhere)
# The baseline, in the same run: a raw `cp -r` + sync of a surviving server's data directory of
# comparable size (the bytes a re-replication has to move). Every process is stopped by its PID.
#   usage: scripts/bench-heal.sh [N=2000] [SIZE=65536]
#   HAYLOFT_TARGET: build directory of hayloft-cli (default target); BENCH_PORT_BASE (default 19530).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-2000}
size=${2:-65536}
. scripts/bench-roles.sh hayloft-bench-heal
base=${BENCH_PORT_BASE:-19530}
now() { date +%s.%N; }

master="127.0.0.1:$base"
start_role "$data/m.log" master -port "$base" -mdir "$data/m" -ip 127.0.0.1 -ip.bind 127.0.0.1 \
    -pulseSeconds 1 -replicationGrace 5s
for i in 0 1 2 3; do
  start_role "$data/v$i.log" volume -port $((base + 10 + i)) -dir "$data/v$i" -max 12 -ip 127.0.0.1 \
      -ip.bind 127.0.0.1 -mserver "$master" -dataCenter dc1 -rack r1 -pulseSeconds 1
done
nodes() {
  curl -sf "http://$master/dir/status" 2>/dev/null | python3 -c '
import json, sys
t = json.load(sys.stdin)["Topology"]
print(sum(len(r["DataNodes"]) for dc in t["DataCenters"] for r in dc["Racks"]))' 2>/dev/null || echo 0
}
for _ in $(seq 120); do [ "$(nodes)" = 4 ] && break; sleep 0.5; done
[ "$(nodes)" = 4 ] || { echo "cluster did not come up; logs in $data" >&2; exit 1; }

hayloft benchmark -master "$master" -n "$n" -size "$size" -c 16 -replication 001 -read=false \
    -collection heal > "$data/write.txt"
grep -iE "requests per second|completed" "$data/write.txt" | head -2 || true

# The victim: the volume server with the most bytes on disk.
victim=0; most=0
for i in 0 1 2 3; do
  b=$(du -sb "$data/v$i" | cut -f1)
  if [ "$b" -gt "$most" ]; then most=$b; victim=$i; fi
done
victim_pid=${pids[$((victim + 1))]}
under() {
  curl -sf -X POST "http://$master/vol/fix/replication" 2>/dev/null \
      | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["underReplicated"]))' 2>/dev/null || echo -1
}

t0=$(now)
kill -9 "$victim_pid"
detect=""
for _ in $(seq 600); do
  u=$(under)
  if [ -z "$detect" ] && [ "$u" -gt 0 ]; then detect=$(now); lost=$u; fi
  if [ -n "$detect" ] && [ "$u" = 0 ]; then break; fi
  sleep 0.1
done
healed=$(now)
[ -n "$detect" ] && [ "$(under)" = 0 ] || { echo "did not heal; logs in $data" >&2; exit 1; }

# Baseline: a raw copy of a surviving server's data (same order of bytes as the lost replicas).
survivor=$(( (victim + 1) % 4 ))
sb=$(du -sb "$data/v$survivor" | cut -f1)
c0=$(now); cp -r "$data/v$survivor" "$data/rawcopy"; sync; c1=$(now)

python3 - "$t0" "$detect" "$healed" "$c0" "$c1" "$most" "$sb" "$lost" <<'PY'
import sys
t0, detect, healed, c0, c1 = map(float, sys.argv[1:6])
lost_bytes, survivor_bytes, volumes = int(sys.argv[6]), int(sys.argv[7]), int(sys.argv[8])
grace = 5.0
copy_phase = healed - detect - grace
raw = c1 - c0
print(f"lost server held {lost_bytes/2**20:.1f} MiB in {volumes} volumes")
print(f"detection (dead-node timeout): {detect - t0:.2f} s; grace: {grace:.0f} s; "
      f"copy phase: {copy_phase:.2f} s; kill to fully replicated: {healed - t0:.2f} s")
print(f"copy phase rate: {lost_bytes/2**20/max(copy_phase, 1e-3):.1f} MiB/s; raw cp+sync of "
      f"{survivor_bytes/2**20:.1f} MiB: {raw:.2f} s = {survivor_bytes/2**20/max(raw, 1e-3):.1f} MiB/s")
PY
