"""The sums shown live while the user types: does a printed subtotal add up?

A statement's or note's subtotals are the checker's own sum check
(facts.sum_checks), a driftredovisning row's avvikelse its facts.drift_deviations,
and a budget table's deviations and sums the checker's
budgettables.table_checks, each run as soon as that table is valid by itself, so
the page marks exactly what the report will (an empty cell among the parts counts as
0 there, and says so). The medlemsbidrag total is checked against its three
parts only when all are given: missing is never zero. Tolerances are the
checker's own, in force for the report's year (rules/parametrar/).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from .. import format as fmt
from ..facts import Law
from ..types import SCALE, _parse_belopp
from ..yamlread import format_path


@dataclass(frozen=True)
class Sum:
    where: str  # format_path of the printed subtotal's value
    ok: Optional[bool]  # None: not checked
    text: str
    short: str = ""  # for a table cell; the full text is its tooltip


def _amount(value: Any) -> Optional[int]:
    token = SCALE.set(1)  # in the unit as printed: the tolerance is one printed unit
    try:
        return _parse_belopp(value)
    except ValueError:
        return None
    finally:
        SCALE.reset(token)


def _unit(node: dict) -> str:
    return "tkr" if node.get("enhet") == "tkr" else "kr"


def tolerances(doc: Any) -> dict[str, float]:
    """1 kr, or 1 tkr: the checker's own tolerances in force for the report's year, in the unit as printed."""
    import datetime as dt

    from ..pipeline import katalog

    kat = katalog()
    year = doc.get("rakenskapsar") if isinstance(doc, dict) else None
    year = year if isinstance(year, int) and 2004 <= year <= 2100 else dt.date.today().year
    law = Law(kat.parameters, year, kat.directory)
    return {"kr": float(law.value("tolerans_kr")), "tkr": float(law.value("tolerans_tkr")) / 1000, "year": year}


def check(doc: Any) -> dict[str, Sum]:
    """Every printed subtotal in the document, by the field path of its value."""
    out: dict[str, Sum] = {}
    _walk(doc, (), out, tolerances(doc))
    return out


def _walk(node: Any, path: tuple, out: dict, tol: dict) -> None:
    if isinstance(node, dict):
        if isinstance(node.get("rader"), list):
            _table(node, path, out, tol)
        if path == ("medlemsbidrag",):
            _medlemsbidrag(node, path, out, tol)
        if len(path) == 2 and path[0] == "budgettabeller" and isinstance(node.get("avsnitt"), list):
            _budget_table(node, path, out, tol)
        if path == ("driftredovisning",):
            _drift(node, path, out, tol)
        for key, value in node.items():
            _walk(value, path + (key,), out, tol)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _walk(value, path + (i,), out, tol)


def _table(node: dict, path: tuple, out: dict, tol: dict) -> None:
    """A statement's or note's subtotals, by the checker's own sum check once the part is valid by itself."""
    from pydantic import ValidationError

    from ..facts import sum_checks
    from ..model import Not, Rakning
    from ..pipeline import katalog

    rows = node["rader"]
    subtotals = [(i, r) for i, r in enumerate(rows) if isinstance(r, dict) and r.get("summa_av") and isinstance(r.get("belopp"), dict)]
    try:
        st = (Not if path[:1] == ("noter",) else Rakning).model_validate(node)
    except (ValidationError, ValueError, TypeError):
        for i, row in subtotals:
            for year in row["belopp"]:
                where = format_path(path + ("rader", i, "belopp", year))
                out[where] = Sum(where, None, "summan prövas när felen i den här tabellen är rättade", "prövas när felen är rättade")
        return
    index = {r.nyckel: i for i, r in enumerate(st.rader)}
    for item in sum_checks(st, katalog(), tol["year"]):
        nyckel, year = item.provar.rsplit(".", 2)[-2:]
        where = format_path(path + ("rader", index[nyckel], "belopp", int(year)))
        out[where] = _from_item(where, item, st.enhet == "tkr", f"summan av {item.facts['beraknad'].formel}")


