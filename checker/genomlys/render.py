"""The genomlysning as Markdown, HTML and JSON.

Text taken from the report files (names, paths) is escaped with the
granskningsrapport's md_escape: the Markdown may become HTML. Footnote numbers
and source letters are Unicode superscripts, so the Markdown reads the same as
text and as HTML. In the HTML the tables are written by render/table_html.py, to the HTML
Python-Markdown would make of them (its inline processing of a thousand reports' tables took
seconds); the rest of the Markdown goes through Python-Markdown as for the granskningsrapport.
"""

from __future__ import annotations

import html
import re
from typing import Iterable, Iterator, Optional

from .. import format as fmt
from ..findings import UTFALL_TEXT
from ..render.html_out import BLOCK_CLOSE, BLOCK_OPEN, PAGE_FOOT, block_marker, html_body_pieces, page_head
from ..render.json_pieces import Lazy, Open, pieces, plain
from ..render.markdown_out import md_escape
from ..render.table_html import table_html, writable
from ..visible import json_bidi
from .analysis import Genomlysning
from .collect import PARTS, TKR_PARTS
from .comparability import MIN_OVERVIEW_YEARS, STATED
from .keyfigures import KEY_FIGURES, Cell
from .trends import TREND_FIGURES, TREND_FORMULAS

PROBLEMS_SHOWN = 50
RULES_PER_TABLE = 9  # rule columns per table when the reports are rows
# Key figures and trend figures in tables narrow enough for a page.
KEY_GROUPS = (
    ("medlemsbidrag", "ovriga_intakter", "total_kostnad", "arets_resultat", "ek_utgaende", "ek_andel", "ek_tak", "ek_over_tak"),
    ("soliditet", "adm_andel", "individ_andel", "struktur_andel", "deltagare", "kostnad_per_deltagare", "budget_forbrukning"),
)
TREND_GROUPS = (
    ("Ekonomi", ("medlemsbidrag", "intakter", "kostnader", "arets_resultat", "eget_kapital", "ek_andel", "ek_andel_angiven")),
    ("Kostnader och verksamhet", ("administration", "adm_andel", "individinriktade", "strukturovergripande", "deltagare", "antal_anstallda")),
)
TRANSPOSE_AT = 6  # up to this many reports: one column per report, one row per figure or rule

SYMBOL = {
    "uppfylld": "✓",
    "avvikelse": "A",
    "iakttagelse": "I",
    "underlag_saknas": "?",
    "ej_tillamplig": "e.t.",
    "fel": "FEL",
}
_SUP_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SUP_LETTERS = dict(zip("abcdefghijklmnoprstuvwxyz", "ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ"))


def code(text: str) -> str:
    """A file name as code; one with a backtick or a pipe as escaped text instead."""
    if "`" in text or "|" in text or "\n" in text:
        return md_escape(text)
    return f"`{text}`"


def sup(n: int) -> str:
    return str(n).translate(_SUP_DIGITS)


def sup_letter(key: str) -> str:
    if len(key) == 1 and key in _SUP_LETTERS:
        return _SUP_LETTERS[key]
    return f"[{key}]"


class _Table(str):
    """A table's Markdown lines as one string, keeping its cells: the HTML writes it without Python-Markdown."""

    head: list[str]
    rows: list[list[str]]
    align: list[str]


