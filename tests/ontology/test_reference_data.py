"""The shipped reference data (ontology/reference/) and KS baseline (ontology/baseline/).

Loads every Turtle file with rdflib and checks, mostly with SPARQL, that the data holds
what the seed and the reference data promise: 357 municipalities, 15 county
municipalities, the ten initiatives in three phases, five principles, six challenges, the
AI Act's articles, annexes and dated statements (original and amended), the SDGs with
Norwegian goal names, and the provenance of every file. When the shared reference data
is present, it also checks that the generated files are exactly what
scripts/build_reference.py produces.
"""
from __future__ import annotations

import collections
import importlib.util
import logging
import os
import warnings
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import SKOS

REPO = Path(__file__).resolve().parents[2]
ONTOLOGY = REPO / "ontology"
FOLDERS = ("reference", "baseline")
GENERATED = ("municipalities.ttl", "municipality-history.ttl", "ai-act.ttl", "sdg.ttl")

KG = "https://w3id.org/kommune-ki/ont#"
ID = "https://w3id.org/kommune-ki/id/"
SRC = "https://w3id.org/kommune-ki/source/"
SDG = "http://metadata.un.org/sdg/"

PREFIXES = """
PREFIX kg:     <https://w3id.org/kommune-ki/ont#>
PREFIX kgid:   <https://w3id.org/kommune-ki/id/>
PREFIX kgsrc:  <https://w3id.org/kommune-ki/source/>
PREFIX rdf:    <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX skos:   <http://www.w3.org/2004/02/skos/core#>
PREFIX dct:    <http://purl.org/dc/terms/>
PREFIX xsd:    <http://www.w3.org/2001/XMLSchema#>
PREFIX eli:    <http://data.europa.eu/eli/ontology#>
PREFIX time:   <http://www.w3.org/2006/time#>
PREFIX schema: <https://schema.org/>
PREFIX sdgo:   <http://metadata.un.org/sdg/ontology#>
"""


def ttl_files() -> list[Path]:
    return sorted(p for folder in FOLDERS for p in (ONTOLOGY / folder).glob("*.ttl"))


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def _parse(path: Path) -> tuple[rdflib.Graph, list[str]]:
    """Parse one file; return the graph and every warning rdflib logged or raised."""
    handler = _Collect()
    logger = logging.getLogger("rdflib")
    logger.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            g = rdflib.Graph()
            g.parse(path, format="turtle")
    finally:
        logger.removeHandler(handler)
    # a ResourceWarning about some other test's file handle can surface during any
    # garbage collection; it says nothing about this file's Turtle
    return g, handler.messages + [str(w.message) for w in caught if not issubclass(w.category, ResourceWarning)]


@pytest.fixture(scope="module")
def parsed() -> dict[str, tuple[rdflib.Graph, list[str]]]:
    files = ttl_files()
    assert files, "no Turtle files under ontology/reference or ontology/baseline"
    return {f"{p.parent.name}/{p.name}": _parse(p) for p in files}


@pytest.fixture(scope="module")
def graph(parsed) -> rdflib.Graph:
    """The union of every reference and baseline file (what `kg init` loads, minus kg.ttl)."""
    g = rdflib.Graph()
    for sub, _ in parsed.values():
        for t in sub:
            g.add(t)
    return g


def count(g: rdflib.Graph, where: str) -> int:
    """How many distinct solutions ``where`` has."""
    rows = list(g.query(PREFIXES + f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT * WHERE {{ {where} }} }}"))
    return int(rows[0][0])


def ask(g: rdflib.Graph, where: str) -> bool:
    return bool(g.query(PREFIXES + f"ASK {{ {where} }}").askAnswer)


def select(g: rdflib.Graph, query: str) -> list:
    return list(g.query(PREFIXES + query))


