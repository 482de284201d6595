"""Key figures: one table, each cell computed the same way for every report.

Every figure is read from the facts (checker.facts.derive), the same facts the
rules read, so a cell agrees with what `finsam granska` says about the report.
A figure a report cannot give is missing with the facts it lacks, never 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..facts import Facts
from ..registry import Register


@dataclass(frozen=True)
class KeyFigure:
    id: str
    label: str  # column heading
    enhet: str  # kr, procent, antal
    formel: str  # how it is computed, in words
    needs: tuple[str, ...]  # base facts; a missing one is named in the footnote
    fact: str  # read straight from this fact


KEY_FIGURES: tuple[KeyFigure, ...] = (
    KeyFigure("medlemsbidrag", "Medlemsbidrag", "kr", "årets medlemsbidrag (totalt, eller summan per part)", ("medlemsbidrag",), fact="medlemsbidrag"),
    KeyFigure("ovriga_intakter", "Övriga intäkter", "kr", "summan av intäkterna utöver medlemsbidragen", ("ovriga_intakter",), fact="ovriga_intakter"),
    KeyFigure("total_kostnad", "Totala kostnader", "kr", "kostnadsfördelningens totala kostnader, annars resultaträkningens verksamhetens kostnader", ("total_kostnad",), fact="total_kostnad"),
    KeyFigure("arets_resultat", "Årets resultat", "kr", "resultaträkningens årets resultat", ("arets_resultat",), fact="arets_resultat"),
    KeyFigure("ek_utgaende", "Eget kapital", "kr", "balansräkningens summa eget kapital vid årets slut", ("ek_utgaende",), fact="ek_utgaende"),
    KeyFigure("ek_andel", "EK-andel", "procent", "eget kapital ÷ årets medlemsbidrag × 100", ("ek_utgaende", "medlemsbidrag"), fact="ek_andel"),
    KeyFigure("ek_tak", "EK-tak", "procent", "regelkatalogens parameter ek_tak för året (Nationella rådets rekommendation), som reglerna läser den", ("ek_tak_procent",), fact="ek_tak_procent"),
    KeyFigure("ek_over_tak", "EK över (+) / under (−) taket", "kr", "eget kapital − medlemsbidrag × ek_tak ÷ 100", ("ek_utgaende", "medlemsbidrag", "ek_tak_procent"), fact="ek_over_tak_belopp"),
    KeyFigure("soliditet", "Soliditet", "procent", "eget kapital ÷ summa tillgångar × 100", ("ek_utgaende", "summa_tillgangar"), fact="soliditet"),
    KeyFigure("adm_andel", "Administration", "procent", "administrativa kostnader ÷ totala kostnader × 100", ("adm_kostnad", "total_kostnad"), fact="adm_andel"),
    KeyFigure("individ_andel", "Individinriktade", "procent", "individinriktade insatser ÷ totala kostnader × 100", ("kostnad_individinriktade", "total_kostnad"), fact="individ_andel"),
    KeyFigure("struktur_andel", "Strukturövergripande", "procent", "strukturövergripande insatser ÷ totala kostnader × 100", ("kostnad_strukturovergripande", "total_kostnad"), fact="struktur_andel"),
    KeyFigure("deltagare", "Deltagare", "antal", "deltagare i individinriktade insatser (summan över insatserna)", ("deltagare_totalt",), fact="deltagare_totalt"),
    KeyFigure("kostnad_per_deltagare", "Kostnad per deltagare", "kr", "individinriktade insatsers kostnader ÷ deltagare i individinriktade insatser", ("kostnad_individinriktade", "deltagare_totalt"), fact="kostnad_per_deltagare"),
    KeyFigure("budget_forbrukning", "Budgetförbrukning", "procent", "verksamhetens kostnader ÷ budgeterade kostnader × 100", ("verksamhetens_kostnader", "budget_kostnader"), fact="budget_forbrukning"),
)


@dataclass(slots=True)  # thousands are kept in a genomlysning
class Cell:
    """One key figure of one report: a value, or the facts that are missing."""

    varde: Optional[float] = None
    saknas: list[str] = field(default_factory=list)
    skal: Optional[str] = None  # why it is missing, when no fact is (e.g. a zero denominator)
    fran_tkr: bool = False
    anm: Optional[str] = None  # a value read another way than the figure's first definition
    etiketter: dict[str, str] = field(default_factory=dict)  # the registry's label of each missing fact

    @property
    def missing(self) -> bool:
        return self.varde is None

    def reason(self) -> str:
        if self.saknas:
            return "underlag saknas: " + "; ".join(f"{self.etiketter.get(n, n)} ({n})" for n in self.saknas)
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


# Facts that checker.facts derives a second way when the first is missing: (fact, label) → note.
_ALTERNATIVE = {
    ("total_kostnad", "totala kostnader (verksamhetens kostnader)"):
        "resultaträkningens verksamhetens kostnader: årsredovisningen har ingen kostnadsfördelning med totala kostnader",
}


def _clean(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _sentence(text: str) -> str:
    text = text.rstrip(".")
    return text[:1].lower() + text[1:] if text else "kan inte beräknas"


def cells(facts: Facts, register: Optional[Register] = None) -> dict[str, Cell]:
    """Every key figure of one report, read from its facts; a missing one says which facts it lacks, or why."""
    if register is None:
        from ..catalogue import default_catalogue

        register = default_catalogue().fakta
    out: dict[str, Cell] = {}
    scalars = facts.scalars
    for kf in KEY_FIGURES:
        found = scalars.get(kf.fact)
        if found is not None:
            # Whether a base fact comes from tkr, asked only of a figure that is there (a loop: any()
            # over a generator that stops early throws GeneratorExit into it).
            from_tkr = found.fran_tkr
            if not from_tkr:
                for n in kf.needs:
                    base = scalars.get(n)
                    if base is not None and base.fran_tkr:
                        from_tkr = True
                        break
            out[kf.id] = Cell(_clean(found.value), fran_tkr=from_tkr, anm=_ALTERNATIVE.get((kf.fact, found.label)))
            continue
        missing: list[str] = []
        why: Optional[str] = None
        for n in kf.needs:
            if n in facts.scalars:
                continue
            text, lacking = facts.missing.get(n, ("", (n,)))
            if lacking:
                missing += [m for m in lacking if m not in missing]
            else:
                why = why or _sentence(text)
        if missing:
            out[kf.id] = Cell(saknas=missing, etiketter={m: register.label(m) for m in missing})
        else:
            out[kf.id] = Cell(skal=why or "nämnaren är 0")
    return out
