"""A note that is a budget table ("Sammanställning … utfall och budget"): its sections and rows.

A table whose columns are headed by words, not years (Budgeterat / Utfall / Differens), holds
budget against outcome. It is drafted as a `budgettabell` with every printed row and sum, so
that the budget rules read it; as a note it would keep only the outcome column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .source import Line
from .statements import choose
from .table import Row, is_footer, read_header, read_rows, where
from .text import fold

# column word → the model's field; any other column word (Bokslut, Prognos) is not a budget table's
_FIELDS = {"budget": "budget", "budgeterat": "budget", "utfall": "utfall", "differens": "avvikelse", "avvikelse": "avvikelse"}
_SUM = re.compile(r"^(summa|totalt|total)\b", re.I)


@dataclass
class Section:
    rubrik: str | None = None
    lines: list[Line] = field(default_factory=list)
    poster: list[tuple[Row, dict[str, int | None]]] = field(default_factory=list)
    summa: tuple[Row, dict[str, int | None]] | None = None


@dataclass
class BudgetTable:
    rubrik: str
    ar: int | None
    kolumner: dict[str, str]  # field → the printed heading
    lines: list[Line]
    sections: list[Section]
    summa: tuple[Row, dict[str, int | None]] | None
    unit_tkr: bool


def budget_table(rubrik: str, lines: list[Line], year: int) -> BudgetTable | None:
    """The table under a note's heading, when its columns are a budget, an outcome and perhaps a deviation."""
    header, start = read_header(lines[1:])
    words = [fold(w) for w in header.words]
    fields = [_FIELDS.get(w) for w in words]
    if None in fields or len(set(fields)) != len(fields) or not {"budget", "utfall"} <= set(fields):
        return None
    rows = read_rows(lines[1 + start :], len(fields), set())
    values, sums = choose(rows, len(fields), {}, None, None)
    if not any(values):
        return None
    # the lines between two rows, from the title on: a section heading may precede the first row
    body = lines
    first_line = {id(line): i for i, line in enumerate(body)}
    sections = [Section()]
    table_sum = None
    previous_end = 1
    for i, (row, vals) in enumerate(zip(rows, values)):
        begin = first_line.get(id(row.lines[0]), previous_end)
        heading = _heading(body[previous_end:begin])
        previous_end = first_line.get(id(row.lines[-1]), begin) + 1
        if vals is None:
            continue
        cells = dict(zip(fields, vals))
        current = sections[-1]
        if heading and (current.poster or current.summa):
            current = Section()
            sections.append(current)
        if heading and current.rubrik is None:
            current.rubrik = heading
        current.lines.extend(row.lines)
        if i in sums or _SUM.match(row.label.strip()):
            if not current.poster and len(sections) > 1:
                # a sum under the sections' sums: the table's total
                sections.pop()
                table_sum = (row, cells)
                continue
            current.summa = (row, cells)
            sections.append(Section())
        else:
            current.poster.append((row, cells))
    sections = [s for s in sections if s.poster or s.summa]
    if not sections:
        return None
    years = re.findall(r"(?:19|20)\d{2}", rubrik)
    kolumner = {f: w for f, w in zip(fields, header.words)}
    return BudgetTable(rubrik, int(years[-1]) if years else None, kolumner, lines, sections, table_sum, header.unit_tkr)


def _heading(between: list[Line]) -> str | None:
    """A section's heading: the last line of text alone between two rows ("Insatser")."""
    texts = [l.text.strip() for l in between if l.text.strip() and not is_footer(l.text)]
    texts = [t for t in texts if not re.search(r"\d", t) and not all(fold(w) in _FIELDS for w in t.split())]
    return " ".join(texts[-1].split()) if texts else None


def span(lines: list[Line]) -> str:
    return where([l for l in lines if l.text.strip()] or lines)
