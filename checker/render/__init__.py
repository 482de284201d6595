"""Renderers of the granskningsrapport, one table keyed by format: used by the CLI and the web page.

`RENDERERS[fmt](granskning, options)` gives the report as text (md, html, json)
or bytes (docx). Markdown is the report; HTML and Word are made from that same
Markdown, so the three say the same thing. JSON is every check, whatever the
appendix option.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable, Optional, Union

from ..findings import Granskning
from ..frozen import Frozen, set_field

BILAGA = ("brister", "full", "ingen")


_TODAY = object()  # no datum given: the day it is made


class RenderOptions(Frozen):
    _fields = ("datum", "bilaga")

    def __init__(self, datum: str = _TODAY, bilaga: str = "brister"):  # type: ignore[assignment]
        set_field(self, "datum", dt.date.today().isoformat() if datum is _TODAY else datum)  # the report's date, ÅÅÅÅ-MM-DD
        set_field(self, "bilaga", bilaga)  # brister: evidence for what did not pass; full: everything; ingen: no appendix
        if self.bilaga not in BILAGA:
            raise ValueError(f"bilaga ska vara en av {', '.join(BILAGA)}")


def _md(g: Granskning, o: RenderOptions) -> str:
    from .markdown_out import render_markdown

    return render_markdown(g, o.datum, bilaga=o.bilaga)


def _html(g: Granskning, o: RenderOptions) -> str:
    from .html_out import render_report_html

    return render_report_html(g, o)


def _json(g: Granskning, o: RenderOptions) -> str:
    from .json_out import render_json

    return render_json(g)


def _docx(g: Granskning, o: RenderOptions) -> bytes:
    from .docx_out import render_docx

    return render_docx(g, o)


RENDERERS: dict[str, Callable[[Granskning, RenderOptions], Union[str, bytes]]] = {
    "md": _md,
    "html": _html,
    "json": _json,
    "docx": _docx,
}

# The format an output file's name asks for.
EXTENSIONS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".json": "json", ".docx": "docx"}

# What a download is sent as (the web page).
MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def format_for(path: Optional[str]) -> Optional[str]:
    """The format an output file's extension names, or None."""
    if not path or path == "-":
        return None
    return EXTENSIONS.get(Path(path).suffix.lower())
