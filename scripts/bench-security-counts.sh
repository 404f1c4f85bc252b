#!/usr/bin/env bash
# Counts, not timings, behind what TLS costs small writes and reads (issue 14): for each configuration a fresh
# `hayloft server` (no filer) on loopback and one `hayloft benchmark -c 16 -size 1024 -warmup W -n N` against it,
# then per operation (2 x (N + W) of them):
#   server CPU µs, client CPU µs     /proc/PID/stat of the server; bash's `time` of the benchmark JVM (user + sys)
#   server CPU without JIT µs        the same less the JIT compiler threads' (/proc/PID/task/*/stat): what a server
#                                    that has compiled its code spends (this machine's load stretches warm-up out)
#   server system calls              perf stat -e raw_syscalls:sys_enter on the server (records, flushes, waits)
#   TCP connections                  opened to the server's ports during the benchmark (sockets in any state but
#                                    LISTEN after it, less those before: the previous mode's TIME-WAIT)
#   TLS handshakes                   JFR's jdk.TLSHandshake events in the server and in the benchmark JVM
# Configurations: off (no security.toml), signed ([jwt.signing] + [internal], plain HTTP), tls-signed ([tls] + [jwt.signing] + [internal], hayloft security init;
# OpenSSL through netty-tcnative, Hayloft's default on Linux x86-64), tls-signed-jdk (the same on the JDK's engine:
# -Dio.netty.handler.ssl.noOpenSsl=true).
#
#   scripts/bench-security-counts.sh [N] [WARMUP]        (default 8000 files, 2000 warm-up; about 3 minutes on a
#                                                         quiet 2-core machine, 6 at load 25)
# Environment: MODES ("off signed tls-signed tls-signed-jdk"), BASE_PORT (25100; configuration i on BASE_PORT + 10 i: master,
# +1 Raft, +2 volume server),
# SCRATCH (/tmp/hayloft-bench-security-counts). Needs bin/hayloft's build (hayloft-cli/target), `ss` and `perf`.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-8000}
warmup=${2:-2000}
base=${BASE_PORT:-25100}
scratch=${SCRATCH:-/tmp/hayloft-bench-security-counts}
modes=${MODES:-"off signed tls-signed tls-signed-jdk"}
export HAYLOFT_AOT=${HAYLOFT_AOT:-0}
. scripts/java-env.sh
rm -rf "$scratch"
mkdir -p "$scratch"
bin/hayloft security init "$scratch/tls" > /dev/null
# the same keys without [tls]
awk '/^\[tls\]/ { skip = 1 } /^\[/ && !/^\[tls\]/ { skip = 0 } !skip' "$scratch/tls/security.toml" > "$scratch/signed.toml"

security_args() {
  case "$1" in
    off) ;;
    signed) echo "-security $scratch/signed.toml" ;;
    tls-signed | tls-signed-jdk) echo "-security $scratch/tls/security.toml" ;;
    *) echo "unknown configuration $1" >&2; exit 2 ;;
  esac
}

connections() { # TCP connections to the HTTP ports of the server whose master port is $1 (any state but LISTEN)
  ss -tan | awk -v m=":$1" -v v=":$(($1 + 2))" '$1 != "LISTEN" && ($5 ~ m"$" || $5 ~ v"$")' | wc -l
}

jit_ticks() { # CPU clock ticks of a JVM's JIT compiler threads
  for t in /proc/"$1"/task/*; do
    if grep -q 'CompilerThre' "$t/comm" 2>/dev/null; then awk '{sub(/^.*\) /, ""); print $12 + $13}' "$t/stat"; fi
  done | awk '{s += $1} END {print s + 0}'
}

handshakes() { # jdk.TLSHandshake events in a JFR file
  "$JAVA_HOME/bin/jfr" summary "$1" 2>/dev/null | awk '$1 == "jdk.TLSHandshake" {print $2; found = 1} END {if (!found) print 0}'
}

printf '| configuration | writes/s | reads/s | server CPU µs/op | without JIT | client CPU µs/op | server syscalls/op | connections | TLS handshakes (server, client) |\n'
printf '| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n'
port=$base
for mode in $modes; do
  port=$((port + 10)) # each configuration on ports of its own: the last one's TIME-WAIT sockets are not counted
  dir="$scratch/$mode"
  jfr="-XX:StartFlightRecording:jdk.TLSHandshake#enabled=true,filename"
  engine=""; [ "$mode" = tls-signed-jdk ] && engine="-Dio.netty.handler.ssl.noOpenSsl=true"
  # shellcheck disable=SC2046
  HAYLOFT_JAVA_OPTS="$jfr=$dir-server.jfr $engine" bin/hayloft $(security_args "$mode") server -dir "$dir" -ip 127.0.0.1 \
      -ip.bind 127.0.0.1 -filer=false -master.port "$port" -master.port.raft $((port + 1)) \
      -volume.port $((port + 2)) > "$dir.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 240); do grep -q '^Ready' "$dir.log" 2>/dev/null && break; sleep 0.5; done
  grep -q '^Ready' "$dir.log" || { echo "server $mode did not start: $dir.log" >&2; kill "$pid"; exit 1; }
  before=$(connections "$port")
  cpu0=$(awk '{print $14 + $15}' "/proc/$pid/stat"); jit0=$(jit_ticks "$pid")
  perf stat -e raw_syscalls:sys_enter -p "$pid" -x, -o "$dir.perf" & perf=$!
  TIMEFORMAT='%U %S'
  # shellcheck disable=SC2046
  client=$( { time HAYLOFT_JAVA_OPTS="$jfr=$dir-client.jfr" bin/hayloft $(security_args "$mode") benchmark \
      -master "127.0.0.1:$port" -c 16 -n "$n" -size 1024 -warmup "$warmup" > "$dir.bench" 2>&1; } 2>&1 | tail -1)
  cpu1=$(awk '{print $14 + $15}' "/proc/$pid/stat"); jit1=$(jit_ticks "$pid")
  kill -INT "$perf"; wait "$perf" 2>/dev/null || true
  after=$(connections "$port")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  ops=$((2 * (n + warmup)))
  w=$(awk '/Requests per second/ {print $4; exit}' "$dir.bench")
  r=$(awk '/Requests per second/ {v = $4} END {print v}' "$dir.bench")
  server_us=$(( (cpu1 - cpu0) * 10000 / ops ))
  nojit_us=$(( (cpu1 - cpu0 - jit1 + jit0) * 10000 / ops ))
  syscalls=$(awk -F, -v ops="$ops" '/raw_syscalls/ {printf "%.2f", $1 / ops}' "$dir.perf")
  client_us=$(awk -v t="$client" -v ops="$ops" 'BEGIN {split(t, a, " "); printf "%d", (a[1] + a[2]) * 1e6 / ops}')
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s, %s |\n' "$mode" "$w" "$r" "$server_us" "$nojit_us" \
      "$client_us" "$syscalls" "$((after - before))" "$(handshakes "$dir-server.jfr")" "$(handshakes "$dir-client.jfr")"
done
