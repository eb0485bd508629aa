"""`kg init` shows its progress (kg.progress.LateStatus) once the work has taken longer than
its delay: a line per source, then the label index; stdout keeps only the summary."""
from __future__ import annotations

from kg.progress import LateStatus


def test_init_shows_each_stage_once_the_delay_has_passed(cli_run, tmp_path, monkeypatch):
    # the delay is one second; at zero every stage is shown (the small workspace is quick)
    monkeypatch.setattr(LateStatus, "DELAY", 0.0)
    r = cli_run(["--lang", "en", "--data", tmp_path / "ws", "init", "--empty"], env={"KG_PROGRESS": "1"})
    assert r.exit_code == 0, r.output
    stages = [x.strip() for x in r.stderr.split("\r") if x.strip()]
    assert any(x.startswith("Loading source 1 of ") and x.endswith("ontology …") for x in stages), stages
    assert "Building the label index …" in stages, stages
    # the line is erased at the end, and stdout has the summary alone
    assert r.stderr.endswith("\r")
    assert r.stdout.startswith("Created workspace in ") and "\r" not in r.stdout


def test_init_says_nothing_extra_when_progress_is_off(cli_run, tmp_path, monkeypatch):
    monkeypatch.setattr(LateStatus, "DELAY", 0.0)
    r = cli_run(["--data", tmp_path / "ws", "init", "--empty"], env={"KG_PROGRESS": "0"})
    assert r.exit_code == 0, r.output
    assert r.stderr == ""
    assert r.stdout.startswith("Opprettet arbeidsområde i ")
