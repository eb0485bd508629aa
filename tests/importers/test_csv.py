"""CSV import through the real CLI: encodings, delimiters, multi-line cells, every row
error with its exact message, idempotence, replacement, --strict and --dry-run."""
from __future__ import annotations

import pytest

from kg.store.workspace import Workspace

from import_helpers import GOOD, HEADER, graph_of, write_csv

KGID = "https://w3id.org/kommune-ki/id/"
NODEP = GOOD[0][:8] + [""] + GOOD[0][9:]   # GOOD[0] without its dependency on GOOD[1]


@pytest.mark.parametrize("delimiter,encoding,bom", [
    (";", "utf-8", True), (";", "utf-8", False), (",", "utf-8", False), (",", "utf-8", True),
    (";", "cp1252", False), (",", "cp1252", False), ("\t", "utf-8", False),
])
def test_encodings_and_delimiters_give_the_same_graph(net_ws, tmp_path, run_import, delimiter, encoding, bom):
    f = write_csv(tmp_path / "tiltak.csv", GOOD, delimiter=delimiter, encoding=encoding, bom=bom)
    res, rep = run_import(net_ws, f, "--network", "digi-innlandet")
    assert res.exit_code == 0, res.stdout + res.stderr
    r = rep["files"][0]
    assert (r["rows"], r["accepted"], r["rejected"], r["errors"]) == (2, 2, 0, [])
    assert r["status"] == "imported"
    with Workspace.open(net_ws) as ws:
        labels = {x["l"].value for x in ws.select(
            "SELECT ?l WHERE { <%sdigi-innlandet/hamar-tale-01> skos:prefLabel ?l }" % KGID)}
        assert labels == {"Tale til tekst i hjemmetjenesten", "Speech to text in home care"}
        parts = {x["p"].value for x in ws.select(
            "SELECT ?p WHERE { <%sdigi-innlandet/hamar-tale-01> kg:participant ?p }" % KGID)}
        assert parts == {KGID + "kommune-3403", KGID + "kommune-3412"}   # Hamar, Løten (æøå survived)
        assert ws.ask("ASK { <%sdigi-innlandet/hamar-plattform> kg:participant kgid:kommune-5636 }" % KGID)  # Unjárga


def test_quoted_multiline_cells_and_row_numbers(net_ws, tmp_path, run_import):
    rows = [["a-1", "Første\nlinje to\nlinje tre", "", "Hamar", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""],
            ["a-2", "Andre", "", "Hamar", "", "", "2026-13", "", "", "", "", "", "", "", "", "", "", "", ""]]
    f = write_csv(tmp_path / "ml.csv", rows)
    assert f.read_text(encoding="utf-8").count("\n") > 3          # the cell really spans lines
    res, rep = run_import(net_ws, f)
    assert res.exit_code == 1
    err = rep["files"][0]["errors"]
    assert [(e["row"], e["column"], e["value"]) for e in err] == [(3, "start", "2026-13")]   # spreadsheet row 3
    with Workspace.open(net_ws) as ws:
        lab = ws.select("SELECT ?l WHERE { <%sml/a-1> skos:prefLabel ?l }" % KGID)[0]["l"].value
    assert lab == "Første linje to linje tre"


