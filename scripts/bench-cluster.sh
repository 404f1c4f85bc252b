#!/usr/bin/env bash
# Cluster benchmark for issue 4: starts 3 masters (one Raft group) and 3 volume servers (dc1/r1, so
# placement 001 has 3 candidate servers) as separate processes on loopback, then runs
#   hayloft benchmark -master m1,m2,m3 -c 16 -n N -size 1024 -replication 000   and then  001
# (after an unreported JIT warm-up of both paths with N/10 files) and prints write and read req/s and
# p99 of both. Every process is stopped by its PID on exit.
#   usage: scripts/bench-cluster.sh [N=20000] [CONCURRENCY=16]
#   HAYLOFT_TARGET: build directory of hayloft-cli to run from (default target, as bin/hayloft; build it
#   with ./mvnw -q -DskipTests package -pl hayloft-cli -am). BENCH_PORT_BASE: first port (default 19330).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20000}
conc=${2:-16}
. scripts/bench-roles.sh hayloft-bench-cluster
base=${BENCH_PORT_BASE:-19330}

masters=""
for p in $(seq "$base" $((base + 12))); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "port $p is in use; set BENCH_PORT_BASE" >&2; exit 1; fi
done
for i in 0 1 2; do masters="$masters${masters:+,}127.0.0.1:$((base + i))"; done
for i in 0 1 2; do
  start_role "$data/m$i.log" master -port $((base + i)) -mdir "$data/m$i" -ip 127.0.0.1 -ip.bind 127.0.0.1 \
      -peers "$masters"
done
for i in 0 1 2; do
  start_role "$data/v$i.log" volume -port $((base + 10 + i)) -dir "$data/v$i" -max 30 -ip 127.0.0.1 -ip.bind 127.0.0.1 \
      -mserver "$masters" -dataCenter dc1 -rack r1
done

# Ready when the first master knows a leader and sees the 3 volume servers (bounded: 120 x 0.5 s).
ready=0
for _ in $(seq 120); do
  nodes=$(curl -sf "http://127.0.0.1:$base/dir/status" 2>/dev/null | python3 -c '
import json, sys
t = json.load(sys.stdin)["Topology"]
print(sum(len(r["DataNodes"]) for dc in t["DataCenters"] for r in dc["Racks"]))' 2>/dev/null || echo 0)
  if [ "$nodes" = 3 ]; then ready=1; break; fi
  sleep 0.5
done
[ "$ready" = 1 ] || { echo "cluster did not come up; logs in $data" >&2; tail -5 "$data"/*.log >&2; exit 1; }
echo "cluster: masters $masters, 3 volume servers in dc1/r1; $(nproc) cpus"

# JIT warm-up (not reported): both code paths, a tenth of the files each.
for rep in 000 001; do
  hayloft benchmark -master "$masters" -c "$conc" -n $((n / 10)) -size 1024 -replication "$rep" \
      -collection "warmup$rep" > "$data/warmup$rep.txt"
done

for rep in 000 001; do
  echo "== hayloft benchmark -master $masters -c $conc -n $n -size 1024 -replication $rep"
  hayloft benchmark -master "$masters" -c "$conc" -n "$n" -size 1024 -replication "$rep" -collection "bench$rep" \
      | tee "$data/bench$rep.txt"
done
