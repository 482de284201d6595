"""A printed table (statement or note) → its columns and rows, as the text gives them.

Text dumps break tables in three ways, all seen in the seeds: a label runs over
two lines ("Resultat efter finansiella pos-" / "ter 308 788 -350 633"); the
amounts stand on lines of their own after the labels, one row per line; or they
stand column by column ("0", "0", "15 045", "0" for two labels). Amounts that
had to be placed this way are marked for checking.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import aliases
from .numbers import NumericLine, Reading, best_readings, count_range, split_line
from .source import Line
from .text import fold

_YEARISH = re.compile(r"(?<![\d-])(-?(?:19|20)\d{2}(?:-\d{2}-\s?\d{2})?)(?![\d])")
_FOOTER = re.compile(r"^\s*(\d{1,3}\s*\|.*|.*\|\s*\d{1,3}|sida \d+( av \d+)?|\d{1,3})\s*$", re.I)
_COLUMN_WORDS = {"budget", "budgeterat", "utfall", "differens", "avvikelse", "bokslut", "prognos"}
_CONTINUES = re.compile(r"(-|,|\b(och|av|för|från|till|i|på|samt|vid|OCH|AV|FÖR|FRÅN|SAMT))$")


@dataclass
class Row:
    label: str
    lines: list[Line]
    numeric: list[NumericLine] = field(default_factory=list)
    values: tuple[int | None, ...] | None = None
    note: str | None = None
    readings: list[Reading] = field(default_factory=list)
    placed: bool = False  # amounts found on other lines than the label
    open: bool = False  # label may continue on the next line
    why: list[str] = field(default_factory=list)  # reasons to check

    def where(self) -> str:
        return where(self.lines)


def where(lines: list[Line]) -> str:
    if not lines:
        return ""
    first, last = lines[0], lines[-1]
    if first.page:
        if (first.page, first.number) == (last.page, last.number):
            return first.where()
        if first.page == last.page:
            return f"s. {first.page} rad {first.number}–{last.number}"
        return f"{first.where()} – {last.where()}"
    return f"rad {first.number}" if first.number == last.number else f"rad {first.number}–{last.number}"


@dataclass
class Header:
    rubriker: list[str]
    lines: list[Line]
    unit_tkr: bool = False
    words: list[str] = field(default_factory=list)  # "Budgeterat Utfall Differens": columns named, not dated


def is_footer(text: str) -> bool:
    return bool(_FOOTER.match(text)) and len(text.strip()) < 90 and not re.match(r"^\s*-?\d{1,3}\s*$", text) or bool(
        re.match(r"^\s*\d{1,3}\s*\|", text)
    )


def _header_label(label: str) -> bool:
    folded = fold(label)
    words = aliases.table()["kolumnhuvud"]
    if not folded:
        return True
    if folded in words:
        return True
    # "Belopp i kr. Not 2023 2023": header words, then years.
    stripped = _YEARISH.sub(" ", label)
    return fold(stripped) in words or all(w in {"not", "belopp", "i", "kr", "tkr"} for w in fold(stripped).split())


def _is_year_only(nl: NumericLine) -> bool:
    for item in nl.items:
        if item.dash or item.minus:
            return False
        for tok in item.tokens:
            if not re.fullmatch(r"(19|20)\d{2}", tok):
                return False
    return True


def read_header(lines: list[Line]) -> tuple[Header, int]:
    """Column headings from the lines before the first row; returns the index of the first row."""
    per_line: list[tuple[Line, list[str]]] = []
    start = 0
    for i, line in enumerate(lines):
        text = line.text
        if not text.strip():
            continue
        nl = split_line(text)
        label_has_dates = bool(_YEARISH.search(nl.label))
        header_like = _header_label(nl.label) and (_is_year_only(nl) or not nl.items)
        if header_like or (label_has_dates and _header_label(_YEARISH.sub(" ", nl.label)) and (not nl.items or _is_year_only(nl))):
            toks = [m.group(1).strip() for m in _YEARISH.finditer(text)]
            if toks:
                per_line.append((line, toks))
            start = i + 1
            continue
        if nl.items or i > 12:
            break
        # a text line before any row: section heading ("Den löpande verksamheten") or repeated title
        if per_line:
            start = i
            break
        start = i + 1
    toks = [t for _, ts in per_line for t in ts]
    rubriker: list[str] = []
    counts = [len(ts) for _, ts in per_line]
    if counts and all(c == counts[0] for c in counts) and counts[0] >= 2 and len(counts) > 1:
        # "2020-01-01 2019-01-01" over "-2020-12-31 -2019-12-31": read down each column
        rubriker = [" ".join(ts[k] for _, ts in per_line) for k in range(counts[0])]
    elif counts and all(c == 1 for c in counts) and len(toks) >= 4 and len(toks) % 2 == 0:
        half = len(toks) // 2
        rubriker = [" ".join(toks[k * 2 : k * 2 + 2]) for k in range(half)]
    elif len(toks) >= 4 and len(toks) % 2 == 0 and all(
        re.findall(r"(?:19|20)\d{2}", toks[2 * k])[:1] == re.findall(r"(?:19|20)\d{2}", toks[2 * k + 1])[:1]
        and "-" in toks[2 * k].strip("-")
        for k in range(len(toks) // 2)
    ):
        # "2020-01-01 -2020-12-31 2019-01-01 -2019-12-31" on one line: periods
        rubriker = [f"{toks[2 * k]} {toks[2 * k + 1]}" for k in range(len(toks) // 2)]
    else:
        rubriker = toks
    words: list[str] = []
    if not rubriker:
        for line in lines[: max(start, 1) + 3]:
            tokens = re.split(r"\s+", line.text.strip())
            found = [w for w in tokens if fold(w) in _COLUMN_WORDS]
            others = [w for w in tokens if fold(w) not in _COLUMN_WORDS and fold(w) not in {"belopp", "i", "kr", "tkr", "not", ""}]
            if found and not others:
                words = found
                break
    tkr = any("tkr" in fold(l.text).split() for l in lines[: max(start, 1) + 2])
    return Header(rubriker, [l for l, _ in per_line], tkr, words), start


def _continues(previous: Row, text_label: str) -> bool:
    if not previous.open:
        return False
    if text_label[:1].islower():
        return True
    prev = previous.label.rstrip()
    if prev.endswith("-"):
        return True
    if _CONTINUES.search(prev):
        # "SUMMA EGET KAPITAL, AVSÄTTNINGAR OCH" / "SKULDER"; but not "Driftbidrag från" / "Staten"
        return prev.isupper() and text_label.isupper()
    return False


def read_rows(lines: list[Line], ncols: int, note_numbers: set[str] | None = None) -> list[Row]:
    """The rows of a table whose columns are known; amounts chosen later (see choose)."""
    rows: list[Row] = []
    pending: list[Row] = []  # labels still waiting for their amounts
    numbers_run: list[tuple[Line, NumericLine]] = []

    def flush_numbers() -> None:
        nonlocal numbers_run
        if not numbers_run:
            return
        waiting = [r for r in pending if not r.numeric]
        _place(waiting, numbers_run, ncols)
        numbers_run = []

    for line in lines:
        text = line.text
        if not text.strip() or is_footer(text):
            continue
        nl = split_line(text)
        if not nl.label:
            if _is_year_only(nl):
                continue  # a column heading ("2023 2023") between the rows
            numbers_run.append((line, nl))
            continue
        if len(nl.label.split()) > 12 or (len(nl.label) > 50 and nl.label.rstrip().endswith(".")):
            # running text between the rows, not a row
            flush_numbers()
            pending = []
            continue
        flush_numbers()
        if _header_label(_YEARISH.sub(" ", nl.label)) and (not nl.items or _is_year_only(nl)):
            continue  # the column heading again (a new page) or a unit line
        if nl.items and _is_year_only(nl) and len(nl.items) == 1 and len(nl.items[0].tokens) <= 2:
            nl = NumericLine(nl.label)  # "Bokslut helår 2019": a column heading, the year is no amount
        last = pending[-1] if pending else (rows[-1] if rows else None)
        lo, hi = count_range(nl) if nl.items else (0, 0)
        if last is not None and _continues(last, nl.label):
            last.label = f"{last.label.rstrip('-') if last.label.endswith('-') else last.label + ' '}{nl.label}".replace("  ", " ")
            last.lines.append(line)
            last.open = not nl.items
            if nl.items:
                last.numeric.append(nl)
            continue
        small_note = nl.items and hi <= 1 and _single_small(nl)
        row = Row(nl.label, [line])
        if nl.items and not small_note:
            row.numeric.append(nl)
        elif small_note:
            row.note = str(nl.items[0].tokens[0])
        row.open = not nl.items or bool(small_note)
        # A row with its own amounts closes the labels that never got any (they were headings).
        if row.numeric:
            pending = [p for p in pending if p.numeric]
        rows.append(row)
        pending.append(row)
        pending = [p for p in pending if not p.numeric]
        if row.numeric:
            pending = []
    flush_numbers()
    # Rows with no amounts at all are headings ("Omsättningstillgångar"), kept out.
    return [r for r in rows if r.numeric or r.readings]


def _single_small(nl: NumericLine) -> bool:
    item = nl.items[0]
    return len(nl.items) == 1 and not item.negative and len(item.tokens) == 1 and len(item.tokens[0]) <= 2


def _place(waiting: list[Row], run: list[tuple[Line, NumericLine]], ncols: int) -> None:
    """Amounts on lines of their own, given to the nearest labels before them.

    A label that ends open ("… förändring av") waits for its own continuation line
    and its amounts, so the amounts go to the labels before it.
    """
    if waiting and waiting[-1].open and _CONTINUES.search(waiting[-1].label.rstrip()):
        waiting = waiting[:-1]
    if not waiting:
        return
    single = all(len(nl.items) == 1 and count_range(nl)[0] <= 1 <= count_range(nl)[1] for _, nl in run)
    if single and len(run) > 1 and len(run) % ncols == 0 and len(run) // ncols <= len(waiting) and ncols > 1:
        # column by column: first every row's first column, then the second
        k = len(run) // ncols
        targets = waiting[-k:]
        for i, row in enumerate(targets):
            parts = [run[c * k + i] for c in range(ncols)]
            row.numeric.append(_merge([nl for _, nl in parts]))
            row.lines.extend(l for l, _ in parts)
            row.placed = True
            row.why.append("beloppen står kolumnvis under radtexterna i texten")
        return
    targets = waiting[-len(run):]
    if len(run) == 1 and len(waiting) >= 2:
        a, b = waiting[-2], waiting[-1]
        adjacent = a.lines and b.lines and a.lines[-1].page == b.lines[0].page and b.lines[0].number == a.lines[-1].number + 1
        if adjacent and len(a.label.split()) <= 2 and len(b.label.split()) <= 2 and not a.label.isupper():
            # "Arbetsträningsplatser" / "Rosängen" / amounts: one label over two lines
            a.label = f"{a.label} {b.label}"
            a.lines.extend(b.lines)
            b.lines = []
            targets = [a]
    for row, (line, nl) in zip(targets, run):
        row.numeric.append(nl)
        row.lines.append(line)
        row.placed = True
        row.why.append("beloppen står på en egen rad efter radtexten")


def _merge(parts: list[NumericLine]) -> NumericLine:
    items = []
    for nl in parts:
        items.extend(nl.items)
    return NumericLine("", items)


def candidates(row: Row, ncols: int, note_numbers: set[str]) -> None:
    """Every reading of the row's amounts as ncols values (with a leading note number if one fits)."""
    merged = _merge(row.numeric)
    for nl in row.numeric:
        for fix in nl.ocr_fixed:
            row.why.append(f"OCR-tecken lästa som siffror ({fix})")
    out: list[tuple[Reading, str | None]] = []
    for r in best_readings(merged, ncols):
        out.append((r, None))
    if row.note is None:
        for r in best_readings(merged, ncols + 1):
            first = r.values[0]
            # a note number: one the noter have, or (no noter read) the only way to read the row
            if first is not None and 0 < first <= 40 and (str(first) in note_numbers or (not note_numbers and not out)):
                out.append((Reading(r.values[1:], r.penalty), str(first)))
    # stable: penalty first
    out.sort(key=lambda x: x[0].penalty)
    row.readings = [r for r, _ in out]
    row._notes = [n for _, n in out]  # type: ignore[attr-defined]