ERRORS = [
    # column, bad value, exact English reason
    ("kommuner", "Hamarxyz", "unknown municipality 'Hamarxyz'; closest: Hábmer - Hamarøy (kommune-1875), Hamar (kommune-3403)"),
    ("kommuner", "9999", "unknown municipality '9999'"),
    ("status", "kanskje", "'kanskje' is not a valid status; use one of: idea, planned, ongoing, established, completed, stopped (or the Norwegian words)"),
    ("start", "2026-13", "'2026-13' is not a date kg understands. Use 2026, 2026-Q3, 2026-H2, 2026-09, 2026-09-15 or a window 2026-Q3/2026-Q4."),
    ("slutt", "neste år", "'neste år' is not a date kg understands. Use 2026, 2026-Q3, 2026-H2, 2026-09, 2026-09-15 or a window 2026-Q3/2026-Q4."),
    ("prinsipper", "7", "unknown principle '7'; closest: Beslutningsstøtte (prinsipp-1), Deling og gjenbruk (prinsipp-4)"),
    ("utfordringer", "kompetanse", "unknown challenge 'kompetanse'; closest: Kompetanse og kapasitet (competence)"),
    ("regelverk", "xyz-loven", "unknown regulation 'xyz-loven'; closest: ki-loven"),
    ("avhenger_av", "finnes-ikke", "unknown initiative 'finnes-ikke'"),
    ("bærekraftsmål", "99.z", "unknown SDG goal, target or indicator '99.z'"),
    ("bærekraftsmål", "9.z", "unknown SDG goal, target or indicator '9.z'; closest: sdg-9.1, sdg-9.2, sdg-9.3"),
    ("personopplysninger", "kanskje", "'kanskje' is not a valid yes/no; use one of: yes/no, ja/nei, true/false, 1/0"),
    ("dpia", "snart", "'snart' is not a valid assessment; use one of: yes, no, not relevant"),
    ("risikonivå", "middels", "'middels' is not a valid risk level; use one of: prohibited, high, limited, minimal"),
]


@pytest.mark.parametrize("column,value,reason", ERRORS)
def test_each_row_error_names_file_row_column_value_and_reason(net_ws, tmp_path, run_import, column, value, reason):
    good = GOOD[0][:8] + [""] + GOOD[0][9:]   # no dependency on a row not in this file
    bad = ["bad-1", "Dårlig rad"] + [""] * (len(HEADER) - 2)
    bad[HEADER.index(column)] = value
    f = write_csv(tmp_path / "feil.csv", [good, bad])
    res, rep = run_import(net_ws, f)
    assert res.exit_code == 1
    r = rep["files"][0]
    assert (r["accepted"], r["rejected"]) == (1, 1)
    e = r["errors"]
    assert len(e) == 1, e
    assert (e[0]["file"], e[0]["row"], e[0]["column"], e[0]["value"]) == (str(f), 3, column, value)
    assert e[0]["reason"] == reason
    # the good row is in, the bad one is not
    with Workspace.open(net_ws) as ws:
        assert ws.ask("ASK { <%sfeil/hamar-tale-01> a kg:Initiative }" % KGID)
        assert not ws.ask("ASK { <%sfeil/bad-1> ?p ?o }" % KGID)


def test_norwegian_messages(net_ws, tmp_path, cli_run):
    bad = ["bad-1", "Dårlig"] + [""] * (len(HEADER) - 2)
    bad[HEADER.index("status")] = "kanskje"
    f = write_csv(tmp_path / "nb.csv", [bad])
    res = cli_run(["--data", net_ws, "import", f])
    assert res.exit_code == 1
    assert (f"  AVVIST {f}:2:status «kanskje»: «kanskje» er ikke gyldig status; bruk en av: "
            "idé, planlagt, pågående, etablert, avsluttet, stanset") in res.stdout


def test_duplicate_id_and_missing_id_and_title(net_ws, tmp_path, run_import):
    rows = [NODEP, [GOOD[0][0].upper(), "Dobbel"] + [""] * 17, ["", "Uten id"] + [""] * 17, ["uten-tittel", ""] + [""] * 17]
    f = write_csv(tmp_path / "d.csv", rows)
    res, rep = run_import(net_ws, f)
    assert res.exit_code == 1
    got = [(e["row"], e["column"], e["reason"]) for e in rep["files"][0]["errors"]]
    assert got == [(3, "id", "duplicate id: row 2 has the same id"),
                   (4, "id", "the id is empty; every row needs its own stable id"),
                   (5, "tittel", "the title is empty")]


def test_missing_required_columns_imports_nothing(net_ws, tmp_path, cli_run):
    f = tmp_path / "kolonner.csv"
    f.write_text("navn;kommune\nTale;Hamar\n", encoding="utf-8")
    before = graph_of(net_ws, "base")
    res = cli_run(["--data", net_ws, "--lang", "en", "import", f])
    assert res.exit_code == 2
    assert (f"kg: {f}: missing required column(s): id, tittel (title); headers found: navn, kommune — "
            "The first row must hold the column names; 'kg import template' writes a blank template.") in res.stderr
    with Workspace.open(net_ws) as ws:
        assert "kolonner" not in [s.name for s in ws.sources()]
    assert graph_of(net_ws, "base") == before


