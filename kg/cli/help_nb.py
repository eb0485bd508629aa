"""Help texts of kg's own options and commands in Norwegian bokmål.

Each ``click.option(..., help=...)`` is written once, in English, where the option is
declared. :data:`OPTIONS` maps that English text to bokmål, :data:`COMMANDS` gives
each command's short help (the line in a group's ``Commands:`` list) in bokmål, by the
command's path, and :mod:`kg.cli.help_nb_pages` each command's whole page (description
and examples). :data:`METAVAR_WORDS` puts the usage line's words (FILE, NAME, [OPTIONS],
COMMAND) in bokmål. :func:`apply` swaps them onto the command tree for the language of
the run; :mod:`kg.cli.click_nb` calls it with click's own messages, so one switch covers
both. The English stays kept on each parameter and command, so the switch goes both ways
in one process. A text missing here stays English (tests/test_help_nb.py and
tests/test_help_pages.py see to it that none is).
"""
from __future__ import annotations

import re

import click

OPTIONS = {
    # kg
    "The workspace directory (also KG_DATA; default ./kg-data).":
        "Mappen med arbeidsområdet (også KG_DATA; standard ./kg-data).",
    "Language of labels and messages: nb (default) or en. Also KG_LANG.":
        "Språk for navn og meldinger: nb (standard) eller en. Også KG_LANG.",
    "Show the version and exit.": "Vis versjonen og avslutt.",
    # init, sources, remove, export
    "Ontology and reference data only, no KS baseline roadmap.":
        "Bare ontologi og referansedata, uten KS' basisveikart.",
    "Replace an existing workspace.": "Erstatt et eksisterende arbeidsområde.",
    "Output format.": "Utdataformat.",
    "Check the workspace's integrity (catalog counts equal graph contents, no orphan graphs).":
        "Kontroller at arbeidsområdet er intakt (tallene i katalogen stemmer med innholdet i "
        "grafene, ingen foreldreløse grafer).",
    "Write to FILE (default: standard output).": "Skriv til FIL (standard: standard ut).",
    "Only this source.": "Bare denne kilden.",
    "sparql: put the union into this one named graph.":
        "sparql: legg alt samlet i én navngitt graf med dette navnet.",
    "pptx, initiatives: only this network's initiatives.":
        "pptx, initiatives: bare tiltakene til dette nettverket.",
    "pptx: the deck's title.": "pptx: tittelen på lysbildeserien.",
    "pptx: an organisation's deck whose master, layouts and size are used.":
        "pptx: en lysbildeserie fra virksomheten som malen, oppsettene og formatet hentes fra.",
    "pptx: no gap marks and no gap summary (the check is not run).":
        "pptx: uten gap-merker og gap-oppsummering (sjekken kjøres ikke).",
    "graphml, csv, pptx, initiatives: language of the text (default: the global --lang).":
        "graphml, csv, pptx, initiatives: språket i teksten (standard: det globale --lang).",
    "Where to write the results.": "Hvor resultatene skal skrives.",
    # query
    "After an initiative's fact sheet, every fact about it with its source.":
        "Etter faktaarket for et tiltak: alle fakta om det, med kilde.",
    "Leave out facts where the node is the value.": "Utelat fakta der noden er verdien.",
    "At most this many hits.": "Høyst så mange treff.",
    "Only nodes of this class (e.g. Initiative, Municipality).":
        "Bare noder av denne klassen (f.eks. Initiative, Municipality).",
    "Also internal nodes (periods, dated instants, dependency nodes, memberships).":
        "Ta også med interne noder (perioder, datopunkter, avhengighetsnoder, medlemskap).",
    "Only what ID depends on (its prerequisites).": "Bare det ID avhenger av (forutsetningene).",
    "Only what depends on ID.": "Bare det som avhenger av ID.",
    "At most this many steps away.": "Høyst så mange steg unna.",
    "Only dependencies of this type (repeatable).":
        "Bare avhengigheter av denne typen (kan gjentas).",
    "Only hard dependencies.": "Bare harde avhengigheter.",
    "Only through hard dependencies.": "Bare gjennom harde avhengigheter.",
    "At most this many paths.": "Høyst så mange stier.",
    "Only hard dependencies decide the order.": "Bare harde avhengigheter avgjør rekkefølgen.",
    "Name at most this many initiatives per wave in the text table (CSV, JSON and Markdown have all).":
        "Nevn høyst så mange tiltak per bølge i teksttabellen (CSV, JSON og Markdown har alle).",
    "Without ID: show the chains to at most this many end points.":
        "Uten ID: vis kjedene fram til høyst så mange endepunkter.",
    "What counts as started (keeps its start): a start before this day (default: today).":
        "Hva som regnes som startet (og beholder startdatoen): en start før denne dagen (standard: i dag).",
    "How late ID is, e.g. 6m.": "Hvor forsinket ID er, f.eks. 6m.",
    "ID's new end (a regulation: its new entry window).":
        "Ny slutt for ID (for et regelverk: nytt vindu for ikrafttredelse).",
    "A change ID:DURATION or ID:DATE (repeatable), instead of ID --slip/--to.":
        "En endring ID:VARIGHET eller ID:DATO (kan gjentas), i stedet for ID --slip/--to.",
    "What counts as started: a start before this day (default: today).":
        "Hva som regnes som startet: en start før denne dagen (standard: i dag).",
    "First period (2025, 2026-Q3, …); default: the first date of the data.":
        "Første periode (2025, 2026-Q3, …); standard: første dato i dataene.",
    "Last period; default: the last date of the data.":
        "Siste periode; standard: siste dato i dataene.",
    "Split each period into lanes (the same option as kg diagram timeline --lane).":
        "Del hver periode i felt (samme valg som kg diagram timeline --lane).",
    "Which AI Act text's dates to show as milestones.":
        "Hvilken tekst av KI-forordningen datoene for milepælene hentes fra.",
    "Names per cell in the text table (CSV, JSON and Markdown have all).":
        "Navn per celle i teksttabellen (CSV, JSON og Markdown har alle).",
    "Only what nothing serves.": "Bare det som ingenting dekker.",
    "The date (default: today).": "Datoen (standard: i dag).",
    "Which text of the AI Act to take dates from.":
        "Hvilken tekst av KI-forordningen datoene hentes fra.",
    "List the saved queries with their descriptions.":
        "List de lagrede spørringene med beskrivelse.",
    "Bind ?VAR to VALUE (an id, IRI or label; otherwise a literal). Repeatable.":
        "Bind ?VAR til VERDI (en id, IRI eller et navn; ellers en litteral verdi). Kan gjentas.",
    "Only initiatives delivering this service.": "Bare tiltak som leverer denne tjenesten.",
    "Only the initiatives of this network (Diginettverk).":
        "Bare tiltakene til dette nettverket (Diginettverk).",
    "Only initiatives this municipality owns or takes part in (name, number or id).":
        "Bare tiltak denne kommunen eier eller deltar i (navn, nummer eller id).",
    "Only this goal (1–17), with all its targets.":
        "Bare dette bærekraftsmålet (1–17), med alle delmålene.",
    "Only the goals and targets nothing contributes to.":
        "Bare målene og delmålene som ingenting bidrar til.",
    # check
    "Show only results at or above this severity (violation > warning > info).":
        "Vis bare funn med denne alvorlighetsgraden eller høyere (violation > warning > info).",
    "Extra SHACL shapes (Turtle); may be repeated.":
        "Ekstra SHACL-former (Turtle); kan gjentas.",
    "Only this code; may be repeated.": "Bare denne koden; kan gjentas.",
    "Only results about this node (slug, IRI or label).":
        "Bare funn om denne noden (slug, IRI eller navn).",
    "Run a profile's shapes instead of the shipped ones: leverandorkrav (the shared requirements for AI vendors).":
        "Kjør formene i en profil i stedet for de medfølgende: leverandorkrav (de felles "
        "kravene til KI-leverandører).",
    "fast: compiled SPARQL on the store; pyshacl: the reference engine.":
        "fast: kompilert SPARQL mot lageret; pyshacl: referansemotoren.",
    # diagram, report
    "How many dependency steps out from ID (default: all).":
        "Hvor mange avhengighetssteg ut fra ID (standard: alle).",
    "Only what ID depends on.": "Bare det ID avhenger av.",
    "Boxes around the initiatives of one owner, phase or network.":
        "Bokser rundt tiltakene med samme eier, fase eller nettverk.",
    "Leave out services and regulations.": "Utelat tjenester og regelverk.",
    "The picture's title (default: its own).": "Tittel på bildet (standard: bildets egen).",
    "Lay the picture out for a 16:9 or 4:3 slide or an A4 page.":
        "Tilpass bildet til et lysbilde i 16:9 eller 4:3 eller en A4-side.",
    "Only this network's initiatives (name or id); what they depend on is drawn faded.":
        "Bare tiltakene til dette nettverket (navn eller id); det de avhenger av tegnes blekere.",
    "Which gaps from kg check to mark: violations and warnings (default), or all (info too).":
        "Hvilke gap fra kg check som merkes: brudd og advarsler (standard), eller alle "
        "(også info).",
    "Do not run the checks; draw no gap marks.": "Ikke kjør sjekkene; tegn ingen gap-merker.",
    "svg, png, pdf (drawn with graphviz), dot or mermaid (text). Default: from the file suffix of -o, else svg.":
        "svg, png, pdf (tegnet med graphviz), dot eller mermaid (tekst). Standard: etter "
        "filendelsen i -o, ellers svg.",
    "Start of the axis (2025, 2026-Q3, 2026-09…). Default 2025.":
        "Start på aksen (2025, 2026-Q3, 2026-09 …). Standard 2025.",
    "End of the axis. Default: the last date in the roadmap.":
        "Slutt på aksen. Standard: siste dato i veikartet.",
    "One lane per owner, phase or network.": "Ett felt per eier, fase eller nettverk.",
    "gantt: bars on a time axis; board: the seed's three columns (2025 / 2026 / 2026+).":
        "gantt: stolper på en tidsakse; board: de tre kolonnene fra utgangspunktet "
        "(2025 / 2026 / 2026+).",
    "Draw the today line at this date (default: today).":
        "Tegn dagens-linjen på denne datoen (standard: i dag).",
    "Show what moved (old position ghosted, an arrow to the new one) and what is new since a snapshot (kg snapshot).":
        "Vis hva som er flyttet (gammel plassering blek, en pil til den nye) og hva som er nytt "
        "siden et øyeblikksbilde (kg snapshot).",
    "Only the municipalities that own or take part in this initiative.":
        "Bare kommunene som eier eller deltar i dette tiltaket.",
    "Count only the initiatives that deliver this service.":
        "Tell bare tiltakene som leverer denne tjenesten.",
    "Count only this network's initiatives (name or id), and outline its member municipalities.":
        "Tell bare tiltakene til dette nettverket (navn eller id), og tegn omriss rundt "
        "medlemskommunene.",
    "svg, png or pdf. Default: from the file suffix of -o, else svg.":
        "svg, png eller pdf. Standard: etter filendelsen i -o, ellers svg.",
    "Draw the vendors with the widest reach; the rest are summed up in one box.":
        "Tegn leverandørene med størst rekkevidde; resten summeres i én boks.",
    "The file to write (a name ending in .html), or a folder to write report.html into (created if missing).":
        "Filen som skal skrives (et navn som slutter på .html), eller en mappe som "
        "report.html skrives i (opprettes om den mangler).",
    # import
    "Name of the source (named graph); default: the file name without suffix.":
        "Navn på kilden (navngitt graf); standard: filnavnet uten endelse.",
    "The network (Diginettverk) the rows come from, by id or name; ids become kgid:<network>/<row id> and member municipalities get a dated membership.":
        "Nettverket (Diginettverk) radene kommer fra, med id eller navn; id-ene blir "
        "kgid:<nettverk>/<rad-id>, og medlemskommunene får et datert medlemskap.",
    "A YAML mapping for a foreign table (columns, values, split, defaults, id).":
        "En YAML-mapping for en fremmed tabell (kolonner, verdier, oppdeling, "
        "standardverdier, id).",
    "Check and report, write nothing.": "Kontroller og rapporter, men skriv ingenting.",
    "Write nothing if any row is rejected.": "Skriv ingenting hvis en rad blir avvist.",
    "An owner or vendor close to nothing known is a row error, not a new organisation.":
        "En eier eller leverandør som ikke ligner noen kjent, er en feil i raden, ikke en "
        "ny virksomhet.",
    "--network names a new network even if it is close to an existing one.":
        "--network navngir et nytt nettverk selv om navnet ligner et eksisterende.",
    "The file format, if guessing from content and suffix is wrong.":
        "Filformatet, hvis det som gjettes ut fra innhold og endelse er feil.",
    "Report format.": "Format på rapporten.",
    "Largest file to read, e.g. 500M or 2G (default 200M; env KG_MAX_BYTES).":
        "Største fil som leses, f.eks. 500M eller 2G (standard 200M; miljøvariabel KG_MAX_BYTES).",
    "Most data rows in a spreadsheet (default 100000; env KG_MAX_ROWS).":
        "Flest datarader i et regneark (standard 100000; miljøvariabel KG_MAX_ROWS).",
    "Where to write: .xlsx (default) or .csv; '-' writes CSV to standard output.":
        "Hvor det skal skrives: .xlsx (standard) eller .csv; «-» skriver CSV til standard ut.",
    "Language of headers and instructions (default: the global --lang).":
        "Språk i overskrifter og veiledning (standard: det globale --lang).",
    "Force the format instead of taking it from the file name.":
        "Velg formatet selv i stedet for å utlede det av filnavnet.",
    "Pre-fill the XLSX with the rows this network imported, as kg holds them.":
        "Fyll XLSX-filen på forhånd med radene dette nettverket har importert, slik kg har dem.",
    "The SPARQL query endpoint (default: URL).": "SPARQL-endepunktet for spørringer (standard: URL).",
    "Only this named graph.": "Bare denne navngitte grafen.",
    "With --graph: the source name to give it.": "Med --graph: navnet kilden skal få.",
    # neo4j
    "bolt://, neo4j://, neo4j+s:// … (also NEO4J_URI).": "bolt://, neo4j://, neo4j+s:// … (også NEO4J_URI).",
    "User name (also NEO4J_USER).": "Brukernavn (også NEO4J_USER).",
    "Database (also NEO4J_DATABASE; default: the server's default).":
        "Database (også NEO4J_DATABASE; standard: tjenerens standard).",
    "Delete what kg pushed before and load everything again.":
        "Slett det kg har overført før, og last inn alt på nytt.",
    "Remove local sources that Neo4j does not hold.":
        "Fjern lokale kilder som ikke finnes i Neo4j.",
    "A query parameter ($NAME).": "En spørreparameter ($NAVN).",
    # snapshot, diff
    "Why the snapshot was taken (shown in --list and in diffs).":
        "Hvorfor øyeblikksbildet ble tatt (vises i --list og i sammenligninger).",
    "List the snapshots of the workspace.": "List øyeblikksbildene i arbeidsområdet.",
    "Delete snapshot NAME.": "Slett øyeblikksbildet NAVN.",
    "Replace an existing snapshot with the same name.":
        "Erstatt et eksisterende øyeblikksbilde med samme navn.",
    "Do not run kg check on both versions (gaps appeared/closed are then left out).":
        "Ikke kjør kg check på begge versjonene (nye og lukkede gap blir da utelatt).",
    "Also compare every statement outside the roadmap (RDF level) and each source's provenance.":
        "Sammenlign også alle utsagn utenfor veikartet (på RDF-nivå) og opphavet til hver kilde.",
    "With --all: at most this many other statements listed per direction.":
        "Med --all: høyst så mange andre utsagn listet i hver retning.",
    # serve
    "Address to listen on. Anything but loopback needs KG_SERVE_TOKEN.":
        "Adressen det lyttes på. Alt annet enn loopback krever KG_SERVE_TOKEN.",
    "Port to listen on.": "Porten det lyttes på.",
    "No writes at all, token or not.": "Bare lesing: ingen endringer, med eller uten token.",
    "Turn the /sparql page and /api/sparql off.": "Slå av /sparql-siden og /api/sparql.",
}

