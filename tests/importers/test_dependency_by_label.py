"""A dependency named by label (avhenger_av): looked up in the label index, not by reading
every initiative's label (kg.importers.tabular.names.Resolver._looked_up). Worked by hand
below, and compared with the full read of every label (Resolver.ix), which stays the
reference: the same name must give the same node, or the same refusal."""
from __future__ import annotations


import pytest

from import_helpers import graph_of, write_csv

from kg.importers.tabular.names import Resolver, Unresolved
from kg.store.workspace import Workspace, source_iri

ID = "https://w3id.org/kommune-ki/id/"

INITIATIVES = """
kgid:plattform a kg:Initiative ; skos:prefLabel "Felles KI-plattform"@nb , "Shared AI platform"@en .
kgid:tale a kg:Initiative ; skos:prefLabel "Tale i omsorg"@nb ; skos:altLabel "Talegjenkjenning"@nb .
kgid:chat-1 a kg:Initiative ; skos:prefLabel "Chatbot for innbyggere"@nb .
kgid:chat-2 a kg:Initiative ; skos:prefLabel "Chatbot for-innbyggere"@nb .
kgid:skjult a kg:Initiative ; skos:prefLabel "Synlig"@nb ; skos:hiddenLabel "Skjult navn"@nb .
kgid:orsta a kg:Initiative ; rdfs:label "Ørsta-prosjektet" .
kgid:ikke-tiltak a kg:Service ; skos:prefLabel "Bare en tjeneste"@nb .
kgid:kodet a kg:Initiative ; skos:prefLabel "Kodet tiltak"@nb ; skos:notation "T-17" .
kgid:tjeneste-kodet a kg:Service ; skos:prefLabel "Kodet tjeneste"@nb ; skos:notation "S-4" .
"""

# name -> what it names, worked out by hand: a name matches a label when both fold to the
# same key (case and accents dropped, ø -> o, '-' and '_' read as spaces)
CASES = [
    ("Felles KI-plattform", ID + "plattform"),            # the label itself
    ("felles ki plattform", ID + "plattform"),            # case, and a space for the '-'
    ("FELLES KI_PLATTFORM", ID + "plattform"),            # '_' for the '-'
    ("Shared AI platform", ID + "plattform"),             # the English label
    ("talegjenkjenning", ID + "tale"),                     # skos:altLabel
    ("Skjult navn", ID + "skjult"),                        # skos:hiddenLabel (not in the label index)
    ("orsta prosjektet", ID + "orsta"),                    # rdfs:label, ø folded to o
    ("Chatbot for innbyggere", "ambiguous"),               # chat-1 and chat-2 fold to one key
    ("Bare en tjeneste", "unknown"),                       # a service, not an initiative
    ("Felles KI-platform", "unknown"),                     # a near miss is questioned, never guessed
    ("Gammelt tiltak", "unknown"),                         # only in the source being replaced
    ("T-17", "unknown"),                                   # skos:notation: a code, not a name of an initiative
    ("kodet tiltak", ID + "kodet"),                        # its label does name it
]


def _outcome(res: Resolver, text: str):
    try:
        return res.find("initiative", text)
    except Unresolved as u:
        return "ambiguous" if u.ambiguous else "unknown"


@pytest.fixture
def ws_path(make_ws, tmp_path):
    path = make_ws(INITIATIVES, name="base")
    old = tmp_path / "old.ttl"   # the source the import replaces names one more initiative
    old.write_text("@prefix kg: <https://w3id.org/kommune-ki/ont#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                   f"<{ID}gammelt> a kg:Initiative ; skos:prefLabel \"Gammelt tiltak\"@nb .\n", encoding="utf-8")
    from kg.store.workspace import parse_rdf_file
    with Workspace.open(path, write=True) as ws:
        ws.replace_source("sheet", parse_rdf_file(old), {"kind": "import"})
    return path


def test_a_name_is_looked_up_without_reading_every_label(ws_path):
    with Workspace.open(ws_path) as ws:
        for text, expected in CASES:
            res = Resolver(ws, exclude=source_iri("sheet"))
            assert _outcome(res, text) == expected, text
            assert "initiative" not in res._labels_loaded   # no read of every label
            # the reference: every initiative's label read first (Resolver.ix)
            full = Resolver(ws, exclude=source_iri("sheet"))
            full.ix("initiative")
            assert _outcome(full, text) == expected, text


def test_a_near_miss_suggests_the_label_it_is_close_to(ws_path):
    with Workspace.open(ws_path) as ws:
        res = Resolver(ws, exclude=source_iri("sheet"))
        with pytest.raises(Unresolved) as e:
            res.find("initiative", "Felles KI-platform")
        assert e.value.suggestions[0] == "Felles KI-plattform (plattform)"
        assert not e.value.ambiguous


