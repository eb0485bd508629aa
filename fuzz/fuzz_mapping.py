"""Fuzz the mapping loader (kg.importers.tabular.mapping.load): whatever the YAML, it is refused
with a clear error or loaded, and every split pattern it accepts splits a long hostile
cell quickly (no catastrophic backtracking)."""
import sys
import time

import atheris

with atheris.instrument_imports():
    from _common import scratch_file
    from kg.errors import KgError
    from kg.importers.tabular.mapping import load

PARTS = ["columns:\n  Navn: tittel\n  Partnere: kommuner\n", "split:\n  kommuner: '", "'\n",
         "values:\n  status:\n    'x': pågående\n", "&a [1, 2]", "*a", "[[[[", "]]]]", "(a+)+$", "(x|x)*y",
         "\\s*;\\s*", "[,;]", "\\bog\\b", "(?=a)", "\\1", "id: [Navn]\n", "defaults:\n  regelverk: gdpr\n"]
CELL = "a" * 3000 + "x;" * 500 + " og " * 200 + "!"


def TestOneInput(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    text = "".join(PARTS[fdp.ConsumeIntInRange(0, len(PARTS) - 1)] if fdp.ConsumeBool()
                   else fdp.ConsumeUnicodeNoSurrogates(10) for _ in range(fdp.ConsumeIntInRange(0, 12)))
    f = scratch_file("m.yaml", text.encode("utf-8", "surrogatepass"))
    try:
        m = load(f)
    except KgError:
        return
    for rx in m.split.values():
        t0 = time.monotonic()
        rx.split(CELL)
        assert time.monotonic() - t0 < 2.0, rx.pattern


if __name__ == "__main__":
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()