# a command's path below kg -> its line in the Commands: list of its group
COMMANDS = {
    "init": "Opprett et arbeidsområde: ontologi, referansedata og KS' basisveikart.",
    "sources": "List kildene (navngitte grafer) i arbeidsområdet med antall og datoer.",
    "remove": "Ta én kilde (navngitt graf) ut av arbeidsområdet.",
    "export": "Skriv ut grafen: RDF, GraphML, CSV, til et SPARQL-lager, som lysbildeserie (pptx) eller tiltaksliste.",
    "demo": "Hele jobben i ett steg på det medfølgende basisveikartet.",
    "query": "Spør grafen: én node, søk, SPARQL, avhengigheter og tidslinjer.",
    "query show": "Én node: et tiltak som faktaark, andre noder med alle fakta og kilde.",
    "query find": "Finn noder etter navn (uavhengig av store bokstaver og aksenter).",
    "query sparql": "Kjør en SPARQL-spørring (FIL eller - for standard inn) mot arbeidsområdet.",
    "query summary": "Hva arbeidsområdet inneholder: antall tiltak, prinsipper, tjenester, kommuner og mer.",
    "query deps": "Avhengighetene rundt ID: hva den avhenger av, og hva som avhenger av den.",
    "query path": "Alle avhengighetsstier mellom A og B, korteste først.",
    "query order": "Tiltakene i bølger: hva kan starte først, hva deretter.",
    "query critical-path": "Den lengste kjeden av harde avhengigheter fram til ID, med datoer.",
    "query impact": "Hva flyttes, hva kommer i fare, og hva ryker, hvis ID blir forsinket.",
    "query timeline": "Hva starter, pågår og slutter i hver periode, med regelverksdatoer.",
    "query coverage": "Hva dekker hver utfordring, prinsipp, kommune, bærekraftsmål og regelverk.",
    "query obligations": "Hvilke plikter gjelder på en dato, og hvilke er oppfylt.",
    "query run": "Kjør en lagret SPARQL-spørring, eller list dem med --list.",
    "query vendors": "Leverandører og innlåsing: hvem leverer KI til sektoren, og hvor konsentrert.",
    "query sustainability": "Bærekraft: tiltakene, kommunene og indikatorene per bærekraftsmål.",
    "check": "Sjekk arbeidsområdet for mangler (gap) med de medfølgende SHACL-formene.",
    "diagram": "Tegn veikartet: avhengigheter, tidslinje, målbilde, kart.",
    "diagram dependencies": "Tiltak og avhengigheter: harde heltrukne, myke stiplede, konflikter røde.",
    "diagram timeline": "Stolper på en tidsakse: usikre slutter blekere, regelverksdatoer, i dag.",
    "diagram target-picture": "Felles målbilde: prinsipper, kapabiliteter, tjenester, utfordringer.",
    "diagram map": "De 357 kommunene farget etter hvor mange tiltak hver deltar i.",
    "diagram vendors": "Leverandører ↔ tjenester ↔ kommuner, størrelse etter rekkevidde.",
    "report": "Én selvstendig HTML-rapport: diagrammer, mangler og en søkbar tiltakstabell.",
    "import": "Importer regneark og RDF-filer (se «kg import --help»).",
    "import files": "Importer regneark og RDF-filer, én kilde per fil.",
    "import template": "Skriv den tomme malen for nettverkenes regneark (XLSX eller CSV).",
    "import sparql": "Les de navngitte grafene i et SPARQL 1.1-lager inn, én kilde per graf.",
    "neo4j": "Grafen i Neo4j: overfør, hent tilbake, og avhengighetsspørsmålene som Cypher.",
    "neo4j push": "Overfør arbeidsområdet til Neo4j (bare kilder som er endret).",
    "neo4j pull": "Hent grafen tilbake fra Neo4j til arbeidsområdet, kilde for kilde.",
    "neo4j cypher": "Kjør Cypher som bare leser (fra FIL eller standard inn) på tjeneren.",
    "neo4j query": "Avhengighetsspørsmålene kjørt som Cypher på tjeneren (som «kg query»).",
    "neo4j query deps": "Hva ID avhenger av (opp), og hva som avhenger av den (ned).",
    "neo4j query path": "Alle avhengighetsstier mellom A og B, korteste først.",
    "neo4j query order": "Tiltakene i bølger: bølge 1 kan starte straks, bølge 2 trenger bare bølge 1, …",
    "neo4j query critical-path": "Den lengste kjeden av harde avhengigheter som ender i ID.",
    "neo4j query impact": "Hva flyttes, hva kommer i fare, og hva ryker, hvis ID blir forsinket.",
    "snapshot": "Frys arbeidsområdet slik det er nå under NAVN, eller list øyeblikksbildene.",
    "diff": "Hva som er endret mellom to versjoner av veikartet.",
    "serve": "Vis arbeidsområdet i nettleseren som en webapplikasjon (med JSON under /api/).",
}


