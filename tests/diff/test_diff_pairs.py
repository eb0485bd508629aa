"""Hand-made pairs of roadmaps, one per kind of change, read through kg.roadmap.model in memory."""
from __future__ import annotations

import random
from datetime import date

import pytest

from diff_builder import PREFIXES, Ini, turtle, view
from kg.diff.compare import diff, load_text, months_between, shift_of, timeline_changes
from kg.roadmap.timewin import parse_when

D = date


def base() -> list[Ini]:
    return [
        Ini("plan", "KI-plan", "AI plan", phase="fase-pagaende", status="status-pagaende", owners=["ks"],
            participants=["kommune-0301"], start=(D(2026, 1, 1), D(2026, 3, 31)), end=(D(2026, 12, 1), D(2026, 12, 31)),
            challenges=["competence"], principles=["prinsipp-1"], regulations=["gdpr"]),
        Ini("plattform", "KI-plattform", "AI platform", phase="fase-planlagt", status="status-planlagt",
            owners=["ks"], start=(D(2026, 7, 1), D(2026, 9, 30)), end=(D(2027, 10, 1), D(2027, 12, 31)),
            deps={"plan": ("requires", "hard")}, challenges=["technical"], principles=["prinsipp-5"],
            regulations=["ai-act"]),
    ]


def only(d, kind):
    cs = d.of_kind(kind)
    assert len(cs) == 1, [c.as_dict() for c in d.changes]
    return cs[0]


def run(change, lang="en"):
    a = base()
    b = [i.copy() for i in a]
    change(b)
    return diff(view(a), view(b), lang=lang)


def test_same_roadmap_is_equal():
    d = diff(view(base()), view(base()))
    assert d.equal and d.changes == [] and d.other_added_count == d.other_removed_count == 0


def test_added_initiative():
    d = run(lambda b: b.append(Ini("fabrikk", "KI-fabrikk", "AI factory", owners=["ki-norge"],
                                   start=(D(2027, 1, 1), D(2027, 1, 1)))))
    c = only(d, "added")
    assert (c.id, c.label) == ("fabrikk", "AI factory")
    assert c.new["start"].earliest == D(2027, 1, 1)
    assert [o.id for o in c.new["owners"]] == ["ki-norge"]
    assert d.other_added_count == 0  # the new initiative's statements are not listed again
    assert len(d.changes) == 1


def test_removed_initiative():
    d = run(lambda b: b.pop(0))
    c = only(d, "removed")
    assert c.id == "plan" and c.label == "AI plan"
    assert len(d.changes) == 1 and d.other_removed_count == 0


def test_moved_start_window_compares_earliest_and_latest_separately():
    def ch(b):
        b[1].start = (D(2026, 7, 1), D(2026, 12, 31))  # 2026-Q3 -> 2026-Q3/2026-Q4
    c = only(run(ch), "moved")
    assert c.field == "start"
    assert (c.shift.earliest_days, c.shift.latest_days) == (0, 92)
    assert (c.shift.earliest_months, c.shift.latest_months) == (0, 3)


def test_moved_end_by_six_months():
    def ch(b):
        b[0].end = (D(2027, 6, 1), D(2027, 6, 30))
    d = run(ch)
    c = only(d, "moved")
    assert c.field == "end" and c.id == "plan"
    assert c.shift.earliest_days == (D(2027, 6, 1) - D(2026, 12, 1)).days
    assert c.shift.earliest_months == 6 and c.shift.latest_months == 6


def test_dates_set_and_removed():
    def ch(b):
        b[0].start = None
        b[1].end = None
    d = run(ch)
    moved = {(c.id, c.field): c for c in d.of_kind("moved")}
    assert moved[("plan", "start")].new is None and moved[("plan", "start")].shift.earliest_days is None
    assert moved[("plattform", "end")].old is not None and moved[("plattform", "end")].new is None


def test_phase_and_status_changed():
    def ch(b):
        b[1].phase = "fase-pagaende"
        b[1].status = "status-pagaende"
    d = run(ch)
    p, s = only(d, "phase"), only(d, "status")
    assert (p.old.id, p.new.id) == ("fase-planlagt", "fase-pagaende")
    assert (s.old.id, s.new.id) == ("status-planlagt", "status-pagaende")


