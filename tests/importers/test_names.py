"""The names people type in the owner, municipality and vendor columns, and --network:
exact → former municipality names and numbers → one clear close spelling; an ambiguous
name is a row error listing every candidate with number, county and how to write it.

Each rule is tried on hand-written sheets, CSV and XLSX (openpyxl), with the exact
messages in English and Norwegian.
"""
from __future__ import annotations

import json

import pytest

from import_helpers import write_csv, write_xlsx
from kg.store.workspace import Workspace

KGID = "https://w3id.org/kommune-ki/id/"
HEADER = ["id", "tittel", "eier", "kommuner", "leverandør"]


def _sheet(tmp_path, kind, rows, name="navn"):
    if kind == "csv":
        return write_csv(tmp_path / f"{name}.csv", rows, header=HEADER)
    return write_xlsx(tmp_path / f"{name}.xlsx", rows, header=HEADER)


def _import(cli_run, ws, f, *args, lang="en"):
    res = cli_run(["--data", ws, "--lang", lang, "import", f, *args, "--format", "json"])
    rep = json.loads(res.stdout) if res.stdout.strip().startswith("{") else None
    return res, rep


def _by_row(rep, what):
    out = {}
    for x in rep["files"][0][what]:
        out.setdefault(x["row"], []).append(x)
    return out


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_close_spelling_and_former_names_are_read_with_a_warning(net_ws, tmp_path, cli_run, kind):
    rows = [["a", "A", "Lilehammer", "Førde; 1432", ""],
            ["b", "B", "Herøy (Nordland)", "Våler (Innlandet); 3419", ""],
            ["c", "C", "Lillehammer kommune", "Os (Innlandet)", ""]]
    res, rep = _import(cli_run, net_ws, _sheet(tmp_path, kind, rows))
    assert res.exit_code == 0, rep
    w = _by_row(rep, "warnings")
    assert [(x["column"], x["value"], x["code"], x["reason"]) for x in w[2]] == [
        ("eier", "Lilehammer", "name-corrected", "'Lilehammer' read as Lillehammer (kommune-3405)"),
        ("kommuner", "Førde", "name-former", "'Førde' is part of Sunnfjord (kommune-4647) since 2020; read as Sunnfjord"),
        ("kommuner", "1432", "name-former",
         "'1432' (Førde) is part of Sunnfjord (kommune-4647) since 2020; read as Sunnfjord")]
    assert 3 not in w and 4 not in w   # exact names: no warning
    with Workspace.open(net_ws) as ws:
        ns = KGID + "navn/"
        assert ws.ask(f"ASK {{ <{ns}a> kg:owner kgid:kommune-3405 ; kg:participant kgid:kommune-4647 }}")
        assert ws.ask(f"ASK {{ <{ns}b> kg:owner kgid:kommune-1818 ; kg:participant kgid:kommune-3419 }}")
        assert ws.ask(f"ASK {{ <{ns}c> kg:owner kgid:kommune-3405 ; kg:participant kgid:kommune-3430 }}")
        # no new organisation was made for a typo or a former name
        assert not ws.ask("ASK { ?o a kg:Organisation FILTER(STRSTARTS(STR(?o), STR(kgid:organisasjon-))) }")


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_ambiguous_names_are_row_errors_listing_every_candidate(net_ws, tmp_path, cli_run, kind):
    rows = [["a", "A", "Våler", "", ""], ["b", "B", "", "Herøy kommune", ""], ["c", "C", "", "Os", ""],
            ["d", "D", "", "Halsa", ""]]
    res, rep = _import(cli_run, net_ws, _sheet(tmp_path, kind, rows))
    assert res.exit_code == 1
    e = _by_row(rep, "errors")
    assert [(x["column"], x["code"], x["reason"]) for x in e[2]] == [(
        "eier", "organisation-ambiguous",
        "'Våler' is ambiguous (organisation); it may mean: "
        "Våler (Innlandet) (3419, Innlandet): write 'Våler (Innlandet)' or '3419'; "
        "Våler (Østfold) (3114, Østfold): write 'Våler (Østfold)' or '3114'")]
    assert [(x["column"], x["code"], x["reason"]) for x in e[3]] == [(
        "kommuner", "municipality-ambiguous",
        "'Herøy kommune' is ambiguous (municipality); it may mean: "
        "Herøy (Møre og Romsdal) (1515, Møre og Romsdal): write 'Herøy (Møre og Romsdal)' or '1515'; "
        "Herøy (Nordland) (1818, Nordland): write 'Herøy (Nordland)' or '1818'")]
    assert e[4][0]["reason"] == (
        "'Os' is ambiguous (municipality); it may mean: "
        "Os (3430, Innlandet): write 'Os (Innlandet)' or '3430'; "
        "Os (Hordaland) (1243, –2019), today Bjørnafjorden (4624, Vestland): write 'Bjørnafjorden' or '4624'")
    assert (e[5][0]["code"], e[5][0]["reason"]) == (
        "municipality-divided",
        "'Halsa' (Halsa, 1571) was divided between several of today's municipalities; write today's municipality")
    assert rep["files"][0]["accepted"] == 0


