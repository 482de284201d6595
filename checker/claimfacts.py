"""Claims: figures the förbund states in its text, against what its own accounts give.

One mechanism for every claim: what is claimed (a quantity the checker derives),
the value, where it stands. Where a claimed amount is wrong but equals another
quantity (the result's deviation given as the costs' deviation), that is said.
"""

from __future__ import annotations

from typing import Optional

from . import format as fmt
from .facts import Fact, Facts, Item, Operand, _fact, derivation, law, tolerance
from .model import Arsredovisning

def _shown(fact: Fact) -> str:
    return fmt.value(fact.value, fact.enhet)


@derivation("pastaenden")
def claim_facts(r: Arsredovisning, out: Facts) -> None:
    result, budget = out.scalars.get("arets_resultat"), out.scalars.get("budget_resultat")
    if result is not None and budget is not None:
        out.add(_fact("resultat_mot_budget", result.value - budget.value, "kr", "årets resultat mot budgeterat resultat",
                      "årets resultat − budgeterat resultat",
                      (Operand(result.label, result.value, result.kalla), Operand(budget.label, budget.value, budget.kalla)),
                      fran_tkr=result.fran_tkr or budget.fran_tkr))
    items = []
    for claim in r.pastaenden:
        item = Item(f"”{claim.citat}”", kalla=claim.kalla)
        percent = claim.enhet == "procent"
        value = claim.varde * (1000 if claim.enhet == "tkr" else 1)
        # Reports round shares to whole percent: the catalogue's tolerans_procentenheter.
        tol = law("tolerans_procentenheter") if percent else tolerance(claim.enhet == "tkr")
        unit = "procent" if percent else "kr"
        item.add(_fact("citat", claim.citat, "text", "förbundets text", kalla=claim.kalla))
        item.add(_fact("angiven", int(value) if not percent and float(value).is_integer() else value, unit, "angivet värde", kalla=claim.kalla))
        item.add(_fact("tolerans", tol, unit, "tolerans"))
        fact: Optional[Fact] = out.scalars.get(claim.avser)
        item.add(_fact("storhet", _label(claim.avser, fact), "text", "vad påståendet gäller"))
        if fact is not None and fact.enhet == unit:
            item.add(Fact("beraknad", fact.value, fact.enhet, fact.label, fact.formel, fact.operander, fact.kalla, fact.fran_tkr))
            item.add(_fact("differens", round(value - fact.value, 2), unit, "differens", "angivet − beräknat"))
            item.add(_fact("forklaring", _instead(value, tol, unit, claim.avser, out), "text", "vad det angivna värdet motsvarar"))
        items.append(item)
    out.collections["pastaenden"] = items


def _label(name: str, fact: Optional[Fact]) -> str:
    return fact.label if fact is not None else name


def _instead(value: float, tol: float, unit: str, avser: str, out: Facts) -> str:
    """Another quantity the stated figure equals, when it is not the one claimed."""
    from .model import Storhet

    for other in Storhet:
        fact = out.scalars.get(other.value)
        if other.value == avser or fact is None or fact.enhet != unit or isinstance(fact.value, bool):
            continue
        if abs(abs(value) - abs(fact.value)) <= tol and abs(value - out.scalars[avser].value) > tol:
            return f"Det angivna värdet motsvarar i stället {fact.label} ({_shown(fact)})."
    return ""
