"""Query plug-ins share one signature and return data: `run(ws, *, …)` with keyword-only
parameters and no language; text in both languages is a Text, chosen when rendered."""
from __future__ import annotations

import inspect
import json

import pytest

from kg import queries
from kg.i18n import Text
from kg.store.workspace import Workspace


@pytest.mark.parametrize("name", sorted(queries.REGISTRY))
def test_every_query_is_run_ws_keyword_only_without_lang(name):
    params = list(inspect.signature(queries.get(name).run).parameters.values())
    assert params[0].name == "ws" and params[0].kind is params[0].POSITIONAL_OR_KEYWORD, name
    rest = params[1:]
    assert all(p.kind is p.KEYWORD_ONLY for p in rest), (name, [(p.name, p.kind) for p in rest])
    assert "lang" not in {p.name for p in rest}, name
    # a display cap is not a parameter of a question ("limit"); a cost bound is named for what it is
    assert "limit" not in {p.name for p in rest}, name


def _no_text(value):
    """``value`` (an as_dict in one language) with every string replaced by its kind: ids
    (slugs, dates, codes) stay, so two languages compare equal when only text differs."""
    if isinstance(value, dict):
        return {k: _no_text(v) for k, v in value.items()}
    if isinstance(value, list):
        if all(isinstance(v, str) for v in value):
            return len(value)  # a list of names: how many, not in which alphabet's order
        return [_no_text(v) for v in value]
    return "str" if isinstance(value, str) else value


# in data, these keys hold ids and codes (a dependency's type is "requires" in both languages)
ID_KEYS = {"id", "root", "iri", "direction", "level", "via", "source", "dependent", "target", "type", "strength",
           "repeat", "from", "to", "lane", "kind", "text", "earliest", "latest", "starts", "runs", "ends"}


def _ids(value, out=None):
    """Every (key, value) pair of an id-like key anywhere in ``value`` whose value is no
    text: the ids and codes a result names, as a multiset."""
    out = [] if out is None else out
    if isinstance(value, dict):
        for k, v in value.items():
            if k in ID_KEYS and not isinstance(v, dict):
                # the lane of what has none is a word in the JSON contract, "(ingen)" / "(none)"
                out.append((k, json.dumps(None if v in ("(ingen)", "(none)") else v)))
            _ids(v, out)
    elif isinstance(value, list):
        for v in value:
            _ids(v, out)
    return sorted(out)


@pytest.mark.parametrize("name,params", [
    ("deps", {"id": "ki-plattform"}),
    ("deps", {"id": "felles-okosystem", "direction": "down"}),
    ("timeline", {"from_": "2025", "to": "2030"}),
    ("timeline", {"by": "phase", "lane": "challenge"}),
    ("timeline", {"by": "quarter", "from_": "2026", "to": "2027", "lane": "owner"}),
])
def test_as_dict_in_nb_and_en_differs_only_in_text(baseline_dir, name, params):
    with Workspace.open(baseline_dir) as ws:
        res = queries.get(name).run(ws, **params)
    nb, en = res.as_dict("nb"), res.as_dict("en")
    assert nb != en  # the languages do differ ...
    # ... but the data names the same ids, periods, lanes and edges
    assert _ids({k: v for k, v in nb.items() if k != "rows"}) == _ids({k: v for k, v in en.items() if k != "rows"})
    assert len(nb["rows"]) == len(en["rows"]) > 0
    assert sorted(json.dumps([r.get(k) for k in ("id", "level", "via", "source", "n_runs")]) for r in nb["rows"]) == \
        sorted(json.dumps([r.get(k) for k in ("id", "level", "via", "source", "n_runs")]) for r in en["rows"])
    assert sorted(json.dumps(_no_text(r), sort_keys=True) for r in nb["rows"]) == \
        sorted(json.dumps(_no_text(r), sort_keys=True) for r in en["rows"])
    # and without a language, each text is there in both
    both = res.as_dict()
    assert json.loads(json.dumps(both)) == both  # plain JSON
    labels = [r["node"] if name == "deps" else r["runs"] for r in both["rows"]]
    assert any(isinstance(x, dict) and set(x) == {"nb", "en"} for x in labels) or \
        any(isinstance(x, list) and x and set(x[0]) == {"nb", "en"} for x in labels)


def test_deps_rows_hold_data_and_the_tree_is_drawn_when_shown(baseline_dir):
    with Workspace.open(baseline_dir) as ws:
        res = queries.get("deps").run(ws, id="ki-plattform", direction="up")
    first = res.rows[0]
    # the label and the type are Text in both languages; no arrow or indentation stored
    assert isinstance(first["node"], Text) and isinstance(first["type"], Text)
    assert not any(str(r["node"]).startswith((" ", "↑", "↓")) for r in res.rows)
    shown = res.display_rows("en")
    # shown: the arrow, two spaces per level below the first, ↺ for a node shown higher up
    assert all(r["node"].lstrip().startswith("↑ ") for r in shown)
    assert all(r["node"].startswith("  " * (r["level"] - 1) + "↑") for r in shown)
    assert [r["node"].endswith("(↺)") for r in shown] == [r["repeat"] for r in res.layouts["en"]["rows"]]
    assert {r["type"] for r in shown} <= {"requires", "enables", "informs"}
    assert {r["type"] for r in res.display_rows("nb")} <= {"krever", "muliggjør", "informerer"}


def test_no_display_limit_in_the_answer(baseline_dir):
    # order names every initiative of a wave; the text table shortens (to --limit) and says so
    with Workspace.open(baseline_dir) as ws:
        res = queries.get("order").run(ws)
    from kg.exports import table
    n_all = sum(len(r["initiatives"]) for r in res.display_rows("en"))
    assert n_all == sum(len(w) for w in res.data["waves"])
    text = table.render(res, "table", "en", limit=1)
    assert "--limit N, --format csv or json has all" in text


def test_a_name_list_note_holds_every_name_and_the_renderer_caps_it():
    from kg.exports import table
    from kg.query_results import QueryResult
    from kg.results import NameList, col
    # by hand: 14 names; the text and Markdown tables show the first 12 and "… +2"
    # (kg.exports.table.NOTE_NAMES), display_notes without a cap shows all 14
    names = [Text(f"Kommune {k:02d}", f"Municipality {k:02d}") for k in range(14)]
    res = QueryResult([col("id", "id")], [{"id": "a"}], kind="x",
                      notes=[NameList(Text("Kommuner: ", "Municipalities: "), names)])
    assert len(res.notes[0].names) == 14
    whole = res.display_notes("en")[0]
    assert whole.startswith("Municipalities: Municipality 00; ") and whole.endswith("Municipality 13")
    shown = table.render(res, "table", "en").splitlines()[-1]
    assert shown == "Municipalities: " + "; ".join(f"Municipality {k:02d}" for k in range(12)) + " … +2"
    assert table.render(res, "md", "nb").splitlines()[-1].endswith("Kommune 11 … +2")


@pytest.mark.parametrize("name", ["vendors", "sustainability"])
def test_the_lenses_hold_text_in_both_languages_not_a_layout_per_language(baseline_dir, name):
    with Workspace.open(baseline_dir) as ws:
        res = queries.get(name).run(ws)
    assert not res.layouts
    assert all(isinstance(n, Text) for n in res.notes)
    if name == "sustainability":
        goal = res.rows[0]
        assert goal["level"] == Text("mål", "goal") and isinstance(goal["label"], Text)
        assert res.as_dict("en")["rows"][0]["level"] == "goal"
