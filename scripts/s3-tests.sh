#!/usr/bin/env bash
# Runs ceph's S3 conformance suite (github.com/ceph/s3-tests) against `hayloft server`'s S3 gateway:
#   scripts/s3-tests.sh S3TESTS_DIR [PYTEST_ARGS...]
# S3TESTS_DIR: a checkout of ceph/s3-tests. Python 3 with boto3, pytest, munch, gevent, isodate, lxml,
# pytz, httplib2 and pyyaml (on Debian: apt-get install python3-boto3 python3-pytest python3-munch
# python3-gevent python3-isodate python3-lxml python3-tz python3-httplib2 python3-yaml).
# Starts bin/hayloft server on 127.0.0.1 (ports BASE_PORT..: master, raft, volume, filer, s3; default
# 26333) with the suite's main, alt and tenant keys as identities, writes the suite's config, runs
# pytest on s3tests/functional/test_s3.py less the tests of features outside issue 11's scope (below; or
# what PYTEST_ARGS name instead, e.g. -k 'bucket_list'), prints the summary, and stops the server by PID. The JUnit XML goes to $OUT/s3-tests.xml (default /tmp/hayloft-s3-tests).
# TIMEOUT (seconds, default 1800) interrupts pytest with SIGINT, so the tests run so far are still
# summarised and written to the XML.
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
suite=$(cd "$1" && pwd); shift
base=${BASE_PORT:-26333} out=${OUT:-/tmp/hayloft-s3-tests}
master=$base raft=$((base + 1)) volume=$((base + 2)) filer=$((base + 3)) s3=$((base + 4))
rm -rf "$out"; mkdir -p "$out"
# lifecycle rules run every 2 s with a 10 s "day", the suite's lc_debug_interval (its default)
lifecycle="-s3.lifecycle.interval 2s -s3.lifecycle.day 10s"
"$home/bin/hayloft" server --help 2>/dev/null | grep -q 's3.lifecycle.day' || lifecycle=""
cat > "$out/identities.json" <<JSON
{"identities": [
  {"name": "main", "credentials": [{"accessKey": "0555b35654ad1656d804", "secretKey": "h7GhxuBLTrlhVUyxSPUKUV8r/2EI4ngqJxD7iBdBYLhwluN30JaT3Q=="}], "actions": ["Admin"], "ownBucketsOnly": true},
  {"name": "alt", "credentials": [{"accessKey": "NOPQRSTUVWXYZABCDEFG", "secretKey": "nopqrstuvwxyzabcdefghijklmnabcdefghijklm"}], "actions": ["Admin"], "ownBucketsOnly": true},
  {"name": "tenant", "credentials": [{"accessKey": "HIJKLMNOPQRSTUVWXYZA", "secretKey": "opqrstuvwxyzabcdefghijklmnopqrstuvwxyzab"}], "actions": ["Admin"], "ownBucketsOnly": true}
]}
JSON
# Each user is Admin of its own buckets only (ownBucketsOnly), as the suite's users are separate AWS accounts:
# another user's bucket it reaches through that bucket's ACL and policy.
# The gateway reports an identity's name as its canonical ID and display name (ACL owners, listings).
sed -e "s/^host = .*/host = 127.0.0.1/" -e "s/^port = .*/port = $s3/" -e "s/^bucket prefix = .*/bucket prefix = hayloft-{random}-/" \
  -e "s/^display_name = M. Tester$/display_name = main/" -e "s/^user_id = testid$/user_id = main/" \
  -e "s/^display_name = john.doe$/display_name = alt/" \
  -e "s/^user_id = 56789abcdef0123456789abcdef0123456789abcdef0123456789abcdef01234$/user_id = alt/" \
  "$suite/s3tests.conf.SAMPLE" > "$out/s3tests.conf"
setsid "$home/bin/hayloft" server -dir "$out/data" -ip 127.0.0.1 -ip.bind 127.0.0.1 -master.port "$master" \
  -master.port.raft "$raft" -volume.port "$volume" -filer.port "$filer" -s3.port "$s3" \
  -s3.config "$out/identities.json" $lifecycle > "$out/server.log" 2>&1 < /dev/null &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -s -m 2 -o /dev/null "http://127.0.0.1:$s3/" && break
  sleep 1
done
cd "$suite"
# Left out of the default run, as features outside the S3 gateway's scope (issue 11):
# - SSE-KMS (names with "kms"): needs a key management service Hayloft does not have;
# - IAM users and accounts (markers iam_user, iam_account): Hayloft's identities come from its own file;
# - storage-class transitions and cloud tiering/restore (lifecycle_transition, cloud_transition,
#   cloud_restore): Hayloft has one storage class; the issue asks for lifecycle expiration only.
# STS, IAM, S3 Select and website tests live in other files of the suite (test_sts.py, test_iam.py,
# test_s3select.py, test_s3website.py) and are not run.
[ $# -eq 0 ] && set -- s3tests/functional/test_s3.py -k 'not kms' \
  -m 'not (iam_user or iam_account or lifecycle_transition or cloud_transition or cloud_restore)'
S3TEST_CONF="$out/s3tests.conf" timeout -s INT -k 120 "${TIMEOUT:-1800}" /usr/bin/python3 -m pytest -q -p no:cacheprovider \
  --junitxml="$out/s3-tests.xml" "$@" 2>&1 | tail -n "${TAIL:-40}" || true
