"""The granskningsrapport as one self-contained HTML file, for reading on screen and printing to PDF.

The Markdown from markdown_out is converted with Python-Markdown (tables, toc).
Raw HTML in the Markdown never passes through: the HTML block and inline-HTML
readers are switched off, so `<script>` arrives as `&lt;script&gt;`, and links
may only point to http(s), mailto or an anchor in the document. Everything the
file needs (styles, nothing else) is inline: no fonts, scripts or images are
fetched, so it opens the same offline and in an archive years later.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from typing import Callable, Iterable, Iterator, Optional, Sequence

import markdown
from markdown.extensions.toc import TocExtension
from markdown.treeprocessors import Treeprocessor

from ..visible import show_bidi
from .anchors import slug

_SAFE_URL = re.compile(r"^(https?:|mailto:|#)", re.IGNORECASE)


class _SafeLinks(Treeprocessor):
    """Drop any link or image address that is not http(s), mailto or an in-page anchor."""

    def run(self, root: etree.Element) -> None:
        for el in root.iter():
            for attr in ("href", "src"):
                value = el.get(attr)
                if value is not None and not _SAFE_URL.match(value.strip()):
                    del el.attrib[attr]


def _converter() -> markdown.Markdown:
    # Unicode slugs, as GitHub makes them: the report's own links (#25-balansräkningen) find their headings.
    md = markdown.Markdown(
        extensions=["tables", TocExtension(toc_depth="2-3", marker="", slugify=slug)],
        output_format="html",
    )
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(_SafeLinks(md), "safe_links", 0)
    return md


def _markers(body: str) -> str:
    """The renderer's private markers as HTML: outcome badges (by the outcome's key, not its word) and folds."""
    from .markdown_out import BADGE_CLOSE, BADGE_MID, BADGE_OPEN, FOLD_CLOSE, FOLD_OPEN

    body = re.sub(
        f"{BADGE_OPEN}([a-z_]+){BADGE_MID}(.*?){BADGE_CLOSE}",
        lambda m: f'<span class="utfall utfall-{m.group(1).replace("_", "-")}">{m.group(2)}</span>',
        body,
    )
    body = re.sub(f"<p>{FOLD_OPEN}(.*?)</p>", r'<details class="belagg"><summary>\1</summary>', body)
    body = body.replace(f"<p>{FOLD_CLOSE}</p>", "</details>")
    return re.sub("[\ue000-\ue004]", "", body)


def _checklist(body: str) -> str:
    return re.sub(r"<li>\[ \]\s*", '<li class="att-gora"><span class="ruta" aria-hidden="true"></span>', body)


def _labels(body: str) -> str:
    """Sub-headings without a section number ("Regelverk", "Vår bedömning") are styled as labels."""
    # A requirement stated as a heading ends with its rule id in parentheses: a heading, not a label.
    return re.sub(r'<(h[45])( id="[^"]*")?>(?=[^0-9<])(?![^<]*\)</h[45]>)', r'<\1\2 class="etikett">', body)


def _text(name: str) -> str:
    """A heading's text for the table of contents, escaped exactly once."""
    return html.escape(html.unescape(name), quote=False)


def _toc(tokens: list[dict]) -> str:
    """Main sections with their numbered subsections (the appendix's rule list stays out)."""
    items = []
    for t in tokens:
        subs = [c for c in t.get("children", []) if c["name"][:1].isdigit()]
        sub = "".join(f'<li><a href="#{html.escape(c["id"])}">{_text(c["name"])}</a></li>' for c in subs)
        items.append(f'<li><a href="#{html.escape(t["id"])}">{_text(t["name"])}</a>' + (f"<ul>{sub}</ul>" if sub else "") + "</li>")
    return f"<ul>{''.join(items)}</ul>" if items else ""


def _scrolling_tables(body: str, seen: Optional[list[int]] = None) -> str:
    """Each table in its own box that scrolls sideways, so a wide one never runs off the page.

    The first table is the title block (a fact sheet) and keeps its own look. tabindex lets a
    keyboard user scroll the box; the label says what it holds. `seen` counts the tables of
    the pieces before this one (html_body_pieces).
    """
    count = seen if seen is not None else [0]

    def wrap(m: re.Match) -> str:
        count[0] += 1
        kind = "tabell titelblock" if count[0] == 1 else "tabell"
        return f'<div class="{kind}" role="region" tabindex="0" aria-label="tabell">{m.group(0)}</div>'

    return re.sub(r"<table>.*?</table>", wrap, body, flags=re.S)


