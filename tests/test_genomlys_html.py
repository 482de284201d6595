"""The genomlysning's HTML tables, written without Python-Markdown, are the HTML Python-Markdown makes of them."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from checker.catalogue import load_catalogue
from checker.genomlys import render
from checker.genomlys.analysis import build
from checker.genomlys.collect import collect, expand
from checker.render.html_out import html_body
from checker.render.markdown_out import md_escape
from checker.render.table_html import cell_html, table_html

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402  (bench/generate.py)

_SPECIAL = st.text(alphabet="ab *_`[](){}<>|#&;!-+.=~\\1\t:\"'é\x02\ue010", max_size=30)
_ENTITIES = st.sampled_from(["&amp;", "&#91;", "&lt;", "&gt;", "&#x5B;", "&nbsp;", "&#zz;", "& ", "\\\\", "\\*", "\\q"])
_CELL = st.lists(st.one_of(_SPECIAL, _ENTITIES), max_size=4).map("".join)


def _markdown_table(cells: list[str]) -> str:
    """What Python-Markdown makes of a one-row table with these cells (header and body both)."""
    n = len(cells)
    md = "| " + " | ".join(cells) + " |\n| " + " | ".join(["---", "---:", ":---:"][i % 3] for i in range(n)) + " |\n"
    md += "| " + " | ".join(cells) + " |\n"
    return html_body(md)


def _wrapped(cell: str) -> list[str]:
    return [cell, f"**{cell}**", f"`{cell}`", f"x `{cell}` ({cell}) `b`"]


@settings(max_examples=400, deadline=None)
@given(_CELL)
@example("1``1")  # two backticks inside a span: one span to Python-Markdown, never two
def test_a_table_written_directly_is_the_one_python_markdown_writes(text):
    """Any cell the direct writer accepts (raw, escaped, bold, code) gives Python-Markdown's HTML byte for byte."""
    for cell in _wrapped(text) + _wrapped(md_escape(text)):
        if cell_html(cell) is None or "|" in cell.replace("\\|", ""):
            continue
        cells = [cell, "a", cell]
        written = table_html(cells, [cells], ["l", "r", "c"])
        assert _markdown_table(cells).startswith('<div class="tabell titelblock" role="region" tabindex="0" aria-label="tabell">' + written + "</div>"), cell


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=40))
def test_escaped_input_text_is_always_written_directly(text):
    """md_escape's output, alone, bold or as the only text beside a code span, never needs Python-Markdown."""
    escaped = md_escape(text)
    if "\ue010" in escaped or "\ue011" in escaped:
        return
    assert cell_html(escaped) is not None, escaped
    if escaped:
        assert cell_html(f"**{escaped}**") is not None or escaped.endswith("\\"), escaped


def _genomlysning(folder: Path):
    katalog = load_catalogue()
    files, left = expand([str(folder)])
    return build(collect(files, None, "durable", 1), left, katalog, "2026-01-01")


@pytest.mark.parametrize("generated", [0, 8])
def test_the_page_is_the_same_with_every_table_through_python_markdown(tmp_path, monkeypatch, generated):
    """The examples (one column per report) and more reports than fit as columns (one row per report), with
    names and file names full of Markdown and HTML: the page equals the one made entirely by Python-Markdown."""
    folder = tmp_path / "in"
    shutil.copytree(EXAMPLES, folder)
    if generated:
        generate.generate(generated, folder / "gen")
    text = (EXAMPLES / "sydnarke-2023.yaml").read_text(encoding="utf-8")
    for i, name in enumerate(["<b>Fet</b> & *kursiv* _u_ `kod` [länk](x) \\ | &#91; &amp;", "1. Lista **ja**"]):
        assert "namn: Samordningsförbundet Sydnärke\n" in text
        (folder / f"fientlig`{i}|&<x>*.yaml").write_text(text.replace("namn: Samordningsförbundet Sydnärke\n", f"namn: '{name}'\n"), encoding="utf-8")
    g = _genomlysning(folder)
    standing = list(render._standing(g))
    written = sum(block for _, block in standing)
    assert written >= sum(isinstance(line, render._Table) for line, _ in standing) - 1  # nearly all written directly
    pieces = list(render.html_pieces(g))
    assert len(pieces) >= 2 * written  # each table a piece of its own
    fast = "".join(pieces)
    assert render.render_html(g) == fast
    monkeypatch.setattr(render, "writable", lambda *a: False)
    assert render.render_html(g) == fast
    assert "<b>Fet" not in fast and "&lt;b&gt;Fet&lt;/b&gt;" in fast
