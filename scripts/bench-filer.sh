#!/usr/bin/env bash
# Filer benchmark for docs/benchmarks.md (issue 5): starts `hayloft server` (master + volume server +
# filer) on a fresh temp dir and measures, through the filer's HTTP API:
#   1. small-file creates: wrk -t2 -c16 -d10s, POST of 1 KiB files to fresh names in one directory
#      (1 KiB is under the 2 KiB inline limit: the content lives in the entry, no chunk is written);
#   2. listing: fills one directory with LIST_N 1 KiB inline entries, bulk-loaded into the RocksDB store
#      before the server starts (io.hayloft.filer.bench.BulkLoad, hayloft-filer's test classes: creating a
#      million files over HTTP would take most of the run), then reads it whole with paginated JSON
#      listings (limit 1000 and 10000), entries per second; BENCH_LIST_FILL=wrk fills it over HTTP instead;
#   3. large file: a 1 GiB file from /dev/urandom, curl -T (streamed PUT) up, curl down to /dev/null,
#      then down again through md5sum; MB/s beside fio's sequential write/read of 1 GiB in the same
#      directory, measured in the same run.
#   usage: scripts/bench-filer.sh [LIST_N=1000000] [BIG_MIB=1024] [extra server args...]
#   HAYLOFT_TARGET: the build directory name to run from (default target), built with its test classes:
#   ./mvnw -q -DskipTests package -pl hayloft-cli -am (what bin/hayloft builds); needs wrk, curl, python3, fio.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-env.sh
list_n=${1:-1000000}
big_mib=${2:-1024}
shift 2 || shift $#
target=${HAYLOFT_TARGET:-target}
cp="hayloft-cli/$target/hayloft-cli.jar:hayloft-cli/$target/lib/*"
[ -f "hayloft-cli/$target/hayloft-cli.jar" ] || { echo "build first: no hayloft-cli/$target/hayloft-cli.jar" >&2; exit 1; }
java_opts=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseCompactObjectHeaders)
data=$(mktemp -d /tmp/hayloft-bench-filer.XXXXXX)
mport=${BENCH_MASTER_PORT:-19533}
vport=${BENCH_VOLUME_PORT:-18580}
fport=${BENCH_FILER_PORT:-18988}
filer="http://127.0.0.1:$fport"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$data" "$data.log"
}
trap cleanup EXIT

if [ "${BENCH_LIST_FILL:-bulk}" = bulk ]; then
  echo "== 2a. bulk-loading $list_n entries into /bench/list before the server starts"
  "$JAVA_HOME/bin/java" "${java_opts[@]}" -cp "hayloft-filer/$target/test-classes:$cp" \
      io.hayloft.filer.bench.BulkLoad "$data/server/filer" /bench/list "$list_n"
fi

"$JAVA_HOME/bin/java" "${java_opts[@]}" -cp "$cp" io.hayloft.cli.Main server -dir "$data/server" -ip 127.0.0.1 -master.port "$mport" -master.port.raft $((mport + 10000)) \
    -volume.port "$vport" -filer.port "$fport" "$@" > "$data.log" 2>&1 &
server_pid=$!
for _ in $(seq 120); do
  curl -sf "http://127.0.0.1:$mport/dir/assign" >/dev/null 2>&1 && curl -sf "$filer/status" >/dev/null 2>&1 && break
  sleep 0.5
done

# wrk script: POST 1 KiB to $BENCH_DIR/$BENCH_TAG<thread>-<n>, a fresh name per request.
cat > "$data/create.lua" <<'LUA'
local next_thread = 0
function setup(thread)
  thread:set("id", next_thread)
  next_thread = next_thread + 1
end
function init(args)
  n = 0
  dir = os.getenv("BENCH_DIR")
  tag = os.getenv("BENCH_TAG") or ""
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/octet-stream"
  wrk.body = string.rep("h", 1024)
end
function request()
  n = n + 1
  return wrk.format(nil, dir .. "/" .. tag .. id .. "-" .. n)