def test_ambiguous_name_in_norwegian(net_ws, tmp_path, cli_run):
    res, rep = _import(cli_run, net_ws, _sheet(tmp_path, "csv", [["a", "A", "", "Sande", ""]]), lang="nb")
    assert res.exit_code == 1
    assert rep["files"][0]["errors"][0]["reason"] == (
        "«Sande» er flertydig (kommune); det kan bety: "
        "Sande (1514, Møre og Romsdal): skriv «Sande (Møre og Romsdal)» eller «1514»; "
        "Sande (Vestfold) (0713, –2019), i dag Holmestrand (3903, Vestfold): skriv «Holmestrand» eller «3903»")


def test_norwegian_warnings(net_ws, tmp_path, cli_run):
    res, rep = _import(cli_run, net_ws, _sheet(tmp_path, "csv", [["a", "A", "Lilehammer", "Førde", ""]]), lang="nb")
    assert res.exit_code == 0
    assert [x["reason"] for x in rep["files"][0]["warnings"]] == [
        "«Lilehammer» lest som Lillehammer (kommune-3405)",
        "«Førde» er en del av Sunnfjord (kommune-4647) siden 2020; lest som Sunnfjord"]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_name_close_to_nothing_is_new_and_strict_names_refuses_it(net_ws, tmp_path, cli_run, kind):
    rows = [["a", "A", "Fjellbygda IKS", "", "Helt Ny Leverandør AS"]]
    f = _sheet(tmp_path, kind, rows)
    res, rep = _import(cli_run, net_ws, f, "--dry-run")
    assert res.exit_code == 0
    assert [(x["code"], x["reason"]) for x in rep["files"][0]["warnings"]] == [
        ("organisation-new", "'Fjellbygda IKS' is not in the graph; a new organisation organisasjon-fjellbygda-iks was added"),
        ("vendor-new", "'Helt Ny Leverandør AS' is not in the graph; a new vendor leverandor-helt-ny-leverandor-as was added")]
    res, rep = _import(cli_run, net_ws, f, "--strict-names")
    assert res.exit_code == 1
    assert [(x["column"], x["code"], x["reason"]) for x in rep["files"][0]["errors"]] == [
        ("eier", "organisation-unknown",
         "'Fjellbygda IKS' is no known organisation (--strict-names: no new ones are added)"),
        ("leverandør", "vendor-unknown",
         "'Helt Ny Leverandør AS' is no known vendor (--strict-names: no new ones are added)")]
    with Workspace.open(net_ws) as ws:
        assert not ws.ask("ASK { kgid:organisasjon-fjellbygda-iks ?p ?o }")


def test_vendor_close_spelling_reads_the_existing_vendor(net_ws, tmp_path, cli_run):
    first = _sheet(tmp_path, "csv", [["a", "A", "", "", "Eksempel Data AS"]], name="en")
    assert _import(cli_run, net_ws, first)[0].exit_code == 0
    res, rep = _import(cli_run, net_ws, _sheet(tmp_path, "csv", [["b", "B", "", "", "Eksempel Date AS"]], name="to"))
    assert res.exit_code == 0
    assert [(x["code"], x["reason"]) for x in rep["files"][0]["warnings"]] == [
        ("name-corrected", "'Eksempel Date AS' read as Eksempel Data AS (leverandor-eksempel-data-as)")]
    with Workspace.open(net_ws) as ws:
        assert ws.ask("ASK { <https://w3id.org/kommune-ki/id/to/b> kg:vendor kgid:leverandor-eksempel-data-as }")


def test_network_close_to_an_existing_one_is_refused(net_ws, tmp_path, cli_run):
    f = _sheet(tmp_path, "csv", [["a", "A", "Hamar", "", ""]])
    res = cli_run(["--data", net_ws, "--lang", "en", "import", f, "--network", "Digi Innladet"])
    assert res.exit_code == 2
    assert ("--network: 'Digi Innladet' is not a network, but close to Digi Innlandet (digi-innlandet); "
            "give that name, or add --new-network if it really is a new network.") in res.stderr
    with Workspace.open(net_ws) as ws:
        assert not ws.ask("ASK { kgid:digi-innladet ?p ?o }")
        assert not ws.ask("ASK { <https://w3id.org/kommune-ki/id/navn/a> ?p ?o }")
    res = cli_run(["--data", net_ws, "--lang", "nb", "import", f, "--network", "Digi Innladet"])
    assert res.exit_code == 2
    assert "--network: «Digi Innladet» er ikke et nettverk, men ligner Digi Innlandet (digi-innlandet)" in res.stderr
    res = cli_run(["--data", net_ws, "import", f, "--network", "Digi Innladet", "--new-network"])
    assert res.exit_code == 0, res.stderr
    with Workspace.open(net_ws) as ws:
        assert ws.ask("ASK { kgid:digi-innladet a kg:Network . <https://w3id.org/kommune-ki/id/digi-innladet/a> a kg:Initiative }")
    # the exact name is the existing network
    res = cli_run(["--data", net_ws, "import", f, "--network", "digi innlandet", "--source", "to"])
    assert res.exit_code == 0, res.stderr
    with Workspace.open(net_ws) as ws:
        assert ws.ask("ASK { <https://w3id.org/kommune-ki/id/digi-innlandet/a> a kg:Initiative }")