# ------------------------------------------------------------------------ the files
def test_expected_files_exist():
    names = {f"{p.parent.name}/{p.name}" for p in ttl_files()}
    for name in ("reference/concepts.ttl", "reference/municipalities.ttl", "reference/ai-act.ttl",
                 "reference/regulations.ttl", "reference/organisations.ttl", "reference/sdg.ttl",
                 "baseline/seed.ttl", "baseline/assumptions.ttl"):
        assert name in names


def test_every_file_parses_without_warnings(parsed):
    for name, (g, messages) in parsed.items():
        assert len(g) > 0, name
        assert messages == [], f"{name}: {messages[:5]}"


def test_typed_literals_are_well_formed(parsed):
    for name, (g, _) in parsed.items():
        for o in g.objects():
            if isinstance(o, Literal) and getattr(o, "ill_typed", False):
                pytest.fail(f"{name}: ill-typed literal {o!r}")


def test_every_file_declares_its_source(parsed):
    kinds = {"reference": {"reference"}, "baseline": {"seed", "assumptions"}}
    for name, (g, _) in parsed.items():
        folder, file = name.split("/")
        src = URIRef(SRC + Path(file).stem)
        assert (src, RDF.type, URIRef(KG + "Source")) in g, f"{name} does not declare {src}"
        titles = {t.language for t in g.objects(src, URIRef("http://purl.org/dc/terms/title"))}
        assert {"nb", "en"} <= titles, f"{name}: dct:title needs nb and en"
        kind = {str(k) for k in g.objects(src, URIRef(KG + "sourceKind"))}
        assert len(kind) == 1 and kind <= kinds[folder], f"{name}: kg:sourceKind {kind}"
        for prop in ("source", "license", "description"):
            assert any(g.objects(src, URIRef("http://purl.org/dc/terms/" + prop))), \
                f"{name}: kgsrc node has no dct:{prop}"
        # A file describes itself only: no other kgsrc: node is declared in it.
        others = {s for s in g.subjects(RDF.type, URIRef(KG + "Source")) if s != src}
        assert not others, f"{name} declares other sources: {others}"


def test_seed_and_assumption_kinds(graph):
    assert ask(graph, 'kgsrc:seed kg:sourceKind "seed"')
    assert ask(graph, 'kgsrc:assumptions kg:sourceKind "assumptions" ; '
                      'dct:title "Modellantakelser (ikke fra kildedokumentet)"@nb , '
                      '"Modelling assumptions (not from the seed)"@en')
    desc = " ".join(str(d) for d in graph.objects(URIRef(SRC + "assumptions"),
                                                  URIRef("http://purl.org/dc/terms/description")))
    assert "kg remove assumptions" in desc


def test_no_triple_is_in_two_files(parsed):
    # The workspace's union default graph does not deduplicate: a triple stated in two
    # sources would be counted twice by every query.
    seen = collections.defaultdict(list)
    for name, (g, _) in parsed.items():
        for t in g:
            seen[t].append(name)
    dups = {t: names for t, names in seen.items() if len(names) > 1}
    assert not dups, list(dups.items())[:5]


def test_only_known_kg_terms(graph):
    onto = rdflib.Graph().parse(ONTOLOGY / "kg.ttl", format="turtle")
    known = {str(s) for s in onto.subjects() if str(s).startswith(KG)}
    used = {str(x) for t in graph for x in t if isinstance(x, URIRef) and str(x).startswith(KG)}
    assert used - known == set()


def test_no_dangling_ids(parsed, graph):
    typed = {s for s in graph.subjects(RDF.type)}
    dangling = {o for o in graph.objects() if isinstance(o, URIRef) and str(o).startswith(ID)
                and o not in typed}
    assert not dangling, sorted(dangling)[:10]
    # Reference data stands on its own (`kg init --empty` loads it without the baseline).
    ref = rdflib.Graph()
    for name, (g, _) in parsed.items():
        if name.startswith("reference/"):
            for t in g:
                ref.add(t)
    ref_typed = set(ref.subjects(RDF.type))
    dangling = {o for o in ref.objects() if isinstance(o, URIRef) and str(o).startswith(ID)
                and o not in ref_typed}
    assert not dangling, sorted(dangling)[:10]


