"""Small graphs whose answers are worked out by hand in the tests."""

def period(slug, s, e):
    """Turtle for an initiative period: s and e are (earliest, latest) ISO dates."""
    return f"""kgid:{slug} kg:period kgid:{slug}-periode .
kgid:{slug}-periode time:hasBeginning kgid:{slug}-start ; time:hasEnd kgid:{slug}-slutt .
kgid:{slug}-start a kg:UncertainInstant ; kg:earliest "{s[0]}"^^xsd:date ; kg:latest "{s[1]}"^^xsd:date .
kgid:{slug}-slutt a kg:UncertainInstant ; kg:earliest "{e[0]}"^^xsd:date ; kg:latest "{e[1]}"^^xsd:date .
"""


def init(slug, nb, en=None, **kw):
    extra = "".join(f" ; kg:{k} {v}" for k, v in kw.items())
    return f'kgid:{slug} a kg:Initiative ; skos:prefLabel "{nb}"@nb , "{en or nb + " EN"}"@en{extra} .\n'


def dep(a, b, t="avh-krever", s="styrke-hard"):
    return (f"kgid:{a} kg:dependsOn kgid:{b} ; kg:qualifiedDependency kgid:{a}-avh-{b} .\n"
            f"kgid:{a}-avh-{b} a kg:Dependency ; kg:dependencyOn kgid:{b} ; kg:dependencyType kgid:{t} ; kg:strength kgid:{s} .\n")


Q1, Q2, Q3, Q4 = ("01-01", "03-31"), ("04-01", "06-30"), ("07-01", "09-30"), ("10-01", "12-31")


def q(year, quarter):
    a, b = quarter
    return (f"{year}-{a}", f"{year}-{b}")


# A small roadmap:
#   b requires a (hard); c requires b (hard); c dependsOn a (simple → hard requires);
#   d is informed by a (soft informs); e requires a (hard) and e enables-depends on d (soft);
#   f requires KI-loven in force (window 2026-07-01..2026-12-31).
# Times (start / end):
#   a 2026-Q1 / 2026-Q2    b 2026-Q3 / 2026-Q4    c 2027-Q1 / 2027-Q2
#   d 2026-Q2 / 2026-Q3    e 2026-Q3 / 2027-Q1    f 2026-Q4 / 2027-Q4
ROADMAP = (
    init("a", "Alfa", "Alpha", owner="kgid:kommune-0301", addresses="kgid:ch-kompetanse", follows="kgid:p1")
    + init("b", "Beta", owner="kgid:kommune-0301", addresses="kgid:ch-kompetanse")
    + init("c", "Gamma", owner="kgid:ks", participant="kgid:kommune-3401")
    + init("d", "Delta", owner="kgid:ks")
    + init("e", "Epsilon")
    + init("f", "Fi", requiresInForce="kgid:ki-lov", subjectTo="kgid:ki-lov")
    + period("a", q(2026, Q1), q(2026, Q2)) + period("b", q(2026, Q3), q(2026, Q4))
    + period("c", q(2027, Q1), q(2027, Q2)) + period("d", q(2026, Q2), q(2026, Q3))
    + period("e", q(2026, Q3), q(2027, Q1)) + period("f", q(2026, Q4), q(2027, Q4))
    + dep("b", "a") + dep("c", "b") + "kgid:c kg:dependsOn kgid:a .\n"
    + dep("d", "a", "avh-informerer", "styrke-myk") + dep("e", "a") + dep("e", "d", "avh-muliggjor", "styrke-myk")
    + """kgid:ki-lov a kg:Regulation ; skos:prefLabel "KI-lova"@nb , "AI law"@en ; kg:entryIntoForce kgid:ki-lov-ikraft .
kgid:ki-lov-ikraft a kg:UncertainInstant ; kg:earliest "2026-07-01"^^xsd:date ; kg:latest "2026-12-31"^^xsd:date .
kgid:ch-kompetanse a kg:Challenge ; skos:prefLabel "Kompetanse"@nb , "Competence"@en .
kgid:ch-okonomi a kg:Challenge ; skos:prefLabel "Økonomi"@nb , "Economy"@en .
kgid:p1 a kg:Principle ; skos:prefLabel "Prinsipp 1"@nb , "Principle 1"@en .
kgid:p2 a kg:Principle ; skos:prefLabel "Prinsipp 2"@nb , "Principle 2"@en .
kgid:ks a kg:Organisation ; skos:prefLabel "KS"@nb , "KS"@en .
"""
)

CYCLE = (init("x", "X") + init("y", "Y") + init("z", "Z") + init("w", "W") + init("v", "V")
         + dep("x", "y") + dep("y", "z") + dep("z", "x") + dep("w", "x") + "kgid:v kg:dependsOn kgid:v .\n")
