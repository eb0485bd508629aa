"""Every RDF parser is bounded (issue 20, item 3): entity expansion in RDF/XML, triples,
literal length and nesting depth. Each refusal is exit 2 with the file named and the
workspace byte for byte as it was."""
from __future__ import annotations

import pytest

from hostile_helpers import refused

RDF = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex/"'

# nested internal entities: 885 bytes in the attack, here ~700 that expand to 10^8 characters
BOMB = ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">\n'
        + "".join(f'<!ENTITY {n} "{("&" + p + ";") * 10}">\n' for p, n in zip("abcdef", "bcdefg"))
        + f']>\n<rdf:RDF {RDF}><rdf:Description rdf:about="http://ex/a"><ex:b>&g;</ex:b></rdf:Description></rdf:RDF>\n')


def _refused(cli_run, ws, f, *words, env=None):
    return refused(cli_run, ws, ["import", f], str(f), *words, env=env)


def test_nested_entities_refused(hostile_ws, tmp_path, cli_run):
    f = tmp_path / "bomb.rdf"
    f.write_text(BOMB, encoding="utf-8")
    assert len(BOMB) < 1000
    _refused(cli_run, hostile_ws, f, "entit")


def test_flat_entity_repeated_past_the_literal_limit(hostile_ws, tmp_path, cli_run):
    f = tmp_path / "wide.rdf"
    f.write_text(f'<!DOCTYPE rdf:RDF [<!ENTITY a "{"x" * 1000}">]>\n<rdf:RDF {RDF}><rdf:Description '
                 f'rdf:about="http://ex/a"><ex:b>{"&a;" * 2000}</ex:b></rdf:Description></rdf:RDF>', encoding="utf-8")
    _refused(cli_run, hostile_ws, f, "characters")


def test_namespace_entities_as_protege_writes_them_still_import(hostile_ws, tmp_path, cli_run):
    f = tmp_path / "onto.owl"
    f.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n  <!ENTITY ex "http://ex/" >\n'
                 f'  <!ENTITY owl "http://www.w3.org/2002/07/owl#" >\n]>\n<rdf:RDF {RDF}>\n'
                 f'<rdf:Description rdf:about="&ex;a"><rdf:type rdf:resource="&owl;Class"/><ex:b>tekst</ex:b>'
                 f'</rdf:Description></rdf:RDF>\n', encoding="utf-8")
    res = cli_run(["--data", hostile_ws, "--lang", "en", "import", f])
    assert res.exit_code == 0, res.stdout + res.stderr
    from kg.store.workspace import Workspace
    with Workspace.open(hostile_ws) as ws:
        assert ws.ask("ASK { <http://ex/a> a owl:Class ; <http://ex/b> 'tekst' }")


def test_deep_rdfxml_nesting_refused(hostile_ws, tmp_path, cli_run):
    n = 3000
    f = tmp_path / "deep.rdf"
    f.write_text(f'<rdf:RDF {RDF}><rdf:Description rdf:about="http://ex/a">'
                 + "<ex:p><rdf:Description>" * n + "</rdf:Description></ex:p>" * n
                 + "</rdf:Description></rdf:RDF>", encoding="utf-8")
    _refused(cli_run, hostile_ws, f, "nest", "KG_MAX_DEPTH")


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld", "rdf"])
def test_triple_limit(hostile_ws, tmp_path, cli_run, fmt):
    import pyoxigraph as ox
    from kg.store.workspace import RDF_FORMATS
    triples = [ox.Triple(ox.NamedNode(f"http://ex/s{i}"), ox.NamedNode("http://ex/p"), ox.Literal(str(i)))
               for i in range(50)]
    f = tmp_path / f"many.{fmt}"
    f.write_bytes(ox.serialize(triples, format=RDF_FORMATS[fmt]))
    _refused(cli_run, hostile_ws, f, "more than 40 triples", "KG_MAX_TRIPLES", env={"KG_MAX_TRIPLES": "40"})
    res = cli_run(["--data", hostile_ws, "--lang", "en", "import", f], env={"KG_MAX_TRIPLES": "50"})
    assert res.exit_code == 0, res.stderr


def test_literal_length_limit(hostile_ws, tmp_path, cli_run):
    f = tmp_path / "long.ttl"
    f.write_text(f'<http://ex/a> <http://ex/b> "{"x" * 5000}" .\n', encoding="utf-8")
    _refused(cli_run, hostile_ws, f, "5", "000 characters", "http://ex/a", "KG_MAX_LITERAL",
             env={"KG_MAX_LITERAL": "4000"})