def test_every_kg_typed_node_has_nb_and_en_labels(graph):
    missing = []
    for s, cls in graph.subject_objects(RDF.type):
        if str(cls).startswith(KG) and str(cls) != KG + "Source":
            langs = {label.language for label in graph.objects(s, SKOS.prefLabel)}
            if not {"nb", "en"} <= langs:
                missing.append(s)
    assert not missing, missing[:10]


def test_at_most_one_preflabel_per_language(graph):
    bad = []
    for s in set(graph.subjects(SKOS.prefLabel)):
        c = collections.Counter(label.language for label in graph.objects(s, SKOS.prefLabel))
        if any(n > 1 for n in c.values()):
            bad.append((s, c))
    assert not bad, bad[:5]


# ------------------------------------------------------------ municipalities, counties
def test_municipality_and_county_counts(graph):
    assert count(graph, "?x a kg:Municipality") == 357
    assert count(graph, "?x a kg:CountyMunicipality") == 15
    assert not ask(graph, '?x kg:organisationNumber "9999"')


def test_municipalities_are_well_formed(graph):
    assert count(graph, """?x a kg:Municipality ; kg:organisationNumber ?n ; kg:county ?c .
                           ?c a kg:CountyMunicipality .
                           FILTER(datatype(?n) = xsd:string && regex(?n, "^[0-9]{4}$"))""") == 357
    assert ask(graph, 'kgid:kommune-0301 kg:organisationNumber "0301" ; kg:county kgid:fylke-03')
    assert ask(graph, 'kgid:kommune-5636 skos:prefLabel "Unjárga - Nesseby"@nb , "Unjárga - Nesseby"@en ; '
                      'skos:altLabel "Unjárga" , "Nesseby"')
    assert ask(graph, 'kgid:fylke-34 a kg:CountyMunicipality ; kg:organisationNumber "34" ; '
                      'skos:prefLabel "Innlandet fylkeskommune"@nb , "Innlandet County Municipality"@en ; '
                      'skos:altLabel "Innlandet"')


# ------------------------------------------------------------------------ the seed
def test_initiatives_by_phase(graph):
    assert count(graph, "?x a kg:Initiative") == 10
    rows = select(graph, """SELECT ?phase (COUNT(?i) AS ?n) WHERE { ?i a kg:Initiative ; kg:phase ?phase }
                            GROUP BY ?phase""")
    by = {str(r[0]).rsplit("/", 1)[1]: int(r[1]) for r in rows}
    assert by == {"fase-etablert": 3, "fase-pagaende": 4, "fase-planlagt": 3}
    for phase, status in (("etablert", "etablert"), ("pagaende", "pagaende"), ("planlagt", "planlagt")):
        assert count(graph, f"?x a kg:Initiative ; kg:phase kgid:fase-{phase} ; "
                            f"kg:status kgid:status-{status}") == {"etablert": 3, "pagaende": 4,
                                                                   "planlagt": 3}[phase]


def test_principles_and_challenges(graph):
    assert count(graph, "?x a kg:Principle ; skos:inScheme kgid:prinsipper") == 5
    assert count(graph, "?x a kg:Challenge ; skos:inScheme kgid:utfordringer") == 6
    assert sorted(int(r[0]) for r in select(graph, "SELECT ?n WHERE { ?p a kg:Principle ; kg:principleNumber ?n }")) \
        == [1, 2, 3, 4, 5]
    for slug in ("competence", "regulation", "organisation", "economy", "technical", "procurement"):
        assert ask(graph, f"kgid:{slug} a kg:Challenge")
    assert ask(graph, 'kgid:prinsipp-1 skos:prefLabel "Beslutningsstøtte – ikke autonom myndighetsutøvelse"@nb')


