"""IDs: a short slug (``ki-plattform``), a full IRI, or a label, all resolve to one node.

An unknown ID raises :class:`~kg.errors.NotFound` with the closest matches.
"""
from __future__ import annotations

import difflib
import re

from kg.errors import KgError, NotFound
from kg.i18n import _FOLD, fold
from kg.vocab import ID, ONT, PREFIXES, SDG, SOURCE

_SDG = str(SDG)
_ID = str(ID)

LABEL_PROPS = ("http://www.w3.org/2004/02/skos/core#prefLabel",
               "http://www.w3.org/2000/01/rdf-schema#label",
               "http://www.w3.org/2004/02/skos/core#altLabel")


def slug(iri: str) -> str:
    """The short id of an IRI: ``…/id/ki-plattform`` → ``ki-plattform``; UN SDG → ``sdg-9.c``;
    ontology terms → ``kg:Initiative``; anything else stays the full IRI."""
    if iri.startswith(_ID):
        return iri[len(_ID):]
    if iri.startswith(_SDG) and "#" not in iri:
        return "sdg-" + iri[len(_SDG):]
    if iri.startswith(ONT):
        return "kg:" + iri[len(ONT):]
    if iri.startswith(str(SOURCE)):
        return "kgsrc:" + iri[len(str(SOURCE)):]
    for p, ns in PREFIXES.items():
        if p not in ("kg", "kgid", "kgsrc", "sdg") and iri.startswith(ns) and len(iri) > len(ns):
            return f"{p}:{iri[len(ns):]}"
    return iri


def iri(slug_: str) -> str:
    """The IRI of a slug (the inverse of :func:`slug`)."""
    s = slug_.strip()
    if s.startswith("<") and s.endswith(">"):
        return s[1:-1]
    m = re.match(r"^([a-z][a-z0-9-]*):(.*)$", s, re.I)
    if m and m[1] in PREFIXES and not m[2].startswith("//"):
        return PREFIXES[m[1]] + m[2]
    if re.match(r"^[a-z][a-z0-9+.-]*:", s, re.I) and not s.startswith(("kg:", "kgsrc:", "sdg-")):
        return s
    if s.startswith("<") and s.endswith(">"):
        return s[1:-1]
    if s.startswith("kg:"):
        return ONT + s[3:]
    if s.startswith("kgsrc:"):
        return str(SOURCE) + s[6:]
    if s.lower().startswith("sdg-"):
        return _SDG + s[4:]
    return _ID + s


def resolve(ws, text: str, *, kinds: tuple[str, ...] = ()) -> str:
    """Resolve a slug, IRI or label to the IRI of a node that is in the workspace.

    Labels match case- and accent-insensitively in nb and en. ``kinds`` (class IRIs)
    narrows label matches. Raises NotFound with the closest matches.
    """
    text = (text or "").strip()
    if not text:
        raise NotFound("An empty id matches nothing.", "En tom id treffer ingenting.")
    candidate = iri(text)
    try:
        if ws.ask("ASK { { ?s ?p ?o } UNION { ?x ?p ?s } }", s=candidate):
            return candidate
    except KgError:  # not a valid IRI: treat it as a label
        pass
    # municipality numbers: 301 / 0301
    if text.isdigit() and len(text) <= 4:
        c = _ID + "kommune-" + text.zfill(4)
        if ws.ask("ASK { ?s ?p ?o }", s=c):
            return c
    key = fold(text)
    exact = [s for s, _, _, _ in label_search(ws, key, exact=True)]
    if kinds and exact:
        typed = [s for s in exact if ws.ask("ASK { ?s a ?k . VALUES ?k { %s } }" % " ".join(f"<{k}>" for k in kinds), s=s)]
        exact = typed or exact
    hit = _one_of(ws, sorted(set(exact)), f"'{text}' matches several nodes; give the id.",
                  f"«{text}» passer med flere noder; oppgi id-en.")
    if hit:
        return hit
    # a local id of an imported row ("di-05" for digi-innlandet/di-05), when only one has it
    if "/" not in text and ":" not in text and " " not in text:
        tail = "/" + key
        hit = _one_of(ws, sorted({s for s, _, _, fs in label_search(ws, tail) if fs.endswith(tail) and s.startswith(_ID)}),
                      f"'{text}' is the local id of several nodes; give the whole id.",
                      f"«{text}» er lokal id for flere noder; oppgi hele id-en.")
        if hit:
            return hit
    near = _closest_folded(key, [(s, f, fs) for s, _, f, fs in label_index(ws)], n=12)
    hidden = internal(ws, [iri(y) for y in near])
    near = [x for x in near if iri(x) not in hidden][:5]
    raise NotFound(f"Nothing in the workspace has the id or label '{text}'.",
                   f"Ingenting i arbeidsområdet har id-en eller navnet «{text}».",
                   suggestions=named(ws, [iri(x) for x in near]))


