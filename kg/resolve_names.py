"""Resolve the names people type in spreadsheets to nodes of the graph.

One :class:`Resolver` reads the labels, types and numbers it needs in a few SPARQL passes
and then answers every cell from memory, so a 10,000-row import does not run 10,000
queries. Matching is case- and accent-tolerant (:func:`kg.i18n.fold`):

* municipalities by number with or without the leading zero (``301``, ``0301``), by the
  short or the official name, and by each part of a parallel name (``Unjárga - Nesseby``
  matches ``Unjárga``, ``unjarga``, ``Nesseby``); a trailing ``kommune`` is ignored;
* organisations, challenges, principles (also by number 1–5), regulations, services,
  networks and initiatives by slug or label (nb, en, alternative labels);
* SDG targets and goals by UN number (``9.c``, ``SDG 11.3``, ``sdg-9.c``);
* the closed columns (status, yes/no, assessments, risk level, reuse, data location) by
  their Norwegian or English words.

Something unknown raises :class:`Unresolved` with the closest matches.
"""
from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field

from .i18n import fold
from .ids import slug as slug_of
from .vocab import ID, ONT, ORG, SDG, SDGO, SOURCE

import pyoxigraph as ox

CATALOG = str(SOURCE["catalog"])
_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_LABEL_PREDS = tuple(ox.NamedNode("http://www.w3.org/2004/02/skos/core#" + x)
                     for x in ("prefLabel", "altLabel", "hiddenLabel", "notation")) + (
    ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),)

_ID = str(ID)
_SDG = str(SDG)
SKOS_NOTATION = "http://www.w3.org/2004/02/skos/core#notation"

CLASSES = {
    "municipality": (ONT + "Municipality", ONT + "CountyMunicipality"),
    "organisation": (ONT + "Organisation", ONT + "Municipality", ONT + "CountyMunicipality",
                     ONT + "Network", ONT + "Vendor", str(ORG["Organization"]), str(ORG["FormalOrganization"]),
                     "http://data.europa.eu/m8g/PublicOrganisation"),
    "network": (ONT + "Network",),
    "vendor": (ONT + "Vendor",),
    "challenge": (ONT + "Challenge",),
    "principle": (ONT + "Principle",),
    "regulation": (ONT + "Regulation", ONT + "Provision"),
    "service": (ONT + "Service",),
    "initiative": (ONT + "Initiative",),
    "status": (ONT + "Status",),
    "risk": (ONT + "RiskLevel",),
    "assessment": (ONT + "AssessmentStatus",),
    "reuse": (ONT + "ReuseStatus",),
    "location": (ONT + "DataLocation",),
    "sdg": (str(SDGO["Target"]), str(SDGO["Goal"])),
}

NAMES = {  # kind -> (nb, en) for messages
    "municipality": ("kommune", "municipality"),
    "organisation": ("organisasjon", "organisation"),
    "network": ("nettverk", "network"),
    "vendor": ("leverandør", "vendor"),
    "challenge": ("utfordring", "challenge"),
    "principle": ("prinsipp", "principle"),
    "regulation": ("regelverk", "regulation"),
    "service": ("tjeneste", "service"),
    "initiative": ("tiltak", "initiative"),
    "status": ("status", "status"),
    "risk": ("risikonivå", "risk level"),
    "assessment": ("vurdering", "assessment"),
    "reuse": ("gjenbruk", "reuse"),
    "location": ("datalagring", "data location"),
    "sdg": ("bærekraftsmål, delmål eller indikator", "SDG goal, target or indicator"),
    "bool": ("ja/nei", "yes/no"),
}

