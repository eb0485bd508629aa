"""`-o FILE` when FILE is not a plain new file (issue 20, item 1).

Output is normally written to a temp file beside the target and renamed into place. That
must never replace something that is not a regular file: run as root (as in many
containers and CI jobs), `kg check -o /dev/null` used to replace the system's /dev/null
with a world-readable regular file. A device, a FIFO or /proc/self/fd/N is written
through; an existing file keeps its mode; what cannot be written is exit 2."""
from __future__ import annotations

import os
import stat
import threading

import pytest

from hostile_helpers import kg_cmd, tree_hash


def _device(path, minor: int) -> bool:
    """A copy of /dev/null (char 1,3) or /dev/full (char 1,7) at ``path``, so the test
    never risks the system's own devices; False where mknod is not allowed."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
        os.chmod(path, 0o666)
        return True
    except OSError:
        return False


def test_output_to_a_device_writes_through_it(hostile_ws, tmp_path, cli_run):
    dev = tmp_path / "null"
    if not _device(dev, 3):
        pytest.skip("mknod not permitted here (not root); the FIFO test covers writing through")
    for args in (["check", "-o", dev], ["export", "ttl", "-o", dev]):
        res = cli_run(["--data", hostile_ws, "--lang", "en", *args])
        assert res.exit_code in (0, 1), res.stderr
        st = os.lstat(dev)
        assert stat.S_ISCHR(st.st_mode), "the device was replaced by a regular file"
        assert stat.S_IMODE(st.st_mode) == 0o666
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null", "ws"]


def test_output_to_a_fifo_writes_through_it(hostile_ws, tmp_path, cli_run):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(open(fifo, "rb").read()), daemon=True)
    reader.start()
    res = cli_run(["--data", hostile_ws, "export", "ttl", "-o", fifo])
    assert res.exit_code == 0, res.stderr
    reader.join(30)
    assert got and b"ki-plattform" in got[0]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe", "ws"]


def test_output_to_proc_self_fd(hostile_ws, tmp_path, cli_run):
    r, w = os.pipe()
    got = []
    reader = threading.Thread(target=lambda: got.append(os.fdopen(r, "rb").read()), daemon=True)
    reader.start()
    try:
        res = cli_run(["--data", hostile_ws, "export", "ttl", "-o", f"/proc/self/fd/{w}"])
    finally:
        os.close(w)
    assert res.exit_code == 0, res.stderr
    reader.join(30)
    assert got and b"ki-plattform" in got[0]


def test_existing_file_keeps_its_mode(hostile_ws, tmp_path, cli_run):
    out = tmp_path / "secret.ttl"
    out.write_text("old", encoding="utf-8")
    os.chmod(out, 0o600)
    res = cli_run(["--data", hostile_ws, "export", "ttl", "-o", out])
    assert res.exit_code == 0, res.stderr
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert "ki-plattform" in out.read_text(encoding="utf-8")


def test_full_device_is_exit_2_with_a_message(hostile_ws, tmp_path, kg_proc):
    full = tmp_path / "full"
    if not _device(full, 7):
        pytest.skip("mknod not permitted here (not root)")
    before = tree_hash(hostile_ws)
    res = kg_proc(["--data", hostile_ws, "--lang", "en", "export", "ttl", "-o", full])
    assert res.returncode == 2, res.stderr
    assert "internal error" not in res.stderr and "Traceback" not in res.stderr
    assert str(full) in res.stderr and "space" in res.stderr.lower()
    assert stat.S_ISCHR(os.lstat(full).st_mode)
    # stdout on a full device: the same message, not an internal error
    import subprocess
    with open(full, "w") as dev:
        res = subprocess.run(kg_cmd() + ["--data", str(hostile_ws), "--lang", "en", "export", "ttl"],
                             stdout=dev, stderr=subprocess.PIPE, text=True, timeout=300)
    assert res.returncode == 2, res.stderr
    assert "internal error" not in res.stderr and "space" in res.stderr.lower()
    assert tree_hash(hostile_ws) == before


def test_unwritable_folder_is_exit_2(hostile_ws, tmp_path, kg_proc):
    # a socket cannot be opened for writing: refused with exit 2, and left in place
    import socket
    sock_path = tmp_path / "s.sock"
    s = socket.socket(socket.AF_UNIX)
    s.bind(str(sock_path))
    try:
        res = kg_proc(["--data", hostile_ws, "--lang", "en", "export", "ttl", "-o", sock_path])
        assert res.returncode == 2, res.stderr
        assert "internal error" not in res.stderr and str(sock_path) in res.stderr
        assert stat.S_ISSOCK(os.lstat(sock_path).st_mode)
    finally:
        s.close()
    # a read-only file system path (e.g. /proc): exit 2, no traceback
    res = kg_proc(["--data", hostile_ws, "--lang", "en", "export", "ttl", "-o", "/proc/kg-test-out.ttl"])
    assert res.returncode == 2, res.stderr
    assert "internal error" not in res.stderr
