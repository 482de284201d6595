"""Each förbund over the years: its reports' own figures and their flerårsöversikter.

For one förbund, year and figure the value comes from, in order of preference:
the report for that year (its own figures), then the översikt of the latest
report that gives the figure for that year. Every value keeps its source, and
sources that disagree beyond rounding are listed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..facts import TOLERANS_KR, TOLERANS_TKR, Facts
from ..model import Arsredovisning

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


def _pct(num: Optional[float], den: Optional[float]) -> Optional[float]:
    """A share in percent, as checker.facts computes its ratio facts (100 × num ÷ den, two decimals)."""
    if num is None or not den:
        return None
    return round(100 * num / den, 2)


def own_figures(report: Arsredovisning, facts: Facts) -> Figures:
    """The report's figures for its own year, from the same facts the rules read."""
    out: Figures = {}

    def put(name: str, fact: str, absolute: bool = False) -> None:
        f = facts.scalars.get(fact)
        if f is not None and isinstance(f.value, (int, float)) and not isinstance(f.value, bool):
            out[name] = (abs(f.value) if absolute else f.value, f.fran_tkr)

    put("medlemsbidrag", "medlemsbidrag")
    put("intakter", "verksamhetens_intakter")
    put("kostnader", "verksamhetens_kostnader", absolute=True)
    put("arets_resultat", "arets_resultat")
    put("eget_kapital", "ek_utgaende")
    put("ek_andel", "ek_andel")
    put("administration", "adm_kostnad")
    put("adm_andel", "adm_andel")
    put("individinriktade", "kostnad_individinriktade")
    put("strukturovergripande", "kostnad_strukturovergripande")
    put("deltagare", "deltagare_totalt")
    if report.antal_anstallda is not None:
        out["antal_anstallda"] = (report.antal_anstallda, False)
    an = report.angivna_nyckeltal
    if an is not None and an.ek_andel_av_medlemsbidrag:
        out["ek_andel_angiven"] = (an.ek_andel_av_medlemsbidrag, False)
    return out


def overview_figures(report: Arsredovisning) -> dict[int, Figures]:
    """The flerårsöversikt, one entry per year, amounts in kronor."""
    out: dict[int, Figures] = {}
    for o in report.oversikt:
        tkr = o.enhet == "tkr"
        fig: Figures = {}
        for name, value in (
            ("medlemsbidrag", o.medlemsbidrag),
            ("intakter", o.intakter),
            ("kostnader", abs(o.kostnader) if o.kostnader is not None else None),
            ("arets_resultat", o.arets_resultat),
            ("eget_kapital", o.eget_kapital),
            ("administration", abs(o.administration) if o.administration is not None else None),
            ("individinriktade", abs(o.individinriktade) if o.individinriktade is not None else None),
            ("strukturovergripande", abs(o.strukturovergripande) if o.strukturovergripande is not None else None),
        ):
            if value is not None:
                fig[name] = (value, tkr)
        for name, value in (("deltagare", o.deltagare), ("antal_anstallda", o.antal_anstallda)):
            if value is not None:
                fig[name] = (value, False)
        share = _pct(o.eget_kapital, o.medlemsbidrag)
        if share is not None:
            fig["ek_andel"] = (share, tkr)
        adm = _pct(abs(o.administration) if o.administration is not None else None, abs(o.kostnader) if o.kostnader else None)
        if adm is not None:
            fig["adm_andel"] = (adm, tkr)
        if o.ek_andel_angiven:
            fig["ek_andel_angiven"] = (o.ek_andel_angiven, False)
        if fig:
            out[o.ar] = fig
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


@dataclass
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


PERCENT_TOLERANCE = 0.5  # percentage points: shares of rounded amounts, or printed rounded


def _tolerance(a: tuple[object, bool], b: tuple[object, bool], unit: str) -> float:
    """How far two sources may differ and still agree: rounding, as the rules allow it."""
    if unit == "procent":
        return PERCENT_TOLERANCE
    return TOLERANS_TKR if (a[1] or b[1]) else TOLERANS_KR


def build(forbund: str, reports: list) -> Trend:
    """reports: the förbund's summaries (collect.Summary), any order."""
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
        differing = [(src.key, v[0]) for src, v in found[1:] if abs(v[0] - best[0]) > _tolerance(best, v, unit)]
        if differing:
            trend.conflicts.append(Conflict(year, name, [(best_src.key, best[0])] + differing))
    trend.conflicts.sort(key=lambda c: (c.ar, [f for f, _, _ in TREND_FIGURES].index(c.figur)))
    return trend
