"""IDs: a short slug (``ki-plattform``), a full IRI, or a label, all resolve to one node.

An unknown ID raises :class:`~kg.errors.NotFound` with the closest matches.
"""
from __future__ import annotations

import difflib
import re

from .errors import KgError, NotFound
from .i18n import fold
from .vocab import ID, ONT, PREFIXES, SDG, SOURCE

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
    labels = all_labels(ws)
    exact = [s for s, l in labels if fold(l) == key]
    if kinds and exact:
        typed = [s for s in exact if ws.ask("ASK { ?s a ?k . VALUES ?k { %s } }" % " ".join(f"<{k}>" for k in kinds), s=s)]
        exact = typed or exact
    uniq = sorted(set(exact))
    if len(uniq) == 1:
        return uniq[0]
    if len(uniq) > 1:
        raise NotFound(f"'{text}' matches several nodes; give the id.",
                       f"«{text}» passer med flere noder; oppgi id-en.",
                       suggestions=[slug(s) for s in uniq[:8]])
    raise NotFound(f"Nothing in the workspace has the id or label '{text}'.",
                   f"Ingenting i arbeidsområdet har id-en eller navnet «{text}».",
                   suggestions=closest(text, labels))


def closest(text: str, labels: list[tuple[str, str]], n: int = 5) -> list[str]:
    """The closest slugs/labels to ``text`` for a 'did you mean' list."""
    key = fold(text)
    names: dict[str, str] = {}
    for s, l in labels:
        names.setdefault(fold(l), slug(s))
        names.setdefault(fold(slug(s)), slug(s))
    hits = difflib.get_close_matches(key, list(names), n=n * 2, cutoff=0.5)
    sub = [k for k in names if key and key in k][: n]
    out: list[str] = []
    for k in sub + hits:
        v = names[k]
        if v not in out:
            out.append(v)
    return out[:n]


def all_labels(ws) -> list[tuple[str, str]]:
    """Every (node IRI, label) pair in the workspace: prefLabel, rdfs:label, altLabel."""
    rows = ws.query("SELECT ?s ?l WHERE { VALUES ?p { %s } ?s ?p ?l FILTER(isIRI(?s)) }"
                    % " ".join(f"<{p}>" for p in LABEL_PROPS))
    return [(r["s"].value, r["l"].value) for r in rows]


def labels_for(ws, iris, lang: str) -> dict[str, str]:
    """The best label of each IRI in ``lang`` (prefLabel, then rdfs:label, then the slug)."""
    iris = list(dict.fromkeys(iris))
    out: dict[str, dict[str, dict[str, str]]] = {}
    for i in range(0, len(iris), 500):
        chunk = iris[i:i + 500]
        rows = ws.query(
            "SELECT ?s ?p ?l WHERE { VALUES ?s { %s } VALUES ?p { <%s> <%s> } ?s ?p ?l }"
            % (" ".join(f"<{x}>" for x in chunk), LABEL_PROPS[0], LABEL_PROPS[1]))
        for r in rows:
            lit = r["l"]
            out.setdefault(r["s"].value, {}).setdefault(r["p"].value, {})[lit.language or ""] = lit.value
    from .i18n import best_label
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
