"""The granskningsrapport as a Word document (python-docx), for the revisor to take over and edit.

Made from the same HTML as the web version (which is made from the Markdown),
so the three say the same thing: Markdown headings become Word headings (the
navigation pane works), tables get a header row that repeats on every page,
links between sections become links to bookmarks, and the footer numbers the
pages. Outcome badges are coloured by the outcome's key, never by its word.
The file is deterministic: fixed document dates and zip timestamps.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from html.parser import HTMLParser
from typing import Optional

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ..findings import Granskning

BADGE_COLOURS = {
    "avvikelse": RGBColor(0xA6, 0x1B, 0x1B),
    "iakttagelse": RGBColor(0x8A, 0x5A, 0x00),
    "uppfylld": RGBColor(0x1F, 0x6B, 0x35),
    "underlag-saknas": RGBColor(0x4D, 0x56, 0x61),
    "ej-tillamplig": RGBColor(0x4D, 0x56, 0x61),
    "fel": RGBColor(0xA6, 0x1B, 0x1B),
    "foljdfel": RGBColor(0xA6, 0x1B, 0x1B),
}
ACCENT = RGBColor(0x12, 0x39, 0x5E)
TEXT_WIDTH = Cm(21 - 2 * 2)
FIGURE_CHAR = Cm(0.16)  # one character of a figure at the tables' 8 pt
_VOID = {"br", "hr", "img", "meta", "link", "input"}


# --- a small tree of the HTML ------------------------------------------------------------


class Node:
    def __init__(self, tag: str, attrs: Optional[dict] = None, parent: Optional["Node"] = None):
        self.tag = tag
        self.attrs = attrs or {}
        self.parent = parent
        self.children: list = []  # Node or str

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def find_all(self, tag: str) -> list["Node"]:
        out = []
        for c in self.children:
            if isinstance(c, Node):
                if c.tag == tag:
                    out.append(c)
                out.extend(c.find_all(tag))
        return out


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.cur)
        self.cur.children.append(node)
        if tag not in _VOID:
            self.cur = node

    def handle_endtag(self, tag):
        node = self.cur
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.cur = node.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def parse_html(body: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(body)
    builder.close()
    return builder.root


# --- Word plumbing -----------------------------------------------------------------------


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) in a paragraph."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    value = OxmlElement("w:t")
    value.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for el in (begin, instr, sep, value, end):
        run._r.append(el)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _shade(cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


class _Writer:
    def __init__(self, doc, bookmarks: dict[str, str]):
        self.doc = doc
        self.bookmarks = bookmarks
        self.next_bookmark = 1

    # inline content -----------------------------------------------------------------

    def inline(self, paragraph, node, bold=False, italic=False, colour=None, link: Optional[str] = None) -> None:
        for c in node.children:
            if isinstance(c, str):
                text = re.sub(r"\s+", " ", c)
                if text:
                    self._run(paragraph, text, bold, italic, colour, link)
                continue
            if c.tag in ("strong", "b"):
                self.inline(paragraph, c, True, italic, colour, link)
            elif c.tag in ("em", "i"):
                self.inline(paragraph, c, bold, True, colour, link)
            elif c.tag == "span" and "utfall" in c.attrs.get("class", ""):
                kind = c.attrs["class"].split("utfall-")[-1]
                self.inline(paragraph, c, True, italic, BADGE_COLOURS.get(kind), link)
            elif c.tag == "a":
                href = c.attrs.get("href", "")
                target = self.bookmarks.get(href[1:]) if href.startswith("#") else None
                self.inline(paragraph, c, bold, italic, colour, target or link)
            elif c.tag == "br":
                paragraph.add_run().add_break()
            elif c.tag == "code":
                self.inline(paragraph, c, bold, italic, colour, link)
            else:
                self.inline(paragraph, c, bold, italic, colour, link)

    def _run(self, paragraph, text, bold, italic, colour, link) -> None:
        if link is None:
            run = paragraph.add_run(text)
            run.bold = bold or None
            run.italic = italic or None
            if colour is not None:
                run.font.color.rgb = colour
            return
        hyperlink = OxmlElement("w:hyperlink")
        hyperlink.set(qn("w:anchor"), link)
        hyperlink.set(qn("w:history"), "1")
        run = paragraph.add_run(text)
        run.bold = bold or None
        run.italic = italic or None
        run.font.color.rgb = colour or ACCENT
        run.font.underline = True
        hyperlink.append(run._r)
        paragraph._p.append(hyperlink)

    def bookmark(self, paragraph, html_id: str) -> None:
        name = self.bookmarks.get(html_id)
        if not name:
            return
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(self.next_bookmark))
        start.set(qn("w:name"), name)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(self.next_bookmark))
        self.next_bookmark += 1
        paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
        paragraph._p.append(end)

    # blocks ------------------------------------------------------------------------

    def blocks(self, node: Node, list_level: int = 0) -> None:
        for c in node.children:
            if isinstance(c, str):
                if c.strip():
                    p = self.doc.add_paragraph()
                    self._run(p, c.strip(), False, False, None, None)
                continue
            self.block(c, list_level)

    def block(self, c: Node, list_level: int) -> None:
        tag = c.tag
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            level = int(tag[1])
            if level == 1:
                p = self.doc.add_paragraph(style="Title")
            else:
                p = self.doc.add_heading(level=min(level - 1, 9))
            self.inline(p, c)
            if c.attrs.get("id"):
                self.bookmark(p, c.attrs["id"])
        elif tag == "p":
            p = self.doc.add_paragraph()
            self.inline(p, c)
        elif tag in ("ul", "ol"):
            style = "List Number" if tag == "ol" else "List Bullet"
            if list_level:
                style += f" {min(list_level + 1, 3)}"
            for li in (x for x in c.children if isinstance(x, Node) and x.tag == "li"):
                p = self.doc.add_paragraph(style=style)
                inner = [x for x in li.children if isinstance(x, Node) and x.tag in ("ul", "ol", "p")]
                if not inner:
                    self.inline(p, li)
                    continue
                first = True
                for x in li.children:
                    if isinstance(x, Node) and x.tag in ("ul", "ol"):
                        self.block(x, list_level + 1)
                    elif isinstance(x, Node) and x.tag == "p":
                        if not first:
                            p = self.doc.add_paragraph()
                        self.inline(p, x)
                        first = False
                    elif isinstance(x, str) and x.strip():
                        self._run(p, x.strip(), False, False, None, None)
        elif tag == "table":
            self.table(c)
        elif tag == "blockquote":
            for x in c.children:
                if isinstance(x, Node) and x.tag == "p":
                    p = self.doc.add_paragraph(style="Intense Quote")
                    self.inline(p, x)
        elif tag == "details":
            for x in c.children:
                if isinstance(x, Node) and x.tag == "summary":
                    p = self.doc.add_paragraph()
                    self.inline(p, x, bold=True)
                elif isinstance(x, Node):
                    self.block(x, list_level)
        elif tag in ("nav", "hr", "style", "script"):
            return  # Word has its own navigation pane; nothing else is content
        else:
            self.blocks(c, list_level)

    def table(self, node: Node) -> None:
        rows = node.find_all("tr")
        if not rows:
            return
        cells = [[x for x in r.children if isinstance(x, Node) and x.tag in ("th", "td")] for r in rows]
        width = max(len(r) for r in cells)
        table = self.doc.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        # Columns as wide as their text needs: figures never wrap, text columns share what is left.
        body_rows = cells[1:] if len(cells) > 1 else cells
        numeric = [len(cells) > 1 and all(_right(r[j]) and len(r[j].text()) <= 22 for r in body_rows if j < len(r)) for j in range(width)]
        natural = []
        for j in range(width):
            texts = [r[j].text().strip() for r in body_rows if j < len(r)]
            head = cells[0][j].text().strip() if j < len(cells[0]) else ""
            longest_word = max((len(w) for t in texts + [head] for w in t.split()), default=0)
            if numeric[j]:
                natural.append(max([len(t) + 1 for t in texts] + [longest_word + 1, 5]))
            else:
                natural.append(max(min(max([len(t) for t in texts + [head]] or [8]), 48), longest_word + 1, 8))
        available = TEXT_WIDTH / FIGURE_CHAR
        fixed = sum(n for n, num in zip(natural, numeric) if num)
        flexible = sum(n for n, num in zip(natural, numeric) if not num)
        if fixed + flexible > available and flexible:
            share = max(available - fixed, 8 * sum(1 for num in numeric if not num)) / flexible
            natural = [n if num else max(n * share, 8) for n, num in zip(natural, numeric)]
        widths = [int(n * FIGURE_CHAR) for n in natural]
        scale = TEXT_WIDTH / sum(widths)
        widths = [int(w * scale) for w in widths]
        for j, col in enumerate(table.columns):
            col.width = widths[j]
            for cell in col.cells:
                cell.width = widths[j]
        for i, row in enumerate(cells):
            header = all(x.tag == "th" for x in row)
            if header and i == 0:
                _repeat_header(table.rows[0])
            for j, x in enumerate(row):
                cell = table.cell(i, j)
                p = cell.paragraphs[0]
                self.inline(p, x, bold=header)
                if _right(x):
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                if numeric[j] and i > 0:
                    for run in p.runs:
                        run.text = run.text.replace(" ", "\u00a0")  # 1 735 435 kr on one line
                if header:
                    _shade(cell, "E8EEF5")
                for run in p.runs:
                    run.font.size = Pt(8)
        self.doc.add_paragraph()


def _right(cell: Node) -> bool:
    return "right" in cell.attrs.get("style", "") or cell.attrs.get("align") == "right"


def _page_setup(doc, title: str) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin, section.bottom_margin = Cm(1.6), Cm(1.6)
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(9)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.space_after = Pt(3)
    normal.paragraph_format.line_spacing = 1.0
    for name, size, before in (("Title", 20, 0), ("Heading 1", 15, 14), ("Heading 2", 12.5, 10), ("Heading 3", 11, 8),
                               ("Heading 4", 10.5, 6), ("Heading 5", 10, 6)):
        style = doc.styles[name]
        style.font.size = Pt(size)
        style.font.color.rgb = ACCENT
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(3)
    for name in ("List Bullet", "List Number", "List Bullet 2", "List Number 2"):
        doc.styles[name].paragraph_format.space_after = Pt(2)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    lead = footer.add_run(f"{title} – sida ")
    lead.font.size = Pt(8)
    _field(footer, "PAGE")
    footer.add_run(" av ").font.size = Pt(8)
    _field(footer, "NUMPAGES")


def _deterministic(data: bytes, when: dt.datetime) -> bytes:
    """The same document gives the same bytes: every zip member dated the report's date."""
    out = io.BytesIO()
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


def html_to_docx(body: str, title: str, date: str) -> bytes:
    """A Word document from the report's HTML body (the part inside <main>)."""
    root = parse_html(body)
    ids = [h.attrs["id"] for tag in ("h1", "h2", "h3", "h4", "h5", "h6") for h in root.find_all(tag) if h.attrs.get("id")]
    bookmarks = {html_id: f"_avsnitt{n}" for n, html_id in enumerate(ids, 1)}
    doc = Document()
    _page_setup(doc, title)
    when = dt.datetime.combine(dt.date.fromisoformat(date), dt.time(0, 0))
    props = doc.core_properties
    props.title = title
    props.author = "finsam-granskning"
    props.created = props.modified = props.last_printed = when
    props.revision = 1
    _Writer(doc, bookmarks).blocks(root)
    buffer = io.BytesIO()
    doc.save(buffer)
    return _deterministic(buffer.getvalue(), when)


def render_docx(g: Granskning, options) -> bytes:
    """The granskningsrapport of one Granskning as a .docx file's bytes."""
    from .html_out import report_body

    body = report_body(g, options)
    return html_to_docx(body, f"Granskningsrapport {g.rakenskapsar} – {g.forbund}", options.datum)
