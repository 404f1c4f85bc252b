#!/usr/bin/env bash
# The S3 gateway's figures of issue 11, each beside its baseline in the same run (about 5 minutes):
#   scripts/bench-s3.sh            (from the project root; ../shared/bench is the shared kit)
# 1. small objects: N x 1 KiB PUT and GET through `hayloft server`'s gateway, through s3proxy (S3 over a
#    directory, the shared kit's), and by Hayloft's own assign + upload on the same server;
# 2. large objects: one LARGE_MB (256) and one 1024 MiB object up and down through the gateway and through
#    the filer's own HTTP API;
# 3. ListObjectsV2 of a flat prefix of LIST_KEYS keys (default 100,000; the issue's figure is 1,000,000,
#    LIST_KEYS=1000000 takes ~15 min more to write them) in pages of 1,000, through the gateway in
#    `hayloft server` and through a standalone `hayloft s3 -filer` (whose peak RSS is the gateway's alone);
# 4. the standalone gateway under small PUT/GET and one LARGE_MB object first (its CPU per operation over the
#    filer's HTTP API, and the peak RSS the listing then reports covers all of its load).
# Servers on 127.0.0.1, ports BASE_PORT.. (default 26600: master, raft, volume, filer, s3, standalone s3,
# s3proxy), data under OUT (default /tmp/hayloft-bench-s3), stopped by PID. Prints each driver's lines and
# a summary of ratios at the end (also in $OUT/summary.txt).
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
kit=${BENCH_KIT:-$home/../shared/bench}
base=${BASE_PORT:-26600} out=${OUT:-/tmp/hayloft-bench-s3}
n=${N:-20000} conc=${CONC:-16} warm=${WARMUP:-2000} large=${LARGE_MB:-256} listkeys=${LIST_KEYS:-100000}
master=$base raft=$((base + 1)) volume=$((base + 2)) filer=$((base + 3)) s3=$((base + 4)) gw=$((base + 5))
proxy=$((base + 6))
ak=HAYLOFTBENCH sk=bench-secret-key
rm -rf "$out"; mkdir -p "$out/peers/s3proxy"
# s3proxy's jars: the kit's copy when it has resolved them already, else the kit resolves them
[ -d /tmp/peers/s3proxy/lib ] && ln -s /tmp/peers/s3proxy/lib "$out/peers/s3proxy/lib"
cat > "$out/identities.json" <<JSON
{"identities": [{"name": "bench", "credentials": [{"accessKey": "$ak", "secretKey": "$sk"}], "actions": ["Admin"]}]}
JSON
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  PEERS_SCRATCH="$out/peers" "$kit/stop-s3proxy.sh" >/dev/null 2>&1 || true
}
trap cleanup EXIT
wait_up() { # wait_up URL PID
  for _ in $(seq 1 400); do
    curl -s -m 2 -o /dev/null "$1" && return 0
    kill -0 "$2" 2>/dev/null || { echo "bench-s3: a server stopped (logs in $out)" >&2; exit 1; }
    sleep 1
  done
  echo "bench-s3: $1 did not answer" >&2; exit 1
}
setsid "$home/bin/hayloft" server -dir "$out/data" -ip 127.0.0.1 -ip.bind 127.0.0.1 -master.port "$master" \
  -master.port.raft "$raft" -volume.port "$volume" -filer.port "$filer" -s3.port "$s3" \
  -s3.config "$out/identities.json" > "$out/server.log" 2>&1 < /dev/null &
server=$!; pids+=("$server")
wait_up "http://127.0.0.1:$s3/" "$server"
wait_up "http://127.0.0.1:$filer/" "$server"
for _ in $(seq 1 50); do curl -s -m 5 "http://127.0.0.1:$master/dir/assign" | grep -q '"fid"' && break; sleep 0.5; done
setsid "$home/bin/hayloft" s3 -port "$gw" -ip 127.0.0.1 -ip.bind 127.0.0.1 -filer "127.0.0.1:$filer" \
  -config "$out/identities.json" > "$out/gateway.log" 2>&1 < /dev/null &
gateway=$!; pids+=("$gateway")
wait_up "http://127.0.0.1:$gw/" "$gateway"
PEERS_SCRATCH="$out/peers" S3PROXY_PORT=$proxy S3PROXY_HEAP=${S3PROXY_HEAP:-1g} "$kit/start-s3proxy.sh" 2>>"$out/s3proxy-start.log"
proxypid=$(cat "$out/peers/s3proxy/run/s3proxy.pid")

bb() { "$kit/blobbench.sh" "$@" 2>&1 | tee -a "$out/driver.log"; }
s3opts=(--proto s3 --access-key "$ak" --secret-key "$sk")
echo "== small objects: $n x 1 KiB at concurrency $conc after $warm warm-up"
bb "${s3opts[@]}" --url "http://127.0.0.1:$s3" --bucket small --n "$n" --size 1024 --concurrency "$conc" \
  --phases put,get --warmup "$warm" --pids "$server" --label s3-gateway --out "$out/results.jsonl"
