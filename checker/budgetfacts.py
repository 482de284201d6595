"""Budget follow-up facts: the year's costs, each driftredovisning row and each insats against its budget.

Kept apart from checker.facts because it reads the facts that module derives
(verksamhetens kostnader, the budget) and adds collections of its own.
"""

from __future__ import annotations

import re
from typing import Optional

from .budgettables import cost_rows, short_name
from .facts import Fact, Facts, Item, Operand, derivation, tolerance, tolerance_fact
from .model import Arsredovisning


def _budget_item(label: str, kalla: Optional[str], budget: int, utfall: int, tkr: bool) -> Item:
    item = Item(label, {}, kalla)
    ops = (Operand("budget", budget, kalla), Operand("utfall", utfall, kalla))
    item.put("budget", budget, "kr", "budget", kalla=kalla, fran_tkr=tkr)
    item.put("utfall", utfall, "kr", "utfall", kalla=kalla, fran_tkr=tkr)
    item.put("overskridande", utfall - budget, "kr", "utfall över budget", "utfall − budget", ops, fran_tkr=tkr)
    item.put("outnyttjat", budget - utfall, "kr", "outnyttjad budget", "budget − utfall", ops, fran_tkr=tkr)
    item.add(tolerance_fact(tkr))
    if budget:
        item.put("forbrukning", round(100 * utfall / budget, 2), "procent", "förbrukning av budget", "utfall ÷ budget × 100", ops, fran_tkr=tkr)
    return item


def _letters(name: str) -> str:
    return re.sub(r"[^a-zåäö]", "", name.lower())


def _cost_rows(r: Arsredovisning):
    """(label, kalla, budget, utfall, tkr) for every cost row with both budget and utfall, as positive amounts.

    An insats that is also a driftredovisning row (same name, same amounts within the
    table's rounding) is one row: the insats's, whose amounts are in kronor.
    """
    insatser = [(f"Insatsen {i.namn}", i.kalla, abs(i.budget), abs(i.utfall), False, _letters(i.namn))
                for i in r.insatser if i.budget is not None and i.utfall is not None]
    d = r.driftredovisning
    if d is not None:
        tkr = d.enhet == "tkr"
        tol = tolerance(tkr)
        for post in d.poster:
            if post.budget is None or post.utfall is None:
                continue
            slag = post.slag or ("kostnad" if post.budget < 0 or post.utfall < 0 else None)
            if slag != "kostnad":
                continue  # income, or a net row whose sign says nothing
            budget, utfall, name = abs(post.budget), abs(post.utfall), _letters(post.rad)
            if any(abs(b - budget) <= tol and abs(u - utfall) <= tol and name and (name in n or n in name)
                   for _, _, b, u, _, n in insatser):
                continue
            yield f"Driftredovisningen: {post.rad}", post.kalla or d.kalla, budget, utfall, tkr
    for table in r.budgettabeller:
        tkr = table.enhet == "tkr"
        tol = tolerance(tkr)
        for row in cost_rows(table):
            if row.budget is None or row.utfall is None:
                continue
            budget, utfall, name = abs(row.budget), abs(row.utfall), _letters(row.rad)
            # The insats itself, counted once: the same name, or (a table naming it otherwise) the same amounts to the krona.
            if any(abs(b - budget) <= tol and abs(u - utfall) <= tol and (name and (name in n or n in name) or (b, u) == (budget, utfall))
                   for _, _, b, u, _, n in insatser):
                continue
            yield f"{short_name(table)}: {row.rad}", row.kalla or table.kalla, budget, utfall, tkr
    for label, kalla, budget, utfall, tkr, _ in insatser:
        yield label, kalla, budget, utfall, tkr


@derivation("budget")
def budget_facts(r: Arsredovisning, out: Facts) -> None:
    rows = []
    for label, kalla, budget, utfall, tkr in _cost_rows(r):
        if budget == 0 and utfall == 0:
            continue  # nothing budgeted and nothing spent: nothing to follow up
        rows.append(_budget_item(label, kalla, budget, utfall, tkr))
    out.collections["budgetposter"] = rows

    used, budget = out.scalars.get("verksamhetens_kostnader"), out.scalars.get("budget_kostnader")
    if used is not None and budget is not None:
        tkr = used.fran_tkr or budget.fran_tkr
        ops = (Operand(used.label, abs(used.value), used.kalla), Operand(budget.label, budget.value, budget.kalla))
        out.put("budget_overskridande", abs(used.value) - budget.value, "kr", "kostnader över budget",
                "verksamhetens kostnader − budgeterade kostnader", ops, fran_tkr=tkr)
        out.add(Fact("budget_tolerans", tolerance(tkr), "kr", "tolerans"))
