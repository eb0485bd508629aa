"""Two things the web and the CLI must agree on, over real HTTP against a real `kg serve`:
a timeline download draws the lanes the page shows (lanes by challenge included), and a
what-if change is read by the library's own parser (the one `kg query impact --change`
uses), so a bad one gets the CLI's message as a 400."""
from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest
from web_support import Server, make_web_ws


@pytest.fixture(scope="module")
def web_ws(tmp_path_factory):
    # this module's own workspace and server: the lanes and bars below are worked out by
    # hand from the baseline, which other modules' writes (an upload) would change
    return make_web_ws(tmp_path_factory.mktemp("web-downloads"))


@pytest.fixture(scope="module")
def server(web_ws):
    s = Server(web_ws)
    yield s
    s.stop()


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=120) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8")


def _page_lanes(html: str) -> list[str]:
    """The lane names the timeline page draws, top to bottom."""
    import html as h
    return [h.unescape(x) for x in re.findall(r'<text class="lane-label"[^>]*>([^<]*)</text>', html)]


def _page_bars(html: str) -> list[str]:
    return re.findall(r'<g class="bar[^"]*" data-id="([^"]+)"', html)


def _gantt(text: str) -> list[tuple[str, list[str]]]:
    """(section, [task lines]) of a Mermaid gantt chart, milestones' section left out."""
    out: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("section "):
            out.append((line[len("section "):], []))
        elif out and " :" in line:
            out[-1][1].append(line)
    return out


@pytest.mark.parametrize("query", ["lane=challenge", "lane=challenge&phase=fase-planlagt", "lane=phase",
                                   "lane=owner"])
def test_timeline_download_draws_the_lanes_the_page_shows(server, query):
    status, page = _get(f"{server.url}/timeline?{query}&lang=nb")
    assert status == 200
    lanes, bars = _page_lanes(page), _page_bars(page)
    assert lanes and bars
    status, mmd = _get(f"{server.url}/download/timeline.mmd?{query}&lang=nb")
    assert status == 200
    # the initiatives' sections (the regulation milestones have a section of their own)
    sections = [(name, tasks) for name, tasks in _gantt(mmd) if any(re.search(r"[:,] ?b_", t) for t in tasks)]
    assert [s for s, _ in sections] == lanes
    # as many bars per lane as the page draws (an initiative in two lanes: once in each)
    assert sum(len(tasks) for _, tasks in sections) == len(bars)
    if query == "lane=challenge":
        # by hand, from the seed's kg:addresses (as in test_browser): five challenges by
        # name; ki-plan and felles-okosystem address two each, so 12 bars in all
        assert lanes == ["Anskaffelsesutfordringer", "Kompetanse og kapasitet", "Organisatoriske forhold",
                         "Tekniske forutsetninger", "Usikkerhet rundt regelverk"]
        assert len(bars) == 12
        ids = re.findall(r"[:,] ?(b_[A-Za-z0-9_]+),", mmd)
        assert len(ids) == len(set(ids)) == 12  # each task its own id, ki-plan's two included
        # the owner lanes are not what is drawn
        assert "KS – Kommunesektorens organisasjon" not in mmd
    # the DOT drawing (what the SVG, PNG and PDF are made from) has the same lane names
    status, dot = _get(f"{server.url}/download/timeline.dot?{query}&lang=nb")
    assert status == 200
    for lane in lanes:
        assert f"<B>{lane}</B>" in dot.replace("&#8211;", "–")


def test_timeline_download_refuses_an_unknown_lane(server):
    status, body = _get(f"{server.url}/download/timeline.mmd?lane=kommune&lang=en")
    assert status == 400
    assert "lane must be one of owner, phase, challenge, network" in body


def _cli_error(cli_run, ws, *change: str) -> str:
    args = ["--data", str(ws), "--lang", "en", "query", "impact"]
    for c in change:
        args += ["--change", c]
    r = cli_run(args)
    assert r.exit_code == 2, r.stdout + r.stderr
    return r.stderr.strip().removeprefix("kg: ")


@pytest.mark.parametrize("change", [["ki-plattform:banana"], ["ki-plattform"], ["ki-plattform:6m", "ki-plattform:1y"],
                                    [":6m"]])
def test_what_if_change_errors_are_the_clis(server, web_ws, cli_run, change):
    expected = _cli_error(cli_run, web_ws, *change)
    q = urllib.parse.urlencode([("change", c) for c in change] + [("lang", "en")])
    status, body = _get(f"{server.url}/api/impact?{q}")
    assert status == 400
    assert json.loads(body)["error"] == expected
    status, html = _get(f"{server.url}/impact?{q}")
    assert status == 400
    import html as h
    assert expected in h.unescape(html)


def test_what_if_date_with_and_without_at_is_one_change(server):
    # '@' says "a date" explicitly; the library reads ki-plattform:@2027-H2 as ki-plattform:2027-H2
    a = json.loads(_get(f"{server.url}/api/impact?change=ki-plattform:@2027-H2")[1])
    b = json.loads(_get(f"{server.url}/api/impact?change=ki-plattform:2027-H2")[1])
    def same(moves):  # each move names the change as typed; everything else is the schedule's
        return [{k: v for k, v in m.items() if k != "change"} for m in moves]
    assert same(a["moves"]) == same(b["moves"]) and a["moves"]
    # by hand: ki-plattform is "2026+" with no end in the seed; the new end is 2027-H2
    assert a["moves"][0]["id"] == "ki-plattform" and a["moves"][0]["end_new"] == "2027-H2"
    assert a["changes"][0]["to"] == "2027-H2" and a["changes"][0]["slip"] is None
