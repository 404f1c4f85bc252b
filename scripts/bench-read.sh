#!/usr/bin/env bash
# Small reads, alternated between servers in one run (issue 10):
#   scripts/bench-read.sh ROUNDS SECONDS NAME URL PIDS [NAME URL PIDS ...]
# e.g. scripts/bench-read.sh 3 10 nginx http://127.0.0.1:24088/static/1k.bin "9291 9292" \
#                               hayloft http://127.0.0.1:24080/6,01c2d81940 12345
# Each round runs `wrk -t2 -c16 -dSECONDS` on every URL in turn and prints requests/s and the
# server's CPU per request (utime+stime deltas of /proc/PID/stat summed over PIDS: for nginx, its workers).
set -euo pipefail
rounds=$1 secs=$2; shift 2
tck=$(getconf CLK_TCK)
ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$t"; }
run() { # NAME URL PIDS
  local name=$1 url=$2 pids=$3 before after out rps reqs
  # shellcheck disable=SC2086 # PIDS is a list
  before=$(ticks $pids)
  out=$(wrk -t2 -c16 -d"${secs}s" "$url")
  # shellcheck disable=SC2086
  after=$(ticks $pids)
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  reqs=$(awk '/requests in/ {print $1}' <<<"$out")
  awk -v n="$name" -v r="$rps" -v q="$reqs" -v d=$((after - before)) -v t="$tck" \
    'BEGIN {printf "%-8s %10.0f req/s %6.1f us CPU/req\n", n, r, d / t * 1e6 / q}'
}
for _ in $(seq 1 "$rounds"); do
  set -- "$@"
  args=("$@")
  for ((i = 0; i < ${#args[@]}; i += 3)); do
    run "${args[i]}" "${args[i + 1]}" "${args[i + 2]}"
  done
done
