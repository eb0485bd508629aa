"""RDF files (Turtle, N-Triples, TriG, JSON-LD, RDF/XML) and foreign tables through a YAML mapping."""
from __future__ import annotations

import json

import pytest

from kg.store.workspace import Workspace

KGID = "https://w3id.org/kommune-ki/id/"

TTL = """@prefix kg: <https://w3id.org/kommune-ki/ont#> .
@prefix kgid: <https://w3id.org/kommune-ki/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
kgid:rdf-tiltak a kg:Initiative ; skos:prefLabel "RDF-tiltak"@nb , "RDF initiative"@en ; kg:owner kgid:kommune-3403 .
"""
NT = ('<https://w3id.org/kommune-ki/id/rdf-tiltak> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
      '<https://w3id.org/kommune-ki/ont#Initiative> .\n'
      '<https://w3id.org/kommune-ki/id/rdf-tiltak> <http://www.w3.org/2004/02/skos/core#prefLabel> "RDF-tiltak"@nb .\n')
TRIG = """@prefix kg: <https://w3id.org/kommune-ki/ont#> .
@prefix kgid: <https://w3id.org/kommune-ki/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<http://example.org/g1> { kgid:rdf-tiltak a kg:Initiative ; skos:prefLabel "RDF-tiltak"@nb . }
"""
JSONLD = json.dumps({"@id": KGID + "rdf-tiltak", "@type": "https://w3id.org/kommune-ki/ont#Initiative",
                     "http://www.w3.org/2004/02/skos/core#prefLabel": {"@value": "RDF-tiltak", "@language": "nb"}})
RDFXML = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:skos="http://www.w3.org/2004/02/skos/core#">
  <rdf:Description rdf:about="https://w3id.org/kommune-ki/id/rdf-tiltak">
    <rdf:type rdf:resource="https://w3id.org/kommune-ki/ont#Initiative"/>
    <skos:prefLabel xml:lang="nb">RDF-tiltak</skos:prefLabel>
  </rdf:Description>