# the nodes that only hold the parts of another: a period, its ends, a qualified
# dependency, a dated statement, a membership; searches and suggestions leave them out
INTERNAL_TYPES = frozenset({ONT + "Period", ONT + "UncertainInstant", ONT + "Dependency", ONT + "ApplicationDate",
                            "http://www.w3.org/2006/time#Interval", "http://www.w3.org/2006/time#Instant",
                            "http://www.w3.org/ns/org#Membership"})


def internal(ws, iris) -> set[str]:
    """Those of ``iris`` that are internal nodes (:data:`INTERNAL_TYPES`)."""
    iris = sorted(set(iris))
    out: set[str] = set()
    # what this process found out already, while the workspace is the same (kept beside
    # the parsed label index, so a write forgets it)
    kept = _kept_derived(ws)
    known = kept.setdefault("internal", {}) if kept is not None else {}
    out = {x for x in iris if known.get(x)}
    iris = [x for x in iris if x not in known]
    for i in range(0, len(iris), 500):
        chunk = iris[i:i + 500]
        # one VALUES and a FILTER: two VALUES blocks made Oxigraph join them badly (seconds at 1M)
        rows = ws.query("SELECT DISTINCT ?s WHERE { VALUES ?s { %s } ?s a ?t FILTER(?t IN (%s)) }"
                        % (" ".join(f"<{x}>" for x in chunk), ", ".join(f"<{t}>" for t in sorted(INTERNAL_TYPES))))
        found = {r["s"].value for r in rows}
        for x in chunk:
            known[x] = x in found
        out |= found
    return out


def _one_of(ws, iris: list[str], en: str, nb: str) -> str | None:
    """The one of ``iris``; None for none; NotFound naming them all for several."""
    if len(iris) > 1:
        raise NotFound(en, nb, suggestions=named(ws, iris[:8]))
    return iris[0] if iris else None


def named(ws, iris, lang: str = "nb") -> list[str]:
    """Nodes as a person reads them in a suggestion: 'name (id)', or the id alone when
    the node has no name."""
    iris = list(iris)
    labels = labels_for(ws, iris, lang)
    out = []
    for x in iris:
        s, label = slug(x), labels.get(x, "")
        out.append(f"{label} ({s})" if label and label != s else s)
    return out


def closest(text: str, labels: list[tuple[str, str]], n: int = 5) -> list[str]:
    """The closest slugs/labels to ``text`` for a 'did you mean' list."""
    return _closest_folded(fold(text), [(s, fold(l), fold(slug(s))) for s, l in labels], n)


def _closest_folded(key: str, rows: list[tuple[str, str, str]], n: int = 5) -> list[str]:
    """:func:`closest` over (IRI, folded label, folded slug) rows."""
    names: dict[str, str] = {}
    for s, fl, fs in rows:
        if fl not in names:
            names[fl] = slug(s)
        if fs not in names:
            names[fs] = slug(s)
    hits = difflib.get_close_matches(key, list(names), n=n * 2, cutoff=0.5)
    sub = [k for k in names if key and key in k][: n]
    out: list[str] = []
    for k in sub + hits:
        v = names[k]
        if v not in out:
            out.append(v)
    return out[:n]


# The label index: every (IRI, label, folded label, folded slug) of the workspace, kept in
# a file in the workspace folder so `kg query find` and resolving a label do not read and
# fold every label of a large graph on each command (≈70k labels at 1M triples). The
# file is keyed by the source catalog (counts and dates of every source) and removed by
# every write, so a stale index is never used.
INDEX_FILE = "labels.idx"
_INDEX_VERSION = "2"


