"""Key figures: one table, each cell computed the same way for every report.

Every figure is read from the facts (checker.facts.derive), the same facts the
rules read, so a cell agrees with what `finsam granska` says about the report.
A figure a report cannot give is missing with the facts it lacks, never 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional

from ..catalogue import Katalog
from ..facts import Facts
from ..findings import Finding

# The rule whose ceiling and amount over it the key figures show: read from its finding, not worked out again.
TAK_RULE = "EK-TAK"

# What a missing fact is, in words, for the footnotes.
FACT_LABELS = {
    "medlemsbidrag": "årets medlemsbidrag",
    "ovriga_intakter": "övriga intäkter (intäkter utöver medlemsbidragen)",
    "total_kostnad": "totala kostnader (kostnadsfördelningen eller resultaträkningen)",
    "arets_resultat": "årets resultat (resultaträkningen)",
    "ek_utgaende": "eget kapital vid årets slut (balansräkningen)",
    "summa_tillgangar": "summa tillgångar (balansräkningen)",
    "adm_kostnad": "administrativa kostnader (kostnadsfördelningen)",
    "kostnad_individinriktade": "kostnader för individinriktade insatser (kostnadsfördelningen)",
    "kostnad_strukturovergripande": "kostnader för strukturövergripande insatser (kostnadsfördelningen)",
    "deltagare_totalt": "antal deltagare i individinriktade insatser",
    "verksamhetens_kostnader": "verksamhetens kostnader (resultaträkningen)",
    "budget_kostnader": "budgeterade kostnader (årets budget)",
    "ek_tak": "parametern ek_tak för räkenskapsåret",
    "ek_andel": "eget kapital i procent av årets medlemsbidrag",
}


@dataclass(frozen=True)
class KeyFigure:
    id: str
    label: str  # column heading
    enhet: str  # kr, procent, antal
    formel: str  # how it is computed, in words
    needs: tuple[str, ...]  # base facts; a missing one is named in the footnote
    fact: Optional[str] = None  # read straight from this fact
    compute: Optional[Callable[[dict], Optional[float]]] = None  # or computed from the needed values


def _per_deltagare(v: dict) -> Optional[float]:
    if not v["deltagare_totalt"]:
        return None
    return round(v["kostnad_individinriktade"] / v["deltagare_totalt"], 2)


KEY_FIGURES: tuple[KeyFigure, ...] = (
    KeyFigure("medlemsbidrag", "Medlemsbidrag", "kr", "årets medlemsbidrag (totalt, eller summan per part)", ("medlemsbidrag",), fact="medlemsbidrag"),
    KeyFigure("ovriga_intakter", "Övriga intäkter", "kr", "summan av intäkterna utöver medlemsbidragen", ("ovriga_intakter",), fact="ovriga_intakter"),
    KeyFigure("total_kostnad", "Totala kostnader", "kr", "kostnadsfördelningens totala kostnader, annars resultaträkningens verksamhetens kostnader", ("total_kostnad",), fact="total_kostnad"),
    KeyFigure("arets_resultat", "Årets resultat", "kr", "resultaträkningens årets resultat", ("arets_resultat",), fact="arets_resultat"),
    KeyFigure("ek_utgaende", "Eget kapital", "kr", "balansräkningens summa eget kapital vid årets slut", ("ek_utgaende",), fact="ek_utgaende"),
    KeyFigure("ek_andel", "EK-andel", "procent", "eget kapital ÷ årets medlemsbidrag × 100", ("ek_utgaende", "medlemsbidrag"), fact="ek_andel"),
    KeyFigure("ek_tak", "EK-tak", "procent", "det tak regeln EK-TAK använde, regelkatalogens parameter ek_tak för året (Nationella rådets rekommendation)", ("ek_tak",), fact="ek_tak"),
    KeyFigure("ek_over_tak", "EK över (+) / under (−) taket", "kr", "eget kapital − medlemsbidrag × ek_tak ÷ 100 (beloppet som regeln EK-TAK räknade)", ("ek_utgaende", "medlemsbidrag", "ek_tak"), fact="over_tak"),
    KeyFigure("soliditet", "Soliditet", "procent", "eget kapital ÷ summa tillgångar × 100", ("ek_utgaende", "summa_tillgangar"), fact="soliditet"),
    KeyFigure("adm_andel", "Administration", "procent", "administrativa kostnader ÷ totala kostnader × 100", ("adm_kostnad", "total_kostnad"), fact="adm_andel"),
    KeyFigure("individ_andel", "Individinriktade", "procent", "individinriktade insatser ÷ totala kostnader × 100", ("kostnad_individinriktade", "total_kostnad"), fact="individ_andel"),
    KeyFigure("struktur_andel", "Strukturövergripande", "procent", "strukturövergripande insatser ÷ totala kostnader × 100", ("kostnad_strukturovergripande", "total_kostnad"), fact="struktur_andel"),
    KeyFigure("deltagare", "Deltagare", "antal", "deltagare i individinriktade insatser (summan över insatserna)", ("deltagare_totalt",), fact="deltagare_totalt"),
    KeyFigure("kostnad_per_deltagare", "Kostnad per deltagare", "kr", "individinriktade insatsers kostnader ÷ deltagare i individinriktade insatser", ("kostnad_individinriktade", "deltagare_totalt"), compute=_per_deltagare),
    KeyFigure("budget_forbrukning", "Budgetförbrukning", "procent", "verksamhetens kostnader ÷ budgeterade kostnader × 100", ("verksamhetens_kostnader", "budget_kostnader"), fact="budget_forbrukning"),
)


@dataclass
class Cell:
    """One key figure of one report: a value, or the facts that are missing."""

    varde: Optional[float] = None
    saknas: list[str] = field(default_factory=list)
    skal: Optional[str] = None  # why it is missing, when no fact is (e.g. a zero denominator)
    fran_tkr: bool = False
    anm: Optional[str] = None  # a value read another way than the figure's first definition

    @property
    def missing(self) -> bool:
        return self.varde is None

    def reason(self) -> str:
        if self.saknas:
            return "underlag saknas: " + "; ".join(f"{FACT_LABELS.get(n, n)} ({n})" for n in self.saknas)
        return self.skal or "kan inte beräknas"

    def as_dict(self) -> dict:
        if self.varde is not None:
            out: dict = {"varde": self.varde}
            if self.fran_tkr:
                out["fran_tkr"] = True
            if self.anm:
                out["anm"] = self.anm
            return out
        return {"varde": None, "saknas": list(self.saknas), "skal": self.reason()}


def ek_tak(katalog: Katalog, year: int, values: dict) -> Optional[tuple[float, str]]:
    """The ceiling in force for a year no report of its own covers (a flerårsöversikt's), as the rules read it.

    A report's own year reads the ceiling from its EK-TAK finding instead (see `cells`).
    values: the facts' values by name (the scale's basis is looked up there).
    """
    param = katalog.parameters.get("ek_tak")
    if param is None:
        return None
    found = param.in_force(year)
    if found is None:
        return None
    start, pv = found
    if pv.trappa is None:
        return float(pv.varde), start
    basis = values.get(param.trappa_efter) if param.trappa_efter else None
    steps = [s for s in pv.trappa if basis is not None and basis >= s.fran]
    if not steps:
        return None
    return float(steps[-1].varde), start


# Facts that checker.facts derives a second way when the first is missing: (fact, label) → note.
_ALTERNATIVE = {
    ("total_kostnad", "totala kostnader (verksamhetens kostnader)"):
        "resultaträkningens verksamhetens kostnader: årsredovisningen har ingen kostnadsfördelning med totala kostnader",
}


def _clean(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _from_finding(tak: Optional[Finding], name: str, kind: str) -> Optional[object]:
    """A parameter (kind "parameter") or derived value (kind "harlett") the rule used, if it got that far."""
    if tak is None:
        return None
    if kind == "parameter":
        return next((p.varde for p in tak.parametrar if p.namn == name), None)
    return next((b.value for post in tak.poster for b in post.bevis if b.name == name), None)


def cells(facts: Facts, tak: Optional[Finding]) -> dict[str, Cell]:
    """Every key figure of one report.

    tak: the report's EK-TAK finding (None when the catalogue has no such rule); the ceiling
    and the amount over it are the ones the rule used.
    """
    values: dict[str, object] = {name: f.value for name, f in facts.scalars.items()}
    tkr = {name for name, f in facts.scalars.items() if f.fran_tkr}
    ceiling = _from_finding(tak, "ek_tak", "parameter")
    tak_missing = ["ek_tak"]
    tak_reason = f"regelkatalogen har ingen regel {TAK_RULE}"
    if ceiling is not None:
        values["ek_tak"] = float(ceiling)
        values["over_tak"] = _from_finding(tak, "over_tak", "harlett")
    elif tak is not None:
        # A scale needs its basis (medlemsbidrag): the finding names that, not the parameter.
        tak_missing = list(tak.saknas) or tak_missing
        text = tak.meddelande.rstrip(".")  # e.g. the parameter has no value for the year
        tak_reason = text[:1].lower() + text[1:] if text else "kan inte beräknas"
    out: dict[str, Cell] = {}
    for kf in KEY_FIGURES:
        missing = []
        for n in kf.needs:
            if values.get(n) is None:
                missing += [m for m in (tak_missing if n == "ek_tak" else [n]) if m not in missing]
        from_tkr = any(n in tkr for n in kf.needs)
        if kf.fact is not None and values.get(kf.fact) is not None:
            out[kf.id] = Cell(_clean(values[kf.fact]), fran_tkr=from_tkr, anm=_ALTERNATIVE.get((kf.fact, facts.scalars[kf.fact].label)) if kf.fact in facts.scalars else None)
        elif "ek_tak" in kf.needs and ceiling is None and (tak is None or not tak.saknas):
            out[kf.id] = Cell(skal=tak_reason)
        elif missing:
            out[kf.id] = Cell(saknas=missing)
        elif kf.compute is not None:
            value = kf.compute(values)
            out[kf.id] = Cell(_clean(value), fran_tkr=from_tkr) if value is not None else Cell(skal="nämnaren är 0")
        elif kf.fact == "over_tak":
            out[kf.id] = Cell(skal=_not_tried(tak))
        else:
            out[kf.id] = Cell(skal="nämnaren är 0")
    return out


def _not_tried(tak: Finding) -> str:
    """Why EK-TAK has no amount over the ceiling although the report gives its facts."""
    if tak.saknas:
        return "underlag saknas: " + "; ".join(f"{FACT_LABELS.get(n, n)} ({n})" for n in tak.saknas)
    return f"regeln {TAK_RULE} kunde inte pröva taket"
