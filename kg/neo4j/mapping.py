"""How the RDF workspace maps onto a Neo4j property graph, both ways (docs/neo4j.md).

Shared by the push (kg.exports.neo4j_push) and the pull (kg.importers.neo4j_pull), so
that pull(push(graph)) gives back an isomorphic graph, named graphs included.

The mapping follows the neosemantics (n10s) conventions where they fit:

* one node per IRI, label ``Resource``, key property ``uri`` (uniqueness constraint
  ``n10s_unique_uri``); a blank node becomes ``bnode://<id>`` as in n10s;
* property keys are shortened n10s-style as ``prefix__localName`` (``skos__prefLabel``)
  with the prefixes of kg.vocab.PREFIXES; a predicate outside them keeps its full IRI in
  angle brackets as the key (``<http://example.org/p>``);
* a language-tagged literal goes to ``key@lang`` (``skos__prefLabel@nb``,
  ``skos__prefLabel@en``); xsd:string, canonical xsd:integer, xsd:boolean and xsd:date
  become native Neo4j values under ``key``; any other datatype keeps its lexical form
  under ``key^^prefix__Datatype`` (n10s keeps custom datatypes the same way, in the value);
  several values make a list (n10s ``handleMultival: ARRAY``);
* rdf:type becomes a label only for classes the ontology names (kg classes by their local
  name, ``Initiative``; standard classes the ontology builds on as ``skos__Concept``);
  any other type stays in the list property ``rdf__type`` — never a label made from data;
* an object property becomes a relationship typed by its ontology name (``dependsOn``,
  standard ones n10s-style ``skos__broader``); a predicate the ontology does not know
  becomes ``RELATED {predicate: IRI}``;
* provenance: ``sources`` on a node lists the sources (named graphs) its facts come from,
  ``sources`` on a relationship those of that one fact; on a node fed by several sources,
  the facts whose sources differ from the node's list are recorded in ``_provenance``
  (JSON: [[predicate, object as N-Triples, [sources]], …]).

Label and relationship-type names come only from this mapping (built from the ontology
and a fixed list below) and are checked against ``NAME_RE``; every value goes to Neo4j as
a query parameter. Nothing a user writes in data can change a Cypher statement.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date

import pyoxigraph as ox

from kg.store.terms import literal_parts
from kg.vocab import ONT, PREFIXES

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,120}$")
LOCAL_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-.]*$")
LANG_RE = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
INT_RE = re.compile(r"^-?(0|[1-9][0-9]{0,17})$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
GENERIC_REL = "RELATED"
RESOURCE = "Resource"
MAPPING_VERSION = "1"

# Standard terms the ontology builds on, that become labels / relationship types too.
STANDARD_CLASSES = [
    "skos:Concept", "skos:ConceptScheme", "sdgo:Goal", "sdgo:Target", "sdgo:Indicator",
    "owl:Class", "owl:ObjectProperty", "owl:DatatypeProperty", "owl:Ontology",
    "eli:LegalResource", "eli:LegalResourceSubdivision", "cv:PublicOrganisation",
    "org:Organization", "org:FormalOrganization", "org:Membership", "prov:Activity", "prov:Entity",
    "cpsv:PublicService", "time:Instant", "time:ProperInterval", "time:Interval",
    "dpv:Obligation", "airo:AISystem", "schema:MonetaryGrant", "dcat:Dataset",
]
STANDARD_RELATIONS = [
    "skos:inScheme", "skos:exactMatch", "skos:closeMatch", "skos:broader", "skos:narrower",
    "skos:related", "skos:hasTopConcept", "skos:topConceptOf", "skos:broadMatch", "skos:narrowMatch",
    "sdgo:hasIndicator", "sdgo:isIndicatorOf", "sdgo:hasTarget", "sdgo:isTargetOf", "sdgo:tier",
    "eli:is_part_of", "eli:has_part", "eli:amends", "eli:amended_by", "eli:cites",
    "dct:references", "dct:source", "dct:relation", "dct:license", "dct:isReplacedBy",
    "dct:replaces", "dct:spatial", "dct:isPartOf", "dct:hasPart", "dct:creator", "dct:publisher",
    "time:hasBeginning", "time:hasEnd", "org:linkedTo", "org:subOrganizationOf", "org:memberOf",
    "org:hasMember", "org:member", "org:organization", "org:hasSubOrganization",
    "rdfs:subClassOf", "rdfs:subPropertyOf", "rdfs:domain", "rdfs:range", "rdfs:seeAlso",
    "owl:inverseOf", "owl:equivalentClass", "owl:equivalentProperty",
    "prov:wasDerivedFrom", "prov:wasAttributedTo", "prov:used", "prov:wasGeneratedBy",
]

_NS_BY_LEN = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


def expand(curie: str) -> str:
    p, local = curie.split(":", 1)
    return PREFIXES[p] + local


def split_iri(iri: str) -> tuple[str, str] | None:
    """(prefix, local) for an IRI in one of the known namespaces, else None."""
    for p, ns in _NS_BY_LEN:
        if iri.startswith(ns):
            local = iri[len(ns):]
            if local and LOCAL_RE.match(local):
                return p, local
    return None


def shorten(iri: str) -> str:
    """The n10s-style key of a predicate or datatype: ``prefix__local`` or ``<iri>``."""
    key = _SHORT.get(iri)
    if key is None:
        s = split_iri(iri)
        key = f"{s[0]}__{s[1]}" if s else f"<{iri}>"
        if len(_SHORT) < 100_000:   # predicates and datatypes: few, asked for again and again
            _SHORT[iri] = key
    return key


_SHORT: dict[str, str] = {}


def lengthen(key: str) -> str:
    if key.startswith("<") and key.endswith(">"):
        return key[1:-1]
    p, _, local = key.partition("__")
    if p in PREFIXES and local:
        return PREFIXES[p] + local
    raise ValueError(f"not a mapped key: {key!r}")


def _name_for(iri: str) -> str | None:
    """A label / relationship-type name for an ontology term, or None."""
    if iri.startswith(ONT):
        local = iri[len(ONT):]
        return local if NAME_RE.match(local) and local not in (RESOURCE, GENERIC_REL, "KgSource", "KgConfig") else None
    s = split_iri(iri)
    if s:
        name = f"{s[0].replace('-', '_')}__{s[1]}"
        return name if NAME_RE.match(name) else None
    return None


@dataclass
class Mapping:
    """Which type IRIs become labels and which predicates become relationship types."""

    labels: dict[str, str] = field(default_factory=dict)      # class IRI -> label
    rel_types: dict[str, str] = field(default_factory=dict)   # property IRI -> rel type

    @classmethod
    def from_workspace(cls, ws) -> "Mapping":
        """Classes and object properties named in the workspace's ``ontology`` source."""
        classes = {expand(c) for c in STANDARD_CLASSES}
        props = {expand(p) for p in STANDARD_RELATIONS}
        g = "<https://w3id.org/kommune-ki/source/ontology>"
        for r in ws.select(f"""SELECT ?c WHERE {{ GRAPH {g} {{
              {{ ?c a ?k . VALUES ?k {{ owl:Class rdfs:Class }} }}
              UNION {{ ?x rdfs:subClassOf ?c }} UNION {{ ?x rdfs:domain ?c }} UNION {{ ?x rdfs:range ?c }} }}
              FILTER(isIRI(?c)) }}"""):
            classes.add(r["c"].value)
        for r in ws.select(f"""SELECT ?p WHERE {{ GRAPH {g} {{
              {{ ?p a ?k . VALUES ?k {{ owl:ObjectProperty rdf:Property owl:TransitiveProperty owl:SymmetricProperty }} }}
              UNION {{ ?x rdfs:subPropertyOf ?p }} UNION {{ ?p rdfs:range ?r . ?r a owl:Class }} }}
              FILTER(isIRI(?p)) }}"""):
            props.add(r["p"].value)
        return cls.from_iris(classes, props)

    @classmethod
    def from_iris(cls, classes, props) -> "Mapping":
        m = cls()
        for iri in sorted(classes):
            n = _name_for(iri)
            if n and n not in m.labels.values():
                m.labels[iri] = n
        for iri in sorted(props):
            n = _name_for(iri)
            if n and iri != RDF_TYPE and n not in m.rel_types.values():
                m.rel_types[iri] = n
        return m

    @property
    def signature(self) -> str:
        text = json.dumps([MAPPING_VERSION, sorted(self.labels.items()), sorted(self.rel_types.items())])
        return hashlib.sha1(text.encode()).hexdigest()

    def as_config(self) -> dict:
        """Stored on the (:KgConfig) node so a pull can read the graph without the ontology."""
        return {"label_iris": list(self.labels), "label_names": list(self.labels.values()),
                "rel_iris": list(self.rel_types), "rel_names": list(self.rel_types.values()),
                "signature": self.signature, "mapping_version": MAPPING_VERSION}

    @classmethod
    def from_config(cls, cfg: dict) -> "Mapping":
        m = cls()
        m.labels = dict(zip(cfg.get("label_iris") or [], cfg.get("label_names") or []))
        m.rel_types = dict(zip(cfg.get("rel_iris") or [], cfg.get("rel_names") or []))
        return m


