"""The page's door onto the pipeline: the same granska, renderers and genomlys as the CLI."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Optional

from ..errors import InputError, Problem
from ..findings import Granskning
from ..pipeline import checker_for, examine
from .document import Document

def _media() -> dict:
    from ..render import MEDIA_TYPES

    return {**MEDIA_TYPES, "yaml": "application/yaml; charset=utf-8"}


@dataclass
class Result:
    granskning: Optional[Granskning] = None
    problems: list[Problem] = field(default_factory=list)
    formats: tuple[str, ...] = ()


def renderers() -> dict:
    """Format → function(granskning) → text or bytes: the CLI's own renderer table (Word where it has one)."""
    from ..render import RENDERERS, RenderOptions

    options = RenderOptions(datum=dt.date.today().isoformat())
    return {fmt: (lambda g, f=fn: f(g, options)) for fmt, fn in RENDERERS.items()}


def granska(doc: Document) -> Result:
    report, problems = doc.problems()
    if report is None:
        return Result(problems=problems)
    try:
        g = examine(report, checker_for()).granskning
    except InputError as exc:
        return Result(problems=exc.problems)
    return Result(granskning=g, formats=tuple(renderers()))


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:60] or "rapport"


def download(doc: Document, fmt: str) -> tuple[bytes, str, str]:
    """The file to download: (content, media type, file name)."""
    if fmt == "yaml":
        name = doc.get(("forbund", "namn"))
        year = doc.get(("rakenskapsar",))
        stem = slug(f"{name if isinstance(name, str) else 'rapport'}-{year if isinstance(year, int) else ''}")
        return doc.text().encode("utf-8"), _media()["yaml"], f"{stem}.yaml"
    table = renderers()
    if fmt not in table:
        raise KeyError(fmt)
    result = granska(doc)
    if result.granskning is None:
        raise KeyError(fmt)
    g = result.granskning
    body = table[fmt](g)
    data = body.encode("utf-8") if isinstance(body, str) else body
    return data, _media().get(fmt, "application/octet-stream"), f"granskningsrapport-{slug(g.forbund)}-{g.rakenskapsar}.{fmt}"


@dataclass
class GenomlysRun:
    text: Optional[str] = None
    files: dict = field(default_factory=dict)
    entries: int = 0
    left_out: list = field(default_factory=list)


def genomlys(store) -> GenomlysRun:
    """The region's genomlysning of every report on the page, made as `finsam genomlys` makes it."""
    from ..genomlys.analysis import build
    from ..genomlys.charts import make_charts
    from ..genomlys.collect import LeftOut, summarise
    from ..genomlys.render import render_html, render_json, render_markdown
    from ..pipeline import katalog

    results = []
    for doc in list(store.reports.values()):
        report, problems = doc.problems()
        if report is None:
            first = problems[0]
            results.append(LeftOut(doc.name, [str(p) for p in problems], f"{first.path}: {first.message}" if first.path else first.message))
        else:
            results.append(summarise(doc.name, report, None, "durable"))
    run = GenomlysRun(left_out=[r for r in results if isinstance(r, LeftOut)])
    if len(results) - len(run.left_out) == 0:
        return run
    kat = katalog()
    g = build(results, [], kat, dt.date.today().isoformat())
    g.diagram = make_charts(g, kat)
    run.entries = len(g.entries)
    run.files = {"html": render_html(g), "json": render_json(g), "md": render_markdown(g, embed=True)}
    run.text = run.files["md"]
    return run
