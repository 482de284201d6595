"""The sums shown live while the user types: does a printed subtotal add up?

Read from the document as it stands, valid or not, so the mark appears at
once. An amount that cannot be read, or a part without an amount for the
year, means the sum is not checked (and says so): missing is never zero. The
tolerance is the checker's own (1 kr, or 1 tkr in a part given in tkr).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from .. import format as fmt
from ..facts import TOLERANS_KR
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


def check(doc: Any) -> dict[str, Sum]:
    """Every printed subtotal in the document, by the field path of its value."""
    out: dict[str, Sum] = {}
    _walk(doc, (), out)
    return out


def _walk(node: Any, path: tuple, out: dict) -> None:
    if isinstance(node, dict):
        if isinstance(node.get("rader"), list):
            _table(node, path, out)
        if path == ("medlemsbidrag",):
            _medlemsbidrag(node, path, out)
        for key, value in node.items():
            _walk(value, path + (key,), out)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _walk(value, path + (i,), out)


def _table(node: dict, path: tuple, out: dict) -> None:
    rows = [r for r in node["rader"] if isinstance(r, dict)]
    by_key = {r.get("nyckel"): r for r in rows if r.get("nyckel")}
    unit = _unit(node)
    for i, row in enumerate(node["rader"]):
        if not isinstance(row, dict) or not isinstance(row.get("summa_av"), list) or not isinstance(row.get("belopp"), dict):
            continue
        for year, printed in row["belopp"].items():
            where = format_path(path + ("rader", i, "belopp", year))
            stated = _amount(printed)
            if stated is None:
                out[where] = Sum(where, None, "summan prövas inte: beloppet går inte att läsa", "prövas inte")
                continue
            total, missing, names = 0, [], []
            for key in row["summa_av"]:
                part = by_key.get(key)
                name = str(part.get("rad") or key) if isinstance(part, dict) else str(key)
                names.append(name)
                value = _amount((part.get("belopp") or {}).get(year)) if isinstance(part, dict) and isinstance(part.get("belopp"), dict) else None
                if value is None:
                    missing.append(name)
                else:
                    total += value
            out[where] = _verdict(where, stated, total, missing, unit, f"summan av {' + '.join(names)}")


def _medlemsbidrag(node: dict, path: tuple, out: dict) -> None:
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
    out[where] = _verdict(where, stated, total, missing, _unit(node), "staten + region + kommunerna")


def _verdict(where: str, stated: int, total: int, missing: list[str], unit: str, what: str) -> Sum:
    if missing:
        return Sum(where, None, f"summan prövas inte: {', '.join(missing)} saknar belopp", "prövas inte (belopp saknas)")
    diff = stated - total
    shown = f"{fmt.heltal(total)} {unit}"
    if abs(diff) <= TOLERANS_KR:
        return Sum(where, True, f"✓ går ihop ({what} = {shown})", "✓ går ihop")
    return Sum(where, False, f"✗ går inte ihop: {what} = {shown}, skillnad {fmt.heltal(diff)} {unit}",
               f"✗ summan är {shown} (skillnad {fmt.heltal(diff)})")
