"""One module per input format, behind one small interface and this registry.

Every importer module has ``read(path, *, ctx, fmt) -> kg.import_results.ImportResult``:
the triples of one source (one named graph) and a row-by-row report; ``fmt`` is its name
in :data:`REGISTRY`. Tabular importers also have ``read_table(path, *, mapping=None) ->
kg.importers.tabular.contract.RawTable``. Modules are imported lazily. The registry is the
one list of input formats: `kg import --as` offers its names, and the tests run each.

The format of a file is found from its content first (an XLSX is a ZIP, RDF has its
syntax) and its suffix second: :func:`sniff`.
"""
from __future__ import annotations

import importlib
from pathlib import Path

from kg.errors import InputError
from kg.gcpause import paused_gc

# name -> (module, suffixes, description nb, description en)
REGISTRY: dict[str, tuple[str, tuple[str, ...], str, str]] = {
    "csv": ("kg.importers.csv", (".csv", ".tsv", ".txt"), "CSV (komma eller semikolon, UTF-8 eller Windows-1252)",
            "CSV (comma or semicolon, UTF-8 or Windows-1252)"),
    "xlsx": ("kg.importers.xlsx", (".xlsx", ".xlsm"), "Excel-regneark (XLSX)", "Excel workbook (XLSX)"),
    "ttl": ("kg.importers.rdf", (".ttl", ".turtle"), "Turtle", "Turtle"),
    "nt": ("kg.importers.rdf", (".nt",), "N-Triples", "N-Triples"),
    "nq": ("kg.importers.rdf", (".nq",), "N-Quads", "N-Quads"),
    "trig": ("kg.importers.rdf", (".trig",), "TriG", "TriG"),
    "jsonld": ("kg.importers.rdf", (".jsonld", ".json"), "JSON-LD", "JSON-LD"),
    "rdf": ("kg.importers.rdf", (".rdf", ".owl", ".xml"), "RDF/XML", "RDF/XML"),
}
# helpers that are not input formats of their own
TOOLS = {
    "mapping": "kg.importers.tabular.mapping",     # YAML mappings for foreign tables (--mapping)
    "template": "kg.importers.template",   # the blank network spreadsheet (kg import template)
}
TABULAR = ("csv", "xlsx")
RDF = tuple(name for name in REGISTRY if name not in TABULAR)
_SNIFF_BYTES = 4096


def get(name: str):
    """The module for a format name (``csv``, ``xlsx``, ``ttl``, …) or a tool (``mapping``, ``template``)."""
    if name in REGISTRY:
        return importlib.import_module(REGISTRY[name][0])
    return importlib.import_module(TOOLS[name])


def by_suffix(path: str | Path) -> str | None:
    suf = Path(path).suffix.lower()
    for name, (_, suffixes, _, _) in REGISTRY.items():
        if suf in suffixes:
            return name
    return None