@pytest.mark.parametrize("content,message", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "not a spreadsheet or RDF file kg can read (binary content)."),
    (b"", "the file is empty."),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "this is an old Excel file (.xls); save it as .xlsx or CSV and import that."),
])
def test_unusable_files_exit_2(net_ws, tmp_path, cli_run, content, message):
    f = tmp_path / "fil.csv"
    f.write_bytes(content)
    res = cli_run(["--data", net_ws, "--lang", "en", "import", f])
    assert res.exit_code == 2
    assert message in res.stderr
    assert "Traceback" not in res.stderr + res.stdout


def test_missing_file_and_one_bad_file_blocks_all(net_ws, tmp_path, run_import):
    good = write_csv(tmp_path / "god.csv", GOOD)
    res, rep = run_import(net_ws, good, tmp_path / "finnes-ikke.csv")
    assert res.exit_code == 2
    assert [r["status"] for r in rep["files"]] == ["blocked", "failed"]
    assert rep["files"][1]["fatal"]["reason"] == "no such file."
    with Workspace.open(net_ws) as ws:
        assert "god" not in [s.name for s in ws.sources()]


def test_same_file_twice_changes_nothing(net_ws, tmp_path, run_import):
    f = write_csv(tmp_path / "tiltak.csv", GOOD)
    res, rep = run_import(net_ws, f, "--network", "Digi Innlandet")
    assert rep["files"][0]["status"] == "imported"
    g1 = graph_of(net_ws, "tiltak")
    with Workspace.open(net_ws) as ws:
        mod1 = ws.source("tiltak").modified
    res, rep = run_import(net_ws, f, "--network", "Digi Innlandet")
    assert res.exit_code == 0
    assert rep["files"][0]["status"] == "unchanged"
    assert graph_of(net_ws, "tiltak") == g1
    with Workspace.open(net_ws) as ws:
        assert ws.source("tiltak").modified == mod1


def test_removed_row_disappears_and_ids_are_stable(net_ws, tmp_path, run_import):
    f = write_csv(tmp_path / "tiltak.csv", GOOD)
    run_import(net_ws, f, "--network", "digi-innlandet")
    f = write_csv(tmp_path / "tiltak.csv", GOOD[:1])
    res, rep = run_import(net_ws, f, "--network", "digi-innlandet")
    assert rep["files"][0]["status"] == "imported"
    # hamar-tale-01 depended on hamar-plattform, now gone from the file: an error, not a dangling edge
    assert [(e["row"], e["column"], e["value"]) for e in rep["files"][0]["errors"]] == [(2, "avhenger_av", "hamar-plattform")]
    f = write_csv(tmp_path / "tiltak.csv", [GOOD[0][:8] + [""] + GOOD[0][9:]])
    res, rep = run_import(net_ws, f, "--network", "digi-innlandet")
    assert res.exit_code == 0
    with Workspace.open(net_ws) as ws:
        assert not ws.ask("ASK { <%sdigi-innlandet/hamar-plattform> ?p ?o }" % KGID)
        assert ws.ask("ASK { <%sdigi-innlandet/hamar-tale-01> a kg:Initiative ; kg:sourceRow 2 ; kg:localId 'hamar-tale-01' }" % KGID)


def test_strict_writes_nothing_when_a_row_fails(net_ws, tmp_path, run_import):
    bad = ["bad", "Feil", "", "", "Narnia"] + [""] * 14
    f = write_csv(tmp_path / "streng.csv", [GOOD[1], bad])
    res, rep = run_import(net_ws, f, "--strict")
    assert res.exit_code == 1
    assert rep["files"][0]["status"] == "not-written"
    with Workspace.open(net_ws) as ws:
        assert "streng" not in [s.name for s in ws.sources()]