def test_import_names_a_dependency_by_label_and_questions_a_near_miss(ws_path, tmp_path, run_import):
    header = ["id", "tittel", "avhenger_av"]
    sheet = write_csv(tmp_path / "sheet.csv", [
        ["r-1", "Første", "Felles KI-plattform"],     # by label: kgid:plattform
        ["r-2", "Andre", "felles ki platform"],        # near miss: rejected, nothing invented
        ["r-3", "Tredje", "Gammelt tiltak"],           # only in the old version of this source
    ], header=header)
    res, rep = run_import(ws_path, str(sheet), "--source", "sheet")
    assert res.exit_code == 1, res.output
    f = rep["files"][0]
    assert (f["accepted"], f["rejected"]) == (1, 2)
    errors = {e["row"]: e for e in f["errors"]}
    assert errors[3]["column"] == "avhenger_av" and errors[3]["code"] == "initiative-unknown"
    assert errors[3]["value"] == "felles ki platform"
    assert "Felles KI-plattform (plattform)" in errors[3]["suggestions"]
    assert errors[4]["code"] == "initiative-unknown" and errors[4]["value"] == "Gammelt tiltak"
    triples = graph_of(ws_path, "sheet")
    node = f"<{ID}sheet/r-1>"
    assert f"{node} <https://w3id.org/kommune-ki/ont#dependsOn> <{ID}plattform>" in triples
    # the near miss made no node: only r-1's own nodes are in the source
    assert not any("platform" in t.lower() and "plattform" not in t.lower() for t in triples)
    assert not any(f"{ID}sheet/r-2" in t for t in triples)


def test_a_notation_still_names_what_is_not_an_initiative(ws_path):
    """The rule (names.CODED): a skos:notation names a node of every kind but an initiative."""
    with Workspace.open(ws_path) as ws:
        assert Resolver(ws).find("service", "S-4") == ID + "tjeneste-kodet"


def test_one_sheet_through_both_ways_of_reading_names_gives_one_result(ws_path, tmp_path, run_import, monkeypatch):
    """The same sheet imported twice: with a dependency looked up in the label index (as
    every import does), and with every initiative's names read first (Resolver.ix, what
    the label index stands in for). Both must store the same triples and refuse the same
    rows with the same codes. Worked by hand: r-1 (label), r-2 (altLabel), r-3
    (hiddenLabel), r-6 (slug) and r-7 (rdfs:label, ø folded) are accepted; r-4 names a
    notation (a code, not a name), r-5 two initiatives, r-8 one only in the source this
    import replaces: 5 accepted, 3 refused."""
    import shutil

    from kg.importers.tabular import names

    header = ["id", "tittel", "avhenger_av"]
    sheet = write_csv(tmp_path / "sheet.csv", [
        ["r-1", "En", "Felles KI-plattform"],
        ["r-2", "To", "talegjenkjenning"],
        ["r-3", "Tre", "Skjult navn"],
        ["r-4", "Fire", "T-17"],
        ["r-5", "Fem", "Chatbot for innbyggere"],
        ["r-6", "Seks", "kodet"],
        ["r-7", "Sju", "Orsta prosjektet"],
        ["r-8", "Åtte", "Gammelt tiltak"],
    ], header=header)
    whole = tmp_path / "whole"
    shutil.copytree(ws_path, whole, ignore=shutil.ignore_patterns(".lock"))

    def outcome(path):
        res, rep = run_import(path, str(sheet), "--source", "sheet")
        assert res.exit_code == 1, res.output
        f = rep["files"][0]
        errors = sorted((e["row"], e["column"], e["code"], e["value"]) for e in f["errors"])
        # (but the time of the import, dct:created, which two runs may give seconds apart)
        triples = {t for t in graph_of(path, "sheet") if " <http://purl.org/dc/terms/created> " not in t}
        return (f["accepted"], f["rejected"]), errors, triples

    looked_up = outcome(ws_path)
    monkeypatch.setattr(names, "LOOKED_UP", ())   # every initiative's names read (Resolver.ix)
    assert outcome(whole) == looked_up
    counts, errors, triples = looked_up
    assert counts == (5, 3)
    assert [(e[0], e[2], e[3]) for e in errors] == [
        (5, "initiative-unknown", "T-17"), (6, "initiative-ambiguous", "Chatbot for innbyggere"),
        (9, "initiative-unknown", "Gammelt tiltak")]
    depends = "<https://w3id.org/kommune-ki/ont#dependsOn>"
    assert {t.split(" ")[2] for t in triples if f" {depends} " in t} == {
        f"<{ID}{n}>" for n in ("plattform", "tale", "skjult", "kodet", "orsta")}
