"""Name resolution against the reference data: numbers, parallel names, short/official forms."""
from __future__ import annotations

import pytest

from kg.importers.tabular.names import Resolver, Unresolved, slugify
from kg.store.workspace import Workspace

from import_helpers import TTL

KGID = "https://w3id.org/kommune-ki/id/"


@pytest.fixture(scope="module")
def res(tmp_path_factory):
    path = tmp_path_factory.mktemp("resolve") / "ws"
    f = path.parent / "base.ttl"
    f.write_text("@prefix kg: <https://w3id.org/kommune-ki/ont#> .\n@prefix kgid: <%s> .\n"
                 "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n" % KGID + TTL, encoding="utf-8")
    Workspace.create(path, baseline=False, extra=[("base", f, {"kind": "test"})])
    with Workspace.open(path) as ws:
        yield Resolver(ws)


@pytest.mark.parametrize("text,slug", [
    ("301", "kommune-0301"), ("0301", "kommune-0301"), ("Oslo", "kommune-0301"), ("OSLO kommune", "kommune-0301"),
    ("Oslove", "kommune-0301"), ("Unjárga", "kommune-5636"), ("unjarga", "kommune-5636"), ("Nesseby", "kommune-5636"),
    ("Unjárga - Nesseby", "kommune-5636"), ("Porsángu", "kommune-5622"), ("Porsanki", "kommune-5622"),
    ("tromso", "kommune-5501"), ("Tromsø", "kommune-5501"), ("3403 Hamar", "kommune-3403"), ("Løten", "kommune-3412"),
    ("LOTEN", "kommune-3412"),
])
def test_municipalities(res, text, slug):
    assert res.find("municipality", text) == KGID + slug


def test_unknown_municipality_has_closest(res):
    # one clear close spelling is taken, with a note saying what it became
    assert res.find("municipality", "Lillehamer") == KGID + "kommune-3405"
    assert res.last_note.en == "'Lillehamer' read as Lillehammer (kommune-3405)"
    with pytest.raises(Unresolved) as e:
        res.find("municipality", "Lillehamxyz")
    assert e.value.suggestions[0] == "Lillehammer (kommune-3405)"
    with pytest.raises(Unresolved):
        res.find("municipality", "9999")


@pytest.mark.parametrize("kind,text,slug", [
    ("principle", "1", "prinsipp-1"), ("principle", "Prinsipp 4", "prinsipp-4"), ("principle", "decision support", "prinsipp-1"),
    ("challenge", "COMPETENCE", "competence"), ("challenge", "tekniske forutsetninger", "technical"),
    ("regulation", "GDPR", "gdpr"), ("regulation", "ki-loven", "ki-loven"), ("initiative", "ki-plattform", "ki-plattform"),
    ("initiative", "ai platform for all municipalities", "ki-plattform"), ("organisation", "KS", "ks"),
    ("status", "Pågående", "status-pagaende"), ("status", "ongoing", "status-pagaende"), ("status", "IDÉ", "status-ide"),
    ("assessment", "Ikke relevant", "vurdering-ikke-relevant"), ("risk", "HØY", "risiko-hoy"),
    ("location", "utenfor EØS", "lagring-utenfor-eos"), ("reuse", "plan", "gjenbruk-plan"),
])
def test_other_kinds(res, kind, text, slug):
    assert res.find(kind, text) == KGID + slug


@pytest.mark.parametrize("text,iri", [("9.c", "9.c"), ("SDG 11.3", "11.3"), ("sdg-9.c", "9.c"), ("11", "11")])
def test_sdgs(res, text, iri):
    assert res.find("sdg", text) == "http://metadata.un.org/sdg/" + iri


@pytest.mark.parametrize("text,value", [("ja", True), ("JA", True), ("Yes", True), ("true", True), ("1", True),
                                        ("nei", False), ("No", False), ("FALSE", False), ("0", False)])
def test_booleans(res, text, value):
    assert res.boolean(text) is value


def test_slugify():
    assert slugify("Hamar TALE 01") == "hamar-tale-01"
    assert slugify("Tromsø/Kvænangen #3") == "tromso-kvaenangen-3"