def test_dry_run_writes_nothing(net_ws, tmp_path, run_import):
    f = write_csv(tmp_path / "prove.csv", GOOD)
    res, rep = run_import(net_ws, f, "--dry-run")
    assert res.exit_code == 0
    assert rep["dry_run"] is True and rep["files"][0]["status"] == "dry-run"
    assert rep["files"][0]["accepted"] == 2 and rep["files"][0]["triples"] > 50
    with Workspace.open(net_ws) as ws:
        assert "prove" not in [s.name for s in ws.sources()]


def test_unmapped_columns_are_kept_as_notes(net_ws, tmp_path, run_import):
    f = write_csv(tmp_path / "n.csv", [NODEP + ["Kari Nordmann"]], header=HEADER + ["kontaktperson"])
    res, rep = run_import(net_ws, f)
    assert res.exit_code == 0
    w = rep["files"][0]["warnings"]
    assert w[0]["column"] == "kontaktperson" and w[0]["code"] == "column-unmapped"
    with Workspace.open(net_ws) as ws:
        assert ws.ask("ASK { <%sn/hamar-tale-01> kg:note 'kontaktperson: Kari Nordmann' }" % KGID)


def test_english_headers_and_aliases(net_ws, tmp_path, run_import):
    header = ["ID", " Title ", "Owner", "Municipalities", "Status", "Start", "End", "Risk level", "Personal data"]
    f = write_csv(tmp_path / "en.csv", [["x1", "English row", "Gjøvik", "3407", "Ongoing", "2026-H2", "2027-06", "High", "YES"]],
                  header=header, delimiter=",")
    res, rep = run_import(net_ws, f)
    assert res.exit_code == 0, rep
    with Workspace.open(net_ws) as ws:
        assert ws.ask("""ASK { <%sen/x1> kg:owner kgid:kommune-3407 ; kg:status kgid:status-pagaende ;
                         kg:usesSystem ?s . ?s kg:riskLevel kgid:risiko-hoy ; kg:processesPersonalData true }""" % KGID)


def test_provenance_and_shape_of_the_graph(net_ws, tmp_path, run_import):
    f = write_csv(tmp_path / "prov.csv", GOOD)
    res, rep = run_import(net_ws, f, "--network", "Digi Innlandet", "--source", "digi-2026")
    assert res.exit_code == 0
    sha = rep["files"][0]["sha256"]
    import hashlib
    assert sha == hashlib.sha256(f.read_bytes()).hexdigest()
    with Workspace.open(net_ws) as ws:
        src = ws.source("digi-2026")
        assert (src.kind, src.file, src.sha256, src.network) == ("import", "prov.csv", sha, KGID + "digi-innlandet")
        assert ws.ask("""ASK { GRAPH kgsrc:digi-2026 { kgsrc:digi-2026 a kg:Source ; dct:title 'prov.csv' ;
                         kg:sha256 ?s ; dct:created ?c ; kg:network kgid:digi-innlandet ; kg:toolVersion ?v ;
                         prov:wasDerivedFrom ?f } }""")
        i = f"<{KGID}digi-innlandet/hamar-tale-01>"
        q = f"""ASK {{ {i} kg:period ?p . ?p time:hasBeginning <{KGID}digi-innlandet/hamar-tale-01/start> ;
                 time:hasEnd ?e . ?e kg:earliest '2026-07-01'^^xsd:date ; kg:latest '2026-12-31'^^xsd:date ;
                 kg:precision kgid:presisjon-vindu ; skos:notation '2026-Q3/2026-Q4' .
               {i} kg:dependsOn <{KGID}digi-innlandet/hamar-plattform> ; kg:qualifiedDependency ?d .
               ?d kg:dependencyType kgid:avh-krever ; kg:strength kgid:styrke-hard .
               {i} kg:addresses kgid:competence ; kg:follows kgid:prinsipp-1, kgid:prinsipp-4 ;
                 kg:subjectTo kgid:gdpr ; kg:delivers kgid:tale-til-tekst ; kg:contributesTo <http://metadata.un.org/sdg/9.c> ;
                 kg:vendor kgid:leverandor-eksempel-as ; kg:owner kgid:kommune-3403 ; dct:source <https://example.org/sak/1> ;
                 kg:usesSystem <{KGID}digi-innlandet/hamar-tale-01/system> .
               <{KGID}digi-innlandet/hamar-tale-01/system> kg:dpia kgid:vurdering-ja ; kg:riskLevel kgid:risiko-begrenset .
               kgid:leverandor-eksempel-as a kg:Vendor .
               ?m a org:Membership ; org:member kgid:kommune-3403 ; org:organization kgid:digi-innlandet }}"""
        assert ws.ask(q)
        # no AI system for a row without AI columns
        assert not ws.ask("ASK { <%sdigi-innlandet/hamar-plattform> kg:usesSystem ?s }" % KGID)