def _part_checks(model, checks, node: dict, path: tuple, tol: dict):
    """(cell path, check, part) for each of the checker's own checks of one part, once it is valid by itself;
    while it is not, its errors are shown on the fields and nothing here."""
    from pydantic import ValidationError

    from ..facts import in_force
    from ..pipeline import katalog

    try:
        part = model.model_validate(node)
    except (ValidationError, ValueError, TypeError):
        return
    for local, item in in_force(katalog(), tol["year"], checks, part):
        yield format_path(path + local), item, part


def _budget_table(node: dict, path: tuple, out: dict, tol: dict) -> None:
    """A budget table's deviations and sums."""
    from ..budgettables import table_checks
    from ..model import Budgettabell

    for where, item, table in _part_checks(Budgettabell, table_checks, node, path, tol):
        formel = item.facts["beraknad"].formel
        deviation = formel in ("budget − utfall", "utfall − budget")
        what = formel if deviation else f"summan av {formel}"
        verdict = _from_item(where, item, table.enhet == "tkr", what, formel if deviation else "summan")
        # a sum row's deviation is checked twice (budget − utfall, and the column's sum): a failure is what shows
        if where not in out or out[where].ok and not verdict.ok:
            out[where] = verdict


def _drift(node: dict, path: tuple, out: dict, tol: dict) -> None:
    """Each driftredovisning row's printed avvikelse."""
    from ..facts import drift_deviations
    from ..model import Driftredovisning

    for where, item, d in _part_checks(Driftredovisning, drift_deviations, node, path, tol):
        formel = item.facts["beraknad"].formel
        out[where] = _from_item(where, item, d.enhet == "tkr", formel, formel)


def _from_item(where: str, item, tkr: bool, what: str, short: str = "summan") -> Sum:
    """The verdict of one of the checker's sum checks (tryckt, beräknad, differens, tolerans), in the unit as printed."""
    per, unit = (1000, "tkr") if tkr else (1, "kr")
    f = item.facts
    computed, diff, allowed = f["beraknad"].value / per, f["differens"].value / per, f["tolerans"].value / per
    shown = f"{fmt.heltal(computed)} {unit}"
    if abs(diff) <= allowed:
        return Sum(where, True, f"✓ går ihop ({what} = {shown})", "✓ går ihop")
    return Sum(where, False, f"✗ går inte ihop: {what} = {shown}, skillnad {fmt.heltal(diff)} {unit}",
               f"✗ {short} är {shown} (skillnad {fmt.heltal(diff)})")


def _medlemsbidrag(node: dict, path: tuple, out: dict, tol: dict) -> None:
    if "totalt" not in node:
        return
    where = format_path(path + ("totalt",))
    stated = _amount(node["totalt"])
    if stated is None:
        return
    parts = ("staten", "region", "kommunerna")
    values = {p: _amount(node.get(p)) for p in parts}
    missing = [p for p in parts if values[p] is None]
    total = sum(v for v in values.values() if v is not None)
    out[where] = _verdict(where, stated, total, missing, _unit(node), "staten + region + kommunerna", tol[_unit(node)])


def _verdict(where: str, stated: int, total: int, missing: list[str], unit: str, what: str, tol: float) -> Sum:
    if missing:
        return Sum(where, None, f"summan prövas inte: {', '.join(missing)} saknar belopp", "prövas inte (belopp saknas)")
    diff = stated - total
    shown = f"{fmt.heltal(total)} {unit}"
    if abs(diff) <= tol:
        return Sum(where, True, f"✓ går ihop ({what} = {shown})", "✓ går ihop")
    return Sum(where, False, f"✗ går inte ihop: {what} = {shown}, skillnad {fmt.heltal(diff)} {unit}",
               f"✗ summan är {shown} (skillnad {fmt.heltal(diff)})")
