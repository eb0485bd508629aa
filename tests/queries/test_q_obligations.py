"""kg query obligations on a small graph (answers by hand).

Regulation lov-a puts obligation o-dpia on deployers from 2018-07-20; regulation forordn
puts o-fria on them from 2026-08-02 (original text) or 2027-12-02 (amended text). The
national act nasjonal-lov implements forordn (dct:relation) and enters into force in the
window 2026-07-01..2026-12-31, so in Norway o-fria applies (original text) at the earliest
2026-08-02 and for certain from 2026-12-31. Initiative i uses AI system sys, which records
a DPIA (kg:dpia vurdering-ja) and nothing about a FRIA. Service tjeneste is delivered by i.
"""
from __future__ import annotations

import pytest

TTL = """
kgid:lov-a a kg:Regulation ; skos:prefLabel "Lov A"@nb , "Act A"@en ; kg:hasObligation kgid:o-dpia .
kgid:forordn a kg:Regulation ; skos:prefLabel "Forordning"@nb , "Regulation F"@en ; kg:hasObligation kgid:o-fria .
kgid:nasjonal-lov a kg:Regulation ; skos:prefLabel "Nasjonal lov"@nb , "National act"@en ;
    dct:relation kgid:forordn ; kg:entryIntoForce kgid:nasjonal-ikraft .
kgid:nasjonal-ikraft a kg:UncertainInstant ; kg:earliest "2026-07-01"^^xsd:date ; kg:latest "2026-12-31"^^xsd:date .
kgid:o-dpia a kg:Obligation ; skos:prefLabel "DPIA-plikt"@nb , "DPIA duty"@en ;
    kg:appliesFrom kgid:d-2018 ; kg:recordedBy kg:dpia ; kg:appliesWhen "Ved personopplysninger"@nb , "With personal data"@en .
kgid:o-fria a kg:Obligation ; skos:prefLabel "FRIA-plikt"@nb , "FRIA duty"@en ;
    kg:appliesFrom kgid:d-2026 , kgid:d-2027 ; kg:recordedBy kg:fria .
kgid:d-2018 a kg:ApplicationDate ; <http://data.europa.eu/eli/ontology#date_applicability> "2018-07-20"^^xsd:date ;
    <http://data.europa.eu/eli/ontology#is_part_of> kgid:lov-a ; kg:textVersion kgid:tekst-opprinnelig .
kgid:d-2026 a kg:ApplicationDate ; <http://data.europa.eu/eli/ontology#date_applicability> "2026-08-02"^^xsd:date ;
    <http://data.europa.eu/eli/ontology#is_part_of> kgid:forordn ; kg:textVersion kgid:tekst-opprinnelig .
kgid:d-2027 a kg:ApplicationDate ; <http://data.europa.eu/eli/ontology#date_applicability> "2027-12-02"^^xsd:date ;
    <http://data.europa.eu/eli/ontology#is_part_of> kgid:forordn ; kg:textVersion kgid:tekst-endret .
kgid:i a kg:Initiative ; skos:prefLabel "Tiltak I"@nb , "Initiative I"@en ;
    kg:subjectTo kgid:lov-a , kgid:forordn ; kg:usesSystem kgid:sys ; kg:delivers kgid:tjeneste .
kgid:sys a kg:AISystem ; skos:prefLabel "System"@nb , "System"@en ; kg:dpia kgid:vurdering-ja .
kgid:tjeneste a kg:Service ; skos:prefLabel "Tjeneste"@nb , "Service"@en .
kgid:j a kg:Initiative ; skos:prefLabel "Tiltak J"@nb , "Initiative J"@en .
"""


@pytest.fixture
def ows(make_ws):
    return make_ws(TTL)


def _obl(data):
    return {o["id"]: o for o in data["obligations"]}


def test_window_while_the_national_act_may_not_be_in_force(ows, q):
    data = q(ows, "obligations", "i", "--on", "2026-09-01")
    assert set(data["regulations"]) == {"lov-a", "forordn", "nasjonal-lov"}
    o = _obl(data)
    assert o["o-dpia"]["applies"] == "yes" and o["o-dpia"]["met"] is True
    assert o["o-dpia"]["recorded"] == [{"system": "sys", "status": "met"}]
    assert o["o-dpia"]["condition"] == "With personal data"
    assert o["o-fria"]["applies"] == "window"
    assert (o["o-fria"]["applies_from_earliest"], o["o-fria"]["applies_from_latest"]) == ("2026-08-02", "2026-12-31")
    assert o["o-fria"]["dates_used"][0]["gated_by"] == "nasjonal-lov"
    assert o["o-fria"]["recorded"] == [{"system": "sys", "status": "not-recorded"}] and o["o-fria"]["met"] is False