</rdf:RDF>
"""


@pytest.mark.parametrize("name,text,fmt", [("a.ttl", TTL, "ttl"), ("b.nt", NT, "nt"), ("c.trig", TRIG, "trig"),
                                           ("d.jsonld", JSONLD, "jsonld"), ("e.rdf", RDFXML, "rdf"),
                                           ("f.txt", TTL, "ttl")])   # Turtle found by content
def test_rdf_formats(net_ws, tmp_path, run_import, name, text, fmt):
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    res, rep = run_import(net_ws, f)
    assert res.exit_code == 0, res.stdout + res.stderr
    r = rep["files"][0]
    assert r["format"] == fmt and r["status"] == "imported"
    with Workspace.open(net_ws) as ws:
        assert ws.ask("ASK { GRAPH kgsrc:%s { kgid:rdf-tiltak a kg:Initiative ; skos:prefLabel 'RDF-tiltak'@nb } }" % f.stem)
        assert ws.source(f.stem).kind == "import"
    if fmt == "trig":
        assert r["warnings"][0]["code"] == "graphs-merged"


def test_rdf_syntax_error_names_line_and_writes_nothing(net_ws, tmp_path, cli_run):
    f = tmp_path / "feil.ttl"
    f.write_text("@prefix kg: <https://w3id.org/kommune-ki/ont#> .\nkg:a kg:b .\n", encoding="utf-8")
    res = cli_run(["--data", net_ws, "--lang", "en", "import", f])
    assert res.exit_code == 2
    assert f"kg: {f}: RDF syntax error: " in res.stderr and "line 2" in res.stderr.lower().replace("on line", "line")
    with Workspace.open(net_ws) as ws:
        assert "feil" not in [s.name for s in ws.sources()]


CATALOGUE = '''Nr,Prosjektnavn,Virksomhet,Fase,Oppstartsår,Samarbeid,Personvern,Beskrivelse,Kategori
1,"Chatbot for
innbyggere",Hamar kommune,I utvikling,2024,"Løten, Stange",Yes,"Lang tekst
over flere linjer",Saksbehandling
2,Tale til tekst,Gjøvik,Pilot,,"Østre Toten;Vestre Toten",NO,,Helse
3,Prediksjon,Ukjent Etat AS,Pågånde,2023,"Elverum
Åmot",ja,,Helse
4,Ugyldig,Lillehammer,Kanskje,20x3,Narnia,kanskje,,
5,Avsluttet prosjekt,lillehammer,AVSLUTTET,2021,,nei,,
'''
MAPPING = r'''columns:
  Prosjektnavn: tittel
  Virksomhet: eier
  Fase: status
  Oppstartsår: start
  Samarbeid: kommuner
  Personvern: personopplysninger
  Beskrivelse: beskrivelse
values:
  status:
    "I utvikling": pågående
    "Pilot": pågående
split:
  kommuner: '\s*[,;\n]\s*'
defaults:
  regelverk: gdpr
id: Nr
'''


def test_mapping_of_a_messy_foreign_table(net_ws, tmp_path, run_import):
    f = tmp_path / "katalog.csv"
    f.write_text(CATALOGUE, encoding="cp1252")
    m = tmp_path / "katalog.yaml"
    m.write_text(MAPPING, encoding="utf-8")
    res, rep = run_import(net_ws, f, "--mapping", m)
    assert res.exit_code == 1
    r = rep["files"][0]
    assert (r["rows"], r["accepted"], r["rejected"]) == (5, 4, 1)
    assert [(e["row"], e["column"], e["value"]) for e in r["errors"]] == [
        (5, "Samarbeid", "Narnia"), (5, "Fase", "Kanskje"), (5, "Oppstartsår", "20x3"), (5, "Personvern", "kanskje")]
    warns = {(w["row"], w["column"], w["code"]) for w in r["warnings"]}
    assert (1, "Kategori", "column-unmapped") in warns
    assert (4, "Fase", "value-guessed") in warns          # the typo 'Pågånde'
    assert (4, "Virksomhet", "organisation-new") in warns
    with Workspace.open(net_ws) as ws:
        i1 = f"<{KGID}katalog/1>"
        assert ws.ask(f"""ASK {{ {i1} skos:prefLabel 'Chatbot for innbyggere'@nb ; kg:owner kgid:kommune-3403 ;
                         kg:participant kgid:kommune-3412, kgid:kommune-3413 ; kg:status kgid:status-pagaende ;
                         kg:subjectTo kgid:gdpr ; kg:note 'Kategori: Saksbehandling' ;
                         dct:description 'Lang tekst\\nover flere linjer'@nb ;
                         kg:usesSystem/kg:processesPersonalData true }}""")
        # blank year: no period, not an error; 'NO' is no
        assert not ws.ask(f"ASK {{ <{KGID}katalog/2> kg:period ?p }}")
        assert ws.ask(f"ASK {{ <{KGID}katalog/2> kg:usesSystem/kg:processesPersonalData false ; kg:participant kgid:kommune-3442, kgid:kommune-3443 }}")
        assert ws.ask(f"ASK {{ <{KGID}katalog/3> kg:participant kgid:kommune-3420, kgid:kommune-3422 ; kg:status kgid:status-pagaende }}")
        assert ws.ask(f"ASK {{ <{KGID}katalog/5> kg:status kgid:status-avsluttet ; kg:owner kgid:kommune-3405 }}")
        # the id column is not repeated as a note
        assert not ws.ask(f"ASK {{ {i1} kg:note ?n FILTER(STRSTARTS(?n, 'Nr:')) }}")


@pytest.mark.parametrize("text,message", [
    ("columns:\n  Navn: titel\n", "columns: 'titel' is not a template column; closest: tittel, title, tittel_en"),
    ("kolonner: {}\n", "unknown key(s) kolonner; allowed: columns, values, split, defaults, id"),
    ("split:\n  kommuner: '[,'\n", "split: kommuner: not a valid regular expression: unterminated character set at position 0"),
    ("split:\n  status: ','\n", "split: status: 'status' holds a single value, not a list"),
    ("columns: [a, b\n", "not valid YAML (line 2, column 1): expected ',' or ']', but got '<stream end>'"),
    ("- a\n- b\n", "a mapping must be a YAML dictionary with columns:, values:, split:, defaults:, id:"),
])
def test_bad_mappings(net_ws, tmp_path, cli_run, text, message):
    f = tmp_path / "k.csv"
    f.write_text("id,tittel\n1,a\n", encoding="utf-8")
    m = tmp_path / "m.yaml"
    m.write_text(text, encoding="utf-8")
    res = cli_run(["--data", net_ws, "--lang", "en", "import", f, "--mapping", m])
    assert res.exit_code == 2
    assert f"kg: {m}: {message}" in res.stderr, res.stderr


def test_mapping_id_column_missing(net_ws, tmp_path, run_import):
    f = tmp_path / "k.csv"
    f.write_text("Navn,Eier\nA,Hamar\n", encoding="utf-8")
    m = tmp_path / "m.yaml"
    m.write_text("columns:\n  Navn: tittel\nid: [Nummer]\n", encoding="utf-8")
    res, rep = run_import(net_ws, f, "--mapping", m)
    assert res.exit_code == 2
    assert rep["files"][0]["fatal"]["reason"] == ("the id column(s) named in the mapping are not in the file: Nummer; "
                                                   "headers found: Navn, Eier")
