"""Amounts as printed: a line's label, and every way its trailing digits can be read.

Text dumps and OCR lose the column gaps: "66 266 128 975" is two amounts or one,
"4 003 8944 015 585" has lost a space. A reading splits the digits by the
Swedish grouping (1–3 digits, then groups of exactly 3); readings that need a
space the text does not have, or a split inside a printed token, cost a
penalty. Which reading is right is decided later, by arithmetic and size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

_MINUS = "-\u2212\u2013\u2012"
# A token of the trailing numeric run: a number (sign attached or not), a lone sign/dash.
_NUM_TOKEN = re.compile(rf"^[{_MINUS}]?\d+(?:,\d{{2}})?$")
_DASH = re.compile(rf"^[{_MINUS}]$")
_GLUED_SIGN = re.compile(rf"(?<=\d)[{_MINUS}](?=\d{{1,3}} \d{{3}}\b)")
_CONFUSABLE = re.compile(r"[0-9OoIlTSBZ]{3}")
_TO_DIGIT = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "T": "7", "S": "5", "B": "8", "Z": "2"})
_SPACE_CHARS = "\u00a0\u202f\u2009\u2007\t"


@dataclass(frozen=True)
class Item:
    """One element of a line's numeric run: a cluster of digit tokens, or a printed dash."""

    tokens: tuple[str, ...] = ()  # digit groups as printed, without sign
    negative: bool = False
    dash: bool = False
    # A lone "-" just before digits: the sign of the next amount, or a dash of its own
    # column ("- 1 086 516" is "-" then 1 086 516 where a column is empty).
    minus: bool = False
    after_gap: bool = False  # the cluster begins after a column gap (two spaces or more)


@dataclass(frozen=True)
class Reading:
    values: tuple[int | None, ...]  # None: a printed dash ("-", nothing)
    penalty: int


@dataclass
class NumericLine:
    label: str
    items: list[Item] = field(default_factory=list)
    ocr_fixed: list[str] = field(default_factory=list)  # letters read as digits, as "TTT → 777"

    @property
    def has_numbers(self) -> bool:
        return bool(self.items)


def normalise_spaces(text: str) -> str:
    for ch in _SPACE_CHARS:
        text = text.replace(ch, " ")
    return text.rstrip()


def split_line(text: str) -> NumericLine:
    """The label and the numeric run at the end of a line.

    Two or more spaces are a column gap: they end a cluster of digit groups.
    """
    text = normalise_spaces(text)
    # OCR runs two columns together with the second one's sign between them: "-717 759-30 404"
    text = _GLUED_SIGN.sub(" -", text)
    # OCR boxes a lone digit ("[0]", "0)") or reads a rule as "|"
    text = re.sub(r"[\[\]|]", " ", text)
    text = re.sub(r"(?<=\d)\)(?=\s|$)", "", text)
    parts = re.split(r"( +)", text.strip())
    fixed: list[str] = []
    # A group of three letters OCR confuses with digits, inside a run of digit groups
    # ("4 357 TTT 3 484 953"): read as the digits, and said.
    for k in range(2, len(parts) - 2, 2):
        word = parts[k]
        if (len(word) == 3 and _CONFUSABLE.fullmatch(word) and not word.isdigit()
                and re.fullmatch(r"-?\d{1,3}", parts[k - 2]) and re.fullmatch(r"-?\d{1,3}(?:,\d\d)?", parts[k + 2])):
            digits = word.translate(_TO_DIGIT)
            fixed.append(f"{word} → {digits}")
            parts[k] = digits
    words = parts[0::2]
    gaps = [len(g) for g in parts[1::2]]
    i = len(words)
    while i > 0 and (_NUM_TOKEN.match(words[i - 1]) or _DASH.match(words[i - 1])):
        i -= 1
    # A year or note number glued to the label ("Skulder 6") stays numeric; the
    # statement reader decides. But a label ending in a hyphenated word does not.
    run, run_gaps = words[i:], gaps[i:] if i < len(words) else []
    label = " ".join(words[:i]).strip()
    items: list[Item] = []
    current: list[str] = []
    negative = False

    start_gap = False

    def close() -> None:
        nonlocal current, negative, start_gap
        if current:
            items.append(Item(tuple(current), negative, after_gap=start_gap))
        current, negative, start_gap = [], False, False

    for j, word in enumerate(run):
        gap_before = run_gaps[j - 1] if j > 0 else 1
        if gap_before >= 2:
            close()
            start_gap = j > 0
        if _DASH.match(word):
            close()
            nxt = run[j + 1] if j + 1 < len(run) else None
            gap_after = run_gaps[j] if j < len(run_gaps) else 9
            if nxt is not None and nxt[0].isdigit() and gap_after == 1:
                items.append(Item(minus=True))
            else:
                items.append(Item(dash=True))
            continue
        sign = word[0] in _MINUS
        digits = word.lstrip(_MINUS)
        if "," in digits:  # öre printed ("2 611 000,00"): whole kronor are kept
            digits = digits.split(",")[0]
        if sign or (j > 0 and _DASH.match(run[j - 1])):
            close()
            negative = sign
        current.append(digits)
    close()
    if not label and items and not run:
        pass
    return NumericLine(label, items, fixed)


_TOP = 60  # readings kept per cluster and amount count