def walk(cmd, path="", loaded=False):
    """(path, command) for ``cmd`` and every command below it; the root's path is ''.
    ``loaded``: only the commands imported so far (kg's are imported when first used)."""
    yield path, cmd
    subs = getattr(cmd, "commands", {})
    for name, sub in (subs.loaded() if loaded and hasattr(subs, "loaded") else subs.items()):
        yield from walk(sub, f"{path} {name}".strip(), loaded)


# the words of the usage line and of metavars, in bokmål; ID, IRI, URL, URI, N, A, B stay
METAVAR_WORDS = {
    "FILE": "FIL", "DIR": "MAPPE", "NAME": "NAVN", "DATE": "DATO", "DURATION": "VARIGHET",
    "VALUE": "VERDI", "WHEN": "PERIODE", "TEXT": "TEKST", "SIZE": "STØRRELSE", "CODE": "KODE",
    "SOURCE": "KILDE", "WHAT": "HVA", "OLD": "GAMMEL", "NEW": "NY", "SNAPSHOT": "ØYEBLIKKSBILDE",
    "INTEGER": "HELTALL", "FLOAT": "DESIMALTALL", "PATH": "STI", "FILENAME": "FIL",
}
OPTIONS_METAVAR = "[VALG]"
SUBCOMMAND_METAVAR = "KOMMANDO [ARGUMENTER]..."


