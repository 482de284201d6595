"""A Markdown table written straight as HTML, exactly as Python-Markdown's tables extension writes it.

A genomlysning of a thousand reports holds tables of some 50 000 cells; Python-Markdown's inline
processing of them costs seconds, while almost every cell is plain text, a number, `**bold**`
or one `` `file name` ``. Those forms are written here; a table with any other cell (a link,
emphasis inside text, several code spans, a stray backslash) returns None and is left to
Python-Markdown, so the HTML is the same byte for byte either way. Text is escaped as
Python-Markdown's serializer escapes it: `&` unless it starts an entity, `<` and `>`.
"""

from __future__ import annotations

import re
from typing import Optional, Sequence

# Escapable characters (Python-Markdown's ESCAPED_CHARS with the tables extension's `|`).
_ESCAPABLE = "\\`*_{}[]()>#+-.!|"
# Plain text, backslash escapes and entities; anything Markdown could read otherwise is not matched.
_PLAIN = re.compile(r"(?:[^\\`*_\[\]<>|&\x00-\x1f\x7f]|\\[" + re.escape(_ESCAPABLE) + r"]"
                    r"|&(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z0-9]+);|&)*")
_ESCAPE = re.compile(r"\\(.)")
_AMP = re.compile(r"&(?!(?:#[0-9]+|#x[0-9a-f]+|[0-9a-z]+);)", re.IGNORECASE)
_CODE_SPAN = re.compile(r"`([^`\\\x00-\x1f\x7f]+)`")
_STYLE = {"l": "", "r": ' style="text-align: right;"', "c": ' style="text-align: center;"'}


def _text(s: str) -> str:
    if "\\" in s:
        s = _ESCAPE.sub(r"\1", s)
    if "&" in s:
        s = _AMP.sub("&amp;", s)
    return s.replace("<", "&lt;").replace(">", "&gt;") if ("<" in s or ">" in s) else s


def _code(inner: str) -> Optional[str]:
    if inner != inner.strip():
        return None
    return "<code>" + inner.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</code>"


def _uncached(cell: str) -> Optional[str]:
    if cell != cell.strip():
        return None
    if _PLAIN.fullmatch(cell):
        return _text(cell)
    if len(cell) > 4 and cell.startswith("**") and cell.endswith("**"):
        inner = cell[2:-2]
        if inner == inner.strip() and _PLAIN.fullmatch(inner) and not inner.endswith("\\"):
            return f"<strong>{_text(inner)}</strong>"
        return None
    # Text with code spans (`name` (3), …): plain between them, no backslash just before a backtick,
    # and never two spans touching: "`1``1`" is one span holding 1``1, not two.
    out, at = [], 0
    for m in _CODE_SPAN.finditer(cell):
        between = cell[at:m.start()]
        code = _code(m.group(1))
        if code is None or (out and not between) or not _PLAIN.fullmatch(between) or between.endswith("\\"):
            return None
        out += [_text(between), code]
        at = m.end()
    rest = cell[at:]
    if not out or not _PLAIN.fullmatch(rest):
        return None
    return "".join(out) + _text(rest)


_CACHE: dict[str, Optional[str]] = {}


def cell_html(cell: str) -> Optional[str]:
    """One cell's inline Markdown as HTML, or None when it is not one of the plain forms."""
    # Most cells of a big table are a handful of symbols and numbers.
    try:
        return _CACHE[cell]
    except KeyError:
        if len(_CACHE) > 50_000:
            _CACHE.clear()
        text = _CACHE[cell] = _uncached(cell)
        return text


def table_html(head: Sequence[str], rows: Sequence[Sequence[str]], align: Sequence[str]) -> Optional[str]:
    """The table as Python-Markdown writes `| a | b |` rows with their alignment row, or None (see above)."""
    if not _shaped(head, rows, align):
        return None
    styles = [_STYLE[a] for a in align]
    out = ["<table>\n<thead>\n"]
    for tag, group in (("th", [head]), ("td", rows)):
        for row in group:
            out.append("<tr>\n")
            for cell, style in zip(row, styles):
                text = cell_html(cell)
                if text is None:
                    return None
                out.append(f"<{tag}{style}>{text}</{tag}>\n")
            out.append("</tr>\n")
        if tag == "th":
            out.append("</thead>\n<tbody>\n")
    out.append("</tbody>\n</table>")
    return "".join(out)


def _shaped(head: Sequence[str], rows: Sequence[Sequence[str]], align: Sequence[str]) -> bool:
    return bool(rows) and len(align) == len(head) and all(len(r) == len(head) for r in rows)


def writable(head: Sequence[str], rows: Sequence[Sequence[str]], align: Sequence[str]) -> bool:
    """Whether table_html writes the table (is not None), without writing it."""
    return _shaped(head, rows, align) and all(cell_html(cell) is not None for group in ([head], rows) for row in group for cell in row)
