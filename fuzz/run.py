"""`make fuzz FUZZ_SECONDS=60`: run every atheris fuzz target for a bounded time and
report executions and crashes per target.

Each target runs in its own process; when it crashes (a Python exception that is not
kg's clear KgError, or a failed invariant) libFuzzer writes the input to
``fuzz/crashes/<target>-crash-…`` and stops, and this runner starts it again for the rest
of the target's time, so one run can count several crashes. Seeds are written to
``fuzz/corpus/<target>/`` before the first run; libFuzzer adds what it finds there.
"""
from __future__ import annotations

import argparse
import io
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
TARGETS = ["csv", "xlsx", "rdf", "timewin", "sparql_guard", "rdfxml_dtd", "sparql_parsed", "mapping"]


def seeds() -> None:
    def put(target, name, data):
        d = HERE / "corpus" / target
        d.mkdir(parents=True, exist_ok=True)
        p = d / name
        if not p.exists():
            p.write_bytes(data)

    put("csv", "semicolon.csv", "id;tittel;status;start;avhenger_av\nh-1;Første;planlagt;2026-Q1;\nh-2;\"To\nlinjer\";;2026;h-1\n".encode())
    put("csv", "comma-cp1252.csv", "id,title,start\nx,Tromsø,2026-H2\n".encode("cp1252"))
    put("csv", "utf16.csv", "id\ttittel\nx\ty\n".encode("utf-16"))
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.append(["id", "tittel", "status", "start"])
    ws.append(["h-1", "Første", "planlagt", "2026-Q1"])
    buf = io.BytesIO()
    wb.save(buf)
    put("xlsx", "seed.xlsx", buf.getvalue())
    put("rdf", "turtle.ttl", b"\x00@prefix ex: <http://ex/> .\nex:a ex:b \"c\"@nb , 1, 2.5, true ; ex:d [ ex:e ex:f ] .\n")
    put("rdf", "jsonld.jsonld", b'\x01{"@context": {"ex": "http://ex/"}, "@id": "ex:a", "ex:b": [{"@value": "x", "@language": "nb"}]}')
    put("rdf", "rdfxml.rdf", b'\x02<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        b'xmlns:ex="http://ex/"><rdf:Description rdf:about="http://ex/a"><ex:b>c</ex:b></rdf:Description></rdf:RDF>')
    put("rdf", "nt.nt", b"\x03<http://ex/a> <http://ex/b> \"c\\u00e5\" .\n")
    put("rdf", "trig.trig", b"\x04@prefix ex: <http://ex/> .\nex:g { ex:a ex:b ex:c }\n")
    put("timewin", "q.txt", b"2026-Q3/2026-Q4\x006m")
    put("sparql_guard", "q.txt", b"\x00SELECT ?s WHERE { ?s ?p ?o } LIMIT 3")
    put("rdfxml_dtd", "seed.bin", bytes(range(64)))
    put("sparql_parsed", "seed.bin", bytes(range(1, 40)))
    put("mapping", "seed.bin", bytes([1, 0, 1, 1, 1, 2, 1, 9, 1, 2]))


def run_target(name: str, seconds: float) -> dict:
    crashes_dir = HERE / "crashes"
    crashes_dir.mkdir(exist_ok=True)
    corpus = HERE / "corpus" / name
    execs, crashes, starts = 0, 0, 0
    deadline = time.monotonic() + seconds
    log = HERE / "crashes" / f"{name}.log"
    with open(log, "w") as logf:
        while True:
            left = int(deadline - time.monotonic())
            if left < 1:
                break
            starts += 1
            p = subprocess.run(
                [sys.executable, str(HERE / f"fuzz_{name}.py"), str(corpus), f"-max_total_time={left}",
                 f"-artifact_prefix={crashes_dir}/{name}-", "-rss_limit_mb=2048", "-timeout=20",
                 "-max_len=65536", "-print_final_stats=1"],
                capture_output=True, text=True, cwd=str(HERE))
            out = p.stdout + p.stderr
            logf.write(out[-20000:])
            m = re.findall(r"stat::number_of_executed_units:\s*(\d+)", out) or re.findall(r"Done (\d+) runs", out)
            runs = int(m[-1]) if m else max((int(x) for x in re.findall(r"^#(\d+)", out, re.M)), default=0)
            execs += runs
            if p.returncode != 0:
                crashes += 1
                tail = [line for line in out.splitlines() if "Error" in line or "assert" in line.lower()][-3:]
                print(f"  {name}: crash #{crashes} (exit {p.returncode}): {' | '.join(tail)[:300]}", flush=True)
                if starts > 50:
                    break
    return {"target": name, "seconds": seconds, "executions": execs, "crashes": crashes}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=float, default=60, help="time per target")
    ap.add_argument("targets", nargs="*", default=TARGETS)
    a = ap.parse_args(argv)
    seeds()
    results = []
    for t in a.targets:
        print(f"fuzz {t}: {a.seconds:.0f} s …", flush=True)
        results.append(run_target(t, a.seconds))
    print(f"\n{'target':<14}{'seconds':>9}{'executions':>12}{'crashes':>9}")
    for r in results:
        print(f"{r['target']:<14}{r['seconds']:>9.0f}{r['executions']:>12}{r['crashes']:>9}")
    return 1 if any(r["crashes"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
