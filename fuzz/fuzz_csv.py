"""Fuzz the CSV reader (encoding detection, separator guess, quoting, row limit)."""
import sys

import atheris

with atheris.instrument_imports():
    from _common import env_limits, scratch_file
    from kg.errors import KgError
    from kg.importers import csv as kcsv

env_limits()


def TestOneInput(data: bytes) -> None:
    p = scratch_file("in.csv", data)
    try:
        table = kcsv.read_table(p)
    except KgError:
        return
    assert isinstance(table.headers, list)
    for n, cells in table.rows:
        assert n >= 2 and isinstance(cells, list)


if __name__ == "__main__":
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()
