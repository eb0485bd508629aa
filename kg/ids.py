"""IDs: a short slug (``ki-plattform``), a full IRI, or a label, all resolve to one node.

An unknown ID raises :class:`~kg.errors.NotFound` with the closest matches.
"""
from __future__ import annotations

import difflib
import re

from kg.errors import KgError, NotFound
from kg.i18n import fold
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
    for i in range(0, len(iris), 500):
        chunk = iris[i:i + 500]
        rows = ws.query("SELECT DISTINCT ?s WHERE { VALUES ?s { %s } VALUES ?t { %s } ?s a ?t }"
                        % (" ".join(f"<{x}>" for x in chunk), " ".join(f"<{t}>" for t in sorted(INTERNAL_TYPES))))
        out |= {r["s"].value for r in rows}
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
    return fold(text)


def _catalog_key(ws) -> str:
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
    rows = ws.query("SELECT ?s ?p ?l WHERE { VALUES ?p { %s } ?s ?p ?l FILTER(isIRI(?s)) }"
                    % " ".join(f"<{p}>" for p in LABEL_PROPS))
    prop = {p: str(i) for i, p in enumerate(LABEL_PROPS)}
    slugs: dict[str, str] = {}
    out = []
    for r in rows:
        s, lit = r["s"].value, r["l"]
        l = lit.value
        fs = slugs.get(s)
        if fs is None:
            fs = slugs[s] = _fold_fast(slug(s))
        out.append((s, l, _fold_fast(l), fs, prop[r["p"].value], getattr(lit, "language", None) or ""))
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
    out: dict[str, dict[str, dict[str, str]]] = {}
    for line in _index_body(ws).decode("utf-8").split("\n"):
        head = line.split("\t", 1)[0]
        s = _unesc(head)
        if s not in wanted:
            continue
        _, label, _, _, p, lang = line.split("\t")
        if p in ("0", "1"):
            _keep_least(out.setdefault(s, {}).setdefault(LABEL_PROPS[int(p)], {}), _unesc(lang), _unesc(label))
    return out


def _index_body(ws, cache: bool | None = None) -> bytes:
    """The index as UTF-8 text (one ``IRI\tlabel\tfolded\tfolded-slug`` line per label),
    from the cache file when it is there and current, else built (and cached) now."""
    import os
    path = getattr(ws, "path", None)
    if cache is None:
        cache = path is not None and os.path.isfile(os.path.join(str(path), "kg.json"))
    f = os.path.join(str(path), INDEX_FILE) if cache else None
    head = f"kg-labels {_INDEX_VERSION} {_catalog_key(ws)}\n".encode()
    if f:
        try:
            with open(f, "rb") as fh:
                if fh.readline() == head:
                    return fh.read()
        except OSError:
            pass
    body = "".join("\t".join(_esc(x) for x in row) + "\n" for row in _build_index(ws)).encode("utf-8")
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
    return body


def label_index(ws, *, cache: bool | None = None) -> list[tuple[str, str, str, str]]:
    """Every (node IRI, label, folded label, folded slug) of the workspace, from the cached
    index file when it matches the workspace, else read (and cached) now.

    Only an on-disk workspace (its folder holds kg.json) is cached, unless ``cache``."""
    return [_parse_line(line) for line in _index_body(ws, cache).decode("utf-8").split("\n") if line]


def label_search(ws, key: str, *, exact: bool = False) -> list[tuple[str, str, str, str]]:
    """The rows of :func:`label_index` whose folded label contains ``key`` (a folded text)
    or whose folded slug does; with ``exact``, whose folded label equals it. Searches the
    index's bytes directly (UTF-8 matches byte for byte), so only matching lines are
    decoded and parsed."""
    if not key:
        return []
    body = _index_body(ws)
    if any(c in key for c in "\\\t\n\r"):
        rows = [_parse_line(line) for line in body.decode("utf-8").split("\n") if line]
        return [r for r in rows if (r[2] == key if exact else (key in r[2] or key in r[3]))]
    needle = (f"\t{key}\t" if exact else key).encode("utf-8")
    out = []
    pos, n = 0, len(body)
    while True:
        i = body.find(needle, pos)
        if i < 0:
            break
        a = body.rfind(b"\n", 0, i) + 1
        b = body.find(b"\n", i)
        b = n if b < 0 else b
        row = _parse_line(body[a:b].decode("utf-8"))
        if (row[2] == key) if exact else (key in row[2] or key in row[3]):
            out.append(row)
        pos = b + 1
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
    iris = list(dict.fromkeys(iris))
    out: dict[str, dict[str, dict[str, str]]] = {}
    # many nodes (a hub in `kg query show`, a large diagram): read them from the label
    # index in one pass; looking up thousands of nodes in the store costs seconds at 1M
    if len(iris) > 300:
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
    from kg.i18n import best_label
    result = {}
    for x in iris:
        per = out.get(x, {})
        for p in LABEL_PROPS[:2]:
            if p in per:
                result[x] = best_label(per[p], lang)
                break
        else:
            result[x] = slug(x)
    return result
