"""Where each part of the årsredovisning stands: its heading, and the lines up to the next part.

A heading also matches in the table of contents and in running text; the
occurrence followed by the most lines with amounts is the part itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import aliases
from .numbers import split_line
from .source import Line
from .text import heading_matches

_NOTE_HEADING = re.compile(r"^\s*[Nn][OoÖöEe0][Tt]\s*\d")

STATEMENTS = ("resultatrakning", "balansrakning", "kassaflodesanalys")
PARTS = STATEMENTS + ("driftredovisning", "noter")


@dataclass
class Block:
    kind: str
    start: int  # index of the heading line in the source's lines
    end: int  # exclusive
    lines: list[Line]


def _numeric_lines(lines: list[Line], start: int, span: int = 45) -> int:
    count = 0
    for line in lines[start + 1 : start + 1 + span]:
        nl = split_line(line.text)
        if nl.items and any(it.tokens and (len(it.tokens) > 1 or len(it.tokens[0]) > 2) for it in nl.items):
            count += 1
    return count


def find_blocks(lines: list[Line]) -> dict[str, Block]:
    texts = [l.text for l in lines]
    hits: dict[str, list[int]] = {k: [] for k in PARTS + ("slut", "forvaltningsberattelse")}
    for i, text in enumerate(texts):
        if len(text) > 90 or not text.strip():
            continue
        note_heading = bool(_NOTE_HEADING.match(text))
        for kind in hits:
            if kind == "slut" and note_heading:
                continue  # "Not 1 Redovisningsprinciper" is a note, not the end of the noter
            if heading_matches(text, aliases.headings(kind)):
                hits[kind].append(i)
    chosen: dict[str, int] = {}
    for kind in PARTS:
        best = None
        for i in hits[kind]:
            score = _numeric_lines(lines, i)
            if score >= 2 and (best is None or score > best[0]):
                best = (score, i)
        if best:
            chosen[kind] = best[1]
    # A statement comes after the förvaltningsberättelse; noter after the statements.
    boundaries = sorted(set(chosen.values()) | set(i for i in hits["slut"]) | set(i for k in PARTS for i in hits[k] if _numeric_lines(lines, i) >= 2))
    blocks: dict[str, Block] = {}
    for kind, start in chosen.items():
        later = [b for b in boundaries if b > start + 1]
        # a heading printed twice ("3. Resultaträkning" then "Resultaträkning") is one heading
        later = [b for b in later if not (b <= start + 3 and heading_matches(texts[b], aliases.headings(kind)))]
        end = min(later) if later else min(len(lines), start + 200)
        end = min(end, start + 260)
        blocks[kind] = Block(kind, start, end, lines[start:end])
    return blocks


def report_start(lines: list[Line], blocks: dict[str, Block]) -> int:
    """Where the årsredovisning begins: the last förvaltningsberättelse heading before the statements."""
    first = min((b.start for b in blocks.values()), default=len(lines))
    start = 0
    for i, line in enumerate(lines[:first]):
        if len(line.text) <= 60 and heading_matches(line.text, aliases.headings("forvaltningsberattelse")):
            start = i
    return start
