#!/usr/bin/env python3
"""ListObjectsV2 rate of an S3 endpoint: lists a prefix to its end in pages of --page-size keys, --rounds
times, and prints keys/s per round and their median, and the sampled peak RSS of --pid (VmHWM, the
process's own high-water mark). Signs with botocore's SigV4 signer; sends with http.client on one
keep-alive connection and counts keys with a regular expression, so the client costs little beside the
server (the figure is the gateway's, not an XML parser's).
Usage: list-objects-rate.py --url http://127.0.0.1:8333 --bucket B --prefix P --access-key A --secret-key S
"""
import argparse, http.client, re, statistics, sys, time, urllib.parse
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

ap = argparse.ArgumentParser()
for a in ("url", "bucket", "prefix", "access-key", "secret-key"):
    ap.add_argument("--" + a, required=a != "prefix", default="")
ap.add_argument("--page-size", type=int, default=1000)
ap.add_argument("--rounds", type=int, default=3)
ap.add_argument("--label", default="")
ap.add_argument("--pid", type=int, default=0)
o = ap.parse_args()
u = urllib.parse.urlsplit(o.url)
creds = Credentials(o.access_key, o.secret_key)
conn = http.client.HTTPConnection(u.hostname, u.port, timeout=120)
KEY = re.compile(rb"<Key>")
TOKEN = re.compile(rb"<NextContinuationToken>([^<]*)</NextContinuationToken>")

def page(token):
    q = {"list-type": "2", "max-keys": str(o.page_size), "prefix": o.prefix}
    if token:
        q["continuation-token"] = token
    query = urllib.parse.urlencode(sorted(q.items()), quote_via=urllib.parse.quote)
    url = f"{o.url}/{o.bucket}?{query}"
    req = AWSRequest(method="GET", url=url, headers={"x-amz-content-sha256": "UNSIGNED-PAYLOAD"})
    SigV4Auth(creds, "s3", "us-east-1").add_auth(req)
    conn.request("GET", f"/{o.bucket}?{query}", headers=dict(req.headers.items()))
    r = conn.getresponse()
    body = r.read()
    if r.status != 200:
        sys.exit(f"ListObjectsV2 answered {r.status}: {body[:300]!r}")
    t = TOKEN.search(body)
    return len(KEY.findall(body)), (t.group(1).decode() if t else None)

def tree(root):
    """root and its descendants (bin/hayloft is a shell that starts the JVM)."""
    import os
    parents = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                parents[int(d)] = int(open(f"/proc/{d}/stat").read().rsplit(")", 1)[1].split()[1])
            except OSError:
                pass
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += [c for c, pp in parents.items() if pp == p]
    return out

def rss_hwm():
    """The sum of VmHWM over --pid's process tree, MiB."""
    if not o.pid:
        return None
    total = 0
    for p in tree(o.pid):
        try:
            for line in open(f"/proc/{p}/status"):
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024

rates = []
for rnd in range(o.rounds):
    keys, pages, token, t0 = 0, 0, None, time.perf_counter()
    while True:
        n, token = page(token)
        keys, pages = keys + n, pages + 1
        if not token:
            break
    dt = time.perf_counter() - t0
    rates.append(keys / dt)
    print(f"round {rnd + 1}: {keys} keys in {pages} pages, {dt:.2f} s, {keys / dt:,.0f} keys/s")
hwm = rss_hwm()
print(f"LIST {o.label}: {keys} keys, median {statistics.median(rates):,.0f} keys/s over {o.rounds} rounds"
      + (f", peak RSS (VmHWM) of pid {o.pid}: {hwm:.0f} MiB" if hwm else ""))
