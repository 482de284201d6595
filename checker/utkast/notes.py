"""The noter: each "Not N Rubrik" with its rows, columns and sums, and the line it explains."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .source import Line
from .statements import Table, read_table
from .table import is_footer, where
from .text import fold, similar

# "Not 2"; OCR also reads "Nöt 2", "NÖt 4", "Net 5"
_NOTE = re.compile(r"^\s*[Nn][OoÖöEe0][Tt](?:\s*(\d{1,2})\b|\s+([A-ZÅÄÖ][\wåäöÅÄÖ]+))[.:]?\s*(.*?)\s*$")


@dataclass
class Note:
    nummer: str
    rubrik: str
    lines: list[Line]
    table: Table | None = None
    avser: str | None = None

    def where(self) -> str:
        return where([l for l in self.lines if l.text.strip()] or self.lines)


def note_headings(lines: list[Line]) -> list[tuple[int, str, str]]:
    out = []
    for i, line in enumerate(lines):
        m = _NOTE.match(line.text)
        if not m or len(line.text) > 100:
            continue
        nummer, rubrik = m.group(1) or m.group(2), m.group(3)
        if not nummer.isdigit():
            # "Not Sammanställning aktiviteter ..." is a note named by its first word
            rubrik = f"{nummer} {rubrik}".strip()
            nummer = nummer
        rubrik = re.sub(r"\s+", " ", rubrik).strip(" .")
        if nummer.isdigit() and not rubrik:
            nxt = next((l.text.strip() for l in lines[i + 1 : i + 3] if l.text.strip()), "")
            rubrik = nxt
        if rubrik and rubrik[0].isdigit():
            continue  # "Not 2025 2024": a column header
        out.append((i, nummer, rubrik))
    return out


def read_notes(lines: list[Line], year: int) -> list[Note]:
    heads = note_headings(lines)
    notes: list[Note] = []
    seen: set[str] = set()
    for k, (i, nummer, rubrik) in enumerate(heads):
        end = heads[k + 1][0] if k + 1 < len(heads) else len(lines)
        if nummer in seen:
            continue
        seen.add(nummer)
        body = [l for l in lines[i:end] if not is_footer(l.text)]
        note = Note(nummer, rubrik or f"Not {nummer}", body)
        note.table = read_table(body, year, None, {})
        notes.append(note)
    return notes


def link_notes(notes: list[Note], statements: dict[str, Table]) -> None:
    """`avser`: the statement row that names the note, or whose label is the note's title."""
    for note in notes:
        for name, table in statements.items():
            for row, key in zip(table.rows, table.keys):
                if row.note == note.nummer:
                    note.avser = f"{name}.{key}"
                    break
            if note.avser:
                break
        if note.avser:
            continue
        best = None
        for name, table in statements.items():
            for row, key in zip(table.rows, table.keys):
                score = similar(fold(row.label), fold(note.rubrik))
                if score >= 0.8 and (best is None or score > best[0]):
                    best = (score, f"{name}.{key}")
        if best:
            note.avser = best[1]