@pytest.mark.parametrize("cls", ["Initiative", "Principle", "Challenge", "Municipality"])
def test_labels_in_both_languages(graph, cls):
    assert count(graph, f"""?x a kg:{cls} .
        FILTER NOT EXISTS {{ ?x skos:prefLabel ?nb FILTER(lang(?nb) = "nb") }}""") == 0
    assert count(graph, f"""?x a kg:{cls} .
        FILTER NOT EXISTS {{ ?x skos:prefLabel ?en FILTER(lang(?en) = "en") }}""") == 0


def test_initiative_periods(graph):
    # Every initiative has a start known to the year (established, ongoing) or as an
    # open window 2026+ (planned); no end date is invented.
    assert count(graph, """?x a kg:Initiative ; kg:period/time:hasBeginning ?s .
                           ?s a kg:UncertainInstant ; kg:earliest ?e ; kg:precision ?p""") == 10
    assert count(graph, "?x a kg:Initiative ; kg:period/time:hasEnd ?e") == 0
    assert ask(graph, """kgid:ki-fabrikk-start kg:earliest "2026-01-01"^^xsd:date ;
                         skos:notation "2026+" ; kg:precision kgid:presisjon-vindu
                         FILTER NOT EXISTS { kgid:ki-fabrikk-start kg:latest ?l }""")
    assert ask(graph, """kgid:ki-plan-start kg:earliest "2025-01-01"^^xsd:date ;
                         kg:latest "2025-12-31"^^xsd:date ; kg:precision kgid:presisjon-ar""")


def test_seed_owners_participants_and_funding(graph):
    assert ask(graph, "kgid:forskningspartner kg:owner kgid:ks ; kg:participant kgid:ai-learn , "
                      "kgid:ai-for-decisions , kgid:uib , kgid:ntnu , kgid:sintef")
    assert ask(graph, "kgid:samarbeid-leverandorer kg:owner kgid:ks")
    assert ask(graph, "kgid:juridisk-stotte kg:participant kgid:ki-norge")
    assert ask(graph, """kgid:forskningspartner kg:funding ?f .
                         ?f a kg:Funding ; schema:amount 3000000 ; schema:currency "NOK" ;
                            schema:funder kgid:ks ; kg:durationYears 5 ; kg:perRecipient true""")
    assert count(graph, "kgid:skalere-tjenester kg:delivers ?s . ?s a kg:Service") == 3


def test_sdr_2025(graph):
    assert count(graph, "?o a kg:Observation ; kg:measure kgid:sdg-indeks ; kg:year ?y") == 10
    assert ask(graph, 'kgid:sdr2025-indeks-norge kg:rank 7 ; kg:score 82.72 ; kg:country "Norway"')
    assert ask(graph, 'kgid:sdr2025-ringvirkning-norge kg:score 55.41 ; kg:rank 157 ; kg:rankOutOf 167')
    assert count(graph, "?i a kg:SpilloverIndicator") == 10
    assert count(graph, """?o a kg:Observation ; kg:measure ?i ; kg:trend ?t .
                           ?i a kg:SpilloverIndicator . ?t a kg:Trend""") == 10
    assert ask(graph, "kgid:ki-som-losning dct:creator kgid:digital-norway")


# ----------------------------------------------------------------- the assumptions
def test_assumption_gaps_are_real(graph):
    # Ownership: two planned initiatives have no owner even among the assumptions.
    owned = {str(r[0]) for r in select(graph, "SELECT ?i WHERE { ?i a kg:Initiative ; kg:owner ?o }")}
    assert {ID + "ki-plattform", ID + "ki-fabrikk"}.isdisjoint(owned)
    assert len(owned) == 8
    # Every challenge is addressed except economy.
    unaddressed = {str(r[0]) for r in select(graph, """SELECT ?c WHERE { ?c a kg:Challenge
                   FILTER NOT EXISTS { ?i kg:addresses ?c } }""")}
    assert unaddressed == {ID + "economy"}
    assert count(graph, "?i a kg:Initiative FILTER NOT EXISTS { ?i kg:follows ?p }") == 0