# ---------------------------------------------------------------- terms <-> values

def node_key(term) -> str:
    if isinstance(term, ox.BlankNode):
        return f"bnode://{term.value}"
    return term.value


def key_term(uri: str):
    if uri.startswith("bnode://"):
        return ox.BlankNode(uri[len("bnode://"):])
    return ox.NamedNode(uri)


def encode_literal(pred: str, lit: ox.Literal) -> tuple[str, object]:
    """(property key, Neo4j value) for one literal fact."""
    return encode_value(pred, lit.value, lit.language, None if lit.language else lit.datatype.value)


def encode_value(pred: str, v: str, lang: str | None, dt: str | None) -> tuple[str, object]:
    """(property key, Neo4j value) of a literal given as lexical form, language tag and
    datatype IRI (None with a language tag)."""
    k = shorten(pred)
    if lang:
        return f"{k}@{lang}", v
    if dt == XSD_STRING:
        return k, v
    if dt == XSD_INTEGER and INT_RE.match(v):
        return k, int(v)
    if dt == XSD_BOOLEAN and v in ("true", "false"):
        return k, v == "true"
    if dt == XSD_DATE and DATE_RE.match(v):
        try:
            return k, date.fromisoformat(v)
        except ValueError:
            pass
    return f"{k}^^{shorten(dt)}", v


