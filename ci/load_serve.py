#!/usr/bin/env python3
"""Bounded load test of `x1060 serve` on loopback.

Starts `x1060 serve --port <free>`, sends UPLOADS uploads of the bundled
samples to POST /api/check from CLIENTS threads, and checks that every one
is answered 200 with the findings `x1060 check --format json` gives for the
same file. The server's resident memory (VmRSS) is read after a warm-up and
at the end: it must not grow by more than RSS_BOUND_MB. The whole run stops
at DEADLINE seconds, whatever happens.

usage: load_serve.py X1060_BINARY [UPLOADS] [CLIENTS]
"""

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RSS_BOUND_MB = 40
DEADLINE = 300


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def multipart(name, data):
    head = (f'--B0UNDARY\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n").encode()
    return head + data + b"\r\n--B0UNDARY--\r\n"


def upload(base, name, data):
    req = urllib.request.Request(f"{base}api/check", data=multipart(name, data), method="POST",
                                 headers={"Content-Type": "multipart/form-data; boundary=B0UNDARY"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return r.status, json.loads(r.read())


def findings(doc):
    return [(f["rule"], f["cell"]) for f in doc["files"][0]["findings"]]


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    binary = os.path.abspath(sys.argv[1])
    uploads = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    clients = int(sys.argv[3]) if len(sys.argv) > 3 else 8
    start = time.time()
    samples = []
    for lang in ("ja", "en"):
        path = os.path.join(ROOT, "samples", f"sample-{lang}.xlsx")
        cli = subprocess.run([binary, "check", path, "--format", "json"], capture_output=True,
                             text=True, timeout=120)
        with open(path, "rb") as f:
            samples.append((f"sample-{lang}.xlsx", f.read(), findings(json.loads(cli.stdout))))

    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen([binary, "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    failures = []
    try:
        while True:
            try:
                urllib.request.urlopen(base, timeout=2).read()
                break
            except OSError:
                if time.time() - start > 30 or server.poll() is not None:
                    sys.exit("load_serve: FAIL: the server did not start")
                time.sleep(0.2)
        # Warm-up: the allocator's arenas and the catalogue are set up once.
        for i in range(2 * clients):
            name, data, _ = samples[i % 2]
            upload(base, name, data)
        before = rss_mb(server.pid)

        next_job = [0]
        lock = threading.Lock()
        done = [0]

        def client():
            while time.time() - start < DEADLINE:
                with lock:
                    job = next_job[0]
                    if job >= uploads:
                        return
                    next_job[0] += 1
                name, data, want = samples[job % 2]
                try:
                    status, doc = upload(base, name, data)
                    if status != 200 or findings(doc) != want or doc["files"][0]["path"] != name:
                        failures.append(f"upload {job}: status {status}, findings differ from check's")
                except Exception as e:  # a refused or dropped connection is a failure
                    failures.append(f"upload {job}: {type(e).__name__}: {e}")
                with lock:
                    done[0] += 1

        t0 = time.time()
        threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(max(1, DEADLINE - (time.time() - start)))
        took = time.time() - t0
        after = rss_mb(server.pid)
        if done[0] != uploads:
            failures.append(f"only {done[0]} of {uploads} uploads answered within {DEADLINE} s")
        if server.poll() is not None:
            failures.append("the server stopped")
        grew = after - before
        print(f"load_serve: {done[0]} uploads from {clients} clients in {took:.1f} s "
              f"({done[0] / max(took, 1e-9):.1f}/s); server RSS {before:.1f} MB -> {after:.1f} MB "
              f"({grew:+.1f} MB, bound {RSS_BOUND_MB} MB)")
        if grew > RSS_BOUND_MB:
            failures.append(f"server memory grew by {grew:.1f} MB (bound {RSS_BOUND_MB} MB)")
    finally:
        server.terminate()
        server.wait(timeout=10)
    for f in failures[:20]:
        print(f"load_serve: FAIL: {f}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
