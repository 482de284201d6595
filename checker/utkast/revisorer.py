"""The revisorer who sign the årsredovisning, and who appointed each, as the signature page prints them.

The page ("Revisionens underskrift", "Revisorernas påteckning") closes the
årsredovisning: a name, sometimes a title, and "utsedd av …" under it, often two
signatures side by side. Only that page is read – a bundle may hold another
förbund's revisionsberättelse – and a signature is taken only when its name and
its "utsedd av" stand in the same column; the rest is left to the encoder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .source import Line
from .text import heading_matches

HEADINGS = ["revisionens underskrift", "revisorernas påteckning", "revisorernas underskrift", "revisorernas underskrifter"]
_UTSEDD = re.compile(r"\butsedda?\s+av\s+", re.I)
# What stands before "utsedd av" in a column: a title or the firm ("Revisor", "Auktoriserad revisor,", "KPMG,").
_PREFIX = re.compile(r"(?:(?:auktoriserad\s+)?revisor,?|[A-ZÅÄÖ][\w&/.-]*(?:\s+AB)?,)\s*$", re.I)
_NAME = re.compile(r"^[A-ZÅÄÖÉ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöéü]+)?(?:\s+[A-ZÅÄÖÉ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöéü]+)?){1,3}$")
_RULE = re.compile(r"^[\s_.…·-]*$")  # a signature line, dots or nothing
_NEXT_PART = re.compile(r"^\s*\d{1,2}\.\s+[A-ZÅÄÖ]")


@dataclass
class Signature:
    namn: str
    utsedd_av: str
    titel: str | None
    lines: list[Line]


def _columns(text: str) -> list[str]:
    return [c for c in re.split(r"\s{2,}", text.strip()) if c]


def _appointments(text: str) -> list[tuple[str | None, str]]:
    """Each "utsedd av …" of a line, with what stands before it: (prefix, who)."""
    out = []
    for col in _columns(text):
        hits = list(_UTSEDD.finditer(col))
        if not hits:
            return []
        prefix = col[: hits[0].start()].strip(" ,") or None
        for k, hit in enumerate(hits):
            tail = col[hit.end() : hits[k + 1].start() if k + 1 < len(hits) else len(col)]
            nxt = _PREFIX.search(tail) if k + 1 < len(hits) else None
            who = (tail[: nxt.start()] if nxt else tail).strip(" ,.")
            if not who:
                return []
            out.append((prefix, who))
            prefix = nxt.group(0).strip(" ,") if nxt else None
    return out


def _page(lines: list[Line]) -> list[Line]:
    """The lines of the last signature page of the revisorer: the årsredovisning's own."""
    starts = [i for i, l in enumerate(lines) if len(l.text) <= 60 and heading_matches(l.text, HEADINGS)]
    if not starts:
        return []
    page = []
    for line in lines[starts[-1] + 1 : starts[-1] + 60]:
        if _NEXT_PART.match(line.text):
            break
        page.append(line)
    return page


def read_revisorer(lines: list[Line]) -> tuple[list[Signature], list[Line]]:
    """The signatures on the revisorer's page, and the page's lines (empty when there is none)."""
    page = _page(lines)
    out: list[Signature] = []
    for i, line in enumerate(page):
        appointed = _appointments(line.text)
        if not appointed:
            continue
        titles: list[Line] = []
        j = i - 1
        while j >= 0 and (_RULE.match(page[j].text) or "revisor" in page[j].text.lower()):
            if page[j].text.strip() and not _RULE.match(page[j].text):
                titles.append(page[j])
            j -= 1
        if j < 0:
            continue
        names = _columns(page[j].text)
        if len(names) != len(appointed) or not all(_NAME.match(n) for n in names):
            continue  # names and appointments not in the same columns: not guessed
        title_cols = _columns(titles[0].text) if len(titles) == 1 else []
        for k, (name, (prefix, who)) in enumerate(zip(names, appointed)):
            titel = title_cols[k] if len(title_cols) == len(names) else prefix
            if titel and "revisor" not in titel.lower():
                titel = None  # a firm alone ("KPMG", "Azets") is no title
            out.append(Signature(name, who, titel, [page[j], *titles, line]))
    return out, page
