#!/usr/bin/env bash
# Small reads against nginx's static file and a Hayloft needle, alternated (issue 10):
#   scripts/bench-read.sh NGINX_URL HAYLOFT_URL HAYLOFT_PID [ROUNDS=3] [SECONDS=10]
# Each round runs `wrk -t2 -c16 -dSECONDS` on nginx, then on Hayloft, and prints requests/s and the
# server's CPU per request (utime+stime deltas of /proc/PID/stat; nginx: all its worker processes).
set -euo pipefail
nginx_url=$1 hay_url=$2 hay_pid=$3 rounds=${4:-3} secs=${5:-10}
tck=$(getconf CLK_TCK)
ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$t"; }
run() { # NAME URL PIDS...
  local name=$1 url=$2; shift 2
  local before after out rps
  before=$(ticks "$@")
  out=$(wrk -t2 -c16 -d"${secs}s" "$url")
  after=$(ticks "$@")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  reqs=$(awk '/requests in/ {print $1}' <<<"$out")
  awk -v n="$name" -v r="$rps" -v q="$reqs" -v d=$((after - before)) -v t="$tck" \
    'BEGIN {printf "%-8s %10.0f req/s %6.1f us CPU/req\n", n, r, d / t * 1e6 / q}'
}
for i in $(seq 1 "$rounds"); do
  run nginx "$nginx_url" ${NGINX_PIDS:?set NGINX_PIDS to the nginx worker pids}
  run hayloft "$hay_url" "$hay_pid"
done
