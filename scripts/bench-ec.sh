#!/usr/bin/env bash
# Erasure-coding cluster benchmark (issue 13): one master (-replicationGrace 1h: no automatic rebuild)
# and seven volume servers in four racks as separate processes on loopback. Writes N files of SIZE
# bytes with placement 001 into each of two collections, `rep` and `ec`, erasure-codes every volume of
# `ec`, then measures, each against its same-run baseline:
#   disk      bytes on disk per stored byte, `rep` (001) vs `ec` (every volume ec.encode'd)
#   reads     `hayloft benchmark` reads of N files: req/s and p50/p99, replicated and erasure-coded
#             alternately, ROUNDS times each (the machine is shared: compare medians)
#   degraded  the same reads with the two servers of one rack stopped (kill -9; 4 shards of each volume)
#   rebuild   `ec.rebuild -apply` of the lost shards: MiB/s of shard written, end to end (a shell JVM, the
#             master's plan, every target, the heartbeats) and per target call (each volume server's log:
#             bytes rebuilt / time of its `POST /admin/ec/rebuild`), vs `dd` to this disk in the same run.
#             A third collection, `big` (BIG_MIB files of 1 MiB, erasure-coded too), gives the rebuild
#             shards of several MiB, so its figure is not all per-call cost.
# Every process is stopped by its PID. The servers run with the Vector API (`--add-modules
# jdk.incubator.vector`), as bin/hayloft starts them.
#   usage: scripts/bench-ec.sh [N=4000] [SIZE=16384] [ROUNDS=3]
#   BIG_MIB (default 128; 0: no `big` collection).
#   HAYLOFT_TARGET: build directory of hayloft-cli (default target); BENCH_PORT_BASE (default 27100).
#   BENCH_PROFILE=DIR: async-profiler (cpu) on every volume server during each round-1 read phase; one
#   collapsed-stack file per server and phase in DIR, and one of the benchmark client (AP_LIB:
#   libasyncProfiler.so, AP_ATTACH: dir of Ap.class).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-4000}
size=${2:-16384}
rounds=${3:-3}
. scripts/bench-roles.sh hayloft-bench-ec
base=${BENCH_PORT_BASE:-27100}
big_mib=${BIG_MIB:-128}
java_opts+=(--add-modules=jdk.incubator.vector)
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
disk_of() { # COLLECTION: bytes of its files (volumes, shards, indexes) on every server
  find "$data"/v[0-9]* -name "${1}_*" -printf '%s\n' | awk '{s += $1} END {print s + 0}'
}
fast_reads() { # reads answered on the event loop (FastReadPath), summed over the servers up
  for i in "${!racks[@]}"; do
    curl -sf "http://127.0.0.1:$((base + 10 + i))/metrics" 2>/dev/null | grep -E '^hayloft_volume_fast_reads_total' || true
  done | awk '{s += $2} END {printf "%d", s}'
}
profile() { # start|stop LABEL: async-profiler on every live volume server, when BENCH_PROFILE is set
  [ -n "${BENCH_PROFILE:-}" ] || return 0
  local i
  for i in "${!racks[@]}"; do
    kill -0 "${pids[$((i + 1))]}" 2>/dev/null || continue
    if [ "$1" = start ]; then
      "$JAVA_HOME/bin/java" -cp "${AP_ATTACH:-/tmp/me}" Ap "${pids[$((i + 1))]}" start,event=cpu,interval=1ms || true
    else
      "$JAVA_HOME/bin/java" -cp "${AP_ATTACH:-/tmp/me}" Ap "${pids[$((i + 1))]}" \
          "stop,file=$BENCH_PROFILE/$2-v$i.collapsed,collapsed" || true
    fi
  done
}
read_phase() { # LABEL COLLECTION
  local out="$data/read-$(echo "$1" | tr -c 'a-z0-9' _).txt" f0 label
  label=$(echo "$1" | tr -c 'a-z0-9' _)
  f0=$(fast_reads)
  local client_opts=()
  case "$1" in *"#1") profile start "$label"
    [ -z "${BENCH_PROFILE:-}" ] || client_opts=("-agentpath:${AP_LIB:-/tmp/me/ap/linux-x64/libasyncProfiler.so}=start,event=cpu,interval=1ms,file=$BENCH_PROFILE/$label-client.collapsed,collapsed") ;;
  esac
  "$JAVA_HOME/bin/java" "${java_opts[@]}" "${client_opts[@]}" -cp "$cp" io.hayloft.cli.Main benchmark -master "$master" \
      -n "$n" -c 16 -write=false -read=true -fids "$data/fids-$2.txt" > "$out"
  case "$1" in *"#1") profile stop "$label" ;; esac
  printf '%-26s %s   %s; fast path %s\n' "$1" "$(grep -E 'Requests per second' "$out" | awk '{print $4 " req/s"}')" \
      "$(grep -E 'Latency' "$out" | sed 's/Latency (ms): *//') ms; failed $(grep -E 'Failed' "$out" | awk '{print $3}')" \
      "$(( $(fast_reads) - f0 ))"
}

# -warmup 0: every file written is in the fids list and counted in "stored"
for c in rep ec; do
  hayloft benchmark -master "$master" -n "$n" -size "$size" -c 16 -replication 001 -read=false -warmup 0 \
      -collection "$c" -fids "$data/fids-$c.txt" > "$data/write-$c.txt"