def _fold_fast(text: str) -> str:
    if text.isascii():
        return " ".join(text.casefold().split())
    # ø, æ, å (the usual letters beyond ASCII here) fold by table: what is ASCII then has
    # nothing left to decompose (kg.i18n.fold's answer, without its pass per character)
    low = text.casefold().translate(_FOLD)
    if low.isascii():
        return " ".join(low.split())
    return fold(text)


def _catalog_key(ws) -> str:
    # a workspace open for reading cannot change while it is open (the shared lock): its
    # key is worked out once per opening
    kept = getattr(ws, "_labels_key", None)
    if kept is not None:
        return kept
    key = _catalog_key_now(ws)
    if getattr(ws, "writable", True) is False:
        try:
            ws._labels_key = key
        except AttributeError:
            pass
    return key


def _catalog_key_now(ws) -> str:
    import hashlib
    rows = ws.query("SELECT ?g ?n ?m WHERE { GRAPH kgsrc:catalog { ?g kg:tripleCount ?n ; dct:modified ?m } }")
    parts = sorted(f"{r['g'].value} {r['n'].value} {r['m'].value}" for r in rows)
    # and the store's files: a write that bypasses the catalog (a direct store update)
    # still adds to the write-ahead log or makes new table files
    import os
    path = getattr(ws, "path", None)
    try:
        with os.scandir(os.path.join(str(path), "store")) as it:
            parts += sorted(f"{e.name} {e.stat().st_size} {e.stat().st_mtime_ns}" for e in it
                            if not e.name.startswith("LOG"))
    except OSError:
        pass
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()


def _esc(t: str) -> str:
    return t.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r") \
        if ("\\" in t or "\t" in t or "\n" in t or "\r" in t) else t


def _line(row) -> str:
    """One index line: the six values tab-separated, each escaped only when it needs it."""
    line = "\t".join(row)
    if line.count("\t") == 5 and "\n" not in line and "\r" not in line and "\\" not in line:
        return line + "\n"
    return "\t".join(_esc(x) for x in row) + "\n"