def test_dependencies_are_qualified_and_acyclic(graph):
    simple = {(str(a), str(b)) for a, b in graph.subject_objects(URIRef(KG + "dependsOn"))}
    qualified = {(str(r[0]), str(r[1])) for r in select(graph, """SELECT ?a ?b WHERE {
        ?a kg:qualifiedDependency ?d . ?d a kg:Dependency ; kg:dependencyOn ?b ;
        kg:dependencyType ?t ; kg:strength ?s }""")}
    assert simple == qualified and 8 <= len(simple) <= 14
    edges = collections.defaultdict(set)
    for a, b in simple:
        edges[a].add(b)
    state: dict[str, int] = {}

    def visit(n: str) -> None:
        state[n] = 1
        for m in edges[n]:
            assert state.get(m) != 1, f"dependency cycle through {m}"
            if m not in state:
                visit(m)
        state[n] = 2

    for n in list(edges):
        if n not in state:
            visit(n)


# ----------------------------------------------------------------- regulations
def test_ai_act_structure(graph):
    assert count(graph, 'kgid:ai-act a kg:Regulation . ?x a kg:Provision ; eli:is_part_of kgid:ai-act ; '
                        'skos:notation ?n FILTER(STRSTARTS(?n, "Art. "))') == 113
    assert count(graph, 'kgid:ai-act a kg:Regulation . ?x a kg:Provision ; eli:is_part_of kgid:ai-act ; '
                        'skos:notation ?n FILTER(STRSTARTS(?n, "Annex "))') == 13
    assert ask(graph, 'kgid:ai-act-art-27 skos:prefLabel ?nb , ?en '
                      'FILTER(lang(?nb) = "nb" && STRSTARTS(?nb, "Artikkel 27: ") '
                      '&& lang(?en) = "en" && STRSTARTS(?en, "Article 27: Fundamental rights impact assessment"))')
    assert ask(graph, "kgid:ai-act skos:exactMatch <http://data.europa.eu/eli/reg/2024/1689/oj>")
    assert ask(graph, """kgid:ai-act kg:entryIntoForce ?i . ?i kg:earliest "2024-08-01"^^xsd:date ;
                         kg:latest "2024-08-01"^^xsd:date ; kg:precision kgid:presisjon-dag""")


def test_ai_act_original_and_amended_dates(graph):
    rows = select(graph, """SELECT ?d ?v WHERE { kgid:ai-act kg:applicationDate ?s .
        ?s a kg:ApplicationDate ; eli:date_applicability ?d ; kg:textVersion ?v ; kg:provision ?p ;
           dct:source ?src }""")
    versions = collections.Counter(str(v).rsplit("/", 1)[1] for _, v in rows)
    assert versions["tekst-opprinnelig"] >= 9 and versions["tekst-endret"] >= 8
    by_date = collections.defaultdict(set)
    for d, v in rows:
        by_date[str(d)].add(str(v).rsplit("/", 1)[1])
    # A row "original and amended" gives two statements for the same date.
    assert by_date["2030-08-02"] == {"tekst-opprinnelig", "tekst-endret"}
    # General application (original) and Annex III high-risk (amended).
    assert "tekst-opprinnelig" in by_date["2026-08-02"]
    assert by_date["2027-12-02"] == {"tekst-endret"}
    # Every amended-only statement says it is not verified against the Official Journal.
    assert count(graph, """?s kg:textVersion kgid:tekst-endret ; kg:provision ?p
                           FILTER(CONTAINS(?p, "[amended]"))
                           FILTER NOT EXISTS { ?s skos:note ?n FILTER(CONTAINS(?n, "Official Journal")) }""") == 0


def test_ki_loven_window(graph):
    assert ask(graph, """kgid:ki-loven a kg:Regulation ; kg:entryIntoForce ?i .
        ?i a kg:UncertainInstant ; kg:earliest "2026-07-01"^^xsd:date ; kg:latest "2026-12-31"^^xsd:date ;
           kg:precision kgid:presisjon-vindu ; skos:notation "2026-Q3/2026-Q4" ; dct:source kgsrc:seed""")


