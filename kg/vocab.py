"""The project's own vocabulary, as a closed namespace.

A misspelt term (``KG.Initative``) raises at import time instead of silently minting a
new IRI. ``tests/kg/test_vocab.py`` fails when this list and ``ontology/kg.ttl`` drift.
"""


class Namespace(str):
    """rdflib's ``Namespace`` without importing rdflib until a term is asked for.

    Every kg command imports this module; rdflib costs a noticeable part of the start-up
    of a read command, which must answer within a second. ``NS["x"]``, ``NS.x`` and
    ``NS.term("x")`` give the same ``rdflib.URIRef`` as before; ``str(NS)`` needs no rdflib.
    """

    __slots__ = ()

    def _ns(self):
        from rdflib import Namespace as _RdflibNamespace
        return _RdflibNamespace(str(self))

    def term(self, name):
        return self._ns().term(name)

    def __getitem__(self, key):
        return self._ns()[key]

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self._ns(), name)

    def __contains__(self, ref):
        return str(ref).startswith(str(self))


BASE = "https://w3id.org/kommune-ki/"
ONT = BASE + "ont#"
ID = Namespace(BASE + "id/")
SOURCE = Namespace(BASE + "source/")

TERMS = (
    "AISystem",
    "ApplicationDate",
    "AssessmentStatus",
    "Capability",
    "Challenge",
    "CountyMunicipality",
    "DataLocation",
    "Dependency",
    "DependencyStrength",
    "DependencyType",
    "FormerMunicipality",
    "Funding",
    "Initiative",
    "Municipality",
    "Network",
    "Obligation",
    "Observation",
    "Organisation",
    "Period",
    "Phase",
    "Precision",
    "Principle",
    "Provision",
    "Regulation",
    "ReuseStatus",
    "RiskLevel",
    "Service",
    "Source",
    "SpilloverIndicator",
    "Status",
    "TextVersion",
    "Trend",
    "UncertainInstant",
    "Vendor",
    "VendorRequirement",
    "addresses",
    "applicationDate",
    "appliesFrom",
    "appliesWhen",
    "builds",
    "challenge",
    "contentDigest",
    "contributesTo",
    "country",
    "county",
    "dataLocation",
    "dataProcessingAgreement",
    "delivers",
    "dependencyOn",
    "dependencyType",
    "dependsOn",
    "dpia",
    "durationYears",
    "earliest",
    "entryIntoForce",
    "exitPlan",
    "explanation",
    "follows",
    "fria",
    "funding",
    "hasObligation",
    "humanOversight",
    "latest",
    "legalBasis",
    "localId",
    "measure",
    "measuredBy",
    "network",
    "note",
    "openFormats",
    "openness",
    "organisationNumber",
    "owner",
    "partOf",
    "participant",
    "perRecipient",
    "period",
    "phase",
    "precision",
    "principle",
    "principleNumber",
    "processesPersonalData",
    "providerInformation",
    "provision",
    "qualifiedDependency",
    "rank",
    "rankOutOf",
    "recordedBy",
    "requiresInForce",
    "restsOn",
    "reuse",
    "reusedBy",
    "riskLevel",
    "ros",
    "score",
    "sha256",
    "sourceKind",
    "sourceRow",
    "status",
    "strength",
    "subjectTo",
    "textVersion",
    "toolVersion",
    "trend",
    "tripleCount",
    "usedInDecisions",
    "validFrom",
    "validUntil",
    "usesSystem",
    "vendor",
    "worksAgainst",
    "year",
)



def __getattr__(name):  # KG is built on first use, so importing this module needs no rdflib
    if name == "KG":
        from rdflib.namespace import ClosedNamespace
        kg = ClosedNamespace(ONT, TERMS)
        globals()["KG"] = kg
        return kg
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Standard vocabularies reused by IRI.
PROV = Namespace("http://www.w3.org/ns/prov#")
ORG = Namespace("http://www.w3.org/ns/org#")
CV = Namespace("http://data.europa.eu/m8g/")
CPSV = Namespace("http://purl.org/vocab/cpsv#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
DPV = Namespace("https://w3id.org/dpv#")
AIACT = Namespace("https://w3id.org/dpv/legal/eu/aiact#")
AIRO = Namespace("https://w3id.org/airo#")
TIME = Namespace("http://www.w3.org/2006/time#")
SCHEMA = Namespace("https://schema.org/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SDG = Namespace("http://metadata.un.org/sdg/")
SDGO = Namespace("http://metadata.un.org/sdg/ontology#")

PREFIXES = {
    "kg": ONT,
    "kgid": str(ID),
    "kgsrc": str(SOURCE),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "prov": str(PROV),
    "org": str(ORG),
    "cv": str(CV),
    "cpsv": str(CPSV),
    "eli": str(ELI),
    "dpv": str(DPV),
    "eu-aiact": str(AIACT),
    "airo": str(AIRO),
    "time": str(TIME),
    "schema": str(SCHEMA),
    "dcat": str(DCAT),
    "sdg": str(SDG),
    "sdgo": str(SDGO),
}


def sparql_prefixes() -> str:
    """The PREFIX lines every saved and user query may rely on."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
