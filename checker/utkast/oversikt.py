"""The flerårsöversikt: tables headed by a run of years, one column per year.

A table states its unit ("Belopp tkr", "Belopp kr") or not; where it does not,
the unit is decided by arithmetic: the current year's intäkter or result
against the resultaträkning's, in kronor or in thousands. Where two tables give
the same year (one in tkr, one in kr), the kronor table's amounts are kept and
the other adds only what has no unit (soliditet, antal anställda).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .numbers import best_readings, split_line
from .source import Line
from .text import fold, unit_heading

_YEARS = re.compile(r"^\s*(?:belopp\s+(?:i\s+)?(t?kr)\.?\s+)?((?:(?:19|20)\d{2}\s+){2,}(?:19|20)\d{2})\s*$", re.I)
_PCT = re.compile(r"\(?\s*(-?\d+(?:,\d+)?)\s?%\s*\)?")
FIELDS = [
    ("verksamhetens intakter", "intakter"),
    ("verksamhetens kostnader", "kostnader"),
    ("kostnad verksamhet", "kostnader"),
    ("arets resultat", "arets_resultat"),
    ("soliditet", "soliditet_angiven"),
    ("antal anstallda", "antal_anstallda"),
    ("medlemsbidrag", "medlemsbidrag"),
    ("utgaende eget kapital", "eget_kapital"),
    ("eget kapital", "eget_kapital"),
]
UNITLESS = {"soliditet_angiven", "antal_anstallda", "ek_andel_angiven"}


@dataclass
class _Row:
    label: str
    lines: list[Line]
    items: list = field(default_factory=list)
    pcts: list[str] = field(default_factory=list)


@dataclass
class Year:
    ar: int
    tkr: bool
    values: dict = field(default_factory=dict)
    lines: list[Line] = field(default_factory=list)
    why: list[str] = field(default_factory=list)
    heading: str | None = None  # the table's unit heading as printed ("Belopp tkr")


def _tables(report: list[Line]):
    for i, line in enumerate(report):
        m = _YEARS.match(line.text)
        if not m:
            continue
        years = [int(y) for y in m.group(2).split()]
        if any(a - b != 1 for a, b in zip(years, years[1:])):
            continue
        unit, heading = m.group(1), unit_heading(line.text)
        if unit is None and i > 0:
            before = " ".join(l.text for l in report[max(0, i - 3) : i])
            if re.search(r"\(t?kr\)|\bbelopp\s+(?:i\s+)?t?kr\b", before, re.I):
                unit = re.search(r"\(?(t?kr)\)?", before[::-1][::-1]).group(1)
                heading = next((h for l in report[max(0, i - 3) : i] if (h := unit_heading(l.text))), None)
        yield i, years, unit, heading


def _rows(lines: list[Line], n: int) -> list[_Row]:
    rows: list[_Row] = []
    cur: _Row | None = None
    blank = 0
    for line in lines:
        text = line.text
        if not text.strip():
            blank += 1
            if blank >= 4 and rows:
                break
            continue
        blank = 0
        if _YEARS.match(text) or fold(text).startswith(("belopp", "oversikt")):
            break  # the next table
        pcts = [m.group(1) + " %" for m in _PCT.finditer(text)]
        rest = _PCT.sub(" ", text)
        nl = split_line(rest)
        label = re.sub(r"[()%]", " ", nl.label).strip()
        if len(label.split()) > 10:
            break  # running text after the table
        if label:
            complete = cur is not None and (len(cur.pcts) >= n or _count(cur) >= n)
            if cur is not None and not complete and not cur.items and not cur.pcts:
                cur.label = f"{cur.label} {label}"
                cur.lines.append(line)
            else:
                cur = _Row(label, [line])
                rows.append(cur)
        elif cur is None:
            continue
        else:
            cur.lines.append(line)
        cur.items.extend(nl.items)
        cur.pcts.extend(pcts)
    return rows


def _count(row: _Row) -> int:
    from .numbers import NumericLine, count_range

    return count_range(NumericLine("", row.items))[0] if row.items else 0


def read_oversikt(report: list[Line], year: int, rr_values: dict[str, tuple]) -> list[Year]:
    from .numbers import NumericLine

    out: dict[int, Year] = {}
    for i, years, unit, heading in _tables(report):
        if years[0] != year:
            continue
        n = len(years)
        rows = _rows(report[i + 1 : i + 60], n)
        table: dict[int, dict] = {y: {} for y in years}
        used: list[Line] = [report[i]]
        for row in rows:
            folded = fold(row.label)
            key = next((k for prefix, k in FIELDS if folded.startswith(prefix)), None)
            if key is None:
                continue
            used.extend(row.lines)
            if key == "soliditet_angiven":
                if len(row.pcts) == n:
                    vals = row.pcts
                else:
                    readings = best_readings(NumericLine("", row.items), n)
                    vals = [None if v is None else _printed(v) for v in readings[0].values] if readings else []
                for y, v in zip(years, vals):
                    if v is not None:
                        table[y][key] = v
                continue
            readings = best_readings(NumericLine("", row.items), n)
            if not readings:
                continue
            for y, v in zip(years, readings[0].values):
                if v is not None:
                    table[y][key] = v
            if key == "eget_kapital" and len(row.pcts) == n:
                for y, p in zip(years, row.pcts):
                    table[y]["ek_andel_angiven"] = p.replace(" %", "%")
        tkr = _unit_is_tkr(unit, table.get(year, {}), rr_values)
        for y in years:
            if not table[y]:
                continue
            have = out.get(y)
            if have is None:
                out[y] = Year(y, tkr, dict(table[y]), list(used), heading=heading)
                if unit is None:
                    out[y].why.append(f"ingen enhet tryckt; {'tkr' if tkr else 'kr'} enligt resultaträkningen")
            elif have.tkr and not tkr:
                # the kronor table's amounts replace the thousands; unitless figures stay
                keep = {k: v for k, v in have.values.items() if k in UNITLESS}
                out[y] = Year(y, False, {**table[y], **{k: v for k, v in keep.items() if k not in table[y]}}, have.lines + used, heading=heading)
            else:
                for k, v in table[y].items():
                    if k in UNITLESS and k not in have.values:
                        have.values[k] = v
                have.lines.extend(l for l in used if l not in have.lines)
    return [out[y] for y in sorted(out, reverse=True)]


def _printed(v: int) -> str:
    from .numbers import swedish

    return swedish(v)


def _unit_is_tkr(unit: str | None, current: dict, rr: dict[str, tuple]) -> bool:
    if unit:
        return unit.lower() == "tkr"
    for key, rr_key in (("intakter", "verksamhetens_intakter"), ("arets_resultat", "arets_resultat")):
        if key in current and rr.get(rr_key) and rr[rr_key][0] is not None:
            return abs(current[key] * 1000 - rr[rr_key][0]) <= 1000 and abs(current[key] - rr[rr_key][0]) > 1
    return False