bb --proto s3 --url "http://127.0.0.1:$proxy" --bucket small --access-key local-identity --secret-key local-credential \
  --n "$n" --size 1024 --concurrency "$conc" --phases put,get --warmup "$warm" --pids "$proxypid" --label s3proxy \
  --out "$out/results.jsonl"
bb --proto seaweed --url "http://127.0.0.1:$master" --n "$n" --size 1024 --concurrency "$conc" --phases put,get \
  --warmup "$warm" --pids "$server" --label assign-upload --out "$out/results.jsonl"
echo "== the standalone gateway (hayloft s3 -filer): $n x 1 KiB and one $large MiB object, its own RSS"
bb "${s3opts[@]}" --url "http://127.0.0.1:$gw" --bucket small-gw --n "$n" --size 1024 --concurrency "$conc" \
  --phases put,get --warmup "$warm" --pids "$gateway" --label s3-standalone --out "$out/results.jsonl"
bb "${s3opts[@]}" --url "http://127.0.0.1:$gw" --bucket large-gw --phases large --large-mb "$large" --warmup 0 \
  --pids "$gateway" --label s3-standalone-large --out "$out/results.jsonl"
echo "== large objects: $large MiB and 1024 MiB"
for mb in "$large" 1024; do
  bb "${s3opts[@]}" --url "http://127.0.0.1:$s3" --bucket large --phases large --large-mb "$mb" --warmup 0 \
    --pids "$server" --label "s3-large-$mb" --out "$out/results.jsonl"
  bb --proto http --url "http://127.0.0.1:$filer/large" --phases large --large-mb "$mb" --warmup 0 \
    --pids "$server" --label "filer-large-$mb" --out "$out/results.jsonl"
done
echo "== ListObjectsV2: $listkeys keys under one prefix"
bb "${s3opts[@]}" --url "http://127.0.0.1:$s3" --bucket listing --prefix flat/ --n "$listkeys" --size 1 \
  --concurrency "$conc" --phases put --warmup 0 --pids "$server" --label list-keys --max-seconds 3000
python3 "$home/scripts/list-objects-rate.py" --url "http://127.0.0.1:$s3" --bucket listing --prefix flat/ \
  --access-key "$ak" --secret-key "$sk" --rounds 3 --label "in hayloft server" --pid "$server" | tee -a "$out/list.log"
python3 "$home/scripts/list-objects-rate.py" --url "http://127.0.0.1:$gw" --bucket listing --prefix flat/ \
  --access-key "$ak" --secret-key "$sk" --rounds 3 --label "hayloft s3 -filer (standalone)" --pid "$gateway" \
  | tee -a "$out/list.log"

python3 - "$out/results.jsonl" "$out/list.log" "$large" <<'PY' | tee "$out/summary.txt"
import json, sys
large_mb = sys.argv[3]
rows = {}
for line in open(sys.argv[1]):
    r = json.loads(line); rows[r["label"]] = r
def cpu_us(r, phase):
    return r[phase + "_server_cpu_s"] / max(1, r[phase + "_ok"]) * 1e6
g, p, a = rows.get("s3-gateway"), rows.get("s3proxy"), rows.get("assign-upload")
for phase in ("put", "get"):
    if g and p and a:
        print(f"small {phase.upper()}: gateway {g[phase + '_rps']:,}/s ({cpu_us(g, phase):.0f} us server CPU/op), "
              f"s3proxy {p[phase + '_rps']:,}/s ({cpu_us(p, phase):.0f} us), assign+upload {a[phase + '_rps']:,}/s "
              f"({cpu_us(a, phase):.0f} us) -> {g[phase + '_rps'] / p[phase + '_rps']:.2f}x s3proxy (goal >= 3), "
              f"{g[phase + '_rps'] / a[phase + '_rps']:.2f}x assign+upload (goal >= 0.7)")
for label in sorted(rows):
    if label.startswith("s3-large-"):
        mb = label.split("-")[-1]
        s3, f = rows[label], rows.get("filer-large-" + mb)
        if f:
            for d in ("put", "get"):
                k = "large_" + d + "_mibps"
                print(f"large {mb} MiB {d.upper()}: gateway {s3[k]:.0f} MiB/s, filer {f[k]:.0f} MiB/s -> "
                      f"{s3[k] / f[k]:.2f}x (goal >= 0.8)")
sg, sl = rows.get("s3-standalone"), rows.get("s3-standalone-large")
if sg:
    print(f"standalone gateway: small PUT {sg['put_rps']:,}/s ({cpu_us(sg, 'put'):.0f} us gateway CPU/op), GET "
          f"{sg['get_rps']:,}/s ({cpu_us(sg, 'get'):.0f} us), peak RSS {sg['server_peak_rss_mib']:.0f} MiB"
          + (f"; {large_mb} MiB PUT/GET {sl['large_put_mibps']:.0f}/{sl['large_get_mibps']:.0f} MiB/s, peak RSS "
             f"{sl['server_peak_rss_mib']:.0f} MiB" if sl else "") + " (goal <= 150 MiB)")
for line in open(sys.argv[2]):
    if line.startswith("LIST"):
        print(line.rstrip())
PY
