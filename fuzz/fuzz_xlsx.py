"""Fuzz the XLSX reader (zip directory check, openpyxl, sheet choice, cells)."""
import sys

import atheris

with atheris.instrument_imports():
    from _common import env_limits, scratch_file
    from kg.errors import KgError
    from kg.importers import xlsx

env_limits()


def TestOneInput(data: bytes) -> None:
    p = scratch_file("in.xlsx", data)
    try:
        xlsx.read_table(p)
    except KgError:
        return


if __name__ == "__main__":
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()
