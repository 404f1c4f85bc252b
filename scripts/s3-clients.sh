#!/usr/bin/env bash
# Drives `hayloft server`'s S3 gateway with the S3 tools of Debian's packages, as users run them:
#   scripts/s3-clients.sh [aws] [s3cmd] [s3cmd-v2] [rclone]      (default: all four)
# Each does put, get (compared byte for byte), list, a multipart upload (a file over the tool's part size),
# copy where the tool has one, delete and bucket removal; s3cmd-v2 is s3cmd with --signature-v2.
# Installs awscli, s3cmd and rclone with apt-get when they are missing (as root, or through sudo).
# Starts bin/hayloft server on 127.0.0.1, ports BASE_PORT.. (master, raft, volume, filer, s3; default 26533),
# with one identity, and stops it by PID. Prints one line per step; exits non-zero on the first failure,
# with the server's log under $OUT (default /tmp/hayloft-s3-clients).
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
base=${BASE_PORT:-26533} out=${OUT:-/tmp/hayloft-s3-clients}
master=$base raft=$((base + 1)) volume=$((base + 2)) filer=$((base + 3)) s3=$((base + 4))
clients=("$@")
[ ${#clients[@]} -eq 0 ] && clients=(aws s3cmd s3cmd-v2 rclone)

# Debian's packages, installed when missing (the pip awscli a developer may have is not what is judged)
missing=()
[ -x /usr/bin/aws ] || missing+=(awscli)
[ -x /usr/bin/s3cmd ] || missing+=(s3cmd)
[ -x /usr/bin/rclone ] || missing+=(rclone)
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then sudo_cmd="sudo"; fi
  echo "s3-clients: installing Debian's ${missing[*]}" >&2
  $sudo_cmd apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q "${missing[@]}" >&2
fi

rm -rf "$out"; mkdir -p "$out/files"
key=HAYLOFTCLIENTS secret=clients/secret+key
cat > "$out/identities.json" <<JSON
{"identities": [{"name": "clients", "credentials": [{"accessKey": "$key", "secretKey": "$secret"}], "actions": ["Admin"]}]}
JSON
setsid "$home/bin/hayloft" server -dir "$out/data" -ip 127.0.0.1 -ip.bind 127.0.0.1 -master.port "$master" \
  -master.port.raft "$raft" -volume.port "$volume" -filer.port "$filer" -s3.port "$s3" \
  -s3.config "$out/identities.json" > "$out/server.log" 2>&1 < /dev/null &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
# the first start after a build builds the distribution and trains the JVM's AOT cache: minutes
for _ in $(seq 1 400); do
  curl -s -m 2 -o /dev/null "http://127.0.0.1:$s3/" && break
  kill -0 "$pid" 2>/dev/null || { echo "s3-clients: the server stopped; its log:" >&2; tail -30 "$out/server.log" >&2; exit 1; }
  sleep 1
done
endpoint="http://127.0.0.1:$s3"

# the files: a small one, an empty one, one larger than every tool's part size here (multipart)
head -c 1000 /dev/urandom > "$out/files/small.bin"
: > "$out/files/empty.txt"
head -c $((12 << 20)) /dev/urandom > "$out/files/large.bin"

step() { # step NAME COMMAND...: runs it quietly, prints ok or the output and fails
  local name=$1; shift
  if "$@" > "$out/step.log" 2>&1; then
    echo "  ok  $name"
  else
    echo "  FAIL $name: $*" >&2
    cat "$out/step.log" >&2
    echo "(server log: $out/server.log)" >&2
    exit 1
  fi
}
same() { cmp "$1" "$2"; }
lists() { # lists PATTERN COMMAND...: the command's output has PATTERN
  local pattern=$1; shift
  "$@" > "$out/list.txt" && grep -q -- "$pattern" "$out/list.txt"
}

run_aws() {
  export AWS_ACCESS_KEY_ID=$key AWS_SECRET_ACCESS_KEY=$secret AWS_DEFAULT_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
  local aws=(/usr/bin/aws --endpoint-url "$endpoint") b=s3://clients-aws d="$out/aws"
  mkdir -p "$d"
  step "aws s3 mb" "${aws[@]}" s3 mb $b
  step "aws s3 cp (put)" "${aws[@]}" s3 cp "$out/files/small.bin" $b/dir/small.bin
  step "aws s3 cp (empty)" "${aws[@]}" s3 cp "$out/files/empty.txt" $b/empty.txt
  step "aws s3 cp (multipart, 12 MiB in 8 MiB parts)" "${aws[@]}" s3 cp "$out/files/large.bin" $b/large.bin
  step "aws s3 cp (get)" "${aws[@]}" s3 cp $b/dir/small.bin "$d/small.bin"
  step "aws s3 cp (get multipart)" "${aws[@]}" s3 cp $b/large.bin "$d/large.bin"
  step "same bytes back" same "$out/files/large.bin" "$d/large.bin"
  step "same small bytes back" same "$out/files/small.bin" "$d/small.bin"
  step "aws s3 ls" lists "large.bin" "${aws[@]}" s3 ls $b
  step "aws s3 ls --recursive" lists "dir/small.bin" "${aws[@]}" s3 ls --recursive $b
  step "aws s3api list-objects-v2 --prefix" lists '"Key": "dir/small.bin"' "${aws[@]}" s3api list-objects-v2 --bucket clients-aws --prefix dir/
  step "aws s3api head-object (multipart ETag)" lists '"ETag": "\\"[0-9a-f]*-2\\""' "${aws[@]}" s3api head-object --bucket clients-aws --key large.bin
  step "aws s3 cp (copy)" "${aws[@]}" s3 cp $b/dir/small.bin $b/copy.bin
  step "aws s3 sync (download)" "${aws[@]}" s3 sync $b "$d/sync"
  step "synced bytes" same "$out/files/large.bin" "$d/sync/large.bin"
  step "aws s3 rm" "${aws[@]}" s3 rm $b/copy.bin
  step "aws s3 rm --recursive" "${aws[@]}" s3 rm --recursive $b
  step "aws s3 rb" "${aws[@]}" s3 rb $b
  step "the bucket is gone" bash -c "! /usr/bin/aws --endpoint-url $endpoint s3 ls | grep -q clients-aws"
}

run_s3cmd() { # run_s3cmd NAME [--signature-v2]
  local name=$1; shift
  local cfg="$out/$name.cfg" b="s3://clients-$name" d="$out/$name"
  mkdir -p "$d"
  cat > "$cfg" <<CFG
[default]
access_key = $key
secret_key = $secret
host_base = 127.0.0.1:$s3
host_bucket = 127.0.0.1:$s3
use_https = False
bucket_location = us-east-1
multipart_chunk_size_mb = 5
CFG
  local c=(/usr/bin/s3cmd -c "$cfg" "$@")
  step "$name mb" "${c[@]}" mb $b
  step "$name put" "${c[@]}" put "$out/files/small.bin" $b/dir/small.bin
  step "$name put (empty)" "${c[@]}" put "$out/files/empty.txt" $b/empty.txt
  step "$name put (multipart, 12 MiB in 5 MiB parts)" "${c[@]}" put "$out/files/large.bin" $b/large.bin
  step "$name get" "${c[@]}" get $b/large.bin "$d/large.bin"
  step "same bytes back" same "$out/files/large.bin" "$d/large.bin"
  step "$name get (small)" "${c[@]}" get $b/dir/small.bin "$d/small.bin"
  step "same small bytes back" same "$out/files/small.bin" "$d/small.bin"
  step "$name ls" lists "$b/large.bin" "${c[@]}" ls $b
  step "$name ls --recursive" lists "$b/dir/small.bin" "${c[@]}" ls --recursive $b
  step "$name info" lists "MD5 sum" "${c[@]}" info $b/large.bin
  step "$name cp" "${c[@]}" cp $b/dir/small.bin $b/copy.bin
  step "$name setacl/getacl" "${c[@]}" setacl --acl-public $b/copy.bin
  step "$name del" "${c[@]}" del $b/copy.bin
  step "$name del --recursive" "${c[@]}" del --recursive --force $b
  step "$name rb" "${c[@]}" rb $b
}

run_rclone() {
  export RCLONE_CONFIG_HL_TYPE=s3 RCLONE_CONFIG_HL_PROVIDER=Other RCLONE_CONFIG_HL_ENDPOINT=$endpoint \
    RCLONE_CONFIG_HL_ACCESS_KEY_ID=$key RCLONE_CONFIG_HL_SECRET_ACCESS_KEY=$secret RCLONE_CONFIG_HL_REGION=us-east-1 \
    RCLONE_CONFIG_HL_FORCE_PATH_STYLE=true
  # rclone's AWS SDK fails on an AWS_CA_BUNDLE some environments set (its HTTP transport cannot take one)
  local r=(env -u AWS_CA_BUNDLE /usr/bin/rclone --config /dev/null --s3-upload-cutoff 5M --s3-chunk-size 5M) d="$out/rclone"
  step "rclone mkdir" "${r[@]}" mkdir hl:clients-rclone
  step "rclone copy (multipart, 12 MiB in 5 MiB parts)" "${r[@]}" copy "$out/files" hl:clients-rclone/files
  step "rclone ls" lists "large.bin" "${r[@]}" ls hl:clients-rclone
  step "rclone lsjson" lists '"Path":"small.bin"' "${r[@]}" lsjson hl:clients-rclone/files
  step "rclone check (sizes and hashes)" "${r[@]}" check "$out/files" hl:clients-rclone/files
  step "rclone copy (get)" "${r[@]}" copy hl:clients-rclone/files "$d"
  step "same bytes back" same "$out/files/large.bin" "$d/large.bin"
  step "rclone copyto (server-side copy)" "${r[@]}" copyto hl:clients-rclone/files/small.bin hl:clients-rclone/copy.bin
  step "rclone cat" same "$out/files/small.bin" <("${r[@]}" cat hl:clients-rclone/copy.bin)
  step "rclone deletefile" "${r[@]}" deletefile hl:clients-rclone/copy.bin
  step "rclone purge" "${r[@]}" purge hl:clients-rclone
  step "the bucket is gone" bash -c "! env -u AWS_CA_BUNDLE /usr/bin/rclone --config /dev/null lsd hl: | grep -q clients-rclone"
}

for c in "${clients[@]}"; do
  echo "$c:"
  case $c in
    aws) run_aws ;;
    s3cmd) run_s3cmd s3cmd ;;
    s3cmd-v2) run_s3cmd s3cmd-v2 --signature-v2 ;;
    rclone) run_rclone ;;
    *) echo "unknown client '$c' (aws, s3cmd, s3cmd-v2, rclone)" >&2; exit 2 ;;
  esac
done
echo "s3-clients: ${clients[*]}: every step passed"
