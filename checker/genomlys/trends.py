"""Each förbund over the years: its reports' own figures and their flerårsöversikter.

For one förbund, year and figure the value comes from, in order of preference:
the report for that year (its own figures), then the översikt of the latest
report that gives the figure for that year. Every value keeps its source, and
sources that disagree beyond rounding are listed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..facts import Facts
from .compact import Frozen

# id, heading, unit
TREND_FIGURES: tuple[tuple[str, str, str], ...] = (
    ("medlemsbidrag", "Medlemsbidrag", "kr"),
    ("intakter", "Intäkter", "kr"),
    ("kostnader", "Kostnader", "kr"),
    ("arets_resultat", "Resultat", "kr"),
    ("eget_kapital", "Eget kapital", "kr"),
    ("ek_andel", "EK-andel", "procent"),
    ("ek_andel_angiven", "Angiven EK-andel", "text"),
    ("administration", "Administration", "kr"),
    ("adm_andel", "Adm.-andel", "procent"),
    ("individinriktade", "Individinriktade", "kr"),
    ("strukturovergripande", "Strukturövergripande", "kr"),
    ("deltagare", "Deltagare", "antal"),
    ("antal_anstallda", "Anställda", "antal"),
)

TREND_FORMULAS = {
    "intakter": "verksamhetens intäkter",
    "kostnader": "verksamhetens kostnader (belopp utan tecken)",
    "ek_andel": "eget kapital ÷ medlemsbidrag × 100",
    "ek_andel_angiven": "som förbundet anger den",
    "adm_andel": "administration ÷ kostnader × 100 (årets egna siffror: ÷ totala kostnader)",
    "deltagare": "deltagare i individinriktade insatser",
}

# Figure → (value, from tkr); text figures carry the text as printed.
Figures = dict[str, tuple[object, bool]]


# Trend figure → the fact of the report's own year, and whether it is shown without its sign.
OWN_FACTS = {
    "medlemsbidrag": ("medlemsbidrag", False),
    "intakter": ("verksamhetens_intakter", False),
    "kostnader": ("verksamhetens_kostnader", True),
    "arets_resultat": ("arets_resultat", False),
    "eget_kapital": ("ek_utgaende", False),
    "ek_andel": ("ek_andel", False),
    "administration": ("adm_kostnad", False),
    "adm_andel": ("adm_andel", False),
    "individinriktade": ("kostnad_individinriktade", False),
    "strukturovergripande": ("kostnad_strukturovergripande", False),
    "deltagare": ("deltagare_totalt", False),
    "antal_anstallda": ("antal_anstallda", False),
    "ek_andel_angiven": ("angiven_ek_andel", False),
}


def own_figures(facts: Facts) -> Figures:
    """The report's figures for its own year: the facts the rules read."""
    out: Figures = {}
    for name, (fact_name, absolute) in OWN_FACTS.items():
        f = facts.scalars.get(fact_name)
        if f is None or isinstance(f.value, bool) or f.value in ("", None):
            continue
        if isinstance(f.value, (int, float)):
            out[name] = (abs(f.value) if absolute else f.value, f.fran_tkr)
        else:
            out[name] = (f.value, False)
    return out


def overview_figures(facts: Facts) -> dict[int, Figures]:
    """The flerårsöversikt, one entry per year, amounts in kronor: the facts of its collection."""
    out: dict[int, Figures] = {}
    names = {fid for fid, _, _ in TREND_FIGURES}
    for item in facts.collections.get("oversikt", []):
        fig: Figures = {}
        for name, f in item.facts.items():
            if name in names:
                fig[name] = (f.value, f.fran_tkr)
        out[item.facts["ar"].value] = fig
    return out


@dataclass(frozen=True)
class Source:
    key: str  # a, b, c …
    fil: str
    ar: int  # the report's räkenskapsår
    del_: str  # "arets" (the report's own figures) or "oversikt"

    def text(self) -> str:
        if self.del_ == "arets":
            return f"årsredovisning {self.ar}, årets siffror ({self.fil})"
        return f"årsredovisning {self.ar}, flerårsöversikten ({self.fil})"


