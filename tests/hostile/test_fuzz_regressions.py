"""Every crash the fuzzers found (fuzz/, `make fuzz`) stays found: the input that made a
parser raise something other than kg's clear error is kept in data/fuzz/ and must now be
refused with exit 2 and a message, the workspace unchanged."""
from __future__ import annotations

from pathlib import Path

import pytest

from hostile_helpers import tree_hash
from kg.errors import InputError

CASES = sorted((Path(__file__).parent / "data" / "fuzz").iterdir())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fuzz_crash_is_a_clear_error(case, hostile_ws, tmp_path, cli_run):
    f = tmp_path / case.name
    f.write_bytes(case.read_bytes())
    reader = {"csv": "kg.importers.csv", "xlsx": "kg.importers.xlsx"}[case.name.split("-")[0]]
    import importlib
    with pytest.raises(InputError):
        importlib.import_module(reader).read_table(f)
    before = tree_hash(hostile_ws)
    res = cli_run(["--data", hostile_ws, "--lang", "en", "import", f])
    assert res.exit_code == 2, res.stdout + res.stderr
    assert res.stderr.startswith("kg: ") and case.name in res.stderr
    assert tree_hash(hostile_ws) == before


def test_utf16_bom_then_odd_bytes_message(tmp_path):
    from kg.importers import csv as kcsv
    f = tmp_path / "x.csv"
    f.write_bytes(b"\xff\xfei\x00d\x00\n")
    with pytest.raises(InputError, match="byte order mark but is not valid utf-16"):
        kcsv.read_table(f)
    f.write_bytes(b"\xef\xbb\xbfid;tittel\n\xff\xfe\n")
    with pytest.raises(InputError, match="byte order mark but is not valid utf-8"):
        kcsv.read_table(f)
