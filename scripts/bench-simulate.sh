#!/usr/bin/env bash
# Issue 15's cost curves, each run's figures beside the machine's load average (docs/benchmarks.md).
#
#   scripts/bench-simulate.sh cluster [SERVERS ...]   default: 10 100 1000
#     hayloft simulate cluster with 100 volumes a server, a 5 s pulse, 3 data centres, 3 masters (real
#     Ratis), 200 assigns and 200 lookups a second; one server killed 10 s into the load (dead-server
#     detection, re-replication after a 10 s grace) and the leader master killed at 40 s (failover).
#   scripts/bench-simulate.sh goals
#     issue 15's goal figures and their curve in one go (about 10 minutes on a quiet 2-core machine): 10,
#     100, 1,000 and 10,000 servers x 100 volumes, 3 masters, 2,500 assigns + 2,500 lookups a second
#     (5,000 requests/s), one server killed at 10 s, the leader killed at 30 s, 50 s of load: heap after
#     GC, heartbeat CPU per beat, assign/lookup p99, dead-server detection, failover with that state.
#     Results in $OUT/cluster-N.json and .txt, the summary lines at the end.
#   scripts/bench-simulate.sh volume [NEEDLES ...]    default: 1000000 10000000 100000000
#     hayloft simulate volume with 64-byte needles: start-up until serving (wall and CPU), heap after GC
#     per needle, RSS, cold and warm reads. Data generated once per size is kept and reused (-reuse).
#   scripts/bench-simulate.sh start DIR [HOME ...]
#     starts bin/hayloft volume of each HOME (a checkout or a copy of its bin/, scripts/ and
#     hayloft-cli/target; default: this tree) on the volumes in DIR, alternating, ROUNDS times (default 3),
#     and prints the time until /status answers, the CPU the process used until then, and the load.
#
# Environment: OUT (results and data, default /tmp/hayloft-simulate), PORT (first port, default 28100),
# MASTERS (default 3; with 1 the leader is not killed), EVENTS (replaces the default events), DURATION (load phase, s, default 75), RATE (assigns and lookups a second, each, default
# 200), PULSE (default 5), SIM_HEAP (the simulator's and the volume tool's -Xmx, default 3g),
# MASTER_CPUS and SIM_CPUS (taskset CPU lists, default 0 and 1 on a machine with 2 or more CPUs: the
# masters on one core, the simulator's servers and load generator on the other, so neither takes the
# other's CPU; set both empty for no binding).
# Results: $OUT/cluster-N.json and .txt, $OUT/volume-N.txt; a summary line per run on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:?usage: scripts/bench-simulate.sh cluster|volume [SIZES ...]}
shift
out=${OUT:-/tmp/hayloft-simulate}
port=${PORT:-28100}
mkdir -p "$out"
load() { cut -d' ' -f1-3 /proc/loadavg; }
if [ "$(nproc)" -ge 2 ]; then
  master_cpus=${MASTER_CPUS-0}
  sim_cpus=${SIM_CPUS-1}
else
  master_cpus=${MASTER_CPUS-}
  sim_cpus=${SIM_CPUS-}
fi
bind=()
[ -z "$sim_cpus" ] || bind=(taskset -c "$sim_cpus")

case "$what" in
  cluster)
    sizes=("$@")
    [ ${#sizes[@]} -gt 0 ] || sizes=(10 100 1000)
    events=${EVENTS:-10s:kill-servers=1,40s:kill-leader}
    [ "${MASTERS:-3}" -gt 1 ] || events=${EVENTS:-10s:kill-servers=1}
    for n in "${sizes[@]}"; do
      racks=$(( n < 90 ? 3 : 30 ))
      rm -rf "$out/cluster-$n"
      echo "== $n servers; load before: $(load)"
      HAYLOFT_JAVA_OPTS="-Xmx${SIM_HEAP:-3g}" "${bind[@]}" bin/hayloft simulate cluster -servers "$n" -volumesPerServer 100 \
          -pulseSeconds "${PULSE:-5}" -dataCenters 3 -racks "$racks" -masters "${MASTERS:-3}" \
          -duration "${DURATION:-75}" -interval 15 -assignRate "${RATE:-200}" -lookupRate "${RATE:-200}" \
          -events "$events" -replicationGrace 10 -masterCpus "$master_cpus" -port "$port" \
          -dir "$out/cluster-$n" -json "$out/cluster-$n.json" | tee "$out/cluster-$n.txt"
      echo "== $n servers done; load after: $(load)"
    done
    ;;
  goals)
    OUT="$out" PORT="$port" MASTERS=3 RATE=${RATE:-2500} DURATION=${DURATION:-50} \
        EVENTS=${EVENTS:-10s:kill-servers=1,30s:kill-leader} "$PWD/scripts/bench-simulate.sh" cluster 10 100 1000 10000
    for n in 10 100 1000 10000; do
      echo "== $n servers:"
      grep -h -e '^start-up' -e '^heartbeats alone' -e '^end' -e 'failover' -e 'dead detected' "$out/cluster-$n.txt"
    done
    ;;
  volume)
    sizes=("$@")
    [ ${#sizes[@]} -gt 0 ] || sizes=(1000000 10000000 100000000)
    for n in "${sizes[@]}"; do
      reuse=()
      [ -f "$out/volume-$n/1.idx" ] && reuse=(-reuse)
      mkdir -p "$out/volume-$n"
      echo "== $n needles ${reuse[*]}; load before: $(load)"
      HAYLOFT_JAVA_OPTS="-Xmx${SIM_HEAP:-3g}" bin/hayloft simulate volume -needles "$n" -size 64 -reads 2000 \
          -port "$port" -dir "$out/volume-$n" "${reuse[@]}" | tee "$out/volume-$n.txt"
      echo "== $n needles done; load after: $(load)"
    done
    ;;
  start)
    dir=${1:?usage: scripts/bench-simulate.sh start DIR [HOME ...]}
    shift
    homes=("$@")
    [ ${#homes[@]} -gt 0 ] || homes=("$PWD")
    for round in $(seq "${ROUNDS:-3}"); do
      for home in "${homes[@]}"; do
        t0=$(date +%s%N)
        HAYLOFT_JAVA_OPTS="-Xmx${SIM_HEAP:-3g}" "$home/bin/hayloft" volume -dir "$dir" -ip 127.0.0.1 -port "$port" \
            -mserver 127.0.0.1:$((port + 1)) > "$out/start-$round.log" 2>&1 &
        pid=$!
        until curl -fs -o /dev/null "http://127.0.0.1:$port/status"; do
          kill -0 "$pid" 2>/dev/null || { echo "the server died: $out/start-$round.log" >&2; exit 1; }
          sleep 0.05
        done
        t1=$(date +%s%N)
        read -r utime stime < <(awk '{print $14, $15}' "/proc/$pid/stat")
        printf 'round %s %s: serving after %.1f s, %.2f s of CPU, load %s\n' "$round" "$home" \
            "$(echo "($t1 - $t0) / 1000000000" | bc -l)" "$(echo "($utime + $stime) / 100" | bc -l)" "$(load)"
        kill "$pid"
        wait "$pid" 2>/dev/null || true
      done
    done
    ;;
  *)
    echo "usage: scripts/bench-simulate.sh cluster|goals|volume|start ..." >&2
    exit 2
    ;;
esac
