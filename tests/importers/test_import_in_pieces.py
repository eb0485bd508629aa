"""A large import's journal is loaded in pieces, one bulk loader per core (kg.store.bulk),
when its source's graph holds nothing yet: the workspace ends up exactly as when the same
journal is loaded by one bulk loader, every graph of the store compared."""
from __future__ import annotations

import shutil
from datetime import datetime

import pyoxigraph as ox
import pytest
from import_helpers import GOOD, TTL, write_csv

from kg.store import bulk
from kg.store import workspace as W

ROWS = 300


def _rows() -> list[list[str]]:
    """GOOD's first row, varied: own ids, chains of dependencies, titles with what a literal
    must escape (quotes, a backslash, a line break) and letters outside ASCII."""
    base = GOOD[0]
    rows = []
    for i in range(ROWS):
        r = list(base)
        r[0] = f"r-{i:04d}"
        r[1] = f"Tiltak {i} «æøå» \"sitat\" \\ skråstrek" if i % 7 == 0 else f"Tiltak {i}\nover to linjer"
        r[2] = f"Initiative {i}"
        r[8] = f"r-{i - 1:04d}" if i % 3 else ""
        r[18] = f"https://example.org/sak/{i}"
        rows.append(r)
    return rows


class _Clock(datetime):
    """The time of every write in these tests: one instant, so that two stores can be equal."""

    @classmethod
    def now(cls, tz=None):
        return datetime(2026, 12, 5, 10, 0, 0, tzinfo=tz)


@pytest.fixture(autouse=True)
def _fixed_time(monkeypatch):
    import datetime as module
    monkeypatch.setattr(module, "datetime", _Clock)   # kg.importers asks it at each import
    monkeypatch.setattr(W, "_now", lambda: "2026-12-05T10:00:00+00:00")


def _store(ws_path) -> list[str]:
    """Every quad of the store, sorted."""
    store = ox.Store.read_only(str(ws_path / "store"))
    try:
        out = sorted(str(q) for q in store)
    finally:
        del store
    return out


@pytest.fixture
def sheet(tmp_path):
    return write_csv(tmp_path / "tiltak.csv", _rows())


def test_an_import_loaded_in_pieces_gives_the_store_one_bulk_load_gives(make_ws, sheet, tmp_path, cli_run,
                                                                       monkeypatch):
    template = make_ws(TTL)
    monkeypatch.setenv("KG_BULK_MIN", "1")          # through the journal
    monkeypatch.setattr(bulk, "MIN_SPLIT_BYTES", 0)
    monkeypatch.setattr(W, "JOURNAL_PIECE_MAX", 6000)  # a few dozen rows a piece
    loads = []
    real = bulk.load_file
    monkeypatch.setattr(W, "load_file", lambda *a, **k: loads.append(real(*a, **k)) or loads[-1])
    stores = {}
    for route, ways in (("plain", 1), ("pieces", 2)):
        ws = tmp_path / route
        shutil.copytree(template, ws)
        monkeypatch.setattr(bulk, "cores", lambda ways=ways: ways)
        loads.clear()
        res = cli_run(["--data", ws, "import", sheet, "--network", "digi-innlandet", "--format", "json"])
        assert res.exit_code in (0, 1), res.output
        assert not (ws / W.JOURNAL).exists()
        stores[route] = (_store(ws), list(loads))
    (plain, plain_loads), (pieces, piece_loads) = stores["plain"], stores["pieces"]
    assert plain_loads == [1] and piece_loads[0] > 5, (plain_loads, piece_loads)
    assert pieces == plain
    assert sum('"Tiltak 7 «æøå» \\"sitat\\" \\\\ skråstrek"@nb' in q for q in pieces) == 1
    assert sum("/r-0299> " in q for q in pieces) > 20   # the last row came through whole


def test_a_load_into_a_graph_that_holds_triples_goes_whole(make_ws, sheet, tmp_path, cli_run, monkeypatch):
    """The same sheet changed: the write removes and adds lines in a graph that is not
    empty, so the journal's load takes the plain route (a failed piece could not be undone
    by emptying the graph), and the result is the sheet's content."""
    ws = make_ws(TTL)
    monkeypatch.setenv("KG_BULK_MIN", "1")
    monkeypatch.setattr(bulk, "MIN_SPLIT_BYTES", 0)
    monkeypatch.setattr(W, "JOURNAL_PIECE_MAX", 6000)
    monkeypatch.setattr(bulk, "cores", lambda: 2)
    seen = []
    real = bulk.load_file
    monkeypatch.setattr(W, "load_file", lambda *a, **k: seen.append(k["fresh"]) or real(*a, **k))
    assert cli_run(["--data", ws, "import", sheet, "--network", "digi-innlandet"]).exit_code in (0, 1)
    rows = _rows()
    for r in rows[:ROWS // 2]:
        r[2] = r[2] + " (endret)"
    write_csv(sheet, rows)
    assert cli_run(["--data", ws, "import", sheet, "--network", "digi-innlandet"]).exit_code in (0, 1)
    assert seen == [True, False]
    after = _store(ws)
    assert sum("(endret)" in q for q in after) == ROWS // 2 * 2   # the initiative's and its system's label


def test_a_journal_load_is_cut_in_one_piece_per_core_up_to_a_ceiling(monkeypatch):
    """Pieces of one round, one per core (each piece's files reach the store at the same
    moment, at the end), and none larger than JOURNAL_PIECE_MAX (one loader's memory)."""
    monkeypatch.setattr(bulk, "cores", lambda: 2)
    assert W._journal_piece(68_000_001) == 34_000_001
    assert W._journal_piece(W.JOURNAL_PIECE_MAX * 3) == W.JOURNAL_PIECE_MAX
    monkeypatch.setattr(bulk, "cores", lambda: 4)
    assert W._journal_piece(68_000_000) == 17_000_000
    assert W._journal_piece(1) == 1
    data = b"".join(b"<urn:x:s%d> <urn:x:p> <urn:x:o> .\n" % i for i in range(4000))
    header, bounds = bulk.pieces(data, ox.RdfFormat.N_TRIPLES, 4, W._journal_piece(len(data)))
    assert len(bounds) == 4 and header == b""