@lru_cache(maxsize=4096)
def _splits(tokens: tuple[str, ...]) -> tuple[tuple[tuple[int, ...], int], ...]:
    """The best splits of a cluster into amounts, with their penalties (spaces assumed missing)."""
    chars: list[str] = []
    for k, tok in enumerate(tokens):
        if k:
            chars.append(" ")
        chars.extend(tok)
    digits = [c for c in chars if c != " "]
    n = len(digits)
    # space_before[p]: the printed text has a space before digit p.
    space_before = [False] * (n + 1)
    p = 0
    for c in chars:
        if c == " ":
            space_before[p] = True
        else:
            p += 1

    def number_cost(a: int, b: int) -> int | None:
        """Cost of digits[a:b] as one amount, or None if it breaks the grouping."""
        length = b - a
        if length > 9 or (digits[a] == "0" and length > 1):
            return None
        cost = 0
        for q in range(a + 1, b):
            at_group = (b - q) % 3 == 0
            if space_before[q] and not at_group:
                return None
            if at_group and not space_before[q]:
                # 4-digit amounts are often printed unspaced ("1480"): a small cost.
                cost += 1 if length == 4 else 2
        if a > 0 and not space_before[a]:
            cost += 2  # the split falls inside a printed token (columns run together)
        if length >= 9:
            cost += 3  # 100 Mkr and more: far beyond any samordningsförbund's accounts
        return cost

    # best[a]: {count: [(cost, values)]} for digits[a:], the _TOP cheapest per count
    best: list[dict[int, list[tuple[int, tuple[int, ...]]]]] = [dict() for _ in range(n + 1)]
    best[n] = {0: [(0, ())]}
    for a in range(n - 1, -1, -1):
        table: dict[int, list[tuple[int, tuple[int, ...]]]] = {}
        for b in range(a + 1, min(n, a + 9) + 1):
            c = number_cost(a, b)
            if c is None or not best[b]:
                continue
            value = int("".join(digits[a:b]))
            for count, options in best[b].items():
                if count >= 12:
                    continue
                bucket = table.setdefault(count + 1, [])
                for cost, rest in options:
                    if cost + c <= 9:
                        bucket.append((cost + c, (value,) + rest))
        for count in table:
            table[count] = sorted(table[count])[:_TOP]
        best[a] = {k: v for k, v in table.items() if v}
    out = [(values, cost) for options in best[0].values() for cost, values in options]
    return tuple(sorted(out, key=lambda kv: (kv[1], len(kv[0]))))


def readings(line: NumericLine, count: int, max_penalty: int = 4) -> list[Reading]:
    """Readings of the numeric run as exactly `count` values (dashes included), best first."""
    options: list[list[tuple[tuple[int | None, ...], int]]] = []
    items = line.items
    gapped = any(it.after_gap for it in items) and not any(it.minus for it in items)
    # Item by item, the cheapest partial readings per (values so far, sign pending); equal
    # costs are kept in order of how alike in size the amounts are.
    states: dict[tuple[int, bool], list[tuple[int, tuple]]] = {(0, False): [(0, ())]}
    keep = 40
    for item in items:
        nxt: dict[tuple[int, bool], list[tuple[int, tuple]]] = {}

        def add(count: int, negate: bool, cost: int, values: tuple) -> None:
            if count <= count_limit and cost <= max_penalty:
                nxt.setdefault((count, negate), []).append((cost, values))

        count_limit = count
        for (n, negate), partials in states.items():
            for cost, acc in partials:
                if item.dash:
                    add(n + 1, False, cost, acc + (None,))
                elif item.minus:
                    add(n, True, cost, acc)
                    add(n + 1, False, cost, acc + (None,))
                else:
                    sign = -1 if (item.negative or negate) else 1
                    for values, c in _splits(item.tokens):
                        extra = (len(values) - 1) if gapped else 0
                        add(n + len(values), False, cost + c + extra, acc + (sign * values[0],) + tuple(values[1:]))
        for key in nxt:
            nxt[key] = sorted(nxt[key], key=lambda cv: (cv[0], magnitude_spread(cv[1])))[:keep]
        states = nxt
    out: dict[tuple, int] = {}
    for (n, negate), partials in states.items():
        if n == count and not negate:
            for cost, values in partials:
                out[values] = min(cost, out.get(values, 99))
    return [Reading(v, c) for v, c in sorted(out.items(), key=lambda kv: kv[1])]


def count_range(line: NumericLine) -> tuple[int, int]:
    """The fewest and most values the numeric run can be read as."""
    lo = hi = 0
    for item in line.items:
        if item.dash or item.minus:
            lo += 0 if item.minus else 1
            hi += 1
            continue
        sizes = [len(v) for v, c in _splits(item.tokens) if c <= 6]
        if not sizes:
            continue
        lo += min(sizes)
        hi += max(sizes)
    return lo, hi


def magnitude_spread(values: tuple[int | None, ...]) -> float:
    """How unlike in size the amounts of one row are (columns of a row are alike)."""
    import math

    logs = sorted(math.log10(abs(v)) for v in values if v)
    if len(logs) < 2:
        return 0.0
    median = logs[len(logs) // 2]
    return sum(abs(x - median) for x in logs)


def best_readings(line: NumericLine, count: int) -> list[Reading]:
    """Readings ordered by penalty, then by how alike in size the amounts are."""
    return sorted(readings(line, count), key=lambda r: (r.penalty, round(magnitude_spread(r.values), 3)))


def swedish(value: int) -> str:
    """1735435 → '1 735 435', as the documents print it."""
    s = f"{abs(value):,}".replace(",", " ")
    return ("-" if value < 0 else "") + s
