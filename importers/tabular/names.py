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

from kg.i18n import fold
from kg.ids import slug as slug_of
from kg.vocab import ID, ONT, ORG, SDG, SDGO, SOURCE

SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"

import pyoxigraph as ox

CATALOG = str(SOURCE) + "catalog"
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
                     ONT + "Network", ONT + "Vendor", str(ORG) + "Organization", str(ORG) + "FormalOrganization",
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
    "sdg": (str(SDGO) + "Target", str(SDGO) + "Goal"),
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


@dataclass(frozen=True)
class Candidate:
    """One thing an ambiguous name may mean, and how to write it so it means only that."""

    iri: str
    en: str
    nb: str
    write: tuple[str, ...]


@dataclass(frozen=True)
class Note:
    """What a name was read as, when it was not an exact match: a warning for the report."""

    code: str      # name-corrected | name-former
    en: str
    nb: str


class Unresolved(Exception):
    """A name that matches nothing (or several things). ``suggestions`` are slugs/labels."""

    def __init__(self, kind: str, text: str, suggestions: list[str] | None = None, ambiguous: bool = False,
                 candidates: list[Candidate] | None = None, divided: tuple[str, str] | None = None,
                 strict: bool = False):
        super().__init__(text)
        self.kind = kind
        self.text = text
        self.suggestions = list(suggestions or [])
        self.ambiguous = ambiguous
        self.candidates = list(candidates or [])   # for an ambiguous name: every one it may mean
        self.divided = divided                    # (en, nb) when a former municipality was divided
        self.strict = strict                      # --strict-names: a name close to nothing known

    def reason(self) -> tuple[str, str]:
        """(en, nb) messages."""
        nb_kind, en_kind = NAMES.get(self.kind, (self.kind, self.kind))
        if self.divided:
            return self.divided
        if self.candidates:
            en = f"'{self.text}' is ambiguous ({en_kind}); it may mean: " + "; ".join(c.en for c in self.candidates)
            nb = f"«{self.text}» er flertydig ({nb_kind}); det kan bety: " + "; ".join(c.nb for c in self.candidates)
            return en, nb
        if self.strict:
            en = f"'{self.text}' is no known {en_kind} (--strict-names: no new ones are added)"
            nb = f"«{self.text}» er ingen kjent {nb_kind} (--strict-names: nye legges ikke til)"
        elif self.ambiguous:
            en = f"'{self.text}' matches several {en_kind} nodes; use the id"
            nb = f"«{self.text}» passer med flere ({nb_kind}); bruk id-en"
        elif self.kind in ACCEPTED:
            en = f"'{self.text}' is not a valid {en_kind}; use one of: {ACCEPTED[self.kind][1]}"
            nb = f"«{self.text}» er ikke gyldig {nb_kind}; bruk en av: {ACCEPTED[self.kind][0]}"
        else:
            en = f"unknown {en_kind} '{self.text}'"
            nb = f"ukjent {nb_kind} «{self.text}»"
        if self.suggestions and not self.strict:
            en += "; closest: " + ", ".join(self.suggestions)
            nb += "; nærmeste: " + ", ".join(self.suggestions)
        return en, nb


@functools.lru_cache(maxsize=200_000)
def _fold(text: str) -> str:
    if text.isascii():   # fold's answer for ASCII: nothing to decompose or translate
        return " ".join(text.lower().split())
    return fold(text)


@functools.lru_cache(maxsize=200_000)
def _key(text: str) -> str:
    return _fold(text).replace("_", " ").replace("-", " ").strip()


# kinds with too many members to read every name of for one lookup (Resolver._looked_up)
LOOKED_UP = ("initiative",)
# kinds whose skos:notation is a code, not a name a sheet gives them by (the tens of
# thousands of notations on an initiative's dated instants are not read for it)
CODED = ("initiative",)
_NOTATION = ox.NamedNode(SKOS_NOTATION)


