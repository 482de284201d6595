"""Claims: figures the förbund states in its text, against what its own accounts give.

One mechanism for every claim: what is claimed (a quantity the checker derives),
the value, where it stands. Where a claimed amount is wrong but equals another
quantity (the result's deviation given as the costs' deviation), that is said.
"""

from __future__ import annotations

from typing import Optional

from . import format as fmt
from .facts import Fact, Facts, Item, Operand, current_law, derivation, law
from .model import Arsredovisning

def _shown(fact: Fact) -> str:
    return fmt.value(fact.value, fact.enhet)


@derivation("pastaenden")
def claim_facts(r: Arsredovisning, out: Facts) -> None:
    result, budget = out.scalars.get("arets_resultat"), out.scalars.get("budget_resultat")
    if result is not None and budget is not None:
        out.put("resultat_mot_budget", result.value - budget.value, "kr", "årets resultat mot budgeterat resultat",
                "årets resultat − budgeterat resultat",
                (Operand(result.label, result.value, result.kalla), Operand(budget.label, budget.value, budget.kalla)),
                fran_tkr=result.fran_tkr or budget.fran_tkr)
    kinds = current_law().pastaendeslag or {}
    items = []
    for claim in r.pastaenden:
        item = Item(f"”{claim.citat}”", {}, claim.kalla)
        kind = kinds.get(claim.avser)
        if kind is None:  # the loader refuses unknown kinds; a report validated against another catalogue may have one
            item.put("citat", claim.citat, "text", "förbundets text", kalla=claim.kalla)
            item.put("storhet", claim.avser, "text", "vad påståendet gäller")
            items.append(item)
            continue
        percent = kind.enhet == "procent"
        value = claim.varde * (1000 if claim.enhet == "tkr" else 1)
        unit = "procent" if percent else "kr"
        fact: Optional[Fact] = out.scalars.get(kind.faktum)
        # A figure in tkr, stated or computed from amounts in tkr (a budget in tkr), is known to 1 tkr only.
        in_tkr = claim.enhet == "tkr" or not percent and fact is not None and fact.fran_tkr
        tol = law(kind.tolerans_tkr if in_tkr and kind.tolerans_tkr else kind.tolerans)
        item.put("citat", claim.citat, "text", "förbundets text", kalla=claim.kalla)
        item.put("angiven", int(value) if not percent and float(value).is_integer() else value, unit, "angivet värde", kalla=claim.kalla)
        item.put("tolerans", tol, unit, "tolerans")
        item.put("storhet", kind.etikett, "text", "vad påståendet gäller")
        if fact is not None and fact.enhet == unit:
            item.add(Fact("beraknad", fact.value, fact.enhet, fact.label, fact.formel, fact.operander, fact.kalla, fact.fran_tkr))
            item.put("differens", round(value - fact.value, 2), unit, "differens", "angivet − beräknat")
            item.put("forklaring", _instead(value, tol, unit, kind.faktum, kinds, out), "text", "vad det angivna värdet motsvarar")
        items.append(item)
    out.collections["pastaenden"] = items


def _instead(value: float, tol: float, unit: str, claimed: str, kinds: dict, out: Facts) -> str:
    """Another quantity the stated figure equals, when it is not the one claimed."""
    for kind in kinds.values():
        fact = out.scalars.get(kind.faktum)
        if kind.faktum == claimed or fact is None or fact.enhet != unit or isinstance(fact.value, bool):
            continue
        if abs(abs(value) - abs(fact.value)) <= tol and abs(value - out.scalars[claimed].value) > tol:
            return f"Det angivna värdet motsvarar i stället {fact.label} ({_shown(fact)})."
    return ""
