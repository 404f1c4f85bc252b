#!/usr/bin/env bash
# Same-run baselines for docs/benchmarks.md (see ../shared/docs/performance.md):
#   1. HTTP ceiling: nginx serving a 1 KiB static file, wrk -t2 -c16 -d10s on loopback.
#   2. Disk: fio sequential write/read of 1 GiB (buffered, fdatasync at the end), 4 KiB random reads.
#   3. fsync cost: fio 4 KiB writes with fsync after each.
# Needs nginx, wrk and fio (Debian: apt-get install nginx-light wrk fio). Prints one line per figure.
set -euo pipefail
work=$(mktemp -d /tmp/hayloft-baseline.XXXXXX)
port=${BASELINE_PORT:-18099}
nginx_pid=""
cleanup() {
  if [ -n "$nginx_pid" ]; then kill "$nginx_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

if command -v nginx >/dev/null && command -v wrk >/dev/null; then
  mkdir -p "$work/www" "$work/logs"
  head -c 1024 /dev/urandom > "$work/www/1k.bin"
  cat > "$work/nginx.conf" <<CONF
daemon off;
worker_processes 2;
pid $work/nginx.pid;
error_log $work/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  open_file_cache max=100;
  server { listen 127.0.0.1:$port; root $work/www; }
}
CONF
  nginx -c "$work/nginx.conf" -p "$work" &
  nginx_pid=$!
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/1k.bin" -o /dev/null && break; sleep 0.1; done
  echo "== nginx 1 KiB static GET (wrk -t2 -c16 -d10s)"
  wrk -t2 -c16 -d10s --latency "http://127.0.0.1:$port/1k.bin" | grep -E "Requests/sec|50%|99%"
  kill "$nginx_pid"; wait "$nginx_pid" 2>/dev/null || true; nginx_pid=""
else
  echo "nginx/wrk not installed: skipping the HTTP ceiling" >&2
fi

if command -v fio >/dev/null; then
  dir=${BASELINE_DISK_DIR:-$work}
  echo "== fio sequential write 1 GiB (fdatasync at end)"
  fio --name=seqw --directory="$dir" --rw=write --bs=1M --size=1G --end_fsync=1 --ioengine=psync \
      --output-format=terse --terse-version=3 | awk -F';' '{printf "write %.0f MiB/s\n", $48/1024}'
  echo "== fio sequential read 1 GiB"
  fio --name=seqw --directory="$dir" --rw=read --bs=1M --size=1G --ioengine=psync \
      --output-format=terse --terse-version=3 | awk -F';' '{printf "read %.0f MiB/s\n", $7/1024}'
  echo "== fio 4 KiB random read"
  fio --name=seqw --directory="$dir" --rw=randread --bs=4k --size=1G --runtime=10 --time_based \
      --ioengine=psync --output-format=terse --terse-version=3 | awk -F';' '{printf "randread %.0f IOPS\n", $8}'
  echo "== fio 4 KiB writes with fsync each"
  fio --name=fsync --directory="$dir" --rw=write --bs=4k --size=64M --fsync=1 --runtime=10 --time_based \
      --ioengine=psync --output-format=terse --terse-version=3 | awk -F';' '{printf "fsync-write %.0f IOPS\n", $49}'
  rm -f "$dir"/seqw.* "$dir"/fsync.*
else
  echo "fio not installed: skipping disk baselines" >&2
fi