XSD_STRING, XSD_INTEGER, XSD_BOOLEAN, XSD_DATE = XSD + "string", XSD + "integer", XSD + "boolean", XSD + "date"


def split_key(key: str) -> tuple[str, str | None, str | None]:
    """(predicate key, language, datatype key) of a property key."""
    if key.startswith("<"):
        end = key.index(">") + 1
        base, rest = key[:end], key[end:]
    else:
        m = re.match(r"^([^@^]+)(.*)$", key)
        base, rest = m.group(1), m.group(2)
    if rest.startswith("@") and LANG_RE.match(rest[1:]):
        return base, rest[1:], None
    if rest.startswith("^^") and len(rest) > 2:
        return base, None, rest[2:]
    if rest:
        raise ValueError(f"not a mapped key: {key!r}")
    return base, None, None


def decode_property(key: str, value) -> list[tuple[str, ox.Literal]]:
    """The (predicate IRI, literal) facts one node property holds."""
    values = value if isinstance(value, list) else [value]
    base, lang, dt = split_key(key)
    p = lengthen(base)
    if lang:
        return [(p, ox.Literal(str(v), language=lang)) for v in values]
    if dt:
        d = ox.NamedNode(lengthen(dt))
        return [(p, ox.Literal(str(v), datatype=d)) for v in values]
    return [(p, native_literal(v)) for v in values]