@dataclass(slots=True)  # one for each figure and year of every förbund: 236 000 at 10 000 reports
class Value:
    varde: object
    kalla: str  # Source.key
    fran_tkr: bool = False


@dataclass
class Conflict:
    ar: int
    figur: str
    varden: list[tuple[str, object]]  # (source key, value)


@dataclass
class Trend:
    forbund: str
    sources: list[Source] = field(default_factory=list)
    years: dict[int, dict[str, Value]] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)

    def series(self, figure: str) -> list[tuple[int, object]]:
        return [(y, v[figure].varde) for y, v in sorted(self.years.items()) if figure in v]


def _letters(n: int) -> str:
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(ord("a") + r) + out
    return out


def _tolerance(a: tuple[object, bool], b: tuple[object, bool], unit: str, tolerances: dict) -> float:
    """How far two sources may differ and still agree: rounding, as the catalogue's parameters allow it."""
    if unit == "procent":
        return tolerances["procent"]
    return tolerances["tkr"] if (a[1] or b[1]) else tolerances["kr"]


def tolerances(katalog, year: int) -> dict:
    """The rounding tolerances in force (kr, tkr, percentage points) from the catalogue's parameters."""
    from ..parameters import value_in_force, year_end

    day = year_end(year)
    return {"kr": value_in_force(katalog.parameters, "tolerans_kr", day, katalog.directory),
            "tkr": value_in_force(katalog.parameters, "tolerans_tkr", day, katalog.directory),
            "procent": value_in_force(katalog.parameters, "tolerans_oversikt_procentenheter", day, katalog.directory)}


def build(forbund: str, reports: list, katalog=None) -> Trend:
    """reports: the förbund's summaries (collect.Summary), any order."""
    if katalog is None:
        from ..catalogue import default_catalogue

        katalog = default_catalogue()
    units = {fid: unit for fid, _, unit in TREND_FIGURES}
    ordered = sorted(reports, key=lambda s: (-s.ar, s.fil))
    trend = Trend(forbund)
    # Candidates per (year, figure), best first: a report's own figures, then the
    # översikter, latest report first.
    candidates: dict[tuple[int, str], list[tuple[Source, tuple[object, bool]]]] = {}
    sources = [(s, "arets") for s in ordered] + [(s, "oversikt") for s in ordered]
    keyed: list[tuple[Source, dict[int, Figures]]] = []
    for s, part in sources:
        figs = {s.ar: s.egna} if part == "arets" else s.oversikt
        if not any(figs.values()):
            continue
        keyed.append((Source("", s.fil, s.ar, part), figs))
    # Letters in reading order: oldest report first, its own figures before its översikt.
    reading = sorted(range(len(keyed)), key=lambda i: (keyed[i][0].ar, keyed[i][0].fil, keyed[i][0].del_ != "arets"))
    named = {i: Source(_letters(n), keyed[i][0].fil, keyed[i][0].ar, keyed[i][0].del_) for n, i in enumerate(reading)}
    trend.sources = [named[i] for i in reading]
    for i, (_, figs) in enumerate(keyed):
        for year, fig in figs.items():
            for name, value in fig.items():
                candidates.setdefault((year, name), []).append((named[i], value))
    for (year, name), found in sorted(candidates.items()):
        best_src, best = found[0]
        trend.years.setdefault(year, {})[name] = Value(best[0], best_src.key, best[1])
        unit = units[name]
        if unit == "text":
            continue
        tol = tolerances(katalog, year)
        differing = [(src.key, v[0]) for src, v in found[1:] if abs(v[0] - best[0]) > _tolerance(best, v, unit, tol)]
        if differing:
            trend.conflicts.append(Conflict(year, name, [(best_src.key, best[0])] + differing))
    trend.conflicts.sort(key=lambda c: (c.ar, [f for f, _, _ in TREND_FIGURES].index(c.figur)))
    # Read-only from here; a year's figures as a Frozen mapping take a third of a dict's memory.
    trend.years = {year: Frozen(values) for year, values in trend.years.items()}
    return trend