def test_owner_changed():
    def ch(b):
        b[0].owners = ["digdir"]
    c = only(run(ch), "owner")
    assert [o.id for o in c.old] == ["ks"] and [o.id for o in c.new] == ["digdir"]
    assert c.new[0].label == "DIGDIR"  # labels come from the graph


@pytest.mark.parametrize("attr,field,value", [
    ("challenges", "challenges", "economy"),
    ("principles", "principles", "prinsipp-3"),
    ("regulations", "regulations", "ki-loven"),
    ("participants", "participants", "kommune-4601"),
])
def test_links_added(attr, field, value):
    def ch(b):
        getattr(b[0], attr).append(value)
    c = only(run(ch), "links")
    assert c.field == field and [i.id for i in c.added] == [value] and c.removed == []


@pytest.mark.parametrize("attr,field", [("challenges", "challenges"), ("principles", "principles"),
                                        ("regulations", "regulations"), ("participants", "participants")])
def test_links_removed(attr, field):
    def ch(b):
        setattr(b[0], attr, [])
    c = only(run(ch), "links")
    assert c.field == field and c.added == [] and len(c.removed) == 1


def test_dependency_added_removed_and_retyped():
    def add(b):
        b[0].deps["plattform"] = ("informs", "soft")
    c = only(run(add), "links")
    assert c.field == "dependencies" and c.added[0].id == "plattform" and c.added[0].note == "informs, soft"

    def rm(b):
        b[1].deps = {}
    c = only(run(rm), "links")
    assert c.field == "dependencies" and c.removed[0].id == "plan"

    def retype(b):
        b[1].deps["plan"] = ("enables", "soft")
    c = only(run(retype), "dependency")
    assert c.old == {"type": "requires", "strength": "hard"} and c.new == {"type": "enables", "strength": "soft"}


def test_renamed_and_parent():
    def ch(b):
        b[0].en = "National AI plan"
        b[1].parent = "plan"
    d = run(ch)
    r = only(d, "renamed")
    assert (r.field, r.old, r.new) == ("en", "AI plan", "National AI plan")
    p = only(d, "parent")
    assert p.old is None and p.new.id == "plan"


def test_regulation_entry_into_force_moved():
    reg = ('kgid:ki-loven a kg:Regulation ; skos:prefLabel "KI-loven"@nb ; kg:entryIntoForce '
           '[ kg:earliest "{}"^^xsd:date ; kg:latest "{}"^^xsd:date ] .')
    a = view(base(), extra=[reg.format("2026-07-01", "2026-12-31")])
    b = view(base(), extra=[reg.format("2027-01-01", "2027-06-30")])
    c = only(diff(a, b), "regulation-moved")
    assert c.id == "ki-loven" and c.shift.earliest_months == 6 and c.shift.latest_months == 6
    assert diff(a, b).other_added_count == 0  # the entry window is compared once, as a move


def test_blank_node_ids_order_and_notation_do_not_count():
    a = turtle(base(), rng=random.Random(1))
    b = turtle(base(), rng=random.Random(2))
    assert a != b
    d = diff(load_text(a), load_text(b))
    assert d.equal, d.as_dict()


def test_blank_nodes_outside_initiatives_compared_by_content():
    extra_a = ['kgid:ks kg:funding [ a kg:Funding ; kg:durationYears 3 ; kg:note "x" ] .']
    extra_b = ['kgid:ks kg:funding [ kg:note "x" ; kg:durationYears 3 ; a kg:Funding ] .']
    assert diff(view(base(), extra=extra_a), view(base(), extra=extra_b)).equal
    extra_c = ['kgid:ks kg:funding [ a kg:Funding ; kg:durationYears 4 ; kg:note "x" ] .']
    d = diff(view(base(), extra=extra_a), view(base(), extra=extra_c))
    assert not d.equal
    assert d.other_added_count >= 1 and d.other_removed_count >= 1


def test_provenance_timestamps_do_not_count():
    a = view(base(), modified="2026-01-01T00:00:00Z")
    b = view(base(), modified="2026-11-24T12:00:00Z")
    assert diff(a, b).equal


def test_other_statements_are_listed_with_labels():
    def ch(b):
        b[0].description = "Ny beskrivelse"
    d = run(ch)
    assert d.changes == []
    assert d.other_added_count == 1 and d.other_removed_count == 0
    st = d.other_added[0]
    assert (st.subject, st.predicate, st.subject_label) == ("plan", "dct:description", "AI plan")
    assert "Ny beskrivelse" in st.object


