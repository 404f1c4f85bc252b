#!/usr/bin/env bash
# Issue 14's goal as one figure: tls-signed writes/s and reads/s over off's in the same run, three rounds with the
# order alternating (off first, then tls-signed first, then off first), and the medians of the three ratios. Each
# round is scripts/bench-security-counts.sh with MODES of two configurations (a fresh `hayloft server -filer=false`
# per configuration, `hayloft benchmark -c 16 -size 1024`); its tables are kept in $SCRATCH/round-*.md.
#
#   scripts/bench-security-ratios.sh [N] [WARMUP]     (default 100000 files after 40000 warm-up: about 5 minutes
#                                                      on a quiet 2-core machine; 8000 2000 is the short form)
# Environment: ROUNDS (3), BASE_PORT (25100), SCRATCH (/tmp/hayloft-bench-security-ratios). Goal: both medians
# at least 0.85.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
warmup=${2:-40000}
rounds=${ROUNDS:-3}
scratch=${SCRATCH:-/tmp/hayloft-bench-security-ratios}
mkdir -p "$scratch"
printf '| round | order | off writes/s, reads/s, server + client CPU µs/op | tls-signed | writes ratio | reads ratio | CPU ratio (off / tls-signed) |\n'
printf '| --- | --- | --- | --- | --- | --- | --- |\n'
ratios=()
for round in $(seq 1 "$rounds"); do
  if [ $((round % 2)) = 0 ]; then order="tls-signed off"; else order="off tls-signed"; fi
  table="$scratch/round-$round.md"
  MODES="$order" SCRATCH="$scratch/counts" scripts/bench-security-counts.sh "$n" "$warmup" > "$table"
  # columns of a row: | mode | writes/s | reads/s | server µs | without JIT | client µs | ...
  row() { awk -F'|' -v OFS='|' -v m="$1" '{gsub(/ /, "", $2)} $2 == m {gsub(/ /, ""); printf "%s %s %s\n", $3, $4, $5 + $7}' "$table"; }
  read -r ow or oc <<< "$(row off)"
  read -r tw tr tc <<< "$(row tls-signed)"
  r=$(awk -v ow="$ow" -v or="$or" -v oc="$oc" -v tw="$tw" -v tr="$tr" -v tc="$tc" \
      'BEGIN {printf "%.3f %.3f %.3f", tw / ow, tr / or, oc / tc}')
  ratios+=("$r")
  read -r rw rr rc <<< "$r"
  printf '| %s | %s | %s, %s, %s | %s, %s, %s | %s | %s | %s |\n' "$round" "$order" "$ow" "$or" "$oc" "$tw" "$tr" "$tc" \
      "$rw" "$rr" "$rc"
done
printf '%s\n' "${ratios[@]}" | awk '{w[NR] = $1; r[NR] = $2; c[NR] = $3}
  function median(a, n,   i, j, t) {
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) {t = a[i]; a[i] = a[j]; a[j] = t}
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  END {printf "| **median** | | | | **%.3f** | **%.3f** | %.3f |\n", median(w, NR), median(r, NR), median(c, NR)}'
