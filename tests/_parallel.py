"""Which tests share a pytest-xdist worker; tests/conftest.py imports the two hooks.

``make test`` runs ``pytest -n auto --dist loadgroup``. A test joins a group, and every
test of a group runs on one worker, in collection order:

- a test that uses a fixture marked ``@one_worker(group)`` (_support.py: a real server,
  the browser) joins that group, so the server starts once per run and the tests that
  take turns on it (one writes, the next reads) keep their order;
- a test of a module with a module-scoped fixture (a workspace built for the module, a
  rendered deck) joins its module's group, so that fixture is built once;
- an ``xdist_group`` mark written on a test names its group as usual.

Every other test goes to whichever worker is free. Groups are handed out first, the
largest first, then the single tests. Without ``-n`` (or with ``-n 0``) nothing changes.

pytest-xdist's own loadgroup learns a test's group from a suffix it appends to the
test's id during collection, which pytest 9.2's structured ids no longer take (the
groups are silently ignored). So the workers write the groups they collected to a file
in the run's temp folder, and the scheduler here reads them from there.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest


def _group(item) -> str | None:
    marks = sorted({str(m.args[0] if m.args else m.kwargs.get("name", "default"))
                    for m in item.iter_markers("xdist_group")})
    if marks:
        return "_".join(marks)
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return None
    group = module = None
    for name in info.names_closure:
        fdefs = info.name2fixturedefs.get(name)
        if not fdefs:
            continue
        fdef = fdefs[-1]                          # the definition this test gets
        group = group or getattr(fdef.func, "kg_xdist_group", None)
        if fdef.scope == "module":
            module = item.nodeid.split("::", 1)[0]
    return group or module


def pytest_collection_modifyitems(config, items):
    groups = {}
    for item in items:
        group = _group(item)
        if group:
            groups[item.nodeid] = group
            if not item.get_closest_marker("xdist_group"):
                item.add_marker(pytest.mark.xdist_group(group))
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker and getattr(config.option, "loadgroup", False) and config.option.basetemp:
        # the worker's temp folder is <run's temp folder>/<worker>: the controller reads it there
        out = Path(config.option.basetemp).parent / f"xdist-groups-{worker}.json"
        tmp = out.with_suffix(".tmp")
        tmp.write_text(json.dumps(groups), encoding="utf-8")
        tmp.replace(out)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getoption("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class GroupScheduling(LoadGroupScheduling):
        """LoadGroupScheduling with each test's group read from the workers' files."""

        groups: dict[str, str] | None = None

        def _split_scope(self, nodeid: str) -> str:
            if self.groups is None:       # first called once every worker has collected
                self.groups = {}
                for f in sorted(config._tmp_path_factory.getbasetemp().glob("xdist-groups-*.json")):
                    self.groups.update(json.loads(f.read_text(encoding="utf-8")))
            return self.groups.get(nodeid) or super()._split_scope(nodeid)

    return GroupScheduling(config, log)
