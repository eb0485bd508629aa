"""The benchmark: generates sector-scale workspaces and measures every step.

``make bench`` (or ``python -m bench --sizes "100k 1m"``) builds a workspace of about
100k and 1M triples (cached in ``bench/work/``), runs every ``bench/steps_*.py`` module's
``run(ctx)`` against it, prints a table and writes ``bench/results.json`` (the list of
entries of SPEC.md, "The benchmark") and ``bench/machine.json`` (where it ran).
See :mod:`bench.context` for what a step gets, and ``docs/benchmarks.md``.
"""
from bench.context import Context, Run, StepFailed, measure

__all__ = ["Context", "Run", "StepFailed", "measure"]