def native_literal(v) -> ox.Literal:
    if isinstance(v, bool):
        return ox.Literal("true" if v else "false", datatype=ox.NamedNode(XSD + "boolean"))
    if isinstance(v, int):
        return ox.Literal(str(v), datatype=ox.NamedNode(XSD + "integer"))
    if isinstance(v, float):
        return ox.Literal(repr(v), datatype=ox.NamedNode(XSD + "double"))
    if hasattr(v, "iso_format"):  # neo4j.time.Date / DateTime
        return ox.Literal(v.iso_format(), datatype=ox.NamedNode(XSD + ("date" if type(v).__name__ == "Date" else "dateTime")))
    if isinstance(v, date):
        return ox.Literal(v.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    return ox.Literal(str(v))


@dataclass
class NodeDesc:
    """What one subject becomes in Neo4j: properties, labels, outgoing relationships."""

    uri: str
    props: dict
    labels: list[str]
    rels: dict[tuple[str, str | None], list[dict]]  # (type, generic predicate) -> [{o, t, p, src}]
    hash: str
    nrels: int = 0      # relationships in rels
    nfacts: int = 0     # the facts it was built from


def describe(uri: str, quads: list[tuple[str, object, str]], mapping: Mapping, sig: str) -> NodeDesc:
    """Build a node from all facts with this subject: ``quads`` are (predicate IRI, object
    term, source name)."""
    return describe_text(uri, [(p, str(o), g) for p, o, g in quads], mapping, sig)


def target_key(o: str) -> str:
    """The node key of an IRI or blank node in N-Triples syntax (``<iri>``, ``_:id``)."""
    return o[1:-1] if o[0] == "<" else "bnode://" + o[2:]


def describe_text(uri: str, facts: list[tuple[str, str, str]], mapping: Mapping, sig: str) -> NodeDesc:
    """Build a node from all facts with this subject: ``facts`` are (predicate IRI, object
    in N-Triples syntax, source name), as Oxigraph writes them. One pass over the facts (a
    push describes every node)."""
    h = hashlib.sha1((sig + "\n" + "\n".join(sorted([f"{p} {o} {g}" for p, o, g in facts]))).encode()).hexdigest()
    node_sources = sorted({g for _, _, g in facts})
    labels: set[str] = set()
    other_types: list[str] = []
    rels: dict[tuple[str, str | None], dict[str, set]] = {}
    by_key: dict[str, list] = {}
    seen: set[tuple] = set()          # (key, value, type): a value once per key
    rel_types, label_of = mapping.rel_types, mapping.labels
    for p, o, g in facts:
        c = o[0]
        if c == '"':
            k, v = encode_value(p, *literal_parts(o))
            mark = (k, v, type(v))
            if mark not in seen:
                seen.add(mark)
                by_key.setdefault(k, []).append(v)
        elif p == RDF_TYPE and c == "<":
            t = o[1:-1]
            lab = label_of.get(t)
            if lab:
                labels.add(lab)
            elif t not in other_types:
                other_types.append(t)
        else:
            t = rel_types.get(p)
            key = (t, None) if t else (GENERIC_REL, p)
            rels.setdefault(key, {}).setdefault(target_key(o), set()).add(g)
    # keep each key's values of one Neo4j type: others move to their ^^datatype key
    for k, lst in list(by_key.items()):
        if len(lst) < 2:
            continue
        kinds = {type(v) for v in lst}
        if len(kinds) > 1:
            keep = str if str in kinds else type(lst[0])
            by_key[k] = [v for v in lst if type(v) is keep]
            for v in lst:
                if type(v) is not keep:
                    lit = native_literal(v)
                    by_key.setdefault(f"{k}^^{shorten(lit.datatype.value)}", []).append(lit.value)
    props: dict = {k: (sorted(lst, key=str) if len(lst) > 1 else lst[0]) for k, lst in by_key.items()}
    if other_types:
        props["rdf__type"] = sorted(other_types) if len(other_types) > 1 else other_types[0]
    props["uri"] = uri
    props["sources"] = node_sources
    props["_hash"] = h
    if len(node_sources) > 1:
        fact_src: dict[tuple[str, str], set] = {}
        for p, o, g in facts:
            if o[0] == '"' or (p == RDF_TYPE and o[0] == "<"):
                fact_src.setdefault((p, o), set()).add(g)
        prov = [[p, o, sorted(gs)] for (p, o), gs in sorted(fact_src.items()) if sorted(gs) != node_sources]
        if prov:
            props["_provenance"] = json.dumps(prov, ensure_ascii=False)
    rel_rows = {(t, p): [{"o": o, "t": t, "p": p, "src": sorted(gs) if len(gs) > 1 else list(gs)}
                         for o, gs in sorted(v.items())] for (t, p), v in rels.items()}
    return NodeDesc(uri, props, sorted(labels), rel_rows, h, sum(len(v) for v in rels.values()), len(facts))


def undescribe(uri: str, labels: list[str], props: dict, mapping: Mapping, default_source: str = "neo4j"):
    """The quads (subject, predicate, object, source name) of a node's own facts, the
    inverse of ``describe`` (relationships are read separately)."""
    s = key_term(uri)
    sources = props.get("sources") or [default_source]
    by_label = {v: k for k, v in mapping.labels.items()}
    facts: list[tuple[str, object]] = []
    for lab in labels:
        if lab in by_label:
            facts.append((RDF_TYPE, ox.NamedNode(by_label[lab])))
    for k, v in props.items():
        if k in ("uri", "sources", "_provenance", "_hash"):
            continue
        if k == "rdf__type":
            for t in (v if isinstance(v, list) else [v]):
                facts.append((RDF_TYPE, ox.NamedNode(t)))
            continue
        try:
            facts.extend(decode_property(k, v))
        except ValueError:
            continue  # a property kg did not write: not part of the RDF graph
    override = {}
    if props.get("_provenance"):
        for p, o, gs in json.loads(props["_provenance"]):
            override[(p, o)] = gs
    out = []
    for p, o in facts:
        for g in override.get((p, str(o)), sources):
            out.append((s, ox.NamedNode(p), o, g))
    return out


@dataclass
class PushReport:
    """What a push did. ``changes`` is 0 when Neo4j already held the graph."""

    sources_pushed: list[str] = field(default_factory=list)
    sources_removed: list[str] = field(default_factory=list)
    sources_unchanged: list[str] = field(default_factory=list)
    nodes_written: int = 0
    nodes_deleted: int = 0
    relationships_created: int = 0
    relationships_deleted: int = 0
    nodes_checked: int = 0
    relationships: int = 0
    seconds: float = 0.0
    replaced: bool = False

    @property
    def changes(self) -> int:
        return self.nodes_written + self.nodes_deleted + self.relationships_created + self.relationships_deleted

    def as_dict(self) -> dict:
        d = dict(self.__dict__)
        d["changes"] = self.changes
        return d


@dataclass
class PullResult:
    """The graph read back from Neo4j: quads per source, and each source's catalog data."""

    quads: dict[str, list] = field(default_factory=dict)
    meta: dict[str, dict] = field(default_factory=dict)
    nodes: int = 0
    relationships: int = 0