# The closed columns: the words accepted (folded) -> the slug of the concept.
_YES = ("ja", "yes", "true", "1", "j", "y", "sant")
_NO = ("nei", "no", "false", "0", "n", "usant")
CLOSED: dict[str, dict[str, str]] = {
    "status": {
        **dict.fromkeys(("ide", "idé", "idea", "status-ide"), "status-ide"),
        **dict.fromkeys(("planlagt", "planned", "status-planlagt"), "status-planlagt"),
        **dict.fromkeys(("pagaende", "pågående", "ongoing", "i gang", "status-pagaende"), "status-pagaende"),
        **dict.fromkeys(("etablert", "established", "status-etablert"), "status-etablert"),
        **dict.fromkeys(("avsluttet", "completed", "ferdig", "status-avsluttet"), "status-avsluttet"),
        **dict.fromkeys(("stanset", "stopped", "stoppet", "status-stanset"), "status-stanset"),
    },
    "assessment": {
        **dict.fromkeys(_YES + ("vurdering-ja", "gjennomfort", "done"), "vurdering-ja"),
        **dict.fromkeys(_NO + ("vurdering-nei",), "vurdering-nei"),
        **dict.fromkeys(("ikke relevant", "ikke-relevant", "not relevant", "not-relevant", "n/a", "na",
                         "vurdering-ikke-relevant"), "vurdering-ikke-relevant"),
    },
    "risk": {
        **dict.fromkeys(("forbudt", "prohibited", "uakseptabel", "unacceptable", "risiko-forbudt"), "risiko-forbudt"),
        **dict.fromkeys(("hoy", "høy", "high", "hoy risiko", "high risk", "risiko-hoy"), "risiko-hoy"),
        **dict.fromkeys(("begrenset", "limited", "limited risk", "risiko-begrenset"), "risiko-begrenset"),
        **dict.fromkeys(("minimal", "minimal risk", "lav", "low", "risiko-minimal"), "risiko-minimal"),
    },
    "reuse": {
        **dict.fromkeys(_YES + ("delt", "shared", "gjenbruk-ja"), "gjenbruk-ja"),
        **dict.fromkeys(("plan", "planlagt", "planned", "gjenbruk-plan"), "gjenbruk-plan"),
        **dict.fromkeys(_NO + ("gjenbruk-nei",), "gjenbruk-nei"),
    },
    "location": {
        **dict.fromkeys(("norge", "norway", "no", "lagring-norge"), "lagring-norge"),
        **dict.fromkeys(("eos", "eøs", "eea", "eu", "eu/eos", "eu/eøs", "lagring-eos"), "lagring-eos"),
        **dict.fromkeys(("utenfor-eos", "utenfor eos", "utenfor-eøs", "utenfor eøs", "outside-eea", "outside eea",
                         "lagring-utenfor-eos"), "lagring-utenfor-eos"),
    },
}
BOOL = {**dict.fromkeys(_YES, True), **dict.fromkeys(_NO, False)}

# what each kind accepts, shown when a value is not understood
ACCEPTED = {  # kind -> (nb, en)
    "status": ("idé, planlagt, pågående, etablert, avsluttet, stanset",
               "idea, planned, ongoing, established, completed, stopped (or the Norwegian words)"),
    "assessment": ("ja, nei, ikke relevant", "yes, no, not relevant"),
    "risk": ("forbudt, høy, begrenset, minimal", "prohibited, high, limited, minimal"),
    "reuse": ("ja, plan, nei", "yes, plan, no"),
    "location": ("norge, eøs, utenfor-eøs", "norway, eea, outside-eea"),
    "bool": ("ja/nei, yes/no, true/false, 1/0", "yes/no, ja/nei, true/false, 1/0"),
}