def test_original_and_amended_text(ows, q):
    assert _obl(q(ows, "obligations", "i", "--on", "2027-01-01"))["o-fria"]["applies"] == "yes"
    amended = _obl(q(ows, "obligations", "i", "--on", "2027-01-01", "--text", "amended"))
    assert amended["o-fria"]["applies"] == "no" and amended["o-fria"]["applies_from_earliest"] == "2027-12-02"
    assert _obl(q(ows, "obligations", "i", "--on", "2018-01-01"))["o-dpia"]["applies"] == "no"


def test_service_and_system_targets(ows, q):
    for target in ("tjeneste", "sys"):
        data = q(ows, "obligations", target, "--on", "2027-01-01")
        assert data["initiatives"] == ["i"] and set(_obl(data)) == {"o-dpia", "o-fria"}


def test_nothing_applies_without_regulations(ows, q, cli_run):
    assert q(ows, "obligations", "j", "--on", "2027-01-01")["obligations"] == []
    r = cli_run(["--data", ows, "--lang", "en", "query", "obligations", "ch-kompetanse"])
    assert r.exit_code in (1, 2)
    r = cli_run(["--data", ows, "query", "obligations", "i", "--on", "2027-01-01"])
    assert r.exit_code == 0 and "FRIA-plikt" in r.stdout and "dokumentert" in r.stdout


def test_words_a_lawyer_uses(ows, cli_run):
    """On 2027-01-01: the DPIA duty has applied since 20 July 2018 and sys documents it;
    the FRIA duty applies at the latest from 31 December 2026 (the national act's window
    ends then) and nothing documents it. On 2026-09-01 the FRIA date is still inside the
    window 2 August..31 December 2026: not settled."""
    r = cli_run(["--data", ows, "--lang", "en", "query", "obligations", "i", "--on", "2027-01-01"])
    lines = {line.split()[0]: line for line in r.stdout.splitlines() if line.startswith(("DPIA", "FRIA"))}
    assert "since 20 July 2018" in lines["DPIA"] and "documented" in lines["DPIA"]
    assert "since 31 December 2026 at the latest" in lines["FRIA"] and "not documented" in lines["FRIA"]
    r = cli_run(["--data", ows, "query", "obligations", "i", "--on", "2026-09-01"])
    fria = next(line for line in r.stdout.splitlines() if line.startswith("FRIA"))
    assert "fra en dato mellom 2. august og 31. desember 2026" in fria and "uavklart" in fria
    for words in ("no property records it", "ingen egenskap", "2018-07-20"):
        assert words not in r.stdout


def test_forvaltningsloven_has_applied_since_1970(baseline_dir, cli_run):
    """Forvaltningsloven (lov 10. februar 1967) came into force on 1 January 1970."""
    r = cli_run(["--data", baseline_dir, "--lang", "en", "query", "obligations", "ki-i-saksbehandling-system",
                 "--on", "2026-12-04"])
    line = next(x for x in r.stdout.splitlines() if x.startswith("Right to an explanation"))
    assert "forvaltningsloven" in line and "since 1 January 1970" in line
    assert "1970-01-01" not in r.stdout


def test_each_ai_system_is_reported(make_ws, q, cli_run):
    ws = make_ws(TTL + """kgid:i kg:usesSystem kgid:sys2 .
        kgid:sys2 a kg:AISystem ; skos:prefLabel "System to"@nb , "Second system"@en ; kg:dpia kgid:vurdering-nei .""")
    o = _obl(q(ws, "obligations", "i", "--on", "2027-01-01"))["o-dpia"]
    assert o["recorded"] == [{"system": "sys", "status": "met"}, {"system": "sys2", "status": "not-met"}]
    assert o["met"] is False
    r = cli_run(["--data", ws, "--lang", "en", "query", "obligations", "i", "--on", "2027-01-01"])
    assert "System: documented; Second system: not carried out" in r.stdout
