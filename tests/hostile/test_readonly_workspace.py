"""A read-only workspace can be read (issue 20, item 11): a snapshot on a read-only share,
a copy whose files the user may not write. Every read command answers; a write command
says the workspace is read-only (exit 2). Run as an unprivileged user when the tests run
as root, since root may write anything."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from hostile_helpers import kg_cmd, tree_hash


@pytest.fixture
def readonly_ws(hostile_ws, tmp_path):
    """The workspace on a read-only file system: a read-only bind mount when the tests
    run as root (root may write any file, whatever its mode), else files and folders
    without write permission."""
    ro = tmp_path / "ro"
    ro.mkdir()
    mounted = False
    if os.geteuid() == 0:
        if subprocess.run(["mount", "--bind", str(hostile_ws), str(ro)], capture_output=True).returncode == 0:
            mounted = subprocess.run(["mount", "-o", "remount,bind,ro", str(ro)], capture_output=True).returncode == 0
            if not mounted:
                subprocess.run(["umount", str(ro)], capture_output=True)
        if not mounted:
            pytest.skip("running as root without permission to mount read-only")
    else:
        shutil.rmtree(ro)
        shutil.copytree(hostile_ws, ro)
        for d, _dirs, files in os.walk(ro):
            for n in files:
                os.chmod(os.path.join(d, n), 0o444)
            os.chmod(d, 0o555)
    try:
        yield ro
    finally:
        if mounted:
            subprocess.run(["umount", str(ro)], check=True)
        else:
            for d, _dirs, _files in os.walk(ro):
                os.chmod(d, 0o755)


def kg_run(args, input=None):
    return subprocess.run(kg_cmd() + [str(a) for a in args], input=input, capture_output=True, text=True,
                          timeout=300, env=dict(os.environ, KG_PROGRESS="0"))


def test_reads_work_on_a_read_only_workspace(readonly_ws, tmp_path):
    with pytest.raises(OSError):
        (readonly_ws / "probe").write_text("x")      # the file system really is read-only
    before = tree_hash(readonly_ws)
    for args, stdin in ((["sources"], None), (["query", "show", "ki-plattform"], None),
                        (["query", "find", "plattform"], None), (["query", "sparql", "-"], "ASK { ?s ?p ?o }"),
                        (["check"], None), (["export", "ttl"], None), (["sources", "--verify"], None)):
        res = kg_run(["--data", readonly_ws, "--lang", "en", *args], stdin)
        assert res.returncode in (0, 1), (args, res.stderr)
        assert "internal error" not in res.stderr and "Traceback" not in res.stderr, (args, res.stderr)
    assert tree_hash(readonly_ws) == before


def test_a_write_to_a_read_only_workspace_is_exit_2(readonly_ws, tmp_path):
    f = tmp_path / "plan.csv"
    f.write_text("id;tittel\nx-1;Et tiltak\n", encoding="utf-8")
    res = kg_run(["--data", readonly_ws, "--lang", "en", "import", f])
    assert res.returncode == 2, res.stderr
    assert "read-only" in res.stderr and "internal error" not in res.stderr