class Unresolved(Exception):
    """A name that matches nothing (or several things). ``suggestions`` are slugs/labels."""

    def __init__(self, kind: str, text: str, suggestions: list[str] | None = None, ambiguous: bool = False):
        super().__init__(text)
        self.kind = kind
        self.text = text
        self.suggestions = list(suggestions or [])
        self.ambiguous = ambiguous

    def reason(self) -> tuple[str, str]:
        """(en, nb) messages."""
        nb_kind, en_kind = NAMES.get(self.kind, (self.kind, self.kind))
        if self.ambiguous:
            en = f"'{self.text}' matches several {en_kind} nodes; use the id"
            nb = f"«{self.text}» passer med flere ({nb_kind}); bruk id-en"
        elif self.kind in ACCEPTED:
            en = f"'{self.text}' is not a valid {en_kind}; use one of: {ACCEPTED[self.kind][1]}"
            nb = f"«{self.text}» er ikke gyldig {nb_kind}; bruk en av: {ACCEPTED[self.kind][0]}"
        else:
            en = f"unknown {en_kind} '{self.text}'"
            nb = f"ukjent {nb_kind} «{self.text}»"
        if self.suggestions:
            en += "; closest: " + ", ".join(self.suggestions)
            nb += "; nærmeste: " + ", ".join(self.suggestions)
        return en, nb


@functools.lru_cache(maxsize=200_000)
def _fold(text: str) -> str:
    return fold(text)


@functools.lru_cache(maxsize=200_000)
def _key(text: str) -> str:
    return _fold(text).replace("_", " ").replace("-", " ").strip()


_KOMMUNE_SUFFIX = re.compile(r"\s+(kommune|municipality|fylkeskommune|county municipality|county)$")
_LEADING_NUMBER = re.compile(r"^(\d{3,4})(?:\s+|\s*[-–:]\s*)\S")
_SDG_TEXT = re.compile(r"^(?:sdg|mal|delmal|goal|target|fn)?\s*[-:]?\s*(\d{1,2})(?:\.([0-9]{1,2}|[a-z]))?$")


@dataclass
class _Index:
    members: set[str] = field(default_factory=set)
    by_key: dict[str, set[str]] = field(default_factory=dict)

    def add(self, key: str, iri: str) -> None:
        if key:
            self.by_key.setdefault(key, set()).add(iri)


