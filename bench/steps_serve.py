"""`kg serve` on the generated workspace, a real server (a subprocess on a free loopback
port, nothing mocked), against the speed asks of the web application:

- ``serve-start``: from starting the process to the first answer of a page that reads
  the workspace (the search page); target ≤ 2 s.
- ``serve-node``, ``serve-search``, ``serve-deps`` (the explorer's graph data),
  ``serve-timeline``, ``serve-gaps``: 50 requests each on the warm server (after the
  warm-up it does at start has finished). ``seconds`` is the median (p50) of the
  server's own time for each answer (its ``Server-Timing`` header), ``p95_seconds``
  beside it, and the client's p50 in the note; targets p50 ≤ 150 ms, p95 ≤ 300 ms.

Each line of the log says the figures beside their targets.
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
START_TARGET = 2.0
P50_TARGET, P95_TARGET = 0.150, 0.300


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 600) -> tuple[float, float]:
    """(client seconds, server seconds) of one GET that must answer 200."""
    t0 = time.perf_counter()
    with urllib.request.urlopen(url, timeout=timeout) as r:
        r.read()
        if r.status != 200:
            raise RuntimeError(f"{url}: HTTP {r.status}")
        timing = r.headers.get("Server-Timing") or ""
    client = time.perf_counter() - t0
    server = float(timing.split("dur=")[1]) / 1000 if "dur=" in timing else client
    return client, server


def _pct(sorted_values: list[float], p: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(round(p * (len(sorted_values) - 1))))]


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
                _get(base + "/search?q=kommune", timeout=60)
                break
            except OSError:
                if proc.poll() is not None or time.perf_counter() - t0 > 300:
                    ctx.fail("serve-start", "kg serve did not answer")
                    return
                time.sleep(0.02)
        started = time.perf_counter() - t0
        ctx.record("serve-start", started, None,
                   note=f"start to the first answer of /search; target ≤ {START_TARGET:.0f} s: "
                        + ("met" if started <= START_TARGET else "NOT met"))
        # the warm-up at start (indexes, the whole check) finishes behind the first answer;
        # the gaps page waits for the check, so its answer says the server is warm
        t1 = time.perf_counter()
        _get(base + "/api/gaps?severity=violation")
        ctx.log(f"  (warm-up finished {time.perf_counter() - t0:.1f} s after start; "
                f"waited {time.perf_counter() - t1:.1f} s for it)")
        sample = quote(ctx.sample_initiative.removeprefix("https://w3id.org/kommune-ki/id/"), safe="/")
        pages = [
            ("serve-node", f"/node/{sample}"),
            ("serve-search", "/search?q=kommune"),
            ("serve-deps", f"/api/graph/{sample}?depth=2"),
            ("serve-timeline", "/timeline?from=2026&to=2027"),
            ("serve-gaps", "/gaps?severity=violation"),
        ]
        for step, path in pages:
            if not ctx.selected(step):
                continue
            try:
                _get(base + path)  # the first answer of this page (its own caches)
                got = [_get(base + path) for _ in range(REQUESTS)]
            except (OSError, RuntimeError) as e:
                ctx.fail(step, str(e))
                continue
            server = sorted(s for _, s in got)
            client = sorted(c for c, _ in got)
            p50, p95 = statistics.median(server), _pct(server, 0.95)
            verdict = "met" if p50 <= P50_TARGET and p95 <= P95_TARGET else "NOT met"
            e = ctx.record(step, p50, None,
                           note=f"server p50 {p50 * 1000:.0f} ms (≤ {P50_TARGET * 1000:.0f}), "
                                f"p95 {p95 * 1000:.0f} ms (≤ {P95_TARGET * 1000:.0f}): {verdict}; "
                                f"client p50 {statistics.median(client) * 1000:.0f} ms; {REQUESTS} × {path}")
            if e:
                e["p95_seconds"] = round(p95, 3)
                e["client_p50_seconds"] = round(statistics.median(client), 3)
                e["runs"] = REQUESTS
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