def _nb_words(metavar: str) -> str:
    return re.sub(r"[A-Z][A-Z_]*", lambda m: METAVAR_WORDS.get(m.group(), m.group()), metavar)


def nb_metavar(p) -> str | None:
    """How click would show ``p`` in a usage line or an option row, in bokmål (None: as
    click shows it, e.g. a choice's [a|b] or a flag)."""
    en = p._kg_metavar_en
    if p.param_type_name == "argument":
        if en is not None:
            return _nb_words(en)
        mv = _nb_words(p.name.upper())
        if not p.required:
            mv = f"[{mv}]"
        return mv + ("..." if p.nargs != 1 else "")
    if en is not None:
        return _nb_words(en)
    if getattr(p, "is_flag", False) or getattr(p, "count", False) or isinstance(p.type, click.Choice):
        return None
    mv = METAVAR_WORDS.get(p.type.name.split()[0].upper(), p.type.name.upper())   # "integer range"
    return mv + ("..." if p.nargs != 1 else "")


def _keep_en(obj, attr: str):
    key = f"_kg_{attr}_en"
    if not hasattr(obj, key):
        setattr(obj, key, getattr(obj, attr, None))
    return getattr(obj, key)


def apply(lang: str, root) -> None:
    """Give every option, argument and command below ``root`` its help, its examples and
    the words of its usage line in ``lang``."""
    nb = lang == "nb"
    if nb:          # the pages are read only in nb mode
        from kg.cli.help_nb_pages import PAGES
    for path, cmd in walk(root, loaded=True):
        for p in cmd.params:
            en = _keep_en(p, "help")
            if en:
                p.help = OPTIONS.get(en, en) if nb else en
            _keep_en(p, "metavar")
            p.metavar = nb_metavar(p) if nb else p._kg_metavar_en
        for attr in ("help", "epilog", "options_metavar", "subcommand_metavar"):
            _keep_en(cmd, attr)
        page = PAGES.get(path) if nb else None
        cmd.help, cmd.epilog = page if page else (cmd._kg_help_en, cmd._kg_epilog_en)
        if cmd._kg_options_metavar_en:
            cmd.options_metavar = OPTIONS_METAVAR if nb else cmd._kg_options_metavar_en
        if cmd._kg_subcommand_metavar_en:
            cmd.subcommand_metavar = SUBCOMMAND_METAVAR if nb else cmd._kg_subcommand_metavar_en
        if path:
            short = _keep_en(cmd, "short_help")
            cmd.short_help = COMMANDS.get(path, short) if nb else short
