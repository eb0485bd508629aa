"""Every check code against the model as the import writes it: one spreadsheet (written
here with the csv module, read by `kg import`) holds, for each code, a row that triggers
it and a row that does not; `kg check --format json` then runs once over the workspace.

Codes no spreadsheet row can reach (each is covered by Turtle fixtures in
tests/check/fixtures/ instead):

* ``regulation-timing`` needs ``kg:requiresInForce`` (an initiative that needs a
  regulation in force); the template has no column for it (``avhenger_av`` names
  initiatives, ``regelverk`` says what the row is subject to, not what it waits for).
* ``municipality-unknown`` finds an owner or participant that looks like a municipality
  but is not in the register; the import never writes one: an unknown municipality name
  or number is a row error (``municipality-unknown`` in the import report), and an
  unknown owner name becomes ``kgid:organisasjon-…``, not ``kgid:kommune-…``.
"""
from __future__ import annotations

import csv
import json

import pytest

from _support import PREFIXES_TTL

ID = "https://w3id.org/kommune-ki/id/"
NS = ID + "rader/"

TTL = """
kgid:competence a kg:Challenge ; skos:prefLabel "Kompetanse og kapasitet"@nb , "Competence and capacity"@en .
kgid:technical a kg:Challenge ; skos:prefLabel "Tekniske forutsetninger"@nb , "Technical prerequisites"@en .
kgid:prinsipp-1 a kg:Principle ; kg:principleNumber 1 ; skos:prefLabel "Beslutningsstøtte"@nb , "Decision support"@en .
kgid:ki-i-saksbehandling a kg:Service ; skos:prefLabel "KI i saksbehandling"@nb , "AI in case processing"@en .
"""

HEADER = ["id", "tittel", "tittel_en", "eier", "kommuner", "status", "start", "slutt", "avhenger_av",
          "utfordringer", "prinsipper", "tjeneste", "personopplysninger", "dpia", "ros", "fria", "risikonivå",
          "menneskelig_kontroll", "forklaring", "gjenbruk", "datalagring"]

# a row with nothing to report: owned, dated, linked, every assessment recorded, shared
BASE = dict(tittel="T", tittel_en="T", eier="Hamar", kommuner="Hamar; Løten", status="planlagt", start="2027",
            slutt="2028", utfordringer="competence", prinsipper="1", personopplysninger="ja", dpia="ja", ros="ja",
            fria="ja", risikonivå="høy", menneskelig_kontroll="ja", forklaring="https://example.org/f",
            gjenbruk="nei", datalagring="norge")


def row(id_, **changes):
    v = dict(BASE, id=id_, **changes)
    return [v.get(h, "") for h in HEADER]


ROWS = [
    row("ok"),
    row("owner-t", eier=""),
    row("dates-missing-t", slutt=""),
    row("dates-reversed-t", start="2028", slutt="2027"),
    # dependency-order, violation: the dependent's latest start (2026-01-31) is before the
    # prerequisite's earliest end (2028-01-01)
    row("order-pre", start="2027", slutt="2028"),
    row("order-t", start="2026-01", slutt="2026-02", avhenger_av="order-pre"),
    # dependency-order, at risk (it fits only if the prerequisite ends early): latest start
    # 2028-09-30 is before the prerequisite's latest end 2028-12-31, but not before its
    # earliest end 2028-01-01
    row("risk-t", start="2028-Q3", slutt="2029", avhenger_av="order-pre"),
    # passes: starts 2029, after the prerequisite's latest end
    row("order-ok", start="2029", slutt="2030", avhenger_av="order-pre"),
    # an ongoing row that needs a planned one with no dates (dependency-undated)
    row("undated-pre", start="", slutt=""),
    row("undated-t", status="pågående", start="2026", slutt="2027", avhenger_av="undated-pre"),
    row("cycle-a", avhenger_av="cycle-b"),
    row("cycle-b", avhenger_av="cycle-a"),
    # dangling: depends on a row that is rejected (a status no one understands)
    row("rejected", status="kanskje"),
    row("dangling-t", avhenger_av="rejected"),
    row("challenge-t", utfordringer=""),
    row("principle-t", prinsipper=""),
    row("dpia-t", dpia="nei"),
    row("fria-t", fria="nei"),
    row("ros-t", ros=""),
    row("oversight-t", tjeneste="ki-i-saksbehandling", menneskelig_kontroll="nei"),
    row("oversight-ok", tjeneste="ki-i-saksbehandling"),
    row("explanation-t", forklaring=""),
    # used by one municipality only (owner Hamar, participant Hamar), not shared, no plan
    row("reuse-t", kommuner="Hamar"),
    # passes: shared by plan though only one municipality uses it
    row("reuse-plan", kommuner="", gjenbruk="plan"),
    row("sovereignty-t", datalagring="utenfor-eøs"),
    row("label-t", tittel_en=""),
    # for kg query obligations: no personal data, minimal risk, no regelverk
    row("plain", personopplysninger="nei", risikonivå="minimal"),
]