BLOCK_OPEN, BLOCK_CLOSE = "\ue010", "\ue011"
_BLOCK = re.compile(f"<p>{BLOCK_OPEN}(\\d+){BLOCK_CLOSE}</p>")


def block_marker(n: int) -> str:
    """A paragraph of its own in the Markdown that html_body replaces with blocks[n], HTML made elsewhere."""
    return f"{BLOCK_OPEN}{n}{BLOCK_CLOSE}"


def html_body(markdown_text: str, blocks: Sequence[str] = ()) -> str:
    """The HTML inside <main>: the Markdown converted, badges and folds made, the table of contents inserted.

    `blocks` are ready HTML for the Markdown's block markers (see block_marker), put in as
    the converted Markdown would have held them, before badges, folds and tables are made.
    """
    return "".join(html_body_pieces(markdown_text, lambda: blocks))


def html_body_pieces(markdown_text: str, blocks: Callable[[], Iterable[str]],
                     after: Callable[[str], str] = lambda text: text) -> Iterator[str]:
    """html_body in pieces, each block made when it is written.

    The Markdown (without the blocks: small) is converted whole, as the table of contents needs
    every heading; it is then cut at the block markers. The body is made a piece at a time:
    badges, folds, checklist items and labels lie within a line, a block stands for a paragraph
    of its own and is whole tables, the table count carries over, and the contents go before the
    first numbered section (after the title block and summary, so a summary stays on the first
    page; the blocks hold no heading), else before the first section, else at the end. `after`
    is applied to the Markdown's pieces only (not to the blocks).
    """
    md = _converter()
    texts = _BLOCK.split(md.convert(markdown_text))  # text, marker number, text, …
    numbers = [int(n) for n in texts[1::2]]
    if numbers != list(range(len(numbers))):  # a marker not standing as a paragraph of its own
        raise ValueError(f"HTML-blockens markörer står inte i ordning: {numbers[:5]}")
    texts = texts[::2]
    nav = _toc(getattr(md, "toc_tokens", []))
    nav = f'<nav class="innehall" aria-label="Innehåll"><p class="innehall-rubrik">Innehåll</p>{nav}</nav>\n' if nav else ""
    numbered = next((i for i, t in enumerate(texts) if re.search(r'<h2 id="\d', t)), None)
    toc_at = numbered if numbered is not None else next((i for i, t in enumerate(texts) if "<h2" in t), None)
    seen = [0]

    def finish(text: str) -> str:
        return _scrolling_tables(_labels(_checklist(_markers(text))), seen)

    made = iter(blocks())
    for i, text in enumerate(texts):
        if i:
            block = next(made, None)
            if block is None:
                raise ValueError(f"{i - 1} HTML-block, {len(numbers)} markörer")
            yield finish(block)
        text = finish(text)
        if nav and i == toc_at:
            found = re.search(r'<h2 id="\d', text) if numbered is not None else None
            at = found.start() if found else text.find("<h2")
            text = text[:at] + nav + text[at:]
        yield after(text)
    if next(made, None) is not None:
        raise ValueError(f"fler HTML-block än {len(numbers)} markörer")
    if nav and toc_at is None:
        yield nav


def render_html(markdown_text: str, title: str, blocks: Sequence[str] = ()) -> str:
    """One HTML document from the report's Markdown; `title` is plain text and is escaped. `blocks`: see html_body."""
    return page_head(title) + html_body(markdown_text, blocks) + PAGE_FOOT


PAGE_FOOT = "\n</main>\n</body>\n</html>\n"


