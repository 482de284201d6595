"""Resultaträkning, balansräkning, kassaflödesanalys and noter: rows, both columns, subtotals.

Amounts are chosen among their readings by arithmetic: a reading that lets a
printed subtotal add up (or agrees with the same figure in another statement)
wins over one that does not; then the reading whose amounts are alike in size.
`summa_av` is proposed only where the printed amounts confirm it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import aliases
from .numbers import swedish
from .table import Header, Row, candidates, read_header, read_rows
from .text import fold, similar, slug


@dataclass
class Table:
    header: Header
    columns: list[tuple[int, str]]  # (ar, rubrik)
    rows: list[Row]
    keys: list[str]
    sums: dict[int, list[int]]  # row index → part row indices
    notes: list[str] = field(default_factory=list)  # remarks for the summary
    unit_tkr: bool = False


def _columns(header: Header, year: int, ncols: int) -> tuple[list[tuple[int, str]], list[str]]:
    remarks = []
    rubriker = header.rubriker[:ncols]
    cols = []
    for k in range(ncols):
        printed = rubriker[k] if k < len(rubriker) else None
        ar = year - k
        if printed is None:
            remarks.append(f"kolumn {k + 1}: ingen rubrik hittad, antas avse {ar}")
            printed = str(ar)
        else:
            years = re.findall(r"(?:19|20)\d{2}", printed)
            if years and int(years[-1]) != ar:
                remarks.append(f"kolumnen för {ar} har rubriken \"{printed}\"")
        cols.append((ar, printed))
    return cols, remarks


def _value(v: int | None) -> int:
    return 0 if v is None else v


def infer_sums(rows: list[Row], values: list[tuple | None], ncols: int) -> tuple[dict[int, list[int]], int]:
    """Which printed subtotals the amounts confirm, and how many (row, column) pairs agree."""
    stack: list[int] = []
    sums: dict[int, list[int]] = {}
    agree = 0
    for i, row in enumerate(rows):
        vals = values[i]
        if vals is None:
            continue
        if aliases.is_sum_label(row.label) and stack:
            best = None
            for k in range(1, min(len(stack), 12) + 1):
                parts = stack[-k:]
                tol = 1 if k <= 2 else 2
                matched = 0
                col0 = False
                for c in range(ncols):
                    if vals[c] is None:
                        continue
                    total = sum(_value(values[p][c]) for p in parts)
                    if abs(total - vals[c]) <= tol:
                        matched += 1
                        col0 = col0 or c == 0
                if matched and (col0 or matched == sum(v is not None for v in vals)):
                    if best is None or matched > best[0]:
                        best = (matched, k)
            if best:
                k = best[1]
                sums[i] = stack[-k:]
                del stack[-k:]
                agree += best[0]
        stack.append(i)
    return sums, agree


def _note_fits(row: Row, note: str | None, note_titles: dict[str, str]) -> float:
    if note is None:
        return 0.0
    title = note_titles.get(note)
    if not title:
        return -1.0
    score = similar(fold(row.label), fold(title))
    # a note number is likely only where the note is about this row
    return score if score >= 0.6 else -1.0


def choose(rows: list[Row], ncols: int, note_titles: dict[str, str], anchors: dict[str, tuple] | None = None,
           statement: str | None = None) -> tuple[list[tuple | None], dict[int, list[int]]]:
    note_numbers = set(note_titles)
    anchors = anchors or {}
    for row in rows:
        candidates(row, ncols, note_numbers)
    picks: list[int | None] = []
    for row in rows:
        if not row.readings:
            picks.append(None)
            continue
        order = sorted(range(len(row.readings)), key=lambda j: (_effective(row, j, note_titles), _spread(row.readings[j].values)))
        row._order = order  # type: ignore[attr-defined]
        picks.append(order[0])

    def values_of(p: list[int | None]) -> list[tuple | None]:
        return [rows[i].readings[j].values if j is not None else None for i, j in enumerate(p)]

    def anchor_score(p: list[int | None]) -> int:
        score = 0
        for i, j in enumerate(p):
            if j is None:
                continue
            key = aliases.key_for(statement, rows[i].label) if statement else None
            if key in anchors:
                target = anchors[key]
                vals = rows[i].readings[j].values
                score += sum(1 for c in range(min(len(vals), len(target))) if target[c] is not None and vals[c] is not None and abs(vals[c] - target[c]) <= 1)
        return score

    # Arithmetic decides between close readings, row by row (twice: one choice can settle the next).
    for _ in range(2):
        for i, row in enumerate(rows):
            if picks[i] is None or len(row.readings) < 2:
                continue
            best_pen = row.readings[row._order[0]].penalty
            alts = [j for j in row._order[:8] if row.readings[j].penalty <= best_pen + 3]
            if len(alts) < 2:
                continue
            scored = []
            for rank, j in enumerate(alts):
                trial = list(picks)
                trial[i] = j
                _, agree = infer_sums(rows, values_of(trial), ncols)
                scored.append((-(agree + anchor_score(trial)), rank, j))
            scored.sort()
            picks[i] = scored[0][2]
    for i, row in enumerate(rows):
        j = picks[i]
        if j is None:
            row.why.append("beloppen kunde inte läsas")
            continue
        row.values = row.readings[j].values
        row.note = row.note or row._notes[j]
        eff = {k: _effective(row, k, note_titles) for k in row._order}
        low = min(eff.values())
        close = [k for k in row._order if eff[k] <= low + 0.5]
        if j not in close:
            close = [j] + close
        if len(close) > 1:
            shown = " | ".join("; ".join(swedish(v) if v is not None else "-" for v in row.readings[k].values) for k in close[:3])
            row.why.append(f"valt bland {len(close)} läsningar av siffrorna ({shown})")
    vals = values_of(picks)
    sums, _ = infer_sums(rows, vals, ncols)
    return vals, sums


def _effective(row: Row, j: int, note_titles: dict[str, str]) -> float:
    """A reading's cost, a note number that fits the row's label lowering it and one that does not raising it."""
    note = row._notes[j]
    return row.readings[j].penalty - (1.5 * _note_fits(row, note, note_titles) if note else 0)


def _spread(values) -> float:
    from .numbers import magnitude_spread

    return round(magnitude_spread(values), 3)


def read_table(lines, year: int, statement: str | None, note_titles: dict[str, str], anchors=None, ncols: int | None = None) -> Table | None:
    header, start = read_header(lines[1:])
    body = lines[1 + start :]
    n = ncols or max(2, min(len(header.rubriker), 2)) if header.rubriker else (ncols or 2)
    pick = None
    if header.words and "utfall" in [fold(w) for w in header.words]:
        # columns named, not dated (Budgeterat / Utfall / Differens): the model's columns
        # are years, so the year's outcome is kept, as the column it is
        n = len(header.words)
        pick = [fold(w) for w in header.words].index("utfall")
    cols, remarks = _columns(header, year, 1 if pick is not None else n)
    if pick is not None:
        cols, remarks = [(year, header.words[pick])], []
    rows = read_rows(body, n, set(note_titles))
    if not rows:
        return None
    values, sums = choose(rows, n, note_titles, anchors, statement)
    if pick is not None:
        values = [None if v is None else (v[pick],) for v in values]
        for row, v in zip(rows, values):
            row.values = v
        sums, _ = infer_sums(rows, values, 1)
    keep = [i for i, v in enumerate(values) if v is not None]
    if not keep:
        return None
    index = {old: new for new, old in enumerate(keep)}
    rows = [rows[i] for i in keep]
    sums = {index[i]: [index[p] for p in parts] for i, parts in sums.items() if i in index}
    keys: list[str] = []
    for row in rows:
        key = (aliases.key_for(statement, row.label) if statement else None) or slug(row.label)
        base, k = key, 2
        while key in keys:
            key = f"{base}_{k}"
            k += 1
        keys.append(key)
    return Table(header, cols, rows, keys, sums, remarks, header.unit_tkr)