def test_obligations(graph):
    expected = {"plikt-dpia": "dpia", "plikt-ros": "ros", "plikt-fria": "fria",
                "plikt-menneskelig-kontroll": "humanOversight", "plikt-forklaring": "explanation",
                "plikt-registrering": None, "plikt-ki-kompetanse": None, "plikt-apenhet": None}
    for slug, prop in expected.items():
        assert ask(graph, f"""kgid:{slug} a kg:Obligation ; kg:legalBasis ?b ; kg:appliesWhen ?w .
                              ?r a kg:Regulation ; kg:hasObligation kgid:{slug}"""), slug
        if prop:
            assert ask(graph, f"kgid:{slug} kg:recordedBy kg:{prop}"), slug
    assert ask(graph, "kgid:plikt-dpia kg:legalBasis kgid:gdpr-art-35 . kgid:gdpr-art-35 eli:is_part_of kgid:gdpr")
    assert ask(graph, "kgid:plikt-fria kg:legalBasis kgid:ai-act-art-27 ; "
                      "kg:appliesFrom kgid:ai-act-dato-2026-08-02-art-113-annet-ledd , "
                      "kgid:ai-act-dato-2027-12-02-art-113-c-i-endret")
    assert ask(graph, 'kgid:plikt-ki-kompetanse kg:appliesFrom ?d . ?d eli:date_applicability "2025-02-02"^^xsd:date')


# ------------------------------------------------------------------ concepts
def test_concept_schemes(graph):
    assert count(graph, "?x a kg:Status") == 6
    notations = {str(r[0]) for r in select(graph, "SELECT ?n WHERE { ?x a kg:Status ; skos:notation ?n }")}
    assert notations == {"idé", "planlagt", "pågående", "etablert", "avsluttet", "stanset"}
    assert {str(r[0]) for r in select(graph, "SELECT ?n WHERE { ?x a kg:RiskLevel ; skos:notation ?n }")} \
        == {"forbudt", "høy", "begrenset", "minimal"}
    assert count(graph, "?x a kg:Precision") == 6
    assert count(graph, "?x a kg:Capability") == 5
    assert count(graph, "?x a kg:Phase") == 3
    for cls in ("Phase", "Status", "DependencyType", "DependencyStrength", "Precision", "RiskLevel",
                "AssessmentStatus", "ReuseStatus", "DataLocation", "TextVersion", "Trend", "Capability"):
        assert count(graph, f"?x a kg:{cls} FILTER NOT EXISTS {{ ?x skos:inScheme ?s . ?s a skos:ConceptScheme }}") == 0, cls


# -------------------------------------------------------------------------- SDG
def test_sdg(graph):
    assert count(graph, "?g a sdgo:Goal") == 17
    assert count(graph, "?t a sdgo:Target") == 169
    assert count(graph, "?i a sdgo:Indicator") == 232
    assert count(graph, '?g a sdgo:Goal ; skos:prefLabel ?l FILTER(lang(?l) = "nb")') == 17
    assert ask(graph, f'<{SDG}1> skos:prefLabel "Utrydde fattigdom"@nb')
    assert ask(graph, f'<{SDG}16> skos:prefLabel "Fred, rettferdighet og velfungerende institusjoner"@nb')
    for cls in ("Goal", "Target", "Indicator"):
        assert count(graph, f"""?x a sdgo:{cls} .
            FILTER NOT EXISTS {{ ?x skos:prefLabel ?l FILTER(lang(?l) = "en") }}""") == 0, cls
    assert not ask(graph, '?x ?p ?l FILTER(isLiteral(?l) && lang(?l) IN ("es", "fr"))')
    assert ask(graph, 'kgsrc:sdg dct:bibliographicCitation ?c FILTER(CONTAINS(?c, "Joshi"))')