def page_head(title: str) -> str:
    """The document up to its body: render_html's page is page_head(title) + body + PAGE_FOOT."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="sv">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<meta name=\"referrer\" content=\"no-referrer\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        f"<title>{html.escape(show_bidi(title), quote=True)}</title>\n"
        f"<style>\n{CSS}</style>\n</head>\n<body>\n"
        '<main class="dokument">\n'
    )


CSS = """\
:root {
  --ink: #1c2530;
  --muted: #5a6573;
  --line: #d6dce3;
  --soft: #f4f6f8;
  --accent: #12395e;
  --accent-soft: #e8eef5;
  --red: #a61b1b;     --red-bg: #fdecea;   --red-line: #efb4ae;
  --amber: #8a5a00;   --amber-bg: #fff4d6; --amber-line: #f0cf7a;
  --green: #1f6b35;   --green-bg: #e6f4ea; --green-line: #a8d5b5;
  --grey: #4d5661;    --grey-bg: #eceff2;  --grey-line: #c5ccd4;
}
* { box-sizing: border-box; }
html { font-size: 15px; }
body {
  margin: 0;
  background: #e9edf1;
  color: var(--ink);
  font-family: "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif;
  line-height: 1.55;
  -webkit-text-size-adjust: 100%;
}
main.dokument {
  max-width: 56rem;
  margin: 2rem auto;
  padding: 3rem 3.75rem 3.5rem;
  background: #fff;
  box-shadow: 0 1px 4px rgba(20, 35, 55, .14);
  border-top: 6px solid var(--accent);
}
h1, h2, h3, h4, h5 { color: var(--accent); line-height: 1.25; font-weight: 650; }
h1 { font-size: 1.9rem; margin: 0 0 .35rem; }
h1 + p em { color: var(--muted); font-style: normal; font-size: 1.05rem; }
h2 {
  font-size: 1.45rem;
  margin: 2.8rem 0 1rem;
  padding-bottom: .35rem;
  border-bottom: 2px solid var(--accent);
}
h3 { font-size: 1.18rem; margin: 2rem 0 .6rem; }
h4 { font-size: 1.02rem; margin: 1.5rem 0 .5rem; }
h5 { font-size: .95rem; margin: 1.2rem 0 .4rem; }
h6 { font-size: .92rem; margin: 1.1rem 0 .35rem; color: var(--accent); }
/* Unnumbered sub-headings ("Regelverk", "Vår bedömning"): labels, not chapters. */
.etikett {
  color: var(--muted);
  text-transform: uppercase;
  letter-spacing: .06em;
  font-size: .8rem;
}
p { margin: .55rem 0 .8rem; }
ul, ol { margin: .4rem 0 1rem; padding-left: 1.5rem; }
li { margin: .25rem 0; }
a { color: var(--accent); }
em { font-style: italic; }

table {
  width: 100%;
  border-collapse: collapse;
  margin: .6rem 0 1.3rem;
  font-size: .9rem;
  line-height: 1.4;
}
th, td { border: 1px solid var(--line); padding: .38rem .6rem; vertical-align: top; text-align: left; }
th { background: var(--accent-soft); color: var(--accent); font-weight: 600; }
tbody tr:nth-child(even) td { background: var(--soft); }
td[style*="right"], th[style*="right"] { white-space: nowrap; font-variant-numeric: tabular-nums; }

/* A table wider than the page scrolls sideways in its own box, at every width. */
.tabell { max-width: 100%; overflow-x: auto; margin: .6rem 0 1.3rem; }
.tabell > table { margin: 0; }
.tabell:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }

/* Title block: the first table is a fact sheet, not a data table. */
.titelblock > table { width: auto; min-width: 60%; }
.titelblock th { display: none; }
.titelblock td:first-child { font-weight: 600; color: var(--muted); background: none; border: 0; border-bottom: 1px solid var(--line); padding-left: 0; white-space: nowrap; }
.titelblock td { background: none !important; border: 0; border-bottom: 1px solid var(--line); }
figure.diagram { margin: 1rem 0; }
figure.diagram svg { display: block; max-width: 100%; }

blockquote {
  margin: 1rem 0;
  padding: .75rem 1rem;
  background: #fff8e5;
  border-left: 4px solid #d9a400;
  color: #3d3214;
}
blockquote p { margin: 0; }