def test_labels_follow_the_language():
    def ch(b):
        b[0].challenges.append("economy")
    nb = only(run(ch, "nb"), "links")
    en = only(run(ch, "en"), "links")
    assert (nb.label, nb.added[0].label) == ("KI-plan", "Utfordring economy")
    assert (en.label, en.added[0].label) == ("AI plan", "Challenge economy")


def test_simple_and_qualified_dependency_mean_the_same():
    a = base()
    ta = PREFIXES + "kgid:x a kg:Initiative ; kg:dependsOn kgid:y .\n"
    tb = PREFIXES + ("kgid:x a kg:Initiative ; kg:dependsOn kgid:y ; kg:qualifiedDependency kgid:x-avh-y .\n"
                     "kgid:x-avh-y kg:dependencyOn kgid:y ; kg:dependencyType kgid:avh-krever ; kg:strength kgid:styrke-hard .\n")
    assert diff(load_text(ta), load_text(tb)).equal
    assert a  # base unused here; the pair is the test


def test_months_between_and_shift_of():
    assert months_between(D(2026, 9, 30), D(2027, 3, 31)) == 6  # month ends stay month ends
    assert months_between(D(2026, 1, 15), D(2026, 2, 16)) is None
    w = parse_when("2026-Q3")
    assert shift_of(w, parse_when("2026-07-01/2026-09-30")) is None  # same window, other spelling
    s = shift_of(w, w.shifted(months=6))
    assert (s.earliest_months, s.latest_months) == (6, 6)


def test_timeline_changes_for_the_diagram():
    a = base()
    b = [i.copy() for i in a]
    b[0].end = (D(2027, 6, 1), D(2027, 6, 30))
    b.append(Ini("ny", "Ny", start=(D(2027, 1, 1), D(2027, 1, 1))))
    b.pop(1)
    t = timeline_changes(view(a), view(b))
    base_ = "https://w3id.org/kommune-ki/id/"
    assert t[base_ + "plan"].status == "moved"
    assert t[base_ + "plan"].old_end.earliest == D(2026, 12, 1) and t[base_ + "plan"].new_end.earliest == D(2027, 6, 1)
    assert t[base_ + "plan"].old_start == t[base_ + "plan"].new_start
    assert t[base_ + "ny"].status == "added" and t[base_ + "ny"].old_start is None
    assert t[base_ + "plattform"].status == "removed" and t[base_ + "plattform"].new_end is None


def test_gaps_appeared_and_closed_from_kg_check():
    from kg.check import engine as checking
    a = base()
    b = [i.copy() for i in a]
    b[0].owners = []          # owner-missing appears
    b[1].principles = []      # principle-missing appears
    va, vb = view(a), view(b)
    ga = checking.check(va).as_dict("en")["results"]
    gb = checking.check(vb).as_dict("en")["results"]
    d = diff(va, vb, lang="en", gaps=(ga, gb))
    appeared = {(c.id, c.field) for c in d.of_kind("gap-appeared")}
    assert ("plan", "owner-missing") in appeared and ("plattform", "principle-missing") in appeared
    back = diff(vb, va, lang="en", gaps=(gb, ga))
    closed = {(c.id, c.field) for c in back.of_kind("gap-closed")}
    assert closed == appeared
    assert d.gaps_compared and all(c.detail["message"] for c in d.of_kind("gap-appeared"))


def test_sources_added_removed_and_changed():
    src = 'kgsrc:nett2 a kg:Source ; dct:title "Nettverk 2"@nb ; kg:sha256 "{}" ; dct:modified "{}"^^xsd:dateTime .'
    a = view(base())
    b = view(base(), extra=[src.format("aaa", "2026-01-01T00:00:00Z")])
    c = view(base(), extra=[src.format("bbb", "2026-02-01T00:00:00Z")])
    d = view(base(), extra=[src.format("aaa", "2026-03-01T00:00:00Z")])
    added = only(diff(a, b), "source-added")
    assert (added.id, added.label) == ("kgsrc:nett2", "Nettverk 2")
    assert only(diff(b, a), "source-removed").id == "kgsrc:nett2"
    changed = only(diff(b, c), "source-changed")
    assert changed.detail["predicates"] == ["kg:sha256"]
    assert diff(b, d).equal  # only the timestamp differs
