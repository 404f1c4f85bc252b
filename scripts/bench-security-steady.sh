#!/usr/bin/env bash
# Steady-state cost of TLS + signed writes + the internal token: three `hayloft server`s (no filer) started once and
# side by side (off; TLS on the JDK's engine; TLS on OpenSSL), each warmed with 10,000 files, then measured
# alternately with `hayloft benchmark -n N -warmup 0 -c 16` per round; server CPU per operation from /proc/PID/stat.
#   scripts/bench-security-steady.sh [ROUNDS] [N]      (default 3 rounds of 8000 files)
# OpenSSL (netty-tcnative, shipped for Linux x86-64) is the default engine; jdk-tls runs the server and the benchmark
# with -Dio.netty.handler.ssl.noOpenSsl=true. SECURITY: a security.toml with [tls] (default: one security init writes).
# Ports BASE_PORT + 0..22 (default 24230). Prints: round, configuration, writes/s, reads/s, server CPU µs/op, failed.
set -euo pipefail
cd "$(dirname "$0")/.."
export HAYLOFT_AOT=${HAYLOFT_AOT:-0}
ROUNDS=${1:-3}; N=${2:-8000}
scratch=${SCRATCH:-/tmp/hayloft-bench-security-steady}
rm -rf "$scratch"; mkdir -p "$scratch"
if [ -z "${SECURITY:-}" ]; then bin/hayloft security init "$scratch/tls" > /dev/null; SECURITY=$scratch/tls/security.toml; fi
S=$SECURITY
MODES="off jdk-tls openssl-tls"
B=${BASE_PORT:-24230}
declare -A OPTS_OF=([off]="" [jdk-tls]="-Dio.netty.handler.ssl.noOpenSsl=true" [openssl-tls]="")
declare -A PORT_OF=([off]=$B [jdk-tls]=$((B + 10)) [openssl-tls]=$((B + 20)))
declare -A SEC_OF=([off]="" [jdk-tls]="-security $S" [openssl-tls]="-security $S")
declare -A PID_OF
for m in $MODES; do
  p=${PORT_OF[$m]}; d=$scratch/$m; rm -rf $d
  HAYLOFT_JAVA_OPTS="${OPTS_OF[$m]}" bin/hayloft ${SEC_OF[$m]} server -dir $d -ip 127.0.0.1 -ip.bind 127.0.0.1 -filer=false \
    -master.port $p -master.port.raft $((p+1)) -volume.port $((p+2)) > $d.log 2>&1 &
  PID_OF[$m]=$!
  echo "${PID_OF[$m]}" >> $scratch/pids
done
for m in $MODES; do
  for i in $(seq 1 240); do grep -q '^Ready' $scratch/$m.log 2>/dev/null && break; sleep 0.5; done
done
for m in $MODES; do
  HAYLOFT_JAVA_OPTS="${OPTS_OF[$m]}" bin/hayloft ${SEC_OF[$m]} benchmark -master 127.0.0.1:${PORT_OF[$m]} -n 10000 -warmup 1000 -c 16 > $scratch/$m-warm.txt 2>&1
done
for r in $(seq 1 $ROUNDS); do
  for m in $MODES; do
    pid=${PID_OF[$m]}
    c0=$(awk '{print $14+$15}' /proc/$pid/stat)
    HAYLOFT_JAVA_OPTS="${OPTS_OF[$m]}" bin/hayloft ${SEC_OF[$m]} benchmark -master 127.0.0.1:${PORT_OF[$m]} -n $N -warmup 0 -c 16 > $scratch/$m-$r.txt 2>&1
    c1=$(awk '{print $14+$15}' /proc/$pid/stat)
    w=$(awk '/Requests per second/ {print $4; exit}' $scratch/$m-$r.txt)
    rd=$(awk '/Requests per second/ {v = $4} END {print v}' $scratch/$m-$r.txt)
    f=$(awk '/Failed requests/ {s += $3} END {print s + 0}' $scratch/$m-$r.txt)
    echo -e "$r\t$m\t$w\t$rd\t$(( (c1-c0)*10000/(2*N) ))\t$f"
  done
done
for m in $MODES; do kill ${PID_OF[$m]}; done
wait
