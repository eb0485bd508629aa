"""Each command's help page in Norwegian bokmål: its description and its examples.

The English is the command's docstring and ``epilog`` where it is declared;
:data:`PAGES` gives the bokmål of both, by the command's path below ``kg``, and
:func:`kg.cli.help_nb.apply` swaps them in for the language of the run. The example
commands are the same in both languages (only the comments after ``#`` and the prose
differ); tests/test_help_nb.py holds the two to that, so an example added in one
language and not the other fails a test.
"""
from __future__ import annotations

PASSWORD = "\nPassordet leses fra NEO4J_PASSWORD, eller du blir spurt; det er aldri et argument."

PAGES = {
    "": ("""kg – kunnskapsgraf og veikart for KI i kommunal sektor.

Tiltak, prinsipper, utfordringer, regelverk, kommuner og nettverk i én graf, med
gap-sjekker, avhengighetsspørsmål, diagrammer og import fra nettverkenes regneark.
Hjelp og meldinger er på norsk (standard) eller engelsk: --lang en.""", """\b
Eksempler:
  kg init                         # et arbeidsområde med KS' basisveikart i ./kg-data
  kg sources                      # hva arbeidsområdet inneholder, kilde for kilde
  kg query show ki-plattform      # én node, alle fakta og kilden til hvert
  kg query find tromso            # søk i navn (store bokstaver og aksenter spiller ingen rolle)
  kg --lang en query show prinsipp-1
  kg export ttl -o graph.ttl
  kg demo                         # hele jobben på det medfølgende basisveikartet

\b
Framdriften i langt arbeid (import, check, neo4j) vises på stderr når det er en terminal;
KG_PROGRESS=1 viser den likevel, KG_PROGRESS=0 aldri."""),

    "init": ("Opprett et arbeidsområde: ontologi, referansedata og KS' basisveikart.", """\b
Eksempler:
  kg init                    # ./kg-data med ontologi, referansedata og KS' basisveikart
  kg --data /tmp/ws init --empty
  kg init --force            # erstatt et eksisterende arbeidsområde"""),

    "sources": ("List kildene (navngitte grafer) i arbeidsområdet med antall og datoer.", """\b
Eksempler:
  kg sources
  kg sources --format json
  kg sources --verify        # integritetssjekk: avslutningskode 1 hvis katalogen og grafene er uenige"""),

    "remove": ("Ta én kilde (navngitt graf) ut av arbeidsområdet.", """\b
Eksempler:
  kg remove assumptions      # ta ut modellantakelsene i basisveikartet
  kg remove digi-innlandet"""),

    "export": ("""Skriv ut grafen: RDF (ttl, trig, nq, nt, jsonld), GraphML for Gephi/yEd, CSV for
regneark (én rad per faktum, formelceller nøytralisert), (sparql URL) til et SPARQL-lager,
en lysbildeserie (pptx) eller én rad per tiltak (initiatives, XLSX eller CSV).""", """\b
Eksempler:
  kg export ttl -o graph.ttl           # alle kildene samlet
  kg export trig -o workspace.trig     # hver kilde som sin egen navngitte graf
  kg export jsonld --source seed       # én kilde
  kg export graphml -o roadmap.graphml # for Gephi eller yEd
  kg --lang en export csv -o facts.csv # én rad per faktum, for regneark
  kg export sparql http://localhost:3030/ds   # hver kilde til sin navngitte graf i et SPARQL-lager
  kg export pptx -o veikart.pptx       # en lysbildeserie i 16:9 med redigerbar tekst
  kg export pptx --network "Digi Innlandet" --template ks.pptx -o digi.pptx
  kg export initiatives -o tiltak.xlsx # én rad per tiltak (eller .csv)"""),

    "demo": ("""Hovedjobben i ett steg på det medfølgende basisveikartet.

Bygger et arbeidsområde fra basisveikartet, kjører så alle stegene som finnes
(sjekker, diagrammer, rapport) og skriver ut hva som ble laget.""", """\b
Eksempler:
  kg demo                    # skriver til ./kg-demo
  kg --lang en demo -o /tmp/demo"""),

    "query": ("Spør grafen: én node, søk, SPARQL, avhengigheter og tidslinjer.", """\b
Eksempler:
  kg query show ki-plattform
  kg query find "tale til tekst"
  echo 'SELECT (COUNT(*) AS ?n) WHERE { ?i a kg:Initiative }' | kg query sparql -"""),

    "query show": ("""Én node: et tiltak som faktaark (datoer, fase, status, eier, deltakere,
avhengigheter, gap); andre noder med alle fakta, hvert med sin kilde.

Med --facts følges faktaarket for et tiltak av alle fakta med kilde.
ID er en slug (ki-plattform), en full IRI eller et navn.""", """\b
Eksempler:
  kg query show ki-plattform
  kg query show ki-plattform --facts      # og alle fakta med kilde
  kg query show "KI-plattform for alle kommuner"
  kg --lang en query show kommune-3403 --format json"""),

    "query find": ("Finn noder etter navn (uavhengig av store bokstaver og aksenter, nb og en); en "
                   "skrivefeil gir navn som ligner.", """\b
Eksempler:
  kg query find tromso           # Tromsø
  kg query find nesseby          # Unjárga - Nesseby
  kg query find platform --type Initiative
  kg query find Lilehammer       # en skrivefeil: navn som ligner (Lillehammer)
  kg query find periode --all    # også perioder, datopunkter og avhengighetsnoder"""),

    "query summary": ("Hva arbeidsområdet inneholder: antall tiltak, prinsipper, tjenester, kommuner og mer.",
                      """\b
Eksempler:
  kg query summary
  kg --lang en query summary --format json"""),

    "query sparql": ("Kjør en SPARQL-spørring (FIL, eller - for standard inn) mot arbeidsområdet. "
                     "Bare lesing.", """\b
Eksempler:
  kg query sparql count.rq
  echo 'SELECT ?i ?l WHERE { ?i a kg:Initiative ; skos:prefLabel ?l FILTER(lang(?l)="nb") }' | kg query sparql -
  kg query sparql q.rq --format csv > out.csv

Prefiksene kg, kgid, kgsrc, skos, dct, prov, org, time, sdg, sdgo, eli, dpv … er forhåndsdefinert.
Standardgrafen er alle kildene samlet; GRAPH kgsrc:NAVN leser én kilde."""),

    "query deps": ("""Avhengighetene rundt ID: hva den avhenger av (↑), og hva som avhenger av den (↓),
med type, styrke og kilde for hver kant.

ID er en slug (ki-plattform), en full IRI eller et navn.""", """\b
Eksempler:
  kg query deps ki-plattform              # begge veier
  kg query deps ki-plattform --up         # hva som må være på plass først
  kg query deps ki-plattform --down --hard-only
  kg query deps "KI-plattform" --type requires --depth 1 --format json

\b
På basisveikartet, kg query deps ki-plattform --down:
  node                             id                 type    styrke  kilde
  ↓ KI-fabrikk                     ki-fabrikk         krever  hard    assumptions
  ↓ Skalere 3 tjenester nasjonalt  skalere-tjenester  krever  hard    assumptions"""),

    "query path": ("""Alle avhengighetsstier mellom A og B, korteste først (avslutningskode 1 hvis det ikke
finnes noen).

A og B er slugs, IRI-er eller navn.""", """\b
Eksempler:
  kg query path skalere-tjenester ki-plan
  kg query path ki-fabrikk ki-plattform --hard-only --format json

\b
På basisveikartet, kg query path skalere-tjenester ki-plan:
  1  2  Skalere 3 tjenester nasjonalt —krever→ KI-plattform for alle kommuner
          —informeres av (myk)→ KI-plan for kommunal sektor
  2  3  … —krever→ Felles økosystem —informeres av (myk)→ KI-plan …"""),

    "query order": ("Tiltakene i bølger: hva kan starte først, hva deretter, … .", """\b
Eksempler:
  kg query order
  kg query order --hard-only
  kg query order --format json > waves.json

Avslutningskode 1 når avhengighetene går i ring; alle nodene i ringen nevnes.

\b
På basisveikartet, kg query order:
  1  4  FoU: KI i helse og omsorg (fou-helse-omsorg), Juridisk støtte … (juridisk-stotte), …
  2  2  Kompetanse og spredningsaktiviteter (kompetanse-spredning), …
  3  1  Felles økosystem (felles-okosystem)
  4  1  KI-plattform for alle kommuner (ki-plattform)
  5  2  KI-fabrikk (ki-fabrikk), Skalere 3 tjenester nasjonalt (skalere-tjenester)"""),

    "query critical-path": ("""Den lengste kjeden av harde avhengigheter fram til ID (eller til hvert endepunkt), med
start- og sluttvinduer og den tidligste og seneste slutten kjeden tillater
(planleggingsmodellen: harde avhengigheter og regelverk som må være i kraft).""", """\b
Eksempler:
  kg query critical-path skalere-tjenester
  kg query critical-path                 # til hvert endepunkt, lengste først
  kg query critical-path --limit 3 --format csv

\b
På basisveikartet, kg query critical-path skalere-tjenester:
  1  1  Felles økosystem                    felles-okosystem   2026
  1  2    KI-plattform for alle kommuner    ki-plattform       2026+
  1  3      Skalere 3 tjenester nasjonalt   skalere-tjenester  2026+"""),

    "query impact": ("""Hva flyttes (minst og høyst), hva kommer i fare, og hvilke konflikter oppstår, hvis ID
(et tiltak eller et regelverk) blir forsinket – eller etter flere endringer.""", """\b
Eksempler:
  kg query impact ki-loven --slip 6m        # et regelverk: tiltak som trenger det i kraft
  kg query impact ki-plattform --slip 6m
  kg query impact ki-plattform --to 2027-Q2 # ny slutt; starten blir stående
  kg query impact --change ki-loven:6m --change ki-plattform:2027-H2
  kg query impact ki-plattform --slip 1y --today 2026-06-01 --format json

Varigheter: 6m, 2q, 1y, 90d, 3w (også 6 mnd, 1 år). Datoer: 2027, 2027-Q2, 2027-06, 2027-06-30.
Flyttes minst: hvis alt før slutter så tidlig som mulig; kan måtte flyttes opptil: hvis
alt før slutter så sent som mulig. Tiltak som har startet, beholder starten sin.

\b
På basisveikartet, kg query impact ki-loven --slip 6m:
  KI-loven                       ki-loven           +6 mnd (+184 d)   +6 mnd (+181 d)       2026-H2 → 2027-H1  ikrafttredelse
  Skalere 3 tjenester nasjonalt  skalere-tjenester  +12 mnd (+365 d)  +545 d (≈ +17,9 mnd)  2026+ → 2027+      KI-loven (ki-loven)
  Nye konflikter: 0; nye i fare: 0"""),

    "query timeline": ("""Hva starter, pågår og slutter i hver periode, med regelverksdatoer (datoene da
KI-forordningen får anvendelse, KI-lovens vindu) som milepæler.""", """\b
Eksempler:
  kg query timeline --from 2025 --to 2030
  kg query timeline --by quarter --from 2026 --to 2027
  kg query timeline --lane owner
  kg query timeline --by phase --lane challenge
  kg query timeline --text amended        # bare datoene i den endrede teksten av KI-forordningen

\b
På basisveikartet, kg query timeline --from 2026 --to 2026:
  2026  Felles økosystem, Juridisk støtte, veiledning og maler, …  (starter)
        KI-loven trer i kraft (2026-H2); 2026-07-27 – art. 113(d) (endret tekst); …"""),

    "query coverage": ("""Hva dekker hver utfordring, hvert prinsipp, hver kommune, hvert bærekraftsmål og hvert
regelverk, og hva står udekket. Kommunene grupperes etter fylke og nettverk.""", """\b
Eksempler:
  kg query coverage challenges          # utfordringer som ingenting tar tak i
  kg query coverage principles
  kg query coverage sdgs
  kg query coverage regulations
  kg query coverage municipalities --uncovered --format csv > not-taking-part.csv

\b
På basisveikartet, kg query coverage challenges:
  Dekning av utfordringer: 5 av 6 dekket
  economy  Økonomiske begrensninger  0  nei
  Udekket: Økonomiske begrensninger (economy)"""),

    "query obligations": ("""Hvilke plikter gjelder for et tiltak, en tjeneste eller et KI-system på en dato, og
hvilke er dokumentert som oppfylt.""", """\b
Eksempler:
  kg query obligations skalere-tjenester --on 2027-01-01
  kg query obligations ki-i-saksbehandling --on 2027-06-30 --text amended
  kg query obligations ki-i-saksbehandling-system --format json

\b
På basisveikartet, kg query obligations skalere-tjenester --on 2027-01-01:
  Vurdering av personvernkonsekvenser (DPIA)  plikt-dpia  …  ja  siden 20. juli 2018             ikke dokumentert
  Konsekvensvurdering for grunnleggende …     plikt-fria  …  ja  senest siden 31. desember 2026  ikke dokumentert"""),

    "query run": ("Kjør en lagret SPARQL-spørring (queries/NAVN.rq), eller list dem med --list.", """\b
Eksempler:
  kg query run --list
  kg query run initiatives-without-owner
  kg query run dependencies --bind id=ki-plattform --format csv

\b
På basisveikartet, kg query run initiatives-without-owner:
  ki-fabrikk    KI-fabrikk                      planlagt
  ki-plattform  KI-plattform for alle kommuner  planlagt"""),

    "query vendors": ("""Leverandører og innlåsing: for hver leverandør tiltakene, KI-systemene, tjenestene,
kommunene den betjener, hvor dataene lagres og om det finnes en exit-plan; sektorens
konsentrasjon (Herfindahl–Hirschman-indeksen over KI-systemer og over betjente kommuner),
tjenester med bare én leverandør og kommuner der all KI kommer fra én leverandør.""", """\b
Eksempler:
  kg query vendors                              # alle leverandørene, og sektorens konsentrasjon
  kg query vendors --network digi-innlandet
  kg query vendors --service tale-til-tekst --format csv
  kg query vendors --municipality Hamar --format json

\b
På et lite regneark, kg query vendors:
  leverandør  id                  tiltak  KI-systemer  …  kommuner  …  exit-plan
  Alfa AS     leverandor-alfa-as  3       2            …  3         …  delvis (1/2)
  Konsentrasjon over KI-systemer: HHI 3 600,0 (høy); 3 leverandører; størst: Alfa AS 40,0 %, …"""),

    "query sustainability": ("""Bærekraft: per bærekraftsmål og delmål tiltakene som bidrar, kommunene de når og
indikatorene som måler det (FNs, og nasjonale indikatorsett importert med
kg import FIL.ttl), med Norges plass i SDR 2025.""", """\b
Eksempler:
  kg query sustainability                  # alle målene, og delmålene noe bidrar til
  kg query sustainability --goal 11        # mål 11 med alle delmål og indikatorer
  kg query sustainability --uncovered      # målene og delmålene ingenting bidrar til
  kg query sustainability --format json

\b
På basisveikartet, kg query sustainability --goal 9:
  mål    navn                                    tiltak  …  indikatorer
  9      Innovasjon, industri og infrastruktur   3       …  12
  Norge i SDR 2025: SDG-indeksen nr. 7 (82,72 poeng); ringvirkningsindeksen 55,41 poeng, nr. 157 av 167"""),

    "check": ("""Sjekk arbeidsområdet for mangler (gap) med de medfølgende SHACL-formene.

Hvert funn nevner noden (navn og id), hva som er galt og hva du kan gjøre med det,
alvorlighetsgraden, og for importerte data kildefilen og raden.""", """\b
Eksempler:
  kg check                             # alle gap, gruppert etter kode (avslutningskode 1 ved brudd)
  kg --lang en check --format md -o gaps.md
  kg check --format json               # {"conforms", "counts", "results": [...]}
  kg check --severity warning          # brudd og advarsler, uten info
  kg check --code owner-missing --code dates-missing
  kg check --focus ki-plattform        # bare det som gjelder én node
  kg check --shapes my-rules.ttl       # legg til egne SHACL-former (kjøres av pyshacl)
  kg check --engine pyshacl            # referansemotoren (treg på store arbeidsområder)
  kg check --profile leverandorkrav    # hvert KI-system og hver leverandør mot de felles leverandørkravene
  kg check --format ttl                # en vanlig SHACL-valideringsrapport

\b
Avslutningskoder: 0 ingen brudd; 1 minst ett brudd; 2 feil i bruk eller inndata.
Koder og alvorlighetsgrader: ontology/shapes/README.md."""),

    "diagram": ("""Tegn veikartet: avhengigheter, tidslinje, målbilde, kart.

Som SVG, PNG eller PDF (med graphviz), eller som DOT- eller Mermaid-tekst. Alle
diagrammene tar --title, --size 16:9|4:3|A4 (til lysbilder) og --network NAVN.""", """\b
Eksempler:
  kg diagram dependencies -o avhengigheter.svg
  kg diagram dependencies ki-plattform --up --depth 2 -o plattform.png
  kg --lang en diagram timeline -o timeline.pdf
  kg diagram timeline --style board -o veikart.png
  kg diagram target-picture --format mermaid
  kg diagram map --network "Digi Innlandet" -o kart.png
  kg diagram timeline --size 16:9 --title "Veikart 2026" -o lysbilde.png"""),

    "diagram dependencies": ("""Tiltak og avhengigheter: harde heltrukne, myke stiplede, konflikter røde.

Farget etter fase og gruppert etter eier, med tjenester, regelverk som må være i kraft,
og mangler fra «kg check». Uten ID: hele veikartet.""", """\b
Eksempler:
  kg diagram dependencies -o deps.svg               # hele veikartet
  kg diagram dependencies ki-plattform --up         # alt plattformen trenger, helt ned
  kg diagram dependencies ki-plan --down --depth 1  # det som bygger direkte på KI-planen
  kg diagram dependencies --group phase -o deps.png
  kg diagram dependencies --format mermaid > deps.mmd"""),

    "diagram timeline": ("""Stolper på en tidsakse: usikre slutter blekere, regelverksdatoer, i dag-linje.

År og kvartaler, ett felt per eier (fase, nettverk), én stolpe per tiltak der usikre
start- og sluttvinduer er blekere, KI-lovens vindu og datoene i KI-forordningen som
milepæler, avhengighetspiler og rekkefølgekonflikter i rødt.""", """\b
Eksempler:
  kg diagram timeline -o tidslinje.svg               # fra 2025, ett felt per eier
  kg diagram timeline --from 2026 --to 2027-Q2 -o t.png
  kg diagram timeline --lane phase --format pdf -o t.pdf
  kg diagram timeline --format mermaid               # et Mermaid-gantt-diagram
  kg diagram timeline --style board -o veikart.png   # de tre kolonnene fra utgangspunktet
  kg diagram timeline ki-plattform --up              # plattformen og det den trenger
  kg diagram timeline --since deck-2026-05 -o t.svg  # hva som er flyttet og hva som er nytt siden et øyeblikksbilde"""),

    "diagram target-picture": ("""Felles målbilde: prinsipper, kapabiliteter, tjenester, utfordringer, bærekraftsmål.

De fem prinsippene som fundament, de felles kapabilitetene over dem, tjenestene øverst,
og rundt dem utfordringene og bærekraftsmålene de svarer på.""", """\b
Eksempler:
  kg diagram target-picture -o malbilde.svg
  kg --lang en diagram target-picture -o target.png
  kg diagram target-picture --format mermaid
  kg diagram target-picture skalere-tjenester --up   # den delen ett tiltak bygger på"""),

    "diagram map": ("""De 357 kommunene farget etter hvor mange tiltak hver deltar i.

Med fylkesgrenser, farget etter hvor mange tiltak hver kommune eier eller deltar i –
eller bare ett nettverks tiltak (--network), tiltakene som leverer én tjeneste
(--service), eller kommunene i ett tiltak (--initiative). Hver kommune har navn og
nummer som verktøytips. Kartgrunnlag © Kartverket (CC BY 4.0).""", """\b
Eksempler:
  kg diagram map -o kart.svg                          # tiltak per kommune
  kg diagram map --network "Digi Innlandet" -o innlandet.png
  kg diagram map --initiative ki-plattform --size 16:9 -o plattform.png
  kg diagram map --service tale-til-tekst --format pdf -o tale.pdf
  kg --lang en diagram map --size A4 -o map.pdf"""),

    "diagram vendors": ("""Leverandører ↔ tjenester ↔ kommuner, hver boks med størrelse etter rekkevidde (hvor
mange kommuner den betjener), med sektorens konsentrasjon i tittelen.""", """\b
Eksempler:
  kg diagram vendors -o leverandorer.svg
  kg --lang en diagram vendors --network digi-innlandet -o vendors.png
  kg diagram vendors --service tale-til-tekst --format dot"""),

    "report": ("""Én selvstendig HTML-rapport: diagrammer, mangler og en søkbar tiltakstabell.

Én HTML-fil som virker uten nett: de tre diagrammene, mangellisten fra «kg check», en
tabell over tiltakene med søk og filtre (fase, eier, utfordring, prinsipp, kommune),
kildene til hver node og datoen rapporten ble laget.""", """\b
Eksempler:
  kg report                        # ./kg-report/report.html
  kg report -o rapport.html        # den filen
  kg --lang en report -o /tmp/out  # /tmp/out/report.html, på engelsk"""),

    "import": ("Importer regneark og RDF-filer (se «kg import --help»).", None),

    "import files": ("""Importer regneark (CSV, XLSX) og RDF (Turtle, JSON-LD, N-Triples, TriG, RDF/XML).

Hver fil blir én kilde (en navngitt graf) med sitt opphav; importerer du samme kilde
igjen, erstattes den. Hver rad kontrolleres: rapporten viser fil, rad, kolonne, verdi
og årsak for hver avvist celle. Som standard importeres radene som er i orden.""", """\b
Eksempler:
  kg import template -o mal.xlsx                     # den tomme malen som skal fylles ut
  kg import tiltak.xlsx --network "Digi Innlandet"   # én navngitt graf, kilden «tiltak»
  kg import tiltak.xlsx --dry-run                    # bare rapporten, ingenting skrives
  kg import tiltak.csv --strict                      # alle radene eller ingen
  kg import tiltak.csv --strict-names                # ukjente eiere og leverandører er feil
  kg import katalog.csv --mapping katalog.yaml       # en fremmed tabell med kolonnene tilordnet
  kg import ekstra.ttl data.jsonld                   # RDF, én kilde per fil
  kg import tiltak.xlsx --format json                # rapporten for maskiner
  kg sources                                         # hva som er i arbeidsområdet
  kg remove tiltak                                   # ta en import ut igjen

\b
Avslutningskoder:
  0 alle radene importert
  1 rader avvist (de gode er importert, om ikke --strict/--dry-run)
  2 en fil kunne ikke brukes; ingenting er skrevet"""),

    "import template": ("""Skriv den tomme malen for nettverkenes regneark: XLSX med nedtrekkslister, veiledning
med en eksempelrad og kommunene med nummer; eller CSV med overskriftsraden.""", """\b
Eksempler:
  kg import template                       # kg-import-mal.xlsx (nb) i denne mappen
  kg import template -o tiltak.xlsx
  kg --lang en import template -o initiatives.xlsx
  kg import template -o tiltak.csv         # CSV: bare overskriftsraden (UTF-8, ';')
  kg import template -o -                  # CSV til standard ut
  kg import template --network "Digi Innlandet" -o digi.xlsx   # forhåndsutfylt med nettverkets rader
  kg import digi.xlsx --network "Digi Innlandet"               # …redigert og lest inn igjen: erstatter de radene"""),

    "import sparql": ("""Les de navngitte grafene i et SPARQL 1.1-lager (Graph Store-protokollen) inn i
arbeidsområdet, én kilde per graf; en graf som kg har eksportert, blir sin kilde igjen.""", """\b
Eksempler:
  kg import sparql http://localhost:3030/ds              # alle navngitte grafer, én kilde hver
  kg import sparql http://host/ds/data --query-url http://host/ds/query
  kg import sparql http://localhost:3030/ds --graph https://example.org/g --source fra-lager
Påloggingsopplysninger, hvis lageret krever dem: SPARQL_USER og SPARQL_PASSWORD."""),

    "neo4j": ("""Grafen i Neo4j: overfør, hent tilbake, og avhengighetsspørsmålene som Cypher.

Tilordningen (n10s-konvensjonene): docs/neo4j.md.""", """\b
Eksempler:
  export NEO4J_PASSWORD=…            # aldri på kommandolinjen
  kg neo4j push --uri bolt://localhost:7687
  kg neo4j push --replace            # en ren innlasting
  kg --data ./fra-neo4j neo4j pull   # tilbake til et arbeidsområde
  kg neo4j query deps ki-plattform
  echo 'MATCH (i:Initiative) RETURN i.uri LIMIT 5' | kg neo4j cypher -"""),

    "neo4j push": ("""Overfør arbeidsområdet til Neo4j (trinnvis: bare kilder som er endret).

En ny overføring uten endringer melder 0 endringer.""", """\b
Eksempler:
  NEO4J_PASSWORD=… kg neo4j push
  kg neo4j push --uri neo4j+s://xxxx.databases.neo4j.io --user neo4j
  kg neo4j push --replace --format json
""" + PASSWORD),

    "neo4j pull": ("Hent grafen tilbake fra Neo4j til arbeidsområdet, kilde for kilde.", """\b
Eksempler:
  kg --data ./fra-neo4j neo4j pull          # oppretter arbeidsområdet hvis det ikke finnes
  kg neo4j pull --exact                     # fjern også lokale kilder som Neo4j ikke har
""" + PASSWORD),

    "neo4j cypher": ("""Kjør Cypher som bare leser, fra FIL (eller - for standard inn), på tjeneren.

En spørring som ville skrive, avvises før den kjøres.""", """\b
Eksempler:
  kg neo4j cypher query.cypher
  echo 'MATCH (i:Initiative) RETURN i.uri AS id, i.`skos__prefLabel@nb` AS navn' | kg neo4j cypher -
  kg neo4j cypher q.cypher --param id=https://w3id.org/kommune-ki/id/ki-plattform --format json
""" + PASSWORD),

    "neo4j query": ("Avhengighetsspørsmålene, kjørt som Cypher på tjeneren (samme svar som «kg query»).", """\b
Eksempler:
  kg neo4j query deps ki-plattform --up
  kg neo4j query path skalere-tjenester ki-plan
  kg neo4j query order --hard-only
  kg neo4j query critical-path skalere-tjenester
  kg neo4j query impact ki-plattform --slip 6m --format json
""" + PASSWORD),

    "neo4j query deps": ("Hva ID avhenger av (opp), og hva som avhenger av den (ned).",
                         "\b\nEksempel: kg neo4j query deps ki-plattform --down --depth 2" + PASSWORD),
    "neo4j query path": ("Alle avhengighetsstier mellom A og B, korteste først.",
                         "\b\nEksempel: kg neo4j query path skalere-tjenester ki-plan" + PASSWORD),
    "neo4j query order": ("Tiltakene i bølger: bølge 1 kan starte straks, bølge 2 trenger bare bølge 1, …",
                          "\b\nEksempel: kg neo4j query order --hard-only" + PASSWORD),
    "neo4j query critical-path": ("Den lengste kjeden av harde avhengigheter som ender i ID.",
                                  "\b\nEksempel: kg neo4j query critical-path skalere-tjenester" + PASSWORD),

    "neo4j query impact": ("""Hva flyttes (minst og høyst), hva kommer i fare, og hvilke konflikter oppstår, hvis ID
(et tiltak eller et regelverk) blir forsinket – eller etter flere endringer.""", """\b
Eksempler:
  kg neo4j query impact ki-plattform --slip 6m
  kg neo4j query impact ki-loven --slip 6m        # et regelverk: tiltak som trenger det i kraft
  kg neo4j query impact ki-plattform --to 2027-Q2 --format json
  kg neo4j query impact --change ki-loven:6m --change ki-plattform:2027-H2

Varigheter: 6m, 2q, 1y, 90d, 3w (også 6 mnd, 1 år). Datoer: 2027, 2027-Q2, 2027-06, 2027-06-30.
Samme svar som «kg query impact» (samme planleggingsmodell, på delgrafen hentet fra Neo4j).
""" + PASSWORD),

    "snapshot": ("""Frys arbeidsområdet slik det er nå under NAVN, eller list øyeblikksbildene.

Alle kildene tas vare på under NAVN (en kopi av lageret: raskt, og den deler lagerets
filer på disken), med dato og melding. Øyeblikksbildene ligger i arbeidsområdet
(snapshots/) og overlever senere import; sammenlign med «kg diff NAVN @». --export
skriver et som en TriG-fil som kan deles.""", """\b
Eksempler:
  kg snapshot deck-2026-03 -m "Presented to the KS board in March"
  kg snapshot --list
  kg snapshot --list --format json
  kg snapshot deck-2026-03 --force     # erstatt det med arbeidsområdet slik det er nå
  kg snapshot --remove deck-2026-03
  kg snapshot deck-2026-03 --export deck-2026-03.trig   # som én TriG-fil, for å dele
  kg diff deck-2026-03 @               # hva som er endret siden da"""),

    "diff": ("""Hva som er endret mellom to versjoner av veikartet.

Tiltak lagt til og fjernet, flyttet i tid (hvor mye, tidligste og seneste dato hver for
seg), endret fase, status eller eier; avhengigheter, utfordringer, prinsipper,
regelverk og kommuner lagt til eller fjernet; og gap fra «kg check» som har kommet til
eller er lukket. Blanke noder, rekkefølge og tidsstempler i opphavet teller ikke. Med
--all også alle andre utsagn (RDF-nivå) og kildenes opphav.""", """\b
GAMMEL og NY er hver én av:
  @                  arbeidsområdet (--data / KG_DATA / ./kg-data)
  NAVN, snapshot:NAVN  et øyeblikksbilde av arbeidsområdet (kg snapshot NAVN)
  MAPPE              en annen arbeidsområdemappe
  FIL                en RDF-fil: .ttl .trig .nt .nq .jsonld .rdf
NY er @ hvis den utelates. Avslutningskode: 0 like, 1 forskjellige, 2 feil i bruk eller inndata.

\b
Eksempler:
  kg snapshot deck-2026-03            # før presentasjonen
  kg diff deck-2026-03                # ... senere: hva som er endret siden da
  kg --lang en diff deck-2026-03 @ --format md -o changes.md
  kg diff old.ttl new.ttl --format json
  kg diff /data/ws-2025 /data/ws-2026 --format html -o diff.html
  kg diff deck-2026-03 @ --no-check   # ikke sammenlign gapene fra kg check
  kg diff deck-2026-03 --all          # også alle utsagn utenfor veikartet"""),

    "serve": ("""Vis arbeidsområdet i nettleseren som en webapplikasjon: oversikt, søk, nodesider,
avhengighetsutforsker, tidslinje, tavle, mangler, hva-hvis, import, nedlastinger, SPARQL;
hver side har en JSON-tvilling under /api/ (beskrevet i /api/openapi.json).""", """\b
Eksempler:
  kg serve                                  # http://127.0.0.1:8000, åpen for lesing, ingen endringer
  KG_SERVE_TOKEN=… kg serve                 # endringer (import, øyeblikksbilde, scenario) med nøkkelen
  kg serve --port 8080 --read-only
  KG_SERVE_TOKEN=… kg serve --host 0.0.0.0  # andre maskiner: bare med nøkkelen
  kg serve --no-sparql

Nøkkelen kommer bare fra miljøet (KG_SERVE_TOKEN), aldri fra et argument."""),
}