def _table(head: list[str], rows: list[list[str]], align: Optional[list[str]] = None) -> list[str]:
    align = align or ["l"] + ["r"] * (len(head) - 1)
    marks = {"l": "---", "r": "---:", "c": ":---:"}
    out = ["| " + " | ".join(head) + " |", "| " + " | ".join(marks[a] for a in align) + " |"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    table = _Table("\n".join(out))
    table.head, table.rows, table.align = head, rows, align
    return [table]


def _value(value: object, enhet: str, signed: bool = False) -> str:
    """A value as checker.format writes it for its unit (kr, procent, antal); text as it stands, escaped."""
    if enhet == "text":
        return md_escape(value)
    text = fmt.value(value, enhet)
    return f"+{text}" if signed and value > 0 else text


def _label(f, s) -> str:
    return f"{md_escape(f.kortnamn)} {s.ar}"


class Footnotes:
    def __init__(self) -> None:
        self.texts: list[str] = []

    def mark(self, text: str) -> str:
        if text not in self.texts:
            self.texts.append(text)
        return sup(self.texts.index(text) + 1)

    def lines(self) -> list[str]:
        return [f"- {sup(i + 1)} {t}" for i, t in enumerate(self.texts)]


# --- sections ---------------------------------------------------------------------------


def _intro(g: Genomlysning) -> list[str]:
    entries = g.entries
    report_years = sorted({s.ar for _, s in entries})
    years = g.years
    span = "–"
    if report_years:
        span = f"{report_years[0]}–{report_years[-1]}" if len(report_years) > 1 else str(report_years[0])
    overview = f"{years[0]}–{years[-1]}" if years else "–"
    counts = {k: sum(s.count(k) for _, s in entries) for k in ("avvikelse", "iakttagelse", "underlag_saknas")}
    lines = [
        "# Genomlysning av samordningsförbunden",
        "",
        "*Förbundens årsredovisningar sida vid sida: nyckeltal, regelutfall, utveckling över åren och jämförbarhet*",
        "",
        *_table(["Uppgift", "Värde"], [
            ["Förbund", f"{len(g.forbund)}: " + md_escape(", ".join(f.kortnamn for f in g.forbund[:12]) + (" …" if len(g.forbund) > 12 else ""))],
            ["Årsredovisningar", f"{len(entries)}, räkenskapsåren {span}"],
            ["År med uppgifter (inkl. flerårsöversikter)", overview],
            ["Utelämnade filer", str(len(g.utelamnade)) + (" (se 1.2)" if g.utelamnade else "")],
            ["Regelutfall, alla årsredovisningar", f"{counts['avvikelse']} avvikelser, {counts['iakttagelse']} iakttagelser, {counts['underlag_saknas']} gånger underlag saknas"],
            ["Rapportens datum", g.datum],
            ["Regelkatalog", f"version {md_escape(g.katalogversion)}, {len(g.regler)} regler"],
            ["Regelmotor", md_escape(g.motor)],
        ], ["l", "l"]),
        "",
        "> **Automatisk sammanställning – inte en revisionsrapport.** Nyckeltalen är räknade på samma sätt "
        "för alla förbund ur årsredovisningarnas egna uppgifter, och varje årsredovisning är prövad mot hela "
        "regelkatalogen. Sammanställningen ersätter inte revisorernas granskning.",
        "",
    ]
    return lines


def _underlag(g: Genomlysning) -> list[str]:
    lines = ["## 1 Underlag", "", "### 1.1 Årsredovisningar", ""]
    rows = []
    for f, s in g.entries:
        rows.append([md_escape(f.kortnamn), str(s.ar), code(s.fil), str(s.count("avvikelse")), str(s.count("iakttagelse")), str(s.count("underlag_saknas"))])
    lines += _table(["Förbund", "År", "Fil", "Avvikelser", "Iakttagelser", "Underlag saknas"], rows, ["l", "r", "l", "r", "r", "r"])
    lines += ["", "### 1.2 Utelämnade filer", ""]
    if not g.utelamnade:
        return lines + ["Inga: varje fil kunde läsas.", ""]
    lines += _table(["Fil", "Skäl"], [[code(x.fil), md_escape(x.skal)] for x in g.utelamnade], ["l", "l"])
    problems = [p for x in g.utelamnade for p in x.problem]
    lines += ["", "Felen i sin helhet (fil:rad: fält: fel):", ""]
    lines += [f"- {md_escape(p)}" for p in problems[:PROBLEMS_SHOWN]]
    if len(problems) > PROBLEMS_SHOWN:
        lines.append(f"- … och {len(problems) - PROBLEMS_SHOWN} fel till (alla står på standard fel).")
    return lines + [""]


def _cell_text(kf, c: Cell, notes: Footnotes, s) -> str:
    if c.missing:
        return "–" + notes.mark(c.reason())
    signed = kf.id == "ek_over_tak"
    text = _value(c.varde, kf.enhet, signed)
    if c.anm:
        text += notes.mark(c.anm)
    if kf.id == "ek_andel" and s.nyckeltal["ek_tak"].varde is not None and c.varde > s.nyckeltal["ek_tak"].varde:
        text = f"**{text}**"
    return text


def _unit(kf) -> str:
    """The unit in a heading, where the values do not carry it (amounts and percentages do)."""
    return " (antal)" if kf.enhet == "antal" else ""


def _keyfigures(g: Genomlysning) -> Iterator[list[str]]:
    """A table at a time (see _blocks)."""
    lines = ["## 2 Nyckeltal per förbund och år", ""]
    lines += [
        "Varje nyckeltal räknas ur samma fakta som regelkatalogen läser, på samma sätt för alla förbund. "
        "En uppgift som årsredovisningen inte ger visas som – med en fotnot om vad som saknas; den räknas aldrig som 0. "
        "En EK-andel över taket står i fetstil.",
        "",
    ]
    notes = Footnotes()
    entries = g.entries
    if not entries:
        yield lines + ["Inga årsredovisningar att visa.", ""]
        return
    if len(entries) <= TRANSPOSE_AT:
        head = ["Nyckeltal"] + [_label(f, s) for f, s in entries]
        rows = [[kf.label + _unit(kf)] + [_cell_text(kf, s.nyckeltal[kf.id], notes, s) for _, s in entries] for kf in KEY_FIGURES]
        lines += _table(head, rows)
    else:
        for n, group in enumerate(KEY_GROUPS):
            figures = [kf for kf in KEY_FIGURES if kf.id in group]
            head = ["Förbund", "År"] + [kf.label + _unit(kf) for kf in figures]
            rows = [[md_escape(f.kortnamn), str(s.ar)] + [_cell_text(kf, s.nyckeltal[kf.id], notes, s) for kf in figures] for f, s in entries]
            yield lines + _table(head, rows, ["l", "r"] + ["r"] * len(figures)) + ([""] if n + 1 < len(KEY_GROUPS) else [])
            lines = []
    if notes.texts:
        lines += ["", *notes.lines()]
    lines += ["", "**Så räknas nyckeltalen**", ""]
    lines += [f"- *{kf.label}*: {kf.formel}." for kf in KEY_FIGURES]
    tkr = [f"{md_escape(f.kortnamn)} {s.ar}" for f, s in entries if any(c.fran_tkr for c in s.nyckeltal.values())]
    if tkr:
        lines += ["", f"Belopp omräknade från tkr (avrundade till tusental): {', '.join(tkr)}."]
    yield lines + [""]


def _matrix(g: Genomlysning) -> Iterator[list[str]]:
    """A table at a time (see _blocks)."""
    lines = ["## 3 Regelutfall", ""]
    legend = ", ".join(f"{SYMBOL[k]} = {UTFALL_TEXT[k]}" for k in SYMBOL)
    lines += [f"Varje regel i katalogen ({len(g.regler)} regler) för varje förbund och år. {legend}.", ""]
    entries = g.entries
    if not entries:
        yield lines + ["Inga årsredovisningar att visa.", ""]
        return
    if len(entries) <= TRANSPOSE_AT:
        head = ["Regel"] + [_label(f, s) for f, s in entries]
        rows = [[f"{rid} {md_escape(title)}"] + [SYMBOL.get(s.utfall.get(rid, ""), "–") for _, s in entries] for rid, title in g.regler]
        rows.append(["**Avvikelser**"] + [f"**{s.count('avvikelse')}**" for _, s in entries])
        rows.append(["**Iakttagelser**"] + [f"**{s.count('iakttagelse')}**" for _, s in entries])
        rows.append(["Underlag saknas"] + [str(s.count("underlag_saknas")) for _, s in entries])
        lines += _table(head, rows, ["l"] + ["c"] * len(entries))
    else:
        chunks = [g.regler[i:i + RULES_PER_TABLE] for i in range(0, len(g.regler), RULES_PER_TABLE)]
        for n, chunk in enumerate(chunks):
            first = n == 0
            head = ["Förbund", "År"] + (["Avvikelser", "Iakttagelser"] if first else []) + [rid for rid, _ in chunk]
            rows = [[md_escape(f.kortnamn), str(s.ar)] + ([str(s.count("avvikelse")), str(s.count("iakttagelse"))] if first else [])
                    + [SYMBOL.get(s.utfall.get(rid, ""), "–") for rid, _ in chunk] for f, s in entries]
            if len(chunks) > 1:
                lines += [f"Regler {chunk[0][0]}–{chunk[-1][0]}:", ""]
            yield lines + _table(head, rows, ["l", "r"] + (["r", "r"] if first else []) + ["c"] * len(chunk)) + [""]
            lines = []
        lines += ["**Reglerna**", ""] + [f"- {rid}: {md_escape(title)}" for rid, title in g.regler]
    # Per rule: how many reports break it.
    counts = []
    for rid, title in g.regler:
        a = sum(1 for _, s in entries if s.utfall.get(rid) == "avvikelse")
        i = sum(1 for _, s in entries if s.utfall.get(rid) == "iakttagelse")
        q = sum(1 for _, s in entries if s.utfall.get(rid) == "underlag_saknas")
        if a or i or q:
            counts.append((rid, a, i, q))
    if counts:
        lines += ["", "**Per regel**: antal årsredovisningar med avvikelse, iakttagelse och underlag saknas.", ""]
        lines += _table(["Regel", "Avvikelse", "Iakttagelse", "Underlag saknas"], [[r, str(a), str(i), str(q)] for r, a, i, q in counts])
    yield lines + [""]


def _trends(g: Genomlysning) -> Iterator[list[str]]:
    """The section's heading and then each förbund's lines, one list at a time (see _blocks)."""
    lines = ["## 4 Utveckling över åren", ""]
    lines += [
        "Ur varje årsredovisning (årets siffror) och dess flerårsöversikt. För ett år som en egen "
        "årsredovisning finns för gäller dess siffror; annars flerårsöversikten i den senaste "
        "årsredovisningen som ger uppgiften. Bokstaven efter varje uppgift anger källan. Belopp i kronor.",
        "",
    ]
    formulas = "; ".join(f"{dict((t[0], t[1]) for t in TREND_FIGURES)[k].lower()}: {v}" for k, v in TREND_FORMULAS.items())
    lines += [f"Begrepp: {formulas}.", ""]
    units = {t[0]: t[2] for t in TREND_FIGURES}
    plain = {k: "tal" if u == "kr" else u for k, u in units.items()}  # the tables: amounts without "kr", as the text says
    yield lines
    for f in g.forbund:
        t = g.trender[f.id]
        lines = [f"### {md_escape(f.kortnamn)}", ""]
        if not t.years:
            yield lines + ["Inga uppgifter.", ""]
            continue
        titles = dict((x[0], x[1]) for x in TREND_FIGURES)
        for group_title, group in TREND_GROUPS:
            used = [fid for fid in group if any(fid in v for v in t.years.values())]
            if not used:
                continue
            years = [y for y in sorted(t.years) if any(fid in t.years[y] for fid in used)]
            head = ["År"] + [titles[fid] for fid in used]
            rows = []
            for year in years:
                row = [str(year)]
                for fid in used:
                    v = t.years[year].get(fid)
                    row.append("–" if v is None else f"{_value(v.varde, plain[fid])} {sup_letter(v.kalla)}")
                rows.append(row)
            lines += [f"**{group_title}**", ""] + _table(head, rows) + [""]
        lines.pop()
        lines += ["", "Källor: " + "; ".join(f"{sup_letter(s.key)} {md_escape(s.text())}" for s in t.sources) + "."]
        if any(v.fran_tkr for y in t.years.values() for v in y.values()):
            lines += ["", "Belopp ur tabeller i tkr är omräknade till kronor och avrundade till tusental."]
        if t.conflicts:
            lines += ["", "**Uppgifter som skiljer sig mellan källorna** (mer än avrundning):", ""]
            names = dict((x[0], x[1]) for x in TREND_FIGURES)
            for c in t.conflicts:
                vals = ", ".join(f"{_value(v, units[c.figur])} {sup_letter(k)}" for k, v in c.varden)
                lines.append(f"- {c.ar}, {names[c.figur].lower()}: {vals}")
        lines.append("")
        yield lines


def _charts(g: Genomlysning, embed: bool) -> list[str]:
    lines = ["## 5 Diagram", ""]
    for c in g.diagram:
        target = f"#diagram-{c.id}" if embed else c.fil
        if target is None:
            continue
        # The image's alt text says what the chart shows; its title is the caption.
        lines += [f"**{md_escape(c.titel)}**", "", f"![{md_escape(c.alt or c.titel)}]({_destination(target)})", ""]
        if c.anmarkning:
            lines += [f"*{md_escape(c.anmarkning)}*", ""]
    if len(lines) == 2:
        lines += ["Inga diagram skrevs (ange --diagram MAPP).", ""]
    return lines


def _destination(path: str) -> str:
    """A link destination in angle brackets, so a path with spaces is one link (CommonMark)."""
    return "<" + re.sub(r"([\\<>])", r"\\\1", path) + ">"


def _comparability(g: Genomlysning) -> list[str]:
    j = g.jamforbarhet
    lines = ["## 6 Jämförbarhet", ""]
    lines += [
        "Regionens genomlysning av förbunden i länet (omnämnd i Lekeberg och Örebros årsredovisning 2020: "
        "\"Under våren har medlemmarna på Regionens initiativ genomfört en genomlysning av "
        "samordningsförbunden i länet som utgår ifrån data från 2019 års resultat.\") ledde till önskemålet "
        "att förbundens årsredovisningar blir mer enhetliga och jämförbara. Här är det som i dag står i vägen: "
        "uppgifter som saknas, rubriker som saknas och uppgifter som ges på olika sätt.",
        "",
        "### 6.1 Vad en gemensam mall behöver kräva",
        "",
    ]
    lines += [f"- {md_escape(x)}" for x in j["krav"]] or ["Inget: alla rapporter ger alla uppgifter."]
    lines += ["", "### 6.2 Nyckeltal som inte kan räknas", ""]
    rows = [[md_escape(k["rubrik"]), md_escape(", ".join(k["saknas_i"])) or "–", ", ".join(f"`{n}` ({c})" for n, c in k["fakta"].items()) or "–"]
            for k in j["nyckeltal"] if k["saknas_i"]]
    if rows:
        lines += _table(["Nyckeltal", "Saknas för", "Fakta som saknas (antal rapporter)"], rows, ["l", "l", "l"])
    else:
        lines.append("Alla nyckeltal kan räknas för alla rapporter.")
    lines += ["", "### 6.3 Förvaltningsberättelsens rubriker", "", "✓ = finns, **saknas**, ? = inte angivet i underlaget.", ""]
    reports = j["rapporter"]
    if len(reports) <= TRANSPOSE_AT:
        head = ["Rubrik"] + [f"{md_escape(r['forbund'])} {r['ar']}" for r in reports]
        rows = []
        for key, title in ((h["id"], h["rubrik"]) for h in j["fb_rubriker"]):
            rows.append([title] + [_fb_mark(r, key) for r in reports])
        lines += _table(head, rows, ["l"] + ["c"] * len(reports))
    else:
        head = ["Rubrik", "Finns", "Saknas", "Ej angivet", "Saknas för"]
        rows = []
        for h in j["fb_rubriker"]:
            have = len(reports) - len(h["saknas_i"]) - len(h["ej_angivet_i"])
            rows.append([h["rubrik"], str(have), str(len(h["saknas_i"])), str(len(h["ej_angivet_i"])), md_escape(_short(h["saknas_i"]))])
        lines += _table(head, rows, ["l", "r", "r", "r", "l"])
    lines += ["", "### 6.4 Flerårsöversikten och övriga uppgifter", ""]
    names = dict((t[0], t[1].lower()) for t in TREND_FIGURES)
    rows = []
    for r in reports:
        yrs = r["oversikt_ar"]
        span = f"{yrs[0]}–{yrs[-1]} ({len(yrs)} år)" if yrs else "ingen"
        rows.append([
            f"{md_escape(r['forbund'])} {r['ar']}", span,
            md_escape(", ".join(names[x] for x in r["oversikt_figurer"])) or "–",
            md_escape(", ".join(STATED[k] for k in r["angivna_nyckeltal"])) or "–",
            "ja" if r["administrationsmal"] else "nej",
            md_escape(", ".join(PARTS[k] for k in r["delar_saknas"])) or "–",
            md_escape(", ".join(TKR_PARTS[k] for k in r["tkr"])) or "–",
        ])
    lines += _table(["Årsredovisning", "Översikt", "Översiktens uppgifter", "Angivna nyckeltal", "Adm.-mål", "Delar som saknas", "Tkr"], rows,
                    ["l", "l", "l", "l", "c", "l", "l"])
    lines += ["", f"En flerårsöversikt bör omfatta minst {MIN_OVERVIEW_YEARS} år för att en utveckling ska synas."]
    return lines + [""]


def _fb_mark(r: dict, key: str) -> str:
    if r["fb_rubriker_saknas"] is None or key in r["fb_rubriker_ej_angivna"]:
        return "?"
    return "**saknas**" if key in r["fb_rubriker_saknas"] else "✓"


def _short(items: list[str], limit: int = 5) -> str:
    return ", ".join(items[:limit]) + (f" m.fl. ({len(items)} st.)" if len(items) > limit else "")


def _blocks(g: Genomlysning, embed: bool) -> Iterator[list[str]]:
    """The document's lines, a section (in section 4 a förbund) at a time: at 10 000 reports all
    the lines and the tables' cells at once took some 100 MB more than any one section."""
    yield _intro(g)
    yield _underlag(g)
    yield from _keyfigures(g)
    yield from _matrix(g)
    yield from _trends(g)
    yield _charts(g, embed)
    yield _comparability(g)


def _joined(blocks: Iterable[list[str]]) -> Iterator[str]:
    """The pieces of "\n".join(all lines).rstrip() + "\n", a block at a time: whitespace at the
    end of what is given so far is held back until something follows it."""
    held, first = "", True
    for lines in blocks:
        if not lines:
            continue
        text = "\n".join(lines)
        lead = held if first else held + "\n"
        first = False
        body = text.rstrip()
        if body:
            if lead:
                yield lead
            yield body
            held = text[len(body):]
        else:
            held = lead + text
    yield "\n"


def markdown_pieces(g: Genomlysning, embed: bool = False) -> Iterator[str]:
    """render_markdown's text in pieces, each made when asked for, so the whole is never held."""
    return _joined(_blocks(g, embed))


def render_markdown(g: Genomlysning, embed: bool = False) -> str:
    return "".join(markdown_pieces(g, embed))


# --- HTML -----------------------------------------------------------------------------------

def inline_svg(svg: str, title: str, alt: str = "") -> str:
    """An SVG chart for inline use: no XML prolog, scaled to the page, described for screen readers.

    Inline, because the HTML's content security policy allows no images, not even data: URIs.
    """
    start = svg.index("<svg")
    body = svg[start:]
    head_end = body.index(">")
    head = body[:head_end]
    head = re.sub(r'\swidth="[^"]*"', "", head, count=1)
    head = re.sub(r'\sheight="[^"]*"', "", head, count=1)
    head += f' role="img" aria-label="{html.escape(alt or title, quote=True)}" style="width:100%;height:auto"'
    return head + ">" + f"<title>{html.escape(alt or title)}</title>" + body[head_end + 1:]


def render_html(g: Genomlysning) -> str:
    return "".join(html_pieces(g))


_TITLE = "Genomlysning av samordningsförbunden"


def _standing(g: Genomlysning) -> Iterator[tuple[str, bool]]:
    """Each line of the document, and whether it is a table that stands as a block of its own
    (blank lines around it) and that table_html can write: those are written directly, to the
    HTML Python-Markdown would write, whose inline processing of the big tables costs seconds."""
    before, held = "", None
    for line in (line for block in _blocks(g, True) for line in block):
        if held is not None:
            yield held, isinstance(held, _Table) and before == "" and line == "" and writable(held.head, held.rows, held.align)
            before = held
        held = line
    if held is not None:
        yield held, isinstance(held, _Table) and before == "" and writable(held.head, held.rows, held.align)


def html_pieces(g: Genomlysning) -> Iterator[str]:
    """The HTML page in pieces: its Markdown without the big tables is converted whole (small),
    each table is written when its turn comes (at 10 000 reports the page whole took some 900 MB)."""
    lines, count, plain_only = [], 0, False
    for line, block in _standing(g):
        if BLOCK_OPEN in line or BLOCK_CLOSE in line:  # a marker character in the text: all through Markdown
            plain_only = True
        if block:
            lines.append(block_marker(count))
            count += 1
        else:
            lines.append(line)
    if plain_only:
        lines, count = [line for block in _blocks(g, True) for line in block], 0

    def tables() -> Iterator[str]:
        if count:
            for line, block in _standing(g):
                if block:
                    yield table_html(line.head, line.rows, line.align)

    figures = [(re.compile(rf'<img[^>]*src="#diagram-{re.escape(c.id)}"[^>]*>'),
                f'<figure class="diagram">{inline_svg(c.svg, c.titel, c.alt)}</figure>') for c in g.diagram]

    def with_figures(text: str) -> str:
        for pattern, figure in figures:
            text = pattern.sub(lambda _m: figure, text)
        return text

    yield page_head(_TITLE)
    yield from html_body_pieces("\n".join(lines).rstrip() + "\n", tables, with_figures)
    yield PAGE_FOOT


# --- JSON -----------------------------------------------------------------------------------


def to_dict(g: Genomlysning) -> dict:
    return plain(_document(g))


def _document(g: Genomlysning) -> Open:
    """The JSON document; its lists of reports and förbund are built as they are written."""
    units = {t[0]: t[2] for t in TREND_FIGURES}
    order = [t[0] for t in TREND_FIGURES]
    return Open({
        "genomlysning": {"datum": g.datum, "katalogversion": g.katalogversion, "motor": g.motor},
        "forbund": Lazy(lambda: (
            {
                "id": f.id,
                "namn": f.namn,
                "kortnamn": f.kortnamn,
                "namn_i_rapporterna": f.namn_i_rapporterna,
                "organisationsnummer": f.organisationsnummer,
                "ar": [s.ar for s in f.rapporter],
            }
            for f in g.forbund
        )),
        "underlag": Lazy(lambda: ({"forbund": f.id, "ar": s.ar, "fil": s.fil, "namn": s.namn, "dokument": s.dokument} for f, s in g.entries)),
        "utelamnade": [{"fil": x.fil, "skal": x.skal, "problem": x.problem} for x in g.utelamnade],
        "nyckeltal": Open({
            "definitioner": [{"id": kf.id, "rubrik": kf.label, "enhet": kf.enhet, "formel": kf.formel, "fakta": list(kf.needs)} for kf in KEY_FIGURES],
            "rader": Lazy(lambda: ({"forbund": f.id, "ar": s.ar, "fil": s.fil, "varden": {k: c.as_dict() for k, c in s.nyckeltal.items()}}
                                   for f, s in g.entries)),
        }),
        "regelutfall": Open({
            "regler": [{"id": rid, "titel": title} for rid, title in g.regler],
            "rader": Lazy(lambda: (
                {"forbund": f.id, "ar": s.ar, "avvikelser": s.count("avvikelse"), "iakttagelser": s.count("iakttagelse"),
                 "underlag_saknas": s.count("underlag_saknas"), "utfall": {rid: s.utfall.get(rid) for rid, _ in g.regler}}
                for f, s in g.entries
            )),
        }),
        "trender": Lazy(lambda: (
            {
                "forbund": f.id,
                "kallor": [{"id": s.key, "fil": s.fil, "ar": s.ar, "del": s.del_} for s in g.trender[f.id].sources],
                "ar": [
                    {"ar": year, "varden": {k: {"varde": v.varde, "enhet": units[k], "kalla": v.kalla, **({"fran_tkr": True} if v.fran_tkr else {})}
                                            for k, v in sorted(vals.items(), key=lambda kv: order.index(kv[0]))}}
                    for year, vals in sorted(g.trender[f.id].years.items())
                ],
                "skiljer_sig": [{"ar": c.ar, "figur": c.figur, "varden": [{"kalla": k, "varde": v} for k, v in c.varden]} for c in g.trender[f.id].conflicts],
            }
            for f in g.forbund
        )),
        "jamforbarhet": g.jamforbarhet,
        "diagram": [{"id": c.id, "titel": c.titel, "fil": c.fil, "anmarkning": c.anmarkning, "alt": c.alt} for c in g.diagram if c.fil],
    })


def json_pieces(g: Genomlysning) -> Iterator[str]:
    """render_json's text in pieces (a bidi control is one character: shown the same piece by piece)."""
    for piece in pieces(_document(g)):
        yield json_bidi(piece)
    yield "\n"


def render_json(g: Genomlysning) -> str:
    return "".join(json_pieces(g))