.utfall {
  display: inline-block;
  padding: .02rem .5rem .08rem;
  border: 1px solid;
  border-radius: .7rem;
  font-size: .78rem;
  font-weight: 650;
  letter-spacing: .02em;
  line-height: 1.35;
  white-space: nowrap;
  vertical-align: .06rem;
}
.utfall-avvikelse { color: var(--red); background: var(--red-bg); border-color: var(--red-line); }
.utfall-iakttagelse { color: var(--amber); background: var(--amber-bg); border-color: var(--amber-line); }
.utfall-uppfylld { color: var(--green); background: var(--green-bg); border-color: var(--green-line); }
.utfall-underlag-saknas, .utfall-ej-tillamplig { color: var(--grey); background: var(--grey-bg); border-color: var(--grey-line); }
.utfall-fel { color: #fff; background: var(--red); border-color: var(--red); }
.utfall-foljdfel { color: var(--red); background: #fff; border-color: var(--red-line); border-style: dashed; }

details.belagg { margin: .3rem 0; border: 1px solid var(--line); border-radius: 3px; padding: .2rem .8rem; }
details.belagg > summary { cursor: pointer; padding: .25rem 0; }
details.belagg[open] > summary { border-bottom: 1px solid var(--line); margin-bottom: .5rem; }
li.att-gora { list-style: none; position: relative; margin-left: -1.5rem; padding-left: 1.7rem; }
li.att-gora .ruta {
  position: absolute; left: 0; top: .28rem;
  width: .95rem; height: .95rem;
  border: 1.5px solid var(--accent); border-radius: 2px; background: #fff;
}

nav.innehall {
  margin: 1.8rem 0 0;
  padding: 1rem 1.4rem 1.1rem;
  background: var(--soft);
  border: 1px solid var(--line);
  font-size: .92rem;
}
.innehall-rubrik { margin: 0 0 .4rem; font-weight: 650; color: var(--accent); text-transform: uppercase; letter-spacing: .06em; font-size: .8rem; }
nav.innehall ul { list-style: none; margin: 0; padding-left: 0; }
nav.innehall > ul { columns: 2; column-gap: 2.5rem; }
nav.innehall > ul > li { margin: 0 0 .55rem; font-weight: 600; break-inside: avoid; }
nav.innehall ul ul { padding-left: 1.1rem; }
nav.innehall ul ul li { font-weight: 400; margin: .1rem 0; }
nav.innehall a { text-decoration: none; color: var(--ink); }
nav.innehall a:hover { text-decoration: underline; }

@media (max-width: 700px) {
  main.dokument { margin: 0; padding: 1.4rem 1.1rem; }
}

@media print {
  @page { size: A4; margin: 18mm 16mm 20mm 18mm; }
  @page { @bottom-right { content: counter(page) " (" counter(pages) ")"; font-size: 8pt; color: #5a6573; } }
  html { font-size: 10pt; }
  body { background: #fff; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  main.dokument { max-width: none; margin: 0; padding: 0; box-shadow: none; border-top: 0; }
  h1 { border-top: 5px solid var(--accent); padding-top: .6rem; }
  h2 { break-before: page; page-break-before: always; margin-top: 0; }
  h2:first-of-type { break-before: auto; page-break-before: auto; margin-top: 1.2rem; }
  h2, h3, h4, h5 { break-after: avoid; page-break-after: avoid; }
  h3, h4, h5 { break-inside: avoid; }
  table { font-size: 8.6pt; }
  .tabell { overflow: visible; }
  thead { display: table-header-group; }
  tr, li, blockquote, .utfall { break-inside: avoid; page-break-inside: avoid; }
  p { orphans: 3; widows: 3; }
  nav.innehall { break-inside: avoid; }
  details.belagg { border: 0; padding: 0; }
  a { color: inherit; text-decoration: none; }
}
"""


def _report_markdown(g, options) -> str:
    from .markdown_out import render_markdown

    return render_markdown(g, options.datum, bilaga=options.bilaga, marked=True)


def report_body(g, options) -> str:
    """The granskningsrapport's HTML body (for the Word document, made from the same HTML)."""
    return html_body(_report_markdown(g, options))


def render_report_html(g, options) -> str:
    """The granskningsrapport of one Granskning as an HTML page."""
    return render_html(_report_markdown(g, options), title=f"Granskningsrapport {g.forbund} {g.rakenskapsar}")