def _unesc(t: str) -> str:
    if "\\" not in t:
        return t
    out, i = [], 0
    while i < len(t):
        c = t[i]
        if c == "\\" and i + 1 < len(t):
            out.append({"t": "\t", "n": "\n", "r": "\r"}.get(t[i + 1], t[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _build_index(ws) -> list[tuple[str, ...]]:
    """Rows (IRI, label, folded label, folded slug, property number, language tag)."""
    # raw terms through Oxigraph's TSV writer: at 1M (≈100k labels) several times cheaper
    # than a Python term object per value
    from kg.store.terms import term_lang, term_value, tsv_rows
    prop = {p: str(i) for i, p in enumerate(LABEL_PROPS)}
    slugs: dict[str, str] = {}
    folded: dict[str, str] = {}
    out = []
    for p in LABEL_PROPS:
        num = prop[p]
        for s, term in tsv_rows(ws, "SELECT ?s ?l WHERE { ?s <%s> ?l FILTER(isIRI(?s)) }" % p):
            if term.startswith('"'):
                l, lang = term_value(term), term_lang(term)
            else:   # an IRI (its <> already gone), a blank node, or a number or boolean written bare
                l, lang = (term[2:] if term.startswith("_:") else term), ""
            fs = slugs.get(s)
            if fs is None:
                fs = slugs[s] = _fold_fast(slug(s))
            fl = folded.get(l)
            if fl is None:
                fl = folded[l] = _fold_fast(l)
            out.append((s, l, fl, fs, num, lang))
    return out


def _parse_line(line: str) -> tuple[str, str, str, str]:
    a, b, c, d = line.split("\t")[:4]
    if "\\" not in line:  # nothing escaped: the common case
        return a, b, c, d
    return _unesc(a), _unesc(b), _unesc(c), _unesc(d)


def _keep_least(per: dict[str, str], lang: str, label: str) -> None:
    """Of two labels in one language the smallest counts, whatever order the store gives
    them in (the rule of kg.roadmap.model)."""
    if lang not in per or label < per[lang]:
        per[lang] = label


def _labels_from_index(ws, wanted: set[str]) -> dict[str, dict[str, dict[str, str]]]:
    """{IRI: {property: {lang: label}}} of the ``wanted`` IRIs, from the label index."""
    table = _derived(ws, "labels")["labels"]
    return {s: table[s] for s in wanted if s in table}


def _label_table(body: bytes) -> dict[str, dict[str, dict[str, str]]]:
    out: dict[str, dict[str, dict[str, str]]] = {}
    for line in body.decode("utf-8").split("\n"):
        if not line:
            continue
        s, label, _, _, p, lang = line.split("\t")
        if p in ("0", "1"):
            _keep_least(out.setdefault(_unesc(s), {}).setdefault(LABEL_PROPS[int(p)], {}), _unesc(lang), _unesc(label))
    return out


def _haystack(body: bytes) -> tuple[bytes, list[int], list[bytes]]:
    """The folded label and folded slug of each line of the index (``label\tslug``), one
    line per index line, with where each line starts: a search for a word then meets
    only names, never the IRIs every line begins with (all of them hold 'kommune')."""
    lines = body.split(b"\n")
    if lines and not lines[-1]:
        lines.pop()
    cols = b"\t".join(lines).split(b"\t")  # six columns a line; a tab inside a value is escaped
    if len(cols) != 6 * len(lines):  # not the usual shape: line by line
        pieces = [(c[2] + b"\t" + c[3]) if len(c) > 3 else b"" for c in (x.split(b"\t", 4) for x in lines)]
    else:
        pieces = list(map(b"\t".join, zip(cols[2::6], cols[3::6])))
    import operator
    from itertools import accumulate
    # where line k starts: the lengths before it, plus k newlines (C loops, no Python one)
    before = accumulate(map(len, pieces), initial=0)
    starts = list(map(operator.add, before, range(len(pieces))))
    return b"\n".join(pieces) + b"\n", starts, lines


# What the label index gives once parsed, kept in this process while the index file is
# the same (its head holds the catalog key): a long-running `kg serve` then answers a
# search or a label lookup without reading and parsing 70k lines again.
_DERIVED: dict[str, tuple[bytes, bytes, dict]] = {}
_DERIVED_LOCK = __import__("threading").Lock()
_BUILD_LOCK = __import__("threading").Lock()


def _kept_derived(ws) -> dict | None:
    """What this process keeps for ``ws``'s current label index, if anything (nothing
    is read or built here)."""
    hit = _DERIVED.get(str(getattr(ws, "path", None)))
    if hit is None or hit[0] != f"kg-labels {_INDEX_VERSION} {_catalog_key(ws)}\n".encode():
        return None
    return hit[2]


def _table_kept(ws) -> bool:
    """True when this process holds the parsed label table of ``ws``'s current index
    (a dictionary lookup then beats any query)."""
    kept = _kept_derived(ws)
    return kept is not None and "labels" in kept


def _derived(ws, build: str | None = None) -> dict:
    """{"labels": the label table, "hay": the search haystack} of the current index
    (the one named by ``build`` made now if missing; kept for an on-disk workspace only)."""
    import os
    head, body = _index_head_body(ws)
    path = getattr(ws, "path", None)
    d: dict = {}
    if path is not None and os.path.isfile(os.path.join(str(path), "kg.json")):
        with _DERIVED_LOCK:
            hit = _DERIVED.get(str(path))
            if hit is None or hit[0] != head:
                hit = _DERIVED[str(path)] = (head, body, {})
        d = hit[2]
    if build and build not in d:
        with _BUILD_LOCK:  # a second caller waits for the first one's build, not repeat it
            if build not in d:
                d[build] = _label_table(body) if build == "labels" else _haystack(body)
    return d


def _index_body(ws, cache: bool | None = None) -> bytes:
    """The index as UTF-8 text (one ``IRI\tlabel\tfolded\tfolded-slug`` line per label),
    from the cache file when it is there and current, else built (and cached) now."""
    return _index_head_body(ws, cache)[1]


def label_index_body(ws) -> bytes:
    """The label index's lines (without its head, which is keyed by the catalog), read from
    the store now."""
    return "".join(_line(row) for row in _build_index(ws)).encode("utf-8")


def _index_head_body(ws, cache: bool | None = None, body: bytes | None = None) -> tuple[bytes, bytes]:
    """The index's head and lines: kept, read from its file, or (``body`` if given, else
    built now) written to its file."""
    import os
    path = getattr(ws, "path", None)
    if cache is None:
        cache = path is not None and os.path.isfile(os.path.join(str(path), "kg.json"))
    f = os.path.join(str(path), INDEX_FILE) if cache else None
    head = f"kg-labels {_INDEX_VERSION} {_catalog_key(ws)}\n".encode()
    if f and body is None:
        kept = _DERIVED.get(str(path))
        if kept is not None and kept[0] == head and os.path.isfile(f):
            return head, kept[1]  # this process read the same index already
        try:
            with open(f, "rb") as fh:
                if fh.readline() == head:
                    return head, fh.read()
        except OSError:
            pass
    if body is None:
        body = label_index_body(ws)
    if f:
        tmp = f"{f}.tmp-{os.getpid()}"
        try:
            with open(tmp, "wb") as fh:
                fh.write(head)
                fh.write(body)
            os.replace(tmp, f)
        except OSError:  # a read-only folder: work without the cache
            try:
                os.unlink(tmp)
            except OSError:
                pass
    return head, body


def spellings(ws) -> tuple[list, dict, dict, dict]:
    """For close-spelling search: (the rows of :func:`label_index`, folded label → row
    numbers, word → row numbers of labels with a space or a hyphen, word → row numbers of
    labels with a hyphen). Kept beside the parsed index in a long-running process."""
    d = _derived(ws)
    got = d.get("spellings")
    if got is None:
        rows = label_index(ws)
        full: dict[str, list[int]] = {}
        spaced: dict[str, list[int]] = {}
        hyphen: dict[str, list[int]] = {}
        for k, (_, _, f, _) in enumerate(rows):
            full.setdefault(f, []).append(k)
            if " " in f or "-" in f:
                for w in dict.fromkeys(f.replace("-", " ").split()):
                    spaced.setdefault(w, []).append(k)
                    if "-" in f:
                        hyphen.setdefault(w, []).append(k)
        got = d["spellings"] = (rows, full, spaced, hyphen)
    return got


def write_label_index(ws, body: bytes | None = None) -> None:
    """Write the label index file of ``ws`` (without parsing it back): ``body`` as its lines
    (:func:`label_index_body`, read earlier from the same content), else built now."""
    _index_head_body(ws, cache=True, body=body)


def label_index(ws, *, cache: bool | None = None) -> list[tuple[str, str, str, str]]:
    """Every (node IRI, label, folded label, folded slug) of the workspace, from the cached
    index file when it matches the workspace, else read (and cached) now.

    Only an on-disk workspace (its folder holds kg.json) is cached, unless ``cache``."""
    return [_parse_line(line) for line in _index_body(ws, cache).decode("utf-8").split("\n") if line]


def label_search(ws, key: str, *, exact: bool = False) -> list[tuple[str, str, str, str]]:
    """The rows of :func:`label_index` whose folded label contains ``key`` (a folded text)
    or whose folded slug does; with ``exact``, whose folded label equals it. Searches
    the folded names only (UTF-8 matches byte for byte), so only matching lines are
    decoded and parsed."""
    if not key:
        return []
    if any(c in key for c in "\\\t\n\r"):
        rows = [_parse_line(line) for line in _index_body(ws).decode("utf-8").split("\n") if line]
        return [r for r in rows if (r[2] == key if exact else (key in r[2] or key in r[3]))]
    from bisect import bisect_right
    hay, starts, lines = _derived(ws, "hay")["hay"]
    if exact:  # a whole folded label: from a line's start to its tab
        hay, needle = b"\n" + hay, f"\n{key}\t".encode("utf-8")
    else:
        needle = key.encode("utf-8")
    out = []
    pos = 0
    while True:
        i = hay.find(needle, pos)
        if i < 0:
            break
        # (with exact, i is the newline before the line: the line's own start in the
        # haystack without the leading newline)
        k = bisect_right(starts, i) - 1
        row = _parse_line(lines[k].decode("utf-8"))
        if (row[2] == key) if exact else (key in row[2] or key in row[3]):
            out.append(row)
        if k + 1 >= len(starts):
            break
        pos = starts[k + 1]
    return out


def label_match(ws, pattern: bytes) -> list[tuple[str, str, str, str]]:
    """The rows of :func:`label_index` whose whole folded label, or whole folded slug,
    matches ``pattern`` (a regular expression over UTF-8 bytes, without anchors or line
    breaks): one scan of the search haystack, and only the matching lines are parsed."""
    import re
    from bisect import bisect_right
    hay, starts, lines = _derived(ws, "hay")["hay"]
    rx = re.compile(b"(?m)^(?:" + pattern + b")\t|\t(?:" + pattern + b")$")
    out, seen = [], set()
    for m in rx.finditer(hay):
        k = bisect_right(starts, m.start() + (m.group(0)[:1] == b"\t")) - 1
        if k not in seen:
            seen.add(k)
            out.append(_parse_line(lines[k].decode("utf-8")))
    return out


def drop_label_index(path) -> None:
    """Forget the cached label index of the workspace at ``path`` (after every write)."""
    import os
    try:
        os.unlink(os.path.join(str(path), INDEX_FILE))
    except OSError:
        pass


def labels_for(ws, iris, lang: str) -> dict[str, str]:
    """The best label of each IRI in ``lang`` (prefLabel, then rdfs:label, then the slug)."""
    from kg.i18n import best_label
    return {x: best_label(per, lang) if per else slug(x) for x, per in _label_sets(ws, iris).items()}


def texts_for(ws, iris) -> dict:
    """The label of each IRI in both languages, a :class:`kg.i18n.Text` (prefLabel, then
    rdfs:label, then the slug), from the same lookups as :func:`labels_for`."""
    from kg.i18n import Text
    return {x: Text.of(per) if per else Text(slug(x), slug(x)) for x, per in _label_sets(ws, iris).items()}


STORE_LOOKUPS = 10_000


def _index_current(ws) -> bool:
    """Is the label index file of ``ws`` there and current (nothing to build)?"""
    import os
    path = getattr(ws, "path", None)
    if path is None or not os.path.isfile(os.path.join(str(path), "kg.json")):
        return False
    try:
        with open(os.path.join(str(path), INDEX_FILE), "rb") as fh:
            return fh.readline() == f"kg-labels {_INDEX_VERSION} {_catalog_key(ws)}\n".encode()
    except OSError:
        return False


def _label_sets(ws, iris) -> dict[str, dict[str, str]]:
    """{IRI: {lang: label}} of the first label property each IRI has ({} if none)."""
    iris = list(dict.fromkeys(iris))
    out: dict[str, dict[str, dict[str, str]]] = {}
    # many nodes (a hub in `kg query show`, a large diagram): read them from the label
    # index in one pass, when it is current; building it anew (after a write: 2-3 s at 1M)
    # costs more than looking up to STORE_LOOKUPS nodes in the store (0.1 s a thousand)
    if _table_kept(ws) or (len(iris) > 300 and (len(iris) > STORE_LOOKUPS or _index_current(ws))):
        out = _labels_from_index(ws, set(iris))
        iris_todo: list[str] = []
    else:
        iris_todo = iris
    for i in range(0, len(iris_todo), 500):
        chunk = iris_todo[i:i + 500]
        # one VALUES of nodes and a UNION per property: Oxigraph turns it into index
        # lookups (two VALUES blocks made it scan every label of the graph; VALUES of
        # (node, property) pairs is slow beyond a few dozen pairs)
        if len(chunk) <= 25:
            rows = ws.query("SELECT ?s ?p ?l WHERE { VALUES (?s ?p) { %s } ?s ?p ?l }"
                            % " ".join(f"(<{x}> <{p}>)" for x in chunk for p in LABEL_PROPS[:2]))
        else:
            rows = ws.query(
                "SELECT ?s ?p ?l WHERE { VALUES ?s { %s } { ?s <%s> ?l BIND(<%s> AS ?p) } UNION { ?s <%s> ?l BIND(<%s> AS ?p) } }"
                % (" ".join(f"<{x}>" for x in chunk), LABEL_PROPS[0], LABEL_PROPS[0], LABEL_PROPS[1], LABEL_PROPS[1]))
        for r in rows:
            lit = r["l"]
            _keep_least(out.setdefault(r["s"].value, {}).setdefault(r["p"].value, {}), lit.language or "", lit.value)
    result = {}
    for x in iris:
        per = out.get(x, {})
        result[x] = next((per[p] for p in LABEL_PROPS[:2] if p in per), {})
    return result