# ------------------------------------------------------------ generated files
def _data_dir() -> Path | None:
    for candidate in (os.environ.get("KG_SHARED_DATA"), "/work/shared/data",
                      REPO.parent / "shared" / "data"):
        if candidate and (Path(candidate) / "municipalities").is_dir():
            return Path(candidate)
    return None


def _build_module():
    spec = importlib.util.spec_from_file_location("build_reference", REPO / "scripts" / "build_reference.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def built():
    data = _data_dir()
    if data is None:
        pytest.skip("the shared reference data (/work/shared/data or ../shared/data) is not here")
    return _build_module().build_all(data)


def test_generated_files_are_up_to_date(built):
    assert set(built) == set(GENERATED)
    for name, text in built.items():
        on_disk = (ONTOLOGY / "reference" / name).read_text(encoding="utf-8")
        assert on_disk == text, f"{name} differs from scripts/build_reference.py output; run the script"


def test_build_is_deterministic(built):
    again = _build_module().build_all(_data_dir())
    assert again == built


def test_sdg_keeps_every_english_triple():
    data = _data_dir()
    if data is None:
        pytest.skip("the shared reference data is not here")
    original = rdflib.Graph().parse(data / "sdg" / "sdg-kos-goals-targets-indicators.ttl", format="turtle")
    shipped = rdflib.Graph().parse(ONTOLOGY / "reference" / "sdg.ttl", format="turtle")
    dropped = []
    for s, p, o in original:
        if isinstance(o, Literal) and o.language in ("es", "fr"):
            continue
        if isinstance(o, rdflib.BNode) or isinstance(s, rdflib.BNode):
            continue  # the ordered list of goals, compared below
        if (s, p, o) not in shipped:
            dropped.append((s, p, o))
    assert dropped == [(URIRef(SDG + "12.3"), SKOS.prefLabel, Literal("By 2030,d", lang="en"))]
    goals = URIRef(SDG + "Goals")
    head = shipped.value(goals, SKOS.memberList)
    assert [str(x) for x in rdflib.collection.Collection(shipped, head)] == [f"{SDG}{n}" for n in range(1, 18)]


def test_former_municipalities_point_to_todays():
    """municipality-history.ttl: Førde (1432, until 2019) is part of Sunnfjord (4647); the
    two Vålers stay apart; a divided municipality (Halsa) has no successor; every
    successor is one of today's 357."""
    from rdflib import Graph, Literal, Namespace, URIRef
    g = Graph()
    g.parse(str(Path(__file__).resolve().parents[2] / "ontology" / "reference" / "municipality-history.ttl"))
    m = Graph()
    m.parse(str(Path(__file__).resolve().parents[2] / "ontology" / "reference" / "municipalities.ttl"))
    KGID = Namespace("https://w3id.org/kommune-ki/id/")
    KG = Namespace("https://w3id.org/kommune-ki/ont#")
    DCT = Namespace("http://purl.org/dc/terms/")
    SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
    f = KGID["tidligere-kommune-1432"]
    assert (f, SKOS.notation, Literal("1432")) in g
    assert g.value(f, DCT.isReplacedBy) == KGID["kommune-4647"]
    assert str(g.value(f, KG.validUntil)) == "2019"
    assert g.value(KGID["tidligere-kommune-0426"], DCT.isReplacedBy) == KGID["kommune-3419"]   # Våler (Hedmark)
    assert g.value(KGID["tidligere-kommune-0137"], DCT.isReplacedBy) == KGID["kommune-3114"]   # Våler (Østfold)
    assert g.value(KGID["tidligere-kommune-1571"], DCT.isReplacedBy) is None                    # Halsa, divided
    today = set(m.subjects(URIRef(str(KG) + "organisationNumber"), None))
    successors = set(g.objects(None, DCT.isReplacedBy))
    assert successors and successors <= today
    assert len(set(g.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), KG.FormerMunicipality))) == 494
