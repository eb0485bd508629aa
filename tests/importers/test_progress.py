"""The progress line on stderr (kg.progress): shown where a person watches or with
KG_PROGRESS=1, never with KG_PROGRESS=0 or into a file, erased at the end, and it never
changes what a command writes on stdout."""
from __future__ import annotations

import io
import json

from kg.progress import Status, enabled

from import_helpers import GOOD, write_csv


class _Tty(io.StringIO):
    def isatty(self):
        return True


def test_status_rewrites_one_line_and_erases_it():
    out = io.StringIO()
    st = Status(out, show=True)
    st.say("Leser tiltak.csv …")
    st.count("rad", 1000, 10000)          # throttled: the line was just written
    st.count("rad", 10000, 10000)         # the last count is always shown
    st.done()
    text = out.getvalue()
    assert text.startswith("\rLeser tiltak.csv …")
    assert "rad 1\u202f000" not in text
    assert "\rrad 10\u202f000 / 10\u202f000" in text
    assert text.endswith("\r" + " " * len("rad 10\u202f000 / 10\u202f000") + "\r")


def test_status_keeps_to_one_line():
    out = io.StringIO()
    st = Status(out, show=True)
    st.columns = 40
    st.say("Leser \x1b[31mrød\u202e\x9b\x7f\n.csv … " + "x" * 100)
    line = out.getvalue()[1:]
    assert len(line) == 40 and line.endswith("…")
    assert not any(ch in line for ch in "\x1b\u202e\x9b\x7f\n")
    assert line.startswith("Leser  [31mrød    .csv")


def test_no_stderr_means_no_progress(monkeypatch):
    monkeypatch.setenv("KG_PROGRESS", "1")
    monkeypatch.setattr("sys.stderr", None)
    assert not enabled()
    st = Status()
    st.say("x")
    st.count("rad", 1, 1)
    st.done()               # nothing to write to, and no error


def test_status_is_silent_when_not_shown():
    out = io.StringIO()
    st = Status(out, show=False)
    st.say("x")
    st.count("rad", 5, 5)
    st.done()
    assert out.getvalue() == ""


def test_enabled_follows_terminal_and_environment(monkeypatch):
    monkeypatch.delenv("KG_PROGRESS", raising=False)
    assert enabled(_Tty()) and not enabled(io.StringIO())
    monkeypatch.setenv("KG_PROGRESS", "0")
    assert not enabled(_Tty())
    monkeypatch.setenv("KG_PROGRESS", "1")
    assert enabled(io.StringIO())


def _rows(n):
    base = GOOD[0][:8] + [""] + GOOD[0][9:]          # no dependency on another row
    return [[f"rad-{i:04d}"] + base[1:] for i in range(n)]


def test_import_shows_reading_rows_and_writing_then_clears(net_ws, tmp_path, cli_run):
    f = write_csv(tmp_path / "mange.csv", _rows(450))
    res = cli_run(["--data", net_ws, "--lang", "en", "import", f, "--dry-run", "--format", "json"],
                  env={"KG_PROGRESS": "0"})
    quiet = json.loads(res.stdout)
    assert res.stderr == ""
    res = cli_run(["--data", net_ws, "--lang", "en", "import", f, "--format", "json"], env={"KG_PROGRESS": "1"})
    assert res.exit_code == 0, res.stderr
    err = res.stderr
    assert "\rReading mange.csv …" in err
    assert "mange.csv: row 450 / 450" in err
    assert "Writing " in err and " triples from mange.csv" in err
    assert err.endswith("\r")                         # the line is erased at the end
    report = json.loads(res.stdout)                   # stdout is the report, untouched
    assert report["files"][0]["accepted"] == quiet["files"][0]["accepted"] == 450
    res = cli_run(["--data", net_ws, "import", f, "--format", "json"], env={"KG_PROGRESS": "1"})
    assert "\rLeser mange.csv …" in res.stderr and "mange.csv: rad 450 / 450" in res.stderr


def test_unusable_file_erases_the_line_before_the_error(net_ws, tmp_path, cli_run):
    f = tmp_path / "feil.csv"
    f.write_text("navn;noe\nx;y\n", encoding="utf-8")
    res = cli_run(["--data", net_ws, "--lang", "en", "import", f], env={"KG_PROGRESS": "1"})
    assert res.exit_code == 2
    shown, _, after = res.stderr.rpartition("\r")
    assert "\rReading feil.csv …" in shown
    assert after.startswith("kg: ") and "feil.csv" in after and "missing" in after


def test_check_shows_its_stages_in_both_languages(net_ws, cli_run, monkeypatch):
    # the line shows once a check has taken a second (LateStatus); here from the start, and
    # every check runs the engine (KG_CHECK_CACHE=0: no kept result to give at once)
    from kg.progress import LateStatus
    monkeypatch.setattr(LateStatus, "DELAY", 0)
    monkeypatch.setenv("KG_CHECK_CACHE", "0")
    res = cli_run(["--data", net_ws, "--lang", "en", "check", "--format", "json"], env={"KG_PROGRESS": "1"})
    json.loads(res.stdout)
    assert "Reading the data to check" in res.stderr and "Running " in res.stderr
    assert "Finding names and sources of" in res.stderr
    assert res.stderr.endswith("\r")                  # erased at the end
    res = cli_run(["--data", net_ws, "check", "--format", "json"], env={"KG_PROGRESS": "1"})
    assert "Kjører " in res.stderr and "sjekker" in res.stderr
    res = cli_run(["--data", net_ws, "check", "--format", "json"], env={"KG_PROGRESS": "0"})
    assert res.stderr == ""