def test_new_organisation_and_service_warn_with_closest(net_ws, tmp_path, run_import):
    row = ["o1", "Ny org", "", "Gjøvikvegen Lag", "", "", "", "", "", "", "", "", "Tale til tekstt", "", "", "", "", "", ""]
    f = write_csv(tmp_path / "org.csv", [row])
    res, rep = run_import(net_ws, f)
    assert res.exit_code == 0
    w = {x["code"]: x["reason"] for x in rep["files"][0]["warnings"]}
    assert w["organisation-new"] == ("'Gjøvikvegen Lag' is not in the graph; a new organisation "
                                     "organisasjon-gjovikvegen-lag was added")
    assert w["service-new"] == ("'Tale til tekstt' is not in the graph; a new service tjeneste-tale-til-tekstt was added; "
                                "closest existing: Tale til tekst (tale-til-tekst)")


def test_refuses_to_replace_shipped_sources(net_ws, tmp_path, cli_run):
    f = write_csv(tmp_path / "concepts.csv", GOOD)
    res = cli_run(["--data", net_ws, "--lang", "en", "import", f])
    assert res.exit_code == 2
    assert "already has a source 'concepts' that is not an import (reference); kg will not replace it." in res.stderr


def test_remove_takes_the_import_out(net_ws, tmp_path, run_import, cli_run):
    f = write_csv(tmp_path / "ut.csv", GOOD)
    run_import(net_ws, f)
    res = cli_run(["--data", net_ws, "remove", "ut"])
    assert res.exit_code == 0
    with Workspace.open(net_ws) as ws:
        assert not ws.ask("ASK { <%sut/hamar-tale-01> ?p ?o }" % KGID)


def test_cli_help_and_usage_speak_as_kg_import(cli_run, net_ws, tmp_path):
    res = cli_run(["import", "--help"])
    assert res.exit_code == 0
    # nb by default: "Bruk: <prog> import [VALG] FIL..."
    assert res.stdout.split(" ", 2)[2].startswith("import [VALG] FIL...")
    assert "template" in res.stdout and "--dry-run" in res.stdout and "Avslutningskoder" in res.stdout
    res = cli_run(["--lang", "en", "import", "--help"])
    assert res.stdout.split(" ", 2)[2].startswith("import [OPTIONS] FILE...")   # "Usage: <prog> import …"
    assert "Exit codes" in res.stdout
    res = cli_run(["--data", net_ws, "import", "x.csv", "--no-such-option"])
    assert res.exit_code == 2
    # nb by default: click's own words too
    assert "import --help» for hjelp." in res.stderr and "Ukjent valg" in res.stderr
    assert "import files" not in res.stderr
    res = cli_run(["--data", net_ws, "--lang", "en", "import", "x.csv", "--no-such-option"])
    assert "import --help' for help." in res.stderr and "No such option" in res.stderr
    res = cli_run(["import", "template", "--help"])
    assert res.exit_code == 0 and "kg import template -o tiltak.xlsx" in res.stdout


def test_source_with_several_files_is_refused(net_ws, tmp_path, cli_run):
    a = write_csv(tmp_path / "a.csv", GOOD)
    b = write_csv(tmp_path / "b.csv", GOOD)
    res = cli_run(["--data", net_ws, "--lang", "en", "import", a, b, "--source", "x"])
    assert res.exit_code == 2
    assert "kg: --source names one source; give one file with it" in res.stderr