def sniff(path: str | Path) -> str:
    """The format of ``path``, from its first bytes and its suffix. Raises InputError for a
    file that is none of the formats (a picture, a PDF, an old .xls, an empty file)."""
    p = Path(path)
    try:
        with open(p, "rb") as fh:
            head = fh.read(_SNIFF_BYTES)
    except FileNotFoundError:
        raise InputError("no such file.", "finner ikke filen.", file=str(p)) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file.", "er en mappe, ikke en fil.", file=str(p)) from None
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror}", f"kan ikke lese: {e.strerror}", file=str(p)) from None
    suffix = by_suffix(p)
    if not head.strip():
        raise InputError("the file is empty.", "filen er tom.", file=str(p))
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError("this is an old Excel file (.xls); save it as .xlsx or CSV and import that.",
                         "dette er en gammel Excel-fil (.xls); lagre den som .xlsx eller CSV og importer den.",
                         file=str(p))
    binary = (b"\x00" in head[:1024] and not head.startswith((b"\xff\xfe", b"\xfe\xff"))) or head.startswith(
        (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b"))
    if binary:
        raise InputError(
            "not a spreadsheet or RDF file kg can read (binary content).",
            "ikke et regneark eller en RDF-fil kg kan lese (binært innhold).", file=str(p),
            hint_en=f"kg imports {_names('en')}.", hint_nb=f"kg importerer {_names('nb')}.")
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff").lstrip()
    if suffix == "xlsx":
        raise InputError("the file is named .xlsx but is not an Excel workbook.",
                         "filen heter .xlsx, men er ikke en Excel-arbeidsbok.", file=str(p))
    if suffix in RDF:
        return suffix
    if text.startswith(("{", "[")):
        return "jsonld"
    if text.startswith("<?xml") or text.startswith("<rdf:RDF"):
        return "rdf"
    low = text.lower()
    if low.startswith(("@prefix", "@base", "prefix ", "base ")):
        return "trig" if "graph " in low or "{" in text else "ttl"
    first = text.splitlines()[0] if text else ""
    if first.startswith("<") and first.rstrip().endswith("."):
        return "nt"
    return "csv"


def _names(lang: str) -> str:
    """The formats as a sentence ("CSV, XLSX, … and RDF/XML"), short names from the registry."""
    short = []
    for name, (_, _, nb, en) in REGISTRY.items():
        word = (nb if lang == "nb" else en).split(" (")[0]
        short.append(name.upper() if name in TABULAR else word)
    return ", ".join(short[:-1]) + (" og " if lang == "nb" else " and ") + short[-1]


def read(path: str | Path, ctx, fmt: str | None = None):
    """Import one file: ``fmt`` (a registry name) or sniffed. Returns an ImportResult."""
    name = fmt or sniff(path)
    if name not in REGISTRY:
        raise InputError(f"unknown format '{name}'; use one of: {', '.join(REGISTRY)}",
                         f"ukjent format «{name}»; bruk en av: {', '.join(REGISTRY)}", file=str(path))
    mod = get(name)
    with paused_gc():
        return mod.read(Path(path), ctx=ctx, fmt=name)


def _existing(ws, name: str) -> dict:
    """What the workspace holds for source ``name``: kind, sha256, created (or {})."""
    from kg.store.workspace import source_iri
    g = source_iri(name)
    rows = ws.select("""SELECT ?kind ?sha ?created WHERE {
        { GRAPH kgsrc:catalog { ?g kg:tripleCount ?n OPTIONAL { ?g kg:sourceKind ?kind0 } } }
        OPTIONAL { GRAPH ?g { ?g kg:sourceKind ?kind1 } }
        OPTIONAL { GRAPH ?g { ?g kg:sha256 ?sha } }
        OPTIONAL { GRAPH ?g { ?g dct:created ?created } }
        BIND(COALESCE(?kind0, ?kind1) AS ?kind) }""", g=g)
    if not rows:
        return {}
    r = rows[0]
    return {k: r[k].value for k in ("kind", "sha", "created") if k in r} | {"exists": True}


def _network(res, name: str | None, new_network: bool = False):
    """(IRI, new-network dict or None) for --network NAME; a new name adds a kg:Network
    (to the import's own graph, so it goes when the import is removed). A name that is
    a close spelling of an existing network is refused unless ``new_network``: a typo
    would otherwise move every row of a re-import to new ids."""
    if not name:
        return None, None
    from kg.ids import slug
    from kg.importers.tabular.names import Unresolved, slugify
    from kg.vocab import ID
    try:
        return res.find("network", name, close=False), None
    except Unresolved as u:
        if u.ambiguous:
            en, nb = u.reason()
            raise InputError(f"--network: {en}", f"--network: {nb}") from None
    near = res.near("network", name)
    if near and not new_network:
        names = ", ".join(near)
        raise InputError(
            f"--network: '{name}' is not a network, but close to {names}; give that name, or add "
            "--new-network if it really is a new network.",
            f"--network: «{name}» er ikke et nettverk, men ligner {names}; bruk det navnet, eller legg til "
            "--new-network hvis det virkelig er et nytt nettverk.")
    iri = str(ID) + slugify(name)
    if ws_has(res.ws, iri, res.exclude):
        raise InputError(f"--network: '{name}' names {slug(iri)}, which is not a network (kg:Network).",
                         f"--network: «{name}» er {slug(iri)}, som ikke er et nettverk (kg:Network).")
    return iri, {"iri": iri, "label": " ".join(name.split())}


def ws_has(ws, iri: str, exclude: str | None) -> bool:
    """Is ``iri`` used in any source but ``exclude``?"""
    q = "ASK { GRAPH ?g { { ?s ?p ?o } UNION { ?o ?p ?s } } FILTER(?g != kgsrc:catalog%s) }" % (
        f" && ?g != <{exclude}>" if exclude else "")
    return ws.ask(q, s=iri)


def import_files(ws, files, *, source: str | None = None, network: str | None = None, mapping=None,
                 dry_run: bool = False, strict: bool = False, fmt: str | None = None, now: str | None = None,
                 progress=None, strict_names: bool = False, new_network: bool = False):
    """Import ``files`` into the open workspace ``ws`` (opened for writing unless dry_run).

    All files are read and checked before anything is written: if one file cannot be
    used at all, nothing is written (exit code 2); with ``strict``, nothing is written if
    any row is rejected. A file whose content gives exactly the graph its source already
    holds is not written again ("unchanged"). Returns a kg.import_results.ImportRun.
    With ``strict_names`` an owner or vendor that is close to nothing known is a row
    error instead of a new organisation; ``new_network`` lets --network name a new network
    close to an existing one.
    ``progress(stage, done, total, name)`` hears of long work: "read" (a file), "rows"
    (rows converted of a table), "write" (triples to write).
    """
    from datetime import datetime, timezone

    from kg.import_results import ImportContext, ImportReport, ImportRun, Issue, file_sha256
    from kg.importers.tabular.names import slugify, source_slug
    from kg.store.workspace import source_iri

    run = ImportRun(dry_run=dry_run, strict=strict)
    tell = progress or (lambda *_: None)
    files = [Path(f) for f in files]
    if source and len(files) > 1:
        raise InputError("--source names one source; give one file with it, or leave it out "
                         "(each file then becomes the source named after it).",
                         "--source navngir én kilde; gi én fil sammen med den, eller utelat den "
                         "(hver fil blir da kilden oppkalt etter den).")
    # the form Oxigraph stores (…Z): `created` is read back on a re-import, and the content
    # must then be byte-for-byte the same for the digest to say "unchanged"
    now = now or datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    names: dict[str, Path] = {}
    results = []
    origins = {}
    if network and not source:
        # a template kg pre-filled for this network names the source its rows came from:
        # importing it again replaces that source (and, unedited, changes nothing)
        for f in files:
            o = _template_origin(ws, f, network)
            if o:
                origins[f] = o
    for f in files:
        name = source_slug(origins[f] if f in origins else (source or f.stem))
        if name != slugify(name) and not _existing(ws, name) and _existing(ws, slugify(name)).get("kind") == "import":
            name = slugify(name)   # imported before names kept their letters: replace that source
        if name in names:
            raise InputError(f"two files would become the same source '{name}': {names[name]} and {f}; "
                             "import them one at a time with --source",
                             f"to filer ville blitt samme kilde «{name}»: {names[name]} og {f}; "
                             "importer dem hver for seg med --source")
        names[name] = f
        report = None
        tell("read", 0, None, str(f))
        try:
            old = _existing(ws, name)
            if old and old.get("kind") != "import":
                raise InputError(
                    f"the workspace already has a source '{name}' that is not an import "
                    f"({old.get('kind') or 'shipped data'}); kg will not replace it.",
                    f"arbeidsområdet har allerede en kilde «{name}» som ikke er en import "
                    f"({old.get('kind') or 'levert data'}); kg erstatter den ikke.", file=str(f),
                    hint_en="Choose another source name with --source NAME.",
                    hint_nb="Velg et annet kildenavn med --source NAVN.")
            from kg.importers.tabular.names import Resolver
            resolver = Resolver(ws, exclude=source_iri(name))
            net_iri, net_new = _network(resolver, network, new_network)
            kind = fmt or sniff(f)
            sha = file_sha256(f)
            same_file = old.get("sha") == sha or f in origins
            created = old.get("created") if same_file and old.get("created") else now
            ctx = ImportContext(ws=ws, source=name, namespace=slug_of_iri(net_iri) if net_iri else slugify(name),
                                network=net_iri, network_new=net_new, mapping=mapping, created=created,
                                resolver=resolver, progress=progress, strict_names=strict_names)
            if mapping is not None and kind not in TABULAR:
                raise InputError("--mapping applies to spreadsheets (CSV, XLSX), not to RDF.",
                                 "--mapping gjelder regneark (CSV, XLSX), ikke RDF.", file=str(f))
            res = read(f, ctx, kind)
            report = res.report
            report.format = report.format or kind
        except InputError as e:
            report = ImportReport(file=str(f), source=name, format=fmt or by_suffix(f) or "")
            report.fatal = Issue(str(f), e.row, e.column, None, _strip_where(e.en, e, e.hint_en),
                                 _strip_where(e.nb, e, e.hint_nb), code="file-unusable")
            report.status = "failed"
            res = None
        run.reports.append(report)
        results.append((name, res))
    fatal = any(r.fatal for r in run.reports)
    rejected = any(r.rejected for r in run.reports)
    for (name, res), report in zip(results, run.reports):
        if res is None:
            continue
        from kg.store.workspace import Content
        content = Content.of(res.quads)
        report.triples = len(content)
        if fatal:
            report.status = "blocked"
        elif strict and rejected:
            report.status = "not-written"
        elif dry_run:
            report.status = "dry-run"
        elif names[name] in origins and _same_facts(ws, name, content):
            report.status = "unchanged"   # kg's own pre-filled template, as it was written
        else:
            tell("write", len(content), None, report.file)
            info = ws.replace_source(name, content, res.meta)
            report.status = "imported" if info.changed else "unchanged"
    return run


def _template_origin(ws, f: Path, network: str) -> str | None:
    """The one source a template pre-filled for ``network`` came from, or None."""
    try:
        if sniff(f) != "xlsx":
            return None
    except InputError:
        return None   # read() reports the file properly
    o = get("xlsx").origin(f)
    sources = [x for x in o.get("sources", "").split(";") if x]
    if not sources or not o.get("network"):
        return None
    from kg.importers.tabular.names import Resolver
    try:
        net, _ = _network(Resolver(ws), network)
    except InputError:
        return None
    if net != o["network"]:
        return None
    if len(sources) > 1:
        # one file cannot replace several sources; as a new source it would hold the
        # same rows a second time, and an edit would leave the old value beside the new
        names = ", ".join(sources)
        raise InputError(
            f"this template holds the network's rows from {len(sources)} sources ({names}); importing it as one "
            "more source would keep every row twice.",
            f"denne malen har nettverkets rader fra {len(sources)} kilder ({names}); importert som enda en kilde "
            "ville hver rad ligget der to ganger.", file=str(f),
            hint_en=f"Make it the one source: kg remove each of {names}, then import the file with --source NAME.",
            hint_nb=f"Gjør den til den ene kilden: kg remove hver av {names}, og importer så filen med --source NAVN.")
    return sources[0]


def _same_facts(ws, name: str, content) -> bool:
    """Do ``content`` and the source ``name`` hold the same facts, apart from the
    description of the file they came from (the source node)?"""
    from kg.store.workspace import Content, source_iri
    head = f"<{source_iri(name)}>".encode()
    old = Content.of(ws.source_quads(name))
    return ([x for x in old.lines if not x.startswith(head)] ==
            [x for x in content.lines if not x.startswith(head)])


def slug_of_iri(iri: str) -> str:
    from kg.ids import slug
    return slug(iri).replace("/", "-")


def _strip_where(text: str, e, hint: str) -> str:
    """InputError puts 'file:row:column: ' in front of its message; the report has its own."""
    where = ":".join(str(x) for x in (e.file, e.row, e.column) if x not in (None, ""))
    if where and text.startswith(where + ": "):
        text = text[len(where) + 2:]
    return text + (f" — {hint}" if hint else "")