done
if [ "$big_mib" -gt 0 ]; then
  hayloft benchmark -master "$master" -n "$big_mib" -size 1048576 -c 4 -replication 001 -read=false -warmup 0 \
      -collection big -fids "$data/fids-big.txt" > "$data/write-big.txt"
fi
stored=$(grep -E 'Total transferred' "$data/write-ec.txt" | awk '{print $3}')
stored_rep=$(grep -E 'Total transferred' "$data/write-rep.txt" | awk '{print $3}')
sleep 2 # a heartbeat reports the last writes' sizes
replicated=$(disk_of rep)
before_ec=$(disk_of ec)

vids=$(cut -d, -f1 "$data/fids-ec.txt" | sort -un)
big_vids=$( [ "$big_mib" -gt 0 ] && cut -d, -f1 "$data/fids-big.txt" | sort -un || true)
e0=$(now)
for v in $vids; do
  hayloft shell -master "$master" ec.encode -volumeId "$v" -apply > "$data/encode-$v.txt" \
      || { cat "$data/encode-$v.txt"; echo "encode of $v failed; logs in $data" >&2; exit 1; }
done
e1=$(now)
for v in $big_vids; do
  hayloft shell -master "$master" ec.encode -volumeId "$v" -apply > "$data/encode-$v.txt" \
      || { cat "$data/encode-$v.txt"; echo "encode of $v failed; logs in $data" >&2; exit 1; }
done
coded=$(disk_of ec)
python3 - "$data" <<'PY'
import glob, os, struct, sys
seen = {}
for f in glob.glob(sys.argv[1] + "/v*/**/*.ecm", recursive=True):
    b = open(f, "rb").read(32)
    seen[os.path.basename(f)[:-4]] = (struct.unpack(">q", b[20:28])[0], struct.unpack(">i", b[16:20])[0])
print("coded volumes (.dat KiB / small block bytes):",
      " ".join(f"{k}={v[0] // 1024}/{v[1]}" for k, v in sorted(seen.items())))
PY
hayloft benchmark -master "$master" -n 200 -c 4 -write=false -read=true -fids "$data/fids-ec.txt" > /dev/null # routes, maps
for r in $(seq "$rounds"); do
  read_phase "replicated (001) #$r" rep
  read_phase "erasure-coded #$r" ec
done

# degraded: stop both servers of rack r0 (2 + 2 shards of each volume: 4 lost)
kill -9 "${pids[1]}" "${pids[2]}"
lost=$(find "$data/v0" "$data/v1" -name '*.ec[0-9][0-9]' -printf '%s\n' | awk '{s += $1} END {print s}')
for _ in $(seq 120); do [ "$(nodes)" = 5 ] && break; sleep 0.5; done
read_phase "degraded (4 lost)" ec

r0=$(now)
hayloft shell -master "$master" ec.rebuild -apply > "$data/rebuild.txt" || { cat "$data/rebuild.txt"; exit 1; }
r1=$(now)
read_phase "rebuilt" ec
d0=$(now); dd if=/dev/zero of="$data/dd.bin" bs=1M count=256 conv=fdatasync status=none; d1=$(now)

python3 - "$stored" "$replicated" "$coded" "$e0" "$e1" "$lost" "$r0" "$r1" "$d0" "$d1" "$stored_rep" "$before_ec" "$data" <<'PY'
import glob, re, statistics, sys
stored, replicated, coded = map(int, sys.argv[1:4])
e0, e1 = map(float, sys.argv[4:6]); lost = int(sys.argv[6])
r0, r1, d0, d1 = map(float, sys.argv[7:11])
stored_rep, before_ec = int(sys.argv[11]), int(sys.argv[12])
mib = 2**20
print(f"stored {stored/mib:.1f} MiB a collection; on disk rep (001) {replicated/mib:.1f} MiB = {replicated/stored_rep:.2f}x, "
      f"ec before encoding {before_ec/mib:.1f} MiB = {before_ec/stored:.2f}x, "
      f"erasure-coded {coded/mib:.1f} MiB = {coded/stored:.2f}x; encoding took {e1-e0:.1f} s")
print(f"rebuild of {lost/mib:.1f} MiB of lost shards: {r1-r0:.2f} s = {lost/mib/(r1-r0):.1f} MiB/s end to end; "
      f"dd 256 MiB + fdatasync to this disk: {256/(d1-d0):.0f} MiB/s")
calls = []
for log in glob.glob(sys.argv[13] + "/v*.log"):
    for m in re.finditer(r"rebuilt shards \[[^]]*\] of erasure-coded volume (\d+) \((\d+) bytes\) in (\d+) ms", open(log).read()):
        calls.append((int(m.group(1)), int(m.group(2)), max(1, int(m.group(3)))))
if calls:
    rates = sorted(b / mib / (ms / 1000) for _, b, ms in calls)
    big = max(calls, key=lambda c: c[1])
    print(f"rebuild per target call ({len(calls)} calls, {sum(b for _, b, _ in calls)/mib:.1f} MiB): "
          f"median {statistics.median(rates):.1f} MiB/s, min {rates[0]:.1f}, max {rates[-1]:.1f}; "
          f"largest: volume {big[0]}, {big[1]/mib:.1f} MiB in {big[2]} ms = {big[1]/mib/(big[2]/1000):.1f} MiB/s")
PY