end
LUA

# Runs wrk -t2 -c16 -d$3 creating into directory $1 with name prefix $2; prints wrk's lines, sets $created.
create() {
  local out
  out=$(BENCH_DIR="$1" BENCH_TAG="$2" wrk -t2 -c16 -d"$3" --latency -s "$data/create.lua" "$filer")
  echo "$out" | grep -E "Requests/sec|50%|99%|Non-2xx" || true
  created=$(echo "$out" | awk '/requests in/ {print $1}')
  local bad
  bad=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  created=$((created - ${bad:-0}))
}

echo "== 1. small-file creates: 1 KiB POST, wrk -t2 -c16 -d10s, one directory"
create /bench/small "" 10s
echo "created $created files"

echo "== 2. listing a directory of $list_n entries"
total=0
run=0
while [ "${BENCH_LIST_FILL:-bulk}" = wrk ] && [ "$total" -lt "$list_n" ]; do
  run=$((run + 1))
  create /bench/list "r$run-" 10s >/dev/null
  total=$((total + created))
done
python3 - "$filer" <<'PY'
import json, sys, time, urllib.parse, urllib.request
filer = sys.argv[1]
for limit in (1000, 10000):
    last, n, pages, t0 = "", 0, 0, time.monotonic()
    while True:
        q = urllib.parse.urlencode({"limit": limit, "lastFileName": last})
        req = urllib.request.Request(f"{filer}/bench/list/?{q}", headers={"Accept": "application/json"})
        page = json.load(urllib.request.urlopen(req))
        n += len(page["Entries"]); pages += 1
        if not page["ShouldDisplayLoadMore"]:
            break
        last = page["LastFileName"]
    dt = time.monotonic() - t0
    print(f"limit={limit}: {n} entries in {pages} pages, {dt:.2f} s, {n / dt:,.0f} entries/s")
PY

echo "== 3. large file: $big_mib MiB up and down (default 8 MiB chunks) vs fio in the same directory"
big="$data/big.bin"
head -c $((big_mib << 20)) /dev/urandom > "$big"
sync
curl -sf -T "$big" -H 'Content-Type: application/octet-stream' -o /dev/null \
    -w 'upload   %{size_upload} bytes in %{time_total} s = %{speed_upload} B/s\n' "$filer/bench/big.bin" \
  | awk '{printf "%s %.0f MiB in %.1f s = %.0f MiB/s\n", $1, $2 / 1048576, $5, $8 / 1048576}'
curl -sf -o /dev/null -w 'download %{size_download} bytes in %{time_total} s = %{speed_download} B/s\n' \
    "$filer/bench/big.bin" \
  | awk '{printf "%s %.0f MiB in %.1f s = %.0f MiB/s\n", $1, $2 / 1048576, $5, $8 / 1048576}'
want=$(md5sum < "$big" | cut -d' ' -f1)
got=$(curl -sf "$filer/bench/big.bin" | md5sum | cut -d' ' -f1)
etag=$(curl -sfI "$filer/bench/big.bin" | tr -d '\r"' | awk 'tolower($1) == "etag:" {print $2}')
echo "md5 local $want, downloaded $got, ETag $etag"
[ "$want" = "$got" ] && [ "$want" = "$etag" ] || { echo "MD5 MISMATCH" >&2; exit 1; }
rm -f "$big"
fio --name=seqw --directory="$data" --rw=write --bs=1M --size=1G --end_fsync=1 --ioengine=psync \
    --output-format=terse --terse-version=3 | awk -F';' '{printf "fio sequential write %.0f MiB/s\n", $48/1024}'
fio --name=seqw --directory="$data" --rw=read --bs=1M --size=1G --ioengine=psync \
    --output-format=terse --terse-version=3 | awk -F';' '{printf "fio sequential read  %.0f MiB/s\n", $7/1024}'
rm -f "$data"/seqw.*
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$server_pid/status")
echo "== server RSS $((rss_kb / 1024)) MiB"
