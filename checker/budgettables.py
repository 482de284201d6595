"""Budget tables besides the driftredovisning ("Sammanställning … utfall och budget"), as printed.

Their own arithmetic is checked here (each row's deviation, each section's sum, the
table's total); tablefacts sets their totals against the resultaträkning, the
budget and the note on administration, and budgetfacts follows their rows up
against their budgets.
"""

from __future__ import annotations

from typing import Optional

from .facts import Facts, Item, Operand, derivation, tolerance_fact
from .model import Arsredovisning, Budgetavsnitt, Budgetrad, Budgettabell

COLUMNS = (("budget", "budget"), ("utfall", "utfall"), ("avvikelse", "avvikelse"))


def _printed_or_summed(summa, column: str, values: list) -> Optional[tuple[int, bool]]:
    """(the sum in a column, whether printed): the printed sum row's, else the sum of the parts, if all are there."""
    if summa is not None and getattr(summa, column) is not None:
        return getattr(summa, column), True
    if not values or None in values:
        return None
    return sum(values), False


def section_total(section: Budgetavsnitt, column: str) -> Optional[tuple[int, bool]]:
    """A section's sum: the printed SUMMA row, else the sum of its rows."""
    return _printed_or_summed(section.summa, column, [getattr(row, column) for row in section.poster])


def table_total(table: Budgettabell, column: str) -> Optional[tuple[int, bool]]:
    """A table's total: the printed total, else the sum of its sections' sums."""
    parts = [section_total(s, column) for s in table.avsnitt]
    return _printed_or_summed(table.summa, column, [p[0] if p else None for p in parts])


def short_name(table: Budgettabell) -> str:
    """The table's heading up to its first comma: how a finding names it ("Sammanställning aktiviteter och insatser")."""
    return table.rubrik.split(",", 1)[0].strip() or table.rubrik


def cost_rows(table: Budgettabell):
    """The rows that are costs: every row of a table whose total is the resultaträkning's costs."""
    if table.avser != "resultatrakning.verksamhetens_kostnader":
        return []
    return [row for section in table.avsnitt for row in section.poster]


def _check(label: str, kalla, printed: int, computed: int, formel: str, ops, tkr: bool) -> Item:
    item = Item(label, {}, kalla)
    item.put("tryckt", printed, "kr", "tryckt", kalla=kalla, fran_tkr=tkr)
    item.put("beraknad", computed, "kr", "beräknad", formel, tuple(ops), fran_tkr=tkr)
    item.put("differens", printed - computed, "kr", "differens", "tryckt − beräknad", fran_tkr=tkr)
    item.add(tolerance_fact(tkr))
    return item


def _deviation(label: str, row: Budgetrad, kalla, tkr: bool) -> Optional[Item]:
    if row.budget is None or row.utfall is None or row.avvikelse is None:
        return None
    # Tables print the deviation either as budget − utfall or utfall − budget.
    a, b = row.budget - row.utfall, row.utfall - row.budget
    computed = a if abs(row.avvikelse - a) <= abs(row.avvikelse - b) else b
    formel = "budget − utfall" if computed == a else "utfall − budget"
    return _check(f"{label}: {row.rad}, avvikelse", row.kalla or kalla, row.avvikelse, computed, formel,
                  (Operand("budget", row.budget), Operand("utfall", row.utfall)), tkr)


def _sum_checks(label: str, what: str, sum_row: Optional[Budgetrad], parts: list[tuple[str, Optional[int]]], column: str, kalla, tkr: bool):
    printed = getattr(sum_row, column) if sum_row is not None else None
    if printed is None or not parts or any(v is None for _, v in parts):
        return None
    total = sum(v for _, v in parts)
    return _check(f"{label}: {what} ({sum_row.rad}), {column}", sum_row.kalla or kalla, printed, total,
                  " + ".join(name for name, _ in parts), [Operand(name, v) for name, v in parts], tkr)


def table_checks(table: Budgettabell) -> list[tuple[tuple, Item]]:
    """Each printed deviation and sum of one table, by the path of its value within the table.

    The path lets the web page mark the very cell while the user types; the report reads the items.
    """
    tkr = table.enhet == "tkr"
    label = short_name(table)
    out: list[tuple[tuple, Optional[Item]]] = []
    for k, section in enumerate(table.avsnitt):
        kalla = section.kalla or table.kalla
        rows = [(("avsnitt", k, "poster", i), row) for i, row in enumerate(section.poster)]
        rows += [(("avsnitt", k, "summa"), section.summa)] if section.summa else []
        for where, row in rows:
            out.append((where + ("avvikelse",), _deviation(label, row, kalla, tkr)))
        what = f"summan {section.rubrik}" if section.rubrik else "summan"
        for column, _ in COLUMNS:
            out.append((("avsnitt", k, "summa", column),
                        _sum_checks(label, what, section.summa, [(row.rad, getattr(row, column)) for row in section.poster],
                                    column, kalla, tkr)))
    if table.summa is not None:
        out.append((("summa", "avvikelse"), _deviation(label, table.summa, table.kalla, tkr)))
        for column, _ in COLUMNS:
            parts = []
            for i, section in enumerate(table.avsnitt):
                total = section_total(section, column)
                parts.append((section.rubrik or f"avsnitt {i + 1}", None if total is None else total[0]))
            out.append((("summa", column), _sum_checks(label, "totalsumman", table.summa, parts, column, table.kalla, tkr)))
    return [(where, item) for where, item in out if item is not None]


@derivation("budgettabeller")
def budget_table_facts(r: Arsredovisning, out: Facts) -> None:
    out.collections["budgettabell_summor"] = [item for table in r.budgettabeller for _, item in table_checks(table)]