class Resolver:
    """Names → IRIs for one workspace. Each kind is read from the graph the first time it
    is asked for (members first, labels only when a slug does not match), so resolving a
    few municipalities and statuses does not read 100,000 initiative labels."""

    def __init__(self, ws, exclude: str | None = None):
        self.ws = ws
        self.exclude = exclude   # a source graph IRI to ignore (the import about to replace it)
        self.index: dict[str, _Index] = {k: _Index() for k in CLASSES}
        self.labels: dict[str, dict[str, str]] = {}
        self._members_loaded: set[str] = set()
        self._labels_loaded: set[str] = set()
        self._numbers: dict[str, str] | None = None
        self._principles: dict[int, str] | None = None
        self._munis: set[str] | None = None
        self.last_fuzzy: str | None = None   # the word a typo was read as, by the last lookup
        self._memo: dict = {}

    # ------------------------------------------------------------------ loading
    # Read with the store's quad index directly: a SPARQL pattern over a variable graph
    # (needed to leave out the source being replaced) is far slower in Oxigraph.
    def _quads(self, s=None, p=None, o=None):
        skip = {self.exclude, CATALOG}
        for q in self.ws.store.quads_for_pattern(s, p, o, None):
            g = q.graph_name
            if getattr(g, "value", None) in skip:
                continue
            yield q

    def ix(self, kind: str, labels: bool = True) -> _Index:
        """The index of ``kind``, loaded as far as needed."""
        idx = self.index[kind]
        if kind not in self._members_loaded:
            self._members_loaded.add(kind)
            for c in CLASSES[kind]:
                for q in self._quads(None, _TYPE, ox.NamedNode(c)):
                    if isinstance(q.subject, ox.NamedNode):
                        idx.members.add(q.subject.value)
        if labels and kind not in self._labels_loaded and kind != "sdg":
            self._labels_loaded.add(kind)
            members = idx.members
            for p in _LABEL_PREDS:
                if len(members) < 5000:
                    quads = (q for m in members for q in self._quads(ox.NamedNode(m), p, None))
                else:
                    quads = (q for q in self._quads(None, p, None) if q.subject.value in members)
                for q in quads:
                    lit = q.object
                    if not isinstance(lit, ox.Literal):
                        continue
                    s_ = q.subject.value
                    self.labels.setdefault(s_, {}).setdefault(lit.language or "", lit.value)
                    for k in self._label_keys(lit.value, kind):
                        idx.add(k, s_)
            for m in list(members):
                sl = slug_of(m)
                idx.add(_key(sl), m)
                idx.add(_fold(sl), m)
        return idx

    @property
    def numbers(self) -> dict[str, str]:
        """Official numbers: "0301" -> municipality, "03" -> county."""
        if self._numbers is None:
            self._numbers = {}
            for q in self._quads(None, ox.NamedNode(ONT + "organisationNumber"), None):
                n = q.object.value.strip()
                if n.isdigit():
                    self._numbers.setdefault(n.zfill(4) if len(n) >= 3 else n.zfill(2), q.subject.value)
        return self._numbers

    @property
    def proper_municipalities(self) -> set[str]:
        if self._munis is None:
            self._munis = {q.subject.value for q in self._quads(None, _TYPE, ox.NamedNode(ONT + "Municipality"))}
        return self._munis

    @property
    def principle_numbers(self) -> dict[int, str]:
        if self._principles is None:
            self._principles = {}
            principles = self.members("principle")
            for q in self._quads(None, ox.NamedNode(ONT + "principleNumber"), None):
                if q.subject.value in principles:
                    try:
                        self._principles[int(q.object.value)] = q.subject.value
                    except ValueError:
                        pass
        return self._principles

    def members(self, kind: str) -> set[str]:
        return self.ix(kind, labels=False).members

    @staticmethod
    def _label_keys(label: str, kind: str) -> list[str]:
        f = _fold(label)
        keys = [_key(label), f]
        if kind in ("municipality", "organisation"):
            # parallel names: "Unjárga - Nesseby", "Porsanger - Porsángu - Porsanki"
            parts = [p for p in re.split(r"\s+[-–]\s+", label) if p.strip()]
            if len(parts) > 1:
                keys += [_key(p) for p in parts]
            stripped = _KOMMUNE_SUFFIX.sub("", f)
            if stripped != f:
                keys.append(_key(stripped))
        return keys

    # ------------------------------------------------------------------ adding
    def add(self, kind: str, iri: str, *labels: str) -> None:
        """Make a node the import creates resolvable for the rest of the file."""
        self._memo.clear()
        idx = self.ix(kind)
        idx.members.add(iri)
        idx.add(_key(slug_of(iri)), iri)
        for l in labels:
            for k in self._label_keys(l, kind):
                idx.add(k, iri)

    def has(self, kind: str) -> bool:
        """Does the graph hold any node of this kind (reference data loaded)?"""
        return bool(self.members(kind))

    # ------------------------------------------------------------------ lookups
    def find(self, kind: str, text: str, *, fuzzy: bool = False) -> str:
        """The IRI of the node of ``kind`` named ``text``, or raise :class:`Unresolved`.

        Answers are remembered (a sheet repeats the same few names thousands of times)."""
        key = (kind, text, fuzzy)
        hit = self._memo.get(key)
        if hit is None:
            try:
                hit = (self._find(kind, text, fuzzy=fuzzy), self.last_fuzzy)
            except Unresolved as u:
                hit = (u, None)
            self._memo[key] = hit
        if isinstance(hit[0], Unresolved):
            self.last_fuzzy = None
            raise hit[0]
        self.last_fuzzy = hit[1]
        return hit[0]

    def _find(self, kind: str, text: str, *, fuzzy: bool = False) -> str:
        raw = " ".join(str(text).split())
        self.last_fuzzy = None
        if not raw:
            raise Unresolved(kind, raw)
        if kind in CLOSED:
            return self._closed(kind, raw, fuzzy)
        if kind == "sdg":
            return self._sdg(raw)
        if kind == "municipality":
            hit = self._number(raw)
            if hit:
                return hit
            if raw.isdigit():
                raise Unresolved(kind, raw, self._near_numbers(raw))
        if kind == "organisation":
            hit = self._number(raw)
            if hit:
                return hit
        if kind == "principle":
            m = re.match(r"^(?:prinsipp|principle|p)?\s*-?\s*([1-9])$", fold(raw))
            if m:
                n = int(m[1])
                if n in self.principle_numbers:
                    return self.principle_numbers[n]
                if not self.principle_numbers and 1 <= n <= 5:
                    return _ID + f"prinsipp-{n}"
                raise Unresolved(kind, raw, [slug_of(s) for _, s in sorted(self.principle_numbers.items())])
        idx = self.ix(kind, labels=False)
        # a full IRI or a kgid slug
        if raw.startswith(("http://", "https://")) and raw in idx.members:
            return raw
        if _ID + raw in idx.members:
            return _ID + raw
        if raw.startswith("kgid:") and _ID + raw[5:] in idx.members:
            return _ID + raw[5:]
        idx = self.ix(kind)
        for key in (_key(raw), _fold(raw), _key(_KOMMUNE_SUFFIX.sub("", _fold(raw)))):
            hits = idx.by_key.get(key)
            if hits:
                if len(hits) == 1:
                    return next(iter(hits))
                # 'Oslo' is the municipality and the county: the municipality wins
                munis = hits & self.proper_municipalities
                if len(munis) == 1 and kind in ("municipality", "organisation"):
                    return next(iter(munis))
                raise Unresolved(kind, raw, sorted(slug_of(h) for h in hits)[:6], ambiguous=True)
        raise Unresolved(kind, raw, self.closest(kind, raw))

    def closest(self, kind: str, text: str, n: int = 3) -> list[str]:
        """The closest names of ``kind`` to ``text`` (as 'label (slug)')."""
        idx = self.ix(kind)
        key = _key(text)
        keys = list(idx.by_key)
        hits = difflib.get_close_matches(key, keys, n=n * 3, cutoff=0.6)
        if len(key) >= 3:
            hits += [k for k in keys if k.startswith(key) or (len(key) >= 4 and key in k)][: n * 2]
        out: list[str] = []
        for k in hits:
            for s in sorted(idx.by_key[k]):
                name = self.display(s)
                if name not in out:
                    out.append(name)
        return out[:n]

    def display(self, iri: str) -> str:
        labels = self.labels.get(iri, {})
        label = labels.get("nb") or labels.get("") or labels.get("en") or next(iter(labels.values()), "")
        s = slug_of(iri)
        return f"{label} ({s})" if label and fold(label) != fold(s) else s

    def _number(self, raw: str) -> str | None:
        t = raw.strip()
        if t.isdigit() and len(t) <= 4:
            return self.numbers.get(t.zfill(4) if len(t) >= 3 else t.zfill(2))
        m = _LEADING_NUMBER.match(t)
        if m:
            return self.numbers.get(m[1].zfill(4))
        return None

    def _near_numbers(self, raw: str) -> list[str]:
        z = raw.zfill(4)
        near = difflib.get_close_matches(z, list(self.numbers), n=3, cutoff=0.7)
        return [self.display(self.numbers[k]) for k in near]

    def _closed(self, kind: str, raw: str, fuzzy: bool) -> str:
        words = CLOSED[kind]
        key = _fold(raw)
        s = words.get(key) or words.get(key.replace("_", " ")) or words.get(key.replace(" ", "-"))
        if s is None:
            # a label of a concept of that class in the graph (the reference data may
            # have more words than the built-in table)
            hits = self.ix(kind).by_key.get(_key(raw))
            if hits and len(hits) == 1:
                return next(iter(hits))
            if fuzzy:
                near = difflib.get_close_matches(key, list(words), n=1, cutoff=0.75)
                if near:
                    s = words[near[0]]
                    self.last_fuzzy = self.display(_ID + s)
            if s is None:
                raise Unresolved(kind, raw)   # the message lists the words accepted
        iri = _ID + s
        idx = self.ix(kind)
        if idx.members and iri not in idx.members:
            # the reference data names the concept differently: find it by its words
            for w, target in words.items():
                if target == s and idx.by_key.get(_key(w)) and len(idx.by_key[_key(w)]) == 1:
                    return next(iter(idx.by_key[_key(w)]))
        return iri

    def boolean(self, raw: str, *, fuzzy: bool = False) -> bool:
        key = _fold(" ".join(str(raw).split()))
        self.last_fuzzy = None
        if key in BOOL:
            return BOOL[key]
        if fuzzy:
            near = difflib.get_close_matches(key, list(BOOL), n=1, cutoff=0.75)
            if near:
                self.last_fuzzy = "ja/yes" if BOOL[near[0]] else "nei/no"
                return BOOL[near[0]]
        raise Unresolved("bool", raw)

    @property
    def indicators(self) -> tuple[dict[str, set[str]], dict[str, list[str]]]:
        """SDG indicators (every node with sdgo:isIndicatorOf: the UN's and any national
        set): (folded notation or IRI → indicators, indicator → the targets it measures)."""
        if getattr(self, "_indicators", None) is None:
            by_key: dict[str, set[str]] = {}
            targets: dict[str, list[str]] = {}
            for q in self._quads(None, ox.NamedNode(str(SDGO["isIndicatorOf"])), None):
                if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode):
                    targets.setdefault(q.subject.value, []).append(q.object.value)
                    by_key.setdefault(q.subject.value, set()).add(q.subject.value)
            for x in list(targets):
                for q in self._quads(ox.NamedNode(x), ox.NamedNode(SKOS_NOTATION), None):
                    by_key.setdefault(fold(q.object.value).replace(" ", ""), set()).add(x)
            self._indicators = (by_key, {x: sorted(set(ts)) for x, ts in targets.items()})
        return self._indicators

    def indicator_targets(self, iri: str) -> list[str]:
        """The targets an indicator measures ([] when ``iri`` is no indicator)."""
        return self.indicators[1].get(iri, [])

    def _sdg(self, raw: str) -> str:
        # a goal or target by IRI, or an indicator (the UN's or a national one) by IRI or notation
        if raw.startswith(("http://", "https://")):
            if raw in self.ix("sdg", labels=False).members or raw in self.indicators[1]:
                return raw
        as_target = _SDG_TEXT.match(re.sub(r"^sdg-?", "", fold(raw).replace(" ", "")))
        ind = None if as_target else (self.indicators[0].get(fold(raw).replace(" ", "")) or self.indicators[0].get(raw))
        if ind and len(ind) == 1:
            return next(iter(ind))
        if ind:
            raise Unresolved("sdg", raw, sorted(slug_of(x) for x in ind)[:3], ambiguous=True)
        t = fold(raw).replace(" ", "")
        t = re.sub(r"^sdg-?", "", t)
        m = _SDG_TEXT.match(t) or _SDG_TEXT.match(fold(raw))
        if not m or not (1 <= int(m[1]) <= 17):
            raise Unresolved("sdg", raw, self.closest("sdg", raw))
        code = str(int(m[1])) + (f".{m[2]}" if m[2] else "")
        iri = _SDG + code
        idx = self.ix("sdg", labels=False)
        if idx.members and iri not in idx.members:
            raise Unresolved("sdg", raw, [slug_of(x) for x in sorted(idx.members)
                                          if x.startswith(_SDG + str(int(m[1])) + ".")][:3])
        return iri


def slugify(text: str, max_len: int = 80) -> str:
    """A stable slug of a free-text id or name: 'Hamar TALE 01' → 'hamar-tale-01'."""
    s = fold(str(text))
    s = re.sub(r"[^a-z0-9.]+", "-", s).strip("-.")
    s = re.sub(r"-{2,}", "-", s)
    return s[:max_len].strip("-") or "x"
