"""A full disk while kg writes the workspace (issue 20, item 12): exit 2 with a message
saying what to do, never "internal error"; the workspace as it was, and no half journal
left filling the disk (RocksDB's own log files change when the store is opened for
writing; the content is checked instead: sound, and the old initiatives). The workspace sits on a small tmpfs (root only: mounting)."""
from __future__ import annotations

import csv
import os
import shutil
import subprocess

import pytest

from hostile_helpers import kg_cmd
from kg.store.workspace import Workspace


@pytest.fixture
def small_disk(hostile_ws, tmp_path):
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    size = sum(f.stat().st_size for f in hostile_ws.rglob("*") if f.is_file())
    mnt = tmp_path / "disk"
    mnt.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size + 3 * 1024 * 1024}", "tmpfs", str(mnt)],
                       capture_output=True)
    if r.returncode:
        pytest.skip("tmpfs cannot be mounted here")
    try:
        shutil.copytree(hostile_ws, mnt / "ws", ignore=shutil.ignore_patterns(".lock", "LOCK"))
        yield mnt / "ws"
    finally:
        subprocess.run(["umount", str(mnt)], check=True)


@pytest.mark.parametrize("path", ["journal", "transaction"])
def test_full_disk_during_an_import_is_exit_2(small_disk, tmp_path, path):
    f = tmp_path / "stor.csv"
    with open(f, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(["id", "tittel", "beskrivelse", "status"])
        for i in range(4000):
            w.writerow([f"s-{i}", f"Tittel {i}", "x" * 1500, "planlagt"])
    env = dict(os.environ, KG_PROGRESS="0", KG_BULK_MIN="1" if path == "journal" else "1000000000")
    res = subprocess.run(kg_cmd() + ["--data", str(small_disk), "--lang", "en", "import", str(f)],
                         capture_output=True, text=True, timeout=600, env=env)
    assert res.returncode == 2, res.stderr
    assert "internal error" not in res.stderr and "Traceback" not in res.stderr, res.stderr
    assert "space" in res.stderr.lower() and "stdout" not in res.stderr, res.stderr
    assert [p.name for p in small_disk.iterdir() if p.name.startswith("journal")] == []
    with Workspace.open(small_disk) as ws:
        assert ws.verify() == []
        assert ws.count("?s a kg:Initiative") == 2
