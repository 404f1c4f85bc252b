#!/usr/bin/env bash
# Erasure-coding cluster benchmark (issue 13): one master (-replicationGrace 1h: no automatic rebuild)
# and seven volume servers in four racks as separate processes on loopback. Writes N files of SIZE
# bytes with placement 001, then measures, each against its same-run baseline:
#   disk      bytes on disk per stored byte, replicated (001) vs erasure-coded (every volume ec.encode'd)
#   reads     `hayloft benchmark` reads of every file: req/s and p50/p99, replicated vs erasure-coded
#   degraded  the same reads with the two servers of one rack stopped (kill -9; 4 shards of each volume)
#   rebuild   `ec.rebuild -apply` of the lost shards: MiB/s of shard written, vs `dd` to this disk
# Every process is stopped by its PID.
#   usage: scripts/bench-ec.sh [N=4000] [SIZE=16384]
#   HAYLOFT_TARGET: build directory of hayloft-cli (default target); BENCH_PORT_BASE (default 27100).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-4000}
size=${2:-16384}
. scripts/bench-roles.sh hayloft-bench-ec
base=${BENCH_PORT_BASE:-27100}
now() { date +%s.%N; }
racks=(r0 r0 r1 r1 r2 r2 r3)

master="127.0.0.1:$base"
start_role "$data/m.log" master -port "$base" -mdir "$data/m" -ip 127.0.0.1 -ip.bind 127.0.0.1 \
    -pulseSeconds 1 -replicationGrace 1h
for i in "${!racks[@]}"; do
  start_role "$data/v$i.log" volume -port $((base + 10 + i)) -dir "$data/v$i" -max 8 -ip 127.0.0.1 \
      -ip.bind 127.0.0.1 -mserver "$master" -dataCenter dc1 -rack "${racks[$i]}" -pulseSeconds 1
done
nodes() {
  curl -sf "http://$master/dir/status" 2>/dev/null | python3 -c '
import json, sys
t = json.load(sys.stdin)["Topology"]
print(sum(len(r["DataNodes"]) for dc in t["DataCenters"] for r in dc["Racks"]))' 2>/dev/null || echo 0
}
for _ in $(seq 240); do [ "$(nodes)" = 7 ] && break; sleep 0.5; done
[ "$(nodes)" = 7 ] || { echo "cluster did not come up; logs in $data" >&2; exit 1; }
disk() { du -sb "$data"/v[0-9]* | awk '{s += $1} END {print s}'; }
read_phase() { # LABEL
  hayloft benchmark -master "$master" -n "$n" -c 16 -write=false -read=true -fids "$data/fids.txt" \
      > "$data/read-$1.txt"
  printf '%-22s %s   %s\n' "$1" "$(grep -E 'Requests per second' "$data/read-$1.txt" | awk '{print $4 " req/s"}')" \
      "$(grep -E 'Latency' "$data/read-$1.txt" | sed 's/Latency (ms): *//') ms; failed $(grep -E 'Failed' "$data/read-$1.txt" | awk '{print $3}')"
}

# -warmup 0: every file written is in the fids list and counted in "stored"
hayloft benchmark -master "$master" -n "$n" -size "$size" -c 16 -replication 001 -read=false -warmup 0 \
    -collection ec -fids "$data/fids.txt" > "$data/write.txt"
stored=$(grep -E 'Total transferred' "$data/write.txt" | awk '{print $3}')
sleep 2 # a heartbeat reports the last writes' sizes
replicated=$(disk)
read_phase "replicated (001)"

vids=$(cut -d, -f1 "$data/fids.txt" | sort -un)
e0=$(now)
for v in $vids; do
  hayloft shell -master "$master" ec.encode -volumeId "$v" -apply > "$data/encode-$v.txt" \
      || { cat "$data/encode-$v.txt"; echo "encode of $v failed; logs in $data" >&2; exit 1; }
done
e1=$(now)
coded=$(disk)
read_phase "erasure-coded"

# degraded: stop both servers of rack r0 (2 + 2 shards of each volume: 4 lost)
kill -9 "${pids[1]}" "${pids[2]}"
lost=$(find "$data/v0" "$data/v1" -name '*.ec[0-9][0-9]' -printf '%s\n' | awk '{s += $1} END {print s}')
for _ in $(seq 120); do [ "$(nodes)" = 5 ] && break; sleep 0.5; done
read_phase "degraded (4 lost)"

r0=$(now)
hayloft shell -master "$master" ec.rebuild -apply > "$data/rebuild.txt" || { cat "$data/rebuild.txt"; exit 1; }
r1=$(now)
read_phase "rebuilt"
d0=$(now); dd if=/dev/zero of="$data/dd.bin" bs=1M count=256 conv=fdatasync status=none; d1=$(now)

python3 - "$stored" "$replicated" "$coded" "$e0" "$e1" "$lost" "$r0" "$r1" "$d0" "$d1" <<'PY'
import sys
stored, replicated, coded = map(int, sys.argv[1:4])
e0, e1 = map(float, sys.argv[4:6]); lost = int(sys.argv[6])
r0, r1, d0, d1 = map(float, sys.argv[7:11])
mib = 2**20
print(f"stored {stored/mib:.1f} MiB; on disk replicated {replicated/mib:.1f} MiB = {replicated/stored:.2f}x, "
      f"erasure-coded {coded/mib:.1f} MiB = {coded/stored:.2f}x; encoding took {e1-e0:.1f} s")
print(f"rebuild of {lost/mib:.1f} MiB of lost shards: {r1-r0:.2f} s = {lost/mib/(r1-r0):.1f} MiB/s; "
      f"dd 256 MiB + fdatasync to this disk: {256/(d1-d0):.0f} MiB/s")
PY