# code -> (severity, focus that triggers it, focus that does not)
CASES = {
    "owner-missing": ("warning", "owner-t", "ok"),
    "dates-missing": ("warning", "dates-missing-t", "ok"),
    "dates-reversed": ("violation", "dates-reversed-t", "ok"),
    "dependency-order": ("violation", "order-t", "order-ok"),
    "dependency-order@warning": ("warning", "risk-t", "order-ok"),
    "dependency-cycle": ("violation", "cycle-a", "ok"),
    "dependency-undated": ("warning", "undated-t", "order-ok"),
    "dependency-dangling": ("violation", "dangling-t", "order-ok"),
    "challenge-missing": ("warning", "challenge-t", "ok"),
    "principle-missing": ("info", "principle-t", "ok"),
    "challenge-unaddressed": ("warning", ID + "technical", ID + "competence"),
    "dpia-missing": ("violation", "dpia-t/system", "ok/system"),
    "fria-missing": ("violation", "fria-t/system", "ok/system"),
    "ros-missing": ("warning", "ros-t/system", "ok/system"),
    "human-oversight-missing": ("violation", "oversight-t/system", "oversight-ok/system"),
    "explanation-missing": ("warning", "explanation-t/system", "ok/system"),
    "reuse-missing": ("info", "reuse-t/system", "ok/system"),
    "sovereignty-risk": ("warning", "sovereignty-t/system", "ok/system"),
    "label-missing": ("info", "label-t", "ok"),
}
UNREACHABLE = {"regulation-timing", "municipality-unknown"}


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    from click.testing import CliRunner

    from kg.cli import cli
    from kg.store.workspace import Workspace

    tmp = tmp_path_factory.mktemp("sheets")
    base = tmp / "base.ttl"
    base.write_text(PREFIXES_TTL + TTL, encoding="utf-8")
    ws = tmp / "ws"
    Workspace.create(ws, baseline=False, extra=[("base", base, {"kind": "test"})])
    f = tmp / "rader.csv"
    with open(f, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(HEADER)
        w.writerows(ROWS)
    runner = CliRunner()
    res = runner.invoke(cli, ["--data", str(ws), "--lang", "en", "import", str(f), "--format", "json"])
    report = json.loads(res.stdout)
    assert res.exit_code == 1, res.stdout   # the one rejected row
    assert [e["row"] for e in report["files"][0]["errors"]] == [ROWS.index(row("rejected", status="kanskje")) + 2]
    res = runner.invoke(cli, ["--data", str(ws), "--lang", "en", "check", "--format", "json"])
    return ws, json.loads(res.stdout)["results"]


def _focus(x: str) -> str:
    return x if x.startswith("http") else NS + x


def test_every_code_is_covered_or_said_unreachable():
    from kg.check.engine import shipped_codes
    covered = {c.split("@")[0] for c in CASES}
    assert covered | UNREACHABLE == set(shipped_codes())
    assert not covered & UNREACHABLE


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_sheet_row_triggers_the_code_and_another_does_not(checked, case):
    _, results = checked
    code = case.split("@")[0]
    severity, trigger, passing = CASES[case]
    hits = {(r["focus"], r["severity"]) for r in results if r["code"] == code}
    assert (_focus(trigger), severity) in hits, sorted(hits)
    assert not any(f == _focus(passing) for f, _ in hits), sorted(hits)
    # and the result points back at the spreadsheet row
    if trigger.startswith(("http",)):
        return
    r = next(r for r in results if r["code"] == code and r["focus"] == _focus(trigger))
    assert r["source"] == "rader.csv" and r["row"] == ROWS.index(next(x for x in ROWS if x[0] == trigger.split("/")[0])) + 2


def test_reuse_reads_the_municipalities_column(checked):
    """The solution of row 'ok' has gjenbruk=nei but two municipalities use it (kommuner):
    no reuse-missing. Row 'reuse-t' is used by Hamar alone: reuse-missing."""
    _, results = checked
    foci = {r["focus"] for r in results if r["code"] == "reuse-missing"}
    assert NS + "reuse-t/system" in foci
    assert NS + "ok/system" not in foci
    assert NS + "reuse-plan/system" not in foci


def test_obligations_read_the_personal_data_flag_without_regelverk(checked):
    """Row 'ok' has personopplysninger=ja and risikonivå=høy but an empty regelverk: GDPR
    (DPIA) and the AI Act (FRIA) are in scope all the same, and the note says why."""
    from click.testing import CliRunner

    from kg.cli import cli
    ws, _ = checked
    res = CliRunner().invoke(cli, ["--data", str(ws), "--lang", "en", "query", "obligations", "rader/ok",
                                   "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    ids = {o["id"] for o in data["obligations"]}
    assert {"plikt-dpia", "plikt-fria"} <= ids, ids
    assert set(data["regulations"]) >= {"gdpr", "ai-act"}
    text = CliRunner().invoke(cli, ["--data", str(ws), "--lang", "en", "query", "obligations", "rader/ok"]).stdout
    assert "applies because AI system: T processes personal data." in text, text
    assert "applies because AI system: T is a high-risk system." in text, text
    nb = CliRunner().invoke(cli, ["--data", str(ws), "query", "obligations", "rader/ok"]).stdout
    assert "gjelder fordi KI-system: T behandler personopplysninger." in nb, nb
    # neither personal data nor high risk, and no regelverk: neither regulation is in scope
    res = CliRunner().invoke(cli, ["--data", str(ws), "--lang", "en", "query", "obligations", "rader/plain",
                                   "--format", "json"])
    data = json.loads(res.stdout)
    assert not {"gdpr", "ai-act"} & set(data["regulations"])
    assert not {"plikt-dpia", "plikt-fria"} & {o["id"] for o in data["obligations"]}