def _name_preds(kind: str) -> tuple:
    """The predicates whose literals name a node of ``kind``: every label, and
    skos:notation unless ``kind`` is :data:`CODED`. The one rule of both of
    :class:`Resolver`'s ways of reading names (:meth:`Resolver.ix` and
    :meth:`Resolver._keys_of`)."""
    return tuple(p for p in _LABEL_PREDS if not (p == _NOTATION and kind in CODED))


def _slug_keys(node: str) -> tuple[str, str]:
    """The keys a node's slug gives it (what each of its names gives it:
    :meth:`Resolver._name_keys`)."""
    sl = slug_of(node)
    return _key(sl), _fold(sl)


_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")
NAME_KINDS = ("municipality", "organisation", "network", "vendor")
_DIGITS = re.compile(r"\d+")
_CLOSE = 0.85       # the least similarity (difflib ratio) for a close spelling
_CLEAR = 0.05       # how far ahead of the next one a close spelling must be to be taken
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


@dataclass
class _Former:
    """Former municipalities (reference data municipality-history.ttl)."""

    by_key: dict[str, set[str]] = field(default_factory=dict)     # folded name -> former IRIs
    by_number: dict[str, str] = field(default_factory=dict)       # "1432" -> former IRI
    name: dict[str, str] = field(default_factory=dict)
    number: dict[str, str] = field(default_factory=dict)
    until: dict[str, str] = field(default_factory=dict)
    successor: dict[str, str] = field(default_factory=dict)       # former IRI -> today's IRI


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
        self.last_note: Note | None = None   # what the last name was read as (former name, typo)
        self._memo: dict = {}
        self.generation = 0   # how often the remembered answers were dropped (_forget)
        self._former: _Former | None = None
        self._county_of: dict[str, str] | None = None
        self._others: dict[str, dict[str, set[str]]] = {}   # kind -> its names not in the label index
        self._spelled: dict[str, set[str]] | None = None  # label index: key -> nodes

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
            for p in _name_preds(kind):
                if len(members) < 5000:
                    quads = (q for m in members for q in self._quads(ox.NamedNode(m), p, None))
                else:
                    quads = (q for q in self._quads(None, p, None) if q.subject.value in members)
                for q in quads:
                    s_ = q.subject.value
                    for k in self._name_keys(kind, s_, q.object):
                        idx.add(k, s_)
            for m in list(members):
                for k in _slug_keys(m):
                    idx.add(k, m)
        return idx

    def _name_keys(self, kind: str, node: str, name) -> list[str]:
        """The keys ``name`` (the object of one of :func:`_name_preds`) gives ``node`` of
        ``kind``, none when it is no literal; the name is kept for messages (the first in
        each language)."""
        if not isinstance(name, ox.Literal):
            return []
        self.labels.setdefault(node, {}).setdefault(name.language or "", name.value)
        return self._label_keys(name.value, kind)

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

    def _member(self, kind: str, iri: str) -> bool:
        """Is ``iri`` a node of ``kind``? Asked of the store's index for that one node until
        the kind's members are read anyway (a dependency named by id need not read the
        20,000 initiatives of a large workspace)."""
        if kind in self._members_loaded or iri in self.index[kind].members:
            return iri in self.index[kind].members
        try:
            node = ox.NamedNode(iri)
        except ValueError:
            return False
        return any(True for c in CLASSES[kind] for _ in self._quads(node, _TYPE, ox.NamedNode(c)))

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
            base = _QUALIFIER.sub("", label)
            if base != label and base.strip():
                keys.append(_key(base))   # "Våler (Innlandet)" is also "Våler" (then ambiguous)
        return keys

    # ------------------------------------------------------------------ adding
    def add(self, kind: str, iri: str, *labels: str) -> None:
        """Make a node the import creates resolvable for the rest of the file."""
        self._forget()
        idx = self.ix(kind)
        idx.members.add(iri)
        idx.add(_key(slug_of(iri)), iri)
        if labels:
            self.labels.setdefault(iri, {}).setdefault("", labels[0])   # suggestions read 'name (id)'
        for l in labels:
            for k in self._label_keys(l, kind):
                idx.add(k, iri)

    def _forget(self) -> None:
        """Forget the remembered answers (the index grew); :attr:`generation` counts it, so
        a caller that keeps answers of its own knows when to drop them."""
        self._memo.clear()
        self.generation += 1

    # ------------------------------------------------------------------ lookups
    def find(self, kind: str, text: str, *, fuzzy: bool = False, close: bool | None = None) -> str:
        """The IRI of the node of ``kind`` named ``text``, or raise :class:`Unresolved`.

        Names of organisations, municipalities, networks and vendors are read in three
        steps (:meth:`_name`): exact, then former municipality names and numbers, then a
        close spelling (``close``, on by default for those kinds). What a name was read as,
        when not exactly, is in :attr:`last_note`.

        Answers are remembered (a sheet repeats the same few names thousands of times)."""
        if close is None:
            close = kind in NAME_KINDS
        key = (kind, text, fuzzy, close)
        hit = self._memo.get(key)
        if hit is None:
            try:
                hit = (self._find(kind, text, fuzzy=fuzzy, close=close), self.last_fuzzy, self.last_note)
            except Unresolved as u:
                hit = (u, None, None)
            self._memo[key] = hit
        self.last_fuzzy, self.last_note = hit[1], hit[2]
        if isinstance(hit[0], Unresolved):
            raise hit[0]
        return hit[0]

    def _find(self, kind: str, text: str, *, fuzzy: bool = False, close: bool = False) -> str:
        raw = " ".join(str(text).split())
        self.last_fuzzy = None
        self.last_note = None
        if not raw:
            raise Unresolved(kind, raw)
        if kind in CLOSED:
            return self._closed(kind, raw, fuzzy)
        if kind == "sdg":
            return self._sdg(raw)
        if kind in ("municipality", "organisation"):
            hit = self._number(raw) or self._former_number(raw)
            if hit:
                return hit
            if raw.isdigit() and (kind == "municipality" or len(raw) in (3, 4)):
                raise Unresolved(kind, raw, self._near_numbers(raw))
        if kind == "principle":
            m = re.match(r"^(?:prinsipp|principle|p)?\s*-?\s*([1-9])$", fold(raw))
            if m:
                n = int(m[1])
                if n in self.principle_numbers:
                    return self.principle_numbers[n]
                if not self.principle_numbers and 1 <= n <= 5:
                    return _ID + f"prinsipp-{n}"
                self.ix(kind)
                raise Unresolved(kind, raw, [self.display(s) for _, s in sorted(self.principle_numbers.items())])
        # a full IRI or a kgid slug
        if raw.startswith(("http://", "https://")) and self._member(kind, raw):
            return raw
        if self._member(kind, _ID + raw):
            return _ID + raw
        if raw.startswith("kgid:") and self._member(kind, _ID + raw[5:]):
            return _ID + raw[5:]
        if kind in NAME_KINDS:
            return self._name(kind, raw, close)
        if kind in LOOKED_UP and kind not in self._labels_loaded:
            by_key = self._looked_up(kind, raw)
        else:
            by_key = self.ix(kind).by_key
        for key in (_key(raw), _fold(raw), _key(_KOMMUNE_SUFFIX.sub("", _fold(raw)))):
            hits = by_key.get(key)
            if hits:
                if len(hits) == 1:
                    return next(iter(hits))
                # 'Oslo' is the municipality and the county: the municipality wins
                munis = hits & self.proper_municipalities
                if len(munis) == 1 and kind in ("municipality", "organisation"):
                    return next(iter(munis))
                raise Unresolved(kind, raw, sorted(slug_of(h) for h in hits)[:6], ambiguous=True)
        if kind in LOOKED_UP and kind not in self._labels_loaded:
            raise Unresolved(kind, raw, self._looked_up_closest(kind, raw))
        raise Unresolved(kind, raw, self.closest(kind, raw))

    # ------------------------------------------------------------------ many members
    def _looked_up(self, kind: str, raw: str) -> dict[str, set[str]]:
        """{lookup key of ``raw``: the nodes of ``kind`` it names}, as :meth:`ix`'s index
        would answer, without reading every label of the kind (a large workspace has tens
        of thousands of initiatives: seconds). The label index (:mod:`kg.ids`) gives the
        nodes with a folded name or slug that can give one of the keys (a key only turns
        '-' and '_' into spaces, and strips them at the ends); skos:hiddenLabel, which the
        label index leaves out, comes from :meth:`_other_names`. Each such node is then read from the store as :meth:`ix`
        reads it (its type and names outside the source being replaced) and kept only
        if one of its keys is a key of ``raw``."""
        from kg.ids import label_match
        keys = [k for k in dict.fromkeys((_key(raw), _fold(raw), _key(_KOMMUNE_SUFFIX.sub("", _fold(raw))))) if k]
        wanted = set(keys)
        near: set[str] = set()
        if keys:
            # a folded name whose key is one of ``keys``: the same letters, '-' or '_' where
            # a key has a space, and maybe '-' or '_' at either end (a key is stripped)
            alts = [b"[_-]*" + b"[ _-]".join(re.escape(w.encode("utf-8")) for w in k.split(" ")) + b"[_-]*"
                    for k in keys]
            near.update(row[0] for row in label_match(self.ws, b"|".join(alts)))
        for k in keys:
            near |= self._other_names(kind).get(k, set())
        out: dict[str, set[str]] = {}
        for node in sorted(near):
            for k in self._keys_of(kind, node):
                if k in wanted:
                    out.setdefault(k, set()).add(node)
        return out

    def _keys_of(self, kind: str, node: str) -> set[str]:
        """The keys :meth:`ix` gives ``node`` (none when it is no ``kind`` outside the
        source being replaced); its names are kept for messages as :meth:`ix` keeps them."""
        if not self._member(kind, node):
            return set()
        self.index[kind].members.add(node)
        keys = set(_slug_keys(node))
        n = ox.NamedNode(node)
        for p in _name_preds(kind):
            for q in self._quads(n, p, None):
                keys.update(self._name_keys(kind, node, q.object))
        return keys

    def _other_names(self, kind: str) -> dict[str, set[str]]:
        """{key: subjects} of the names of ``kind`` that the label index leaves out
        (:func:`_name_preds` beyond :data:`kg.ids.LABEL_PROPS`: skos:hiddenLabel, few),
        read once; :meth:`_keys_of` then says which are nodes of ``kind``."""
        from kg.ids import LABEL_PROPS
        others = self._others.get(kind)
        if others is None:
            others = self._others[kind] = {}
            for p in _name_preds(kind):
                if p.value in LABEL_PROPS:
                    continue
                for q in self._quads(None, p, None):
                    if isinstance(q.object, ox.Literal) and isinstance(q.subject, ox.NamedNode):
                        for k in self._label_keys(q.object.value, kind):
                            others.setdefault(k, set()).add(q.subject.value)
        return others

    def _looked_up_closest(self, kind: str, raw: str, n: int = 3) -> list[str]:
        """Suggestions for a name of ``kind`` that names nothing: the nodes of ``kind``
        among the closest spellings in the label index ('name (id)')."""
        key = _key(raw)
        if self._spelled is None:   # every name's key in the label index, read once
            from kg.ids import label_index
            self._spelled = {}
            for s_, _, fl, _ in label_index(self.ws):
                self._spelled.setdefault(fl.replace("_", " ").replace("-", " ").strip(), set()).add(s_)
        names = self._spelled
        # a close spelling is about as long (difflib's ratio is at most 2·shorter/(sum))
        near = [k for k in names if abs(len(k) - len(key)) <= max(3, len(key) // 3)]
        out: list[str] = []
        for k in difflib.get_close_matches(key, near, n=n * 4, cutoff=0.6):
            for node in sorted(names[k]):
                if self._keys_of(kind, node) and self.display(node) not in out:
                    out.append(self.display(node))
        return out[:n]

    # ------------------------------------------------------------------ names
    @property
    def former(self) -> _Former:
        if self._former is None:
            f = self._former = _Former()
            cls = ox.NamedNode(ONT + "FormerMunicipality")
            nodes = {q.subject.value for q in self._quads(None, _TYPE, cls)}
            props = {SKOS + "prefLabel": "name", SKOS + "notation": "number", ONT + "validUntil": "until",
                     DCT + "isReplacedBy": "successor"}
            for node in sorted(nodes):   # a lookup per node: the predicates are common ones
                for p, attr in props.items():
                    for q in self._quads(ox.NamedNode(node), ox.NamedNode(p), None):
                        getattr(f, attr).setdefault(node, q.object.value)
            for node, name in f.name.items():
                for k in {_key(name), _key(_QUALIFIER.sub("", name))}:
                    f.by_key.setdefault(k, set()).add(node)
            f.by_number = {n: node for node, n in f.number.items()}
        return self._former

    @property
    def county_of(self) -> dict[str, str]:
        """Municipality IRI -> the short name of its county ("Innlandet")."""
        if self._county_of is None:
            alt = ox.NamedNode(SKOS + "altLabel")
            short: dict[str, str] = {}
            self._county_of = {}
            for q in self._quads(None, ox.NamedNode(ONT + "county"), None):
                c = q.object.value
                if c not in short:
                    short[c] = next((x.object.value for x in self._quads(q.object, alt, None)), slug_of(c))
                self._county_of[q.subject.value] = short[c]
        return self._county_of

    def _muni_keys(self, idx: _Index) -> None:
        """'Os (Innlandet)': today's name with its county in brackets names one municipality."""
        if getattr(idx, "_qualified", False):
            return
        idx._qualified = True   # type: ignore[attr-defined]
        self._forget()          # the index grows: what was remembered may change
        for m, county in self.county_of.items():
            if m in idx.members:
                label = self.labels.get(m, {}).get("nb") or self.labels.get(m, {}).get("")
                if label:
                    idx.add(_key(f"{_QUALIFIER.sub('', label)} ({county})"), m)

    def _former_number(self, raw: str) -> str | None:
        t = raw.strip()
        if not (t.isdigit() and len(t) in (3, 4)):
            return None
        node = self.former.by_number.get(t.zfill(4))
        if node is None:
            return None
        target = self._former_target(raw, {node})
        return target

    def _former_target(self, raw: str, nodes: set[str]) -> str | None:
        """Today's municipality for former municipalities ``nodes`` that all became it,
        with a note; raises for a divided one."""
        f = self.former
        targets = {f.successor[n] for n in nodes if n in f.successor}
        if not targets:
            n = sorted(nodes)[0]
            en = (f"'{raw}' ({f.name[n]}, {f.number.get(n, '')}) was divided between several of today's "
                  "municipalities; write today's municipality")
            nb = (f"«{raw}» ({f.name[n]}, {f.number.get(n, '')}) ble delt mellom flere av dagens kommuner; "
                  "skriv dagens kommune")
            raise Unresolved("municipality", raw, divided=(en, nb))
        if len(targets) > 1:
            return None
        target = next(iter(targets))
        self.ix("organisation")
        n = sorted(nodes, key=lambda x: f.until.get(x, ""))[-1]
        since = int(f.until[n]) + 1 if f.until.get(n, "").isdigit() else None
        shown = self.display(target)
        today = self._label(target)
        said = "" if fold(raw) == fold(f.name[n]) else f" ({f.name[n]})"
        if fold(_QUALIFIER.sub("", f.name[n])) == fold(_QUALIFIER.sub("", today)):
            en = f"'{raw}' is the former number or name of {shown}" + (f" (until {since - 1})" if since else "")
            nb = f"«{raw}» er det tidligere nummeret eller navnet til {shown}" + (f" (til {since - 1})" if since else "")
        else:
            en = f"'{raw}'{said} is part of {shown}" + (f" since {since}" if since else "") + f"; read as {today}"
            nb = f"«{raw}»{said} er en del av {shown}" + (f" siden {since}" if since else "") + f"; lest som {today}"
        self.last_note = Note("name-former", en, nb)
        return target

    def _label(self, iri: str) -> str:
        labels = self.labels.get(iri, {})
        return labels.get("nb") or labels.get("") or labels.get("en") or slug_of(iri)

    def _candidate(self, iri: str, former: str | None = None, raw: str = "") -> Candidate:
        """How one meaning of an ambiguous name is shown, and how to write it."""
        label = self._label(iri)
        number = next((n for n, m in self.numbers.items() if m == iri), "")
        county = self.county_of.get(iri, "")
        if number:
            plain = _QUALIFIER.search(label) or not county or fold(label) != fold(_KOMMUNE_SUFFIX.sub("", fold(raw)))
            qualified = label if plain else f"{label} ({county})"
            write = (qualified, number)
            where = ", ".join(x for x in (number, county) if x)
            if former:
                f = self.former
                until = f.until.get(former, "")
                fname = f"{f.name[former]} ({f.number.get(former, '')}" + (f", –{until})" if until else ")")
                en = f"{fname}, today {label} ({where}): write '{write[0]}' or '{write[1]}'"
                nb = f"{fname}, i dag {label} ({where}): skriv «{write[0]}» eller «{write[1]}»"
            else:
                en = f"{label} ({where}): write '{write[0]}' or '{write[1]}'"
                nb = f"{label} ({where}): skriv «{write[0]}» eller «{write[1]}»"
            return Candidate(iri, en, nb, write)
        s = slug_of(iri)
        return Candidate(iri, f"{label} ({s}): write '{s}'", f"{label} ({s}): skriv «{s}»", (s,))

    def _name(self, kind: str, raw: str, close: bool) -> str:
        """Exact (case, accents, a kommune/fylkeskommune suffix, a county in brackets),
        then former municipality names, then one clear close spelling."""
        idx = self.ix(kind)
        munis = kind in ("municipality", "organisation")
        if munis:
            self._muni_keys(idx)
        keys = list(dict.fromkeys((_key(raw), _fold(raw), _key(_KOMMUNE_SUFFIX.sub("", _fold(raw))))))
        hits: set[str] = set()
        for key in keys:
            hits |= idx.by_key.get(key, set())
        if len(hits) > 1 and munis:
            # 'Oslo' is the municipality and the county: the municipality wins
            proper = hits & self.proper_municipalities
            if len(proper) == 1:
                hits = proper
        former: dict[str, str] = {}   # today's IRI -> the former IRI that names it
        divided: set[str] = set()
        named: set[str] = set()
        if munis:
            f = self.former
            named = {n for key in keys for n in f.by_key.get(key, ())}
            for n in sorted(named):
                if n in f.successor:
                    former.setdefault(f.successor[n], n)
                else:
                    divided.add(n)
        meanings = hits | set(former)
        if len(meanings) == 1:
            target = next(iter(meanings))
            if target not in hits:
                return self._former_target(raw, {n for n in named if self.former.successor.get(n) == target})
            return target
        if len(meanings) > 1:
            cands = sorted((self._candidate(m, None if m in hits else former[m], raw) for m in meanings),
                           key=lambda c: fold(c.en))
            raise Unresolved(kind, raw, [self.display(m) for m in sorted(meanings)], ambiguous=True, candidates=cands)
        if divided:
            self._former_target(raw, divided)
        if close:
            near = self._close(kind, raw)
            if len(near) == 1:
                target, key = near[0]
                self.last_note = Note("name-corrected", f"'{raw}' read as {self.display(target)}",
                                      f"«{raw}» lest som {self.display(target)}")
                return target
            if len(near) > 1:
                cands = [self._candidate(t, None, raw) for t, _ in near]
                raise Unresolved(kind, raw, [self.display(t) for t, _ in near], ambiguous=True, candidates=cands)
        raise Unresolved(kind, raw, self.closest(kind, raw))

    def _close(self, kind: str, raw: str) -> list[tuple[str, str]]:
        """The close spellings of ``raw``: [(IRI, key)] — one when it is clearly the best,
        several when they are about as close, none when nothing is close."""
        key = _key(_KOMMUNE_SUFFIX.sub("", _fold(raw)))
        if len(key) < 4:
            return []
        idx = self.ix(kind)
        best: dict[str, tuple[float, str]] = {}
        sm = difflib.SequenceMatcher()
        sm.set_seq2(key)
        digits = _DIGITS.findall(key)   # 'Leverandør 12 AS' is not a typo of 'Leverandør 1 AS'
        pools = [(k, v) for k, v in idx.by_key.items()]
        if kind in ("municipality", "organisation"):
            f = self.former
            pools += [(k, {f.successor[n] for n in v if n in f.successor}) for k, v in f.by_key.items()]
        for k, iris in pools:
            if not iris or abs(len(k) - len(key)) > max(3, len(key) // 3) or _DIGITS.findall(k) != digits:
                continue
            sm.set_seq1(k)
            if sm.real_quick_ratio() < _CLOSE or sm.quick_ratio() < _CLOSE:
                continue
            r = sm.ratio()
            if r < _CLOSE:
                continue
            for iri in iris:
                if iri not in best or r > best[iri][0]:
                    best[iri] = (r, k)
        if not best:
            return []
        ranked = sorted(best.items(), key=lambda x: (-x[1][0], x[0]))
        top = ranked[0][1][0]
        if kind in ("municipality", "organisation") and len(ranked) > 1:
            # 'Oslo' the municipality and the county are one name
            proper = [x for x in ranked if x[1][0] >= top - _CLEAR and x[0] in self.proper_municipalities]
            if len(proper) == 1 and all(x[0] in self.members("municipality") for x in ranked if x[1][0] >= top - _CLEAR):
                return [(proper[0][0], proper[0][1][1])]
        close = [(iri, k) for iri, (r, k) in ranked if r >= top - _CLEAR]
        return close[:8]

    def near(self, kind: str, text: str) -> list[str]:
        """Nodes of ``kind`` whose name is a close spelling of ``text`` ('name (id)')."""
        return [self.display(i) for i, _ in self._close(kind, " ".join(str(text).split()))]

    def closest(self, kind: str, text: str, n: int = 3) -> list[str]:
        """The closest names of ``kind`` to ``text`` (as 'label (slug)'); remembered like
        :meth:`find`'s answers (with --strict-names every row naming the same unknown
        vendor asks again)."""
        key = ("closest", kind, text, n)
        hit = self._memo.get(key)
        if hit is None:
            hit = self._memo[key] = tuple(self._closest(kind, text, n))
        return list(hit)

    def _closest(self, kind: str, text: str, n: int) -> list[str]:
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
            for q in self._quads(None, ox.NamedNode(str(SDGO) + "isIndicatorOf"), None):
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


@functools.lru_cache(maxsize=200_000)   # a sheet names the same few things on thousands of rows
def slugify(text: str, max_len: int = 80) -> str:
    """A stable slug of a free-text id or name: 'Hamar TALE 01' → 'hamar-tale-01'."""
    s = _NOT_SLUG.sub("-", _fold(str(text))).strip("-.")
    s = _DASHES.sub("-", s)
    return s[:max_len].strip("-") or "x"


_NOT_SLUG = re.compile(r"[^a-z0-9.]+")
_DASHES = re.compile(r"-{2,}")


def source_slug(text: str, max_len: int = 80) -> str:
    """A source name from a file name or --source: like :func:`slugify`, but Norwegian
    (and other) letters are kept: 'Før høstmøtet' → 'før-høstmøtet'."""
    import unicodedata
    s = unicodedata.normalize("NFC", str(text)).casefold()
    s = re.sub(r"[^\w.]+|_", "-", s).strip("-.")
    s = re.sub(r"-{2,}", "-", s)
    return s[:max_len].strip("-") or "x"
