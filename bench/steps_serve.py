"""`kg serve` on the generated workspace: time to the first answer after start, then 50
requests to each of five pages (node, search, dependency explorer data, timeline, gaps)
on the warm server. ``seconds`` is the median (p50) of the 50 answers as the client sees
them on the same machine; ``p95_seconds`` beside it. Nothing is mocked: a real
`kg serve` subprocess on a free loopback port.
"""
from __future__ import annotations

import os
import socket
import statistics
import subprocess
import time
import urllib.request
from urllib.parse import quote

REQUESTS = 50


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> float:
    t0 = time.perf_counter()
    with urllib.request.urlopen(url, timeout=600) as r:
        r.read()
        if r.status != 200:
            raise RuntimeError(f"{url}: HTTP {r.status}")
    return time.perf_counter() - t0


def run(ctx):
    if not ctx.wants("serve-"):
        return
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k != "KG_SERVE_TOKEN"}
    env["KG_CACHE_DIR"] = str(ctx.scratch("serve-cache"))
    t0 = time.perf_counter()
    proc = subprocess.Popen([str(ctx.kg), "--data", str(ctx.workspace), "serve", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                _get(base + "/api/openapi.json")
                break
            except OSError:
                if proc.poll() is not None or time.perf_counter() - t0 > 300:
                    ctx.fail("serve-start", "kg serve did not answer")
                    return
                time.sleep(0.05)
        ctx.record("serve-start", time.perf_counter() - t0, None, note="start to the first answer")
        sample = quote(ctx.sample_initiative.removeprefix("https://w3id.org/kommune-ki/id/"), safe="/")
        pages = [
            ("serve-node", f"/api/node/{sample}"),
            ("serve-search", "/api/search?q=kommune"),
            ("serve-deps", f"/api/graph/{sample}?depth=2"),
            ("serve-timeline", "/timeline?from=2026&to=2027"),
            ("serve-gaps", "/api/gaps?severity=violation"),
        ]
        for step, path in pages:
            if not ctx.selected(step):
                continue
            try:
                _get(base + path)  # warm: caches and the first check
                times = sorted(_get(base + path) for _ in range(REQUESTS))
            except (OSError, RuntimeError) as e:
                ctx.fail(step, str(e))
                continue
            e = ctx.record(step, statistics.median(times), None, note=f"p50 of {REQUESTS} requests to {path}")
            if e:
                e["p95_seconds"] = round(times[int(0.95 * (len(times) - 1))], 3)
                e["runs"] = REQUESTS
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
