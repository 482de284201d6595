"""The granskningsrapport as Markdown, in the familiar structure of a revisor's report.

Modelled on KPMG's *Revisionsrapport 2020* for Lekeberg och Örebro: 1 Inledning,
2 Resultat av granskningen (each part: Regelverk, then Vår bedömning),
3 Förvaltningsrevision, 4 Slutsats, and an appendix with every rule and its
evidence. Every fixed sentence comes from the template beside the rules
(`rules/mallar/rapport.yaml`); this module only chooses and fills them.

Everything that comes from the input — the förbund's name, labels, messages
built from it — goes through `md_escape`, so it reads as text and can neither
add Markdown structure nor raw HTML. The output depends only on the
Granskning, the date and the template: the same input gives the same bytes.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Optional

from .. import format as fmt
from ..facts import Fact
from ..mall import Avsnitt, Maltabell, Mall
from ..findings import SEVERITY, Finding, Granskning, ItemResult, ParameterUsed, section_key
from ..visible import show_bidi
from .anchors import slug


# The sections of the report where findings go (the rest is fixed text).
_RULE_PARTS = ("2", "3")

# --- escaping -----------------------------------------------------------------

_BACKSLASHED = set("\\`*_]{}|#")
# `[` as an entity, not `\[`: that renders as a bare "[", which the HTML checklist would take for its own box.
_ESCAPES = {**{ch: "\\" + ch for ch in _BACKSLASHED}, "[": "&#91;", "<": "&lt;", ">": "&gt;"}
# Found by a regular expression rather than str.translate: most texts hold none of them, and
# translate with a table of strings looks every character up (a tenth of writing a report).
_SPECIAL = re.compile("[" + re.escape("".join(sorted(_ESCAPES))) + "]")
# Private-use characters the HTML and Word renderers read as structure (a badge, a fold);
# input text never carries them.
BADGE_OPEN, BADGE_MID, BADGE_CLOSE, FOLD_OPEN, FOLD_CLOSE = "\ue000", "\ue001", "\ue002", "\ue003", "\ue004"
_MARKERS = re.compile("[\ue000-\ue004]")
_ENTITY_LIKE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_BLOCK_START = re.compile(r"^([-+])|^(\d+)([.)])(?=\s|$)")


def md_escape(text: object) -> str:
    """Text from the input as inert Markdown: one line, no emphasis, links, tables, headings or HTML.

    Backslash escapes for the characters Markdown gives meaning to (both in
    Python-Markdown and CommonMark); `<` and `>` as entities, since a raw `<`
    could open an HTML tag; `&` as `&amp;` where it would start an entity; a
    leading `-`, `+` or `1.` escaped so it cannot start a list or a rule (`---`).
    """
    return _escaped(str(text))


# A report escapes each label, name and sentence many times over (about 1 600 calls, 600 texts).
@lru_cache(maxsize=4096)
def _escaped(text: str) -> str:
    # str.split() breaks at the same whitespace as \s+ and drops it at both ends, as strip() did.
    s = show_bidi(" ".join(_MARKERS.sub("", text).split()))
    s = _SPECIAL.sub(_escape_one, _ENTITY_LIKE.sub("&amp;", s))
    return _BLOCK_START.sub(lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), s, count=1)


def _escape_one(match: re.Match) -> str:
    return _ESCAPES[match.group()]


def _cell(text: object) -> str:
    """A table cell: escaped, never empty."""
    s = md_escape(text) if text is not None else ""
    return s or "–"


# --- formatting values -------------------------------------------------------------


def _value(v: object, enhet: Optional[str], precise: bool = False) -> str:
    """A fact's value as Swedish text (not yet escaped)."""
    if isinstance(v, bool):
        return "ja" if v else "nej"
    if v is None:
        return "–"
    if enhet in ("ar", "datum", "text") or isinstance(v, str):
        return str(v)
    if enhet == "procent" and isinstance(v, (int, float)):
        return fmt.procent(v, 2 if precise else 0)
    if enhet == "kr" and isinstance(v, (int, float)):
        return fmt.kr(v)
    if enhet == "tkr" and isinstance(v, (int, float)):
        return f"{fmt.tal(v)} tkr"
    return fmt.tal(v)


def _operand_value(v: object, enhet: str) -> str:
    # Operands of an amount or of a share of amounts are amounts; anything else as it is.
    if enhet in ("kr", "procent") and isinstance(v, (int, float)) and not isinstance(v, bool):
        return fmt.kr(v)
    return _value(v, None)


def _param_value(p: ParameterUsed) -> str:
    v = p.varde
    if isinstance(v, bool):
        return "ja" if v else "nej"
    if p.enhet == "procent" and isinstance(v, (int, float)):
        return fmt.procent(v, 2)
    if p.enhet == "kr" and isinstance(v, (int, float)):
        return fmt.kr(v)
    if p.enhet in ("bool", "text", "datum"):
        return fmt.tal(v)
    return f"{fmt.tal(v)} {p.enhet}"


def _plural(mall: Mall, key: str, n: int) -> str:
    one, many = mall.ord[key]
    return f"{fmt.heltal(n)} {one if n == 1 else many}"


def _is_derived(f: Fact) -> bool:
    """A value the rule derived itself (harledda): its label is its bare name."""
    return f.formel is not None and f.label == f.name


# --- the report -----------------------------------------------------------------------

_BRIST = ("avvikelse", "iakttagelse", "underlag_saknas", "fel")
_AMOUNT = re.compile(r"\d kr\b|\d %")  # a sentence that carries kronor or a share
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])")


def _first_sentence(text: str) -> str:
    return _SENTENCE_END.split(text.strip(), maxsplit=1)[0]


def _sentences(text: str, n: int) -> str:
    return " ".join(_SENTENCE_END.split(text.strip())[:n])


def _in_label(fa: Fact, label: str) -> bool:
    """A text fact that only repeats the item's label, or one of its two parts ("Insats: mål")."""
    if fa.enhet != "text":
        return False
    v = str(fa.value)
    return label == v or label.startswith(v + ": ") or label.endswith(": " + v)


def _weight(f: Finding) -> tuple:
    """Heaviest first: väsentlig before mindre, avvikelse before iakttagelse, then reading order."""
    return (0 if f.vikt == "väsentlig" else 1, SEVERITY.index(f.utfall), section_key(f.avsnitt), f.id)


def _within(avsnitt: str, parts: Iterable[str]) -> bool:
    return any(avsnitt == p or avsnitt.startswith(p + ".") for p in parts)


class _Report:
    def __init__(self, g: Granskning, report_date: str, mall: Mall, bilaga: str = "brister", marked: bool = False):
        self.g = g
        self.m = mall
        self.bilaga = bilaga
        self.marked = marked  # badges and folds as markers for the HTML and Word renderers
        self.out: list[str] = []
        self.current: Optional[Avsnitt] = None
        self.base = {
            "forbund": md_escape(g.forbund),
            "ar": str(g.rakenskapsar),
            "ar_fg": str(g.rakenskapsar - 1),
            "datum": md_escape(report_date),
            "katalogversion": md_escape(g.katalogversion),
            "motor": md_escape(g.motor),
            "dokument": md_escape(g.dokument) if g.dokument else md_escape(mall.titelblock["saknas"]),
            "antal_regler": str(len(g.findings)),
            "antal_fakta": str(len(g.scalars)),
        }
        tops = [a.nr for a in mall.avsnitt if a.regler and "." not in a.nr] or [a.nr for a in mall.avsnitt if a.regler]
        self.rule_parts = tops
        self.sections = [a for a in mall.avsnitt if _within(a.nr, tops)]
        known = {a.nr for a in self.sections}
        self.by_nr = {a.nr: a for a in mall.avsnitt}
        self.placed: dict[str, list[Finding]] = {}
        self.home: dict[str, str] = {}
        for f in g.findings:
            nr = self._place(f.avsnitt, known)
            self.home[f.id] = nr
            self.placed.setdefault(nr, []).append(f)

    # --- helpers -----------------------------------------------------------------

    def fill(self, template: str, values: Optional[dict] = None, units: Optional[dict] = None) -> str:
        """Fill a template; string values must already be escaped."""
        return fmt.render(template, {**self.base, **(values or {})}, units or {})

    def para(self, text: str) -> None:
        """One or more paragraphs of template text, each re-flowed to one line."""
        for block in re.split(r"\n\s*\n", text.strip()):
            self.out.append(" ".join(block.split()))
            self.out.append("")

    def heading(self, level: int, text: str) -> None:
        self.out.append(f"{'#' * min(level, 6)} {text}")
        self.out.append("")

    def table(self, header: list[str], rows: list[list[str]], align: Optional[list[str]] = None) -> None:
        align = align or ["l"] * len(header)
        self.out.append("| " + " | ".join(header) + " |")
        self.out.append("| " + " | ".join("---:" if a == "r" else "---" for a in align) + " |")
        for row in rows:
            self.out.append("| " + " | ".join(c.replace("\n", " ") or "–" for c in row) + " |")
        self.out.append("")

    def fold(self, summary: str) -> None:
        """Start a folded part (HTML details/summary); in Markdown it stands open."""
        if self.marked:
            self.out.append(FOLD_OPEN + summary)
            self.out.append("")

    def unfold(self) -> None:
        if self.marked:
            self.out.append(FOLD_CLOSE)
            self.out.append("")

    def val(self, fa: Fact, precise: bool = False) -> str:
        """A fact's value as text; coded words (okant, ej_uppfyllt) as the template spells them."""
        if isinstance(fa.value, str) and not isinstance(fa.value, bool) and fa.value in self.m.varden:
            return self.m.varden[fa.value]
        return _value(fa.value, fa.enhet, precise)

    def badge(self, utfall: str) -> str:
        word = self.m.utfall[utfall]
        if self.marked:
            return f"{BADGE_OPEN}{utfall}{BADGE_MID}{word}{BADGE_CLOSE}"
        return f"**{word}**"

    def fact_name(self, name: str) -> str:
        return self.m.fakta.get(name, name)

    def missing(self, names: Iterable[str]) -> str:
        labels = []
        for n in names:
            label = self.fact_name(n)
            if label not in labels:
                labels.append(label)
        return md_escape(", ".join(labels)) if labels else md_escape("uppgifter")

    def section_title(self, nr: str) -> str:
        a = self.by_nr[nr]
        return f"{nr} {a.rubrik}"

    def anchor(self, nr: str) -> str:
        return slug(self.section_title(nr))

    def link(self, nr: str) -> str:
        """A link to a section of the report, e.g. [avsnitt 2.3.1](#231-finansiella-mal-och-eget-kapital)."""
        return f"[{self.fill(self.m.sammanfattning.lank, {'nr': nr})}](#{self.anchor(nr)})"

    def links(self, findings: Iterable[Finding]) -> str:
        seen: list[str] = []
        for f in sorted(findings, key=lambda f: section_key(self.home[f.id])):
            if self.home[f.id] not in seen:
                seen.append(self.home[f.id])
        return ", ".join(self.link(nr) for nr in seen)

    def _place(self, avsnitt: str, known: set[str]) -> str:
        """The rule's section, or the nearest parent the report has; unknown parts go to the first rule part."""
        nr = avsnitt
        while nr not in known and "." in nr:
            nr = nr.rsplit(".", 1)[0]
        return nr if nr in known else self.rule_parts[0]

    def _finding_values(self, f: Finding) -> dict:
        return {
            "id": md_escape(f.id),
            "titel": md_escape(f.titel),
            "titel_liten": md_escape(f.titel[:1].lower() + f.titel[1:]),
            "avsnitt": md_escape(f.avsnitt),
            "meddelande": md_escape(f.meddelande),
            "saknas": self.missing(f.saknas),
            "fel": md_escape(f.fel or f.meddelande),
            "utfall": self.badge(f.utfall),
            "lank": self.link(self.home[f.id]),
        }

    def shown_items(self, f: Finding) -> list[ItemResult]:
        return [i for i in f.poster if i.utfall == f.utfall] or f.poster

    def is_collection(self, f: Finding) -> bool:
        return len(f.poster) > 1 or bool(f.poster and f.poster[0].label != f.titel)

    def summary_sentence(self, f: Finding) -> str:
        """One sentence for the summary, with the amounts that carry the finding (the rule's own, where it has one)."""
        if not self.is_collection(f):
            item = f.poster[0] if f.poster else None
            text = (item.kort if item else None) or _first_sentence(f.meddelande)
            return md_escape(text[:1].upper() + text[1:].rstrip("."))
        items = self.shown_items(f)
        parts = [(i.kort or _first_sentence(i.meddelande)).rstrip(".") for i in items[:2]]
        text = "; ".join(parts)
        text = text[:1].upper() + text[1:]
        if len(items) > 2:
            text += " " + self.m.sammanfattning.fler_poster.replace("{antal}", fmt.heltal(len(items) - 2))
        return md_escape(text)

    # --- title block ------------------------------------------------------------------

    def title_block(self) -> None:
        g, m, tb = self.g, self.m, self.m.titelblock
        self.heading(1, self.fill(m.titel))
        self.out.append(f"*{self.fill(m.undertitel)}*")
        self.out.append("")
        rows = [
            [md_escape(tb["forbund"]), md_escape(g.forbund)],
            [md_escape(tb["organisationsnummer"]), md_escape(g.organisationsnummer or tb["saknas"])],
            [md_escape(tb["rakenskapsar"]), str(g.rakenskapsar)],
            [md_escape(tb["dokument"]), self.base["dokument"]],
            [md_escape(tb["datum"]), self.base["datum"]],
            [md_escape(tb["katalog"]), self.fill(tb["katalog_varde"]) + f" ({self.base['motor']})"],
        ]
        self.table([md_escape(h) for h in tb["rubriker"]], rows)
        self.out.append("> " + " ".join(self.fill(m.forbehall).split()))
        self.out.append("")
        if self._any_tkr():
            self.out.append(" ".join(self.fill(m.tkr).split()))
            self.out.append("")

    def _any_tkr(self) -> bool:
        if self.g.fran_tkr:
            return True
        return any(b.fran_tkr for f in self.g.findings for i in f.poster for b in i.bevis)

    # --- Sammanfattning ------------------------------------------------------------------

    def summary(self) -> None:
        g, m, s = self.g, self.m, self.m.sammanfattning
        self.heading(2, md_escape(s.rubrik))
        c = g.counts()
        found = [_plural(m, k, c[k]) for k in ("avvikelse", "iakttagelse") if c[k]]
        utfall = f" {m.bedomning['och']} ".join(found) if found else s.inga_fynd
        self.para(self.fill(s.ingress, {"utfall": md_escape(utfall)}))
        # One defect, one finding: a finding whose brist another states (a följdfel) is not listed again.
        deviations = sorted((f for f in g.findings if f.utfall == "avvikelse" and not f.pekar_pa), key=_weight)
        observations = sorted((f for f in g.findings if f.utfall == "iakttagelse" and not f.pekar_pa), key=_weight)
        for title, found, limit in ((s.avvikelser_rubrik, deviations, None), (s.iakttagelser_rubrik, observations, s.max_iakttagelser)):
            if not found:
                continue
            self.out.append(f"**{md_escape(title)}**")
            self.out.append("")
            for f in found[:limit]:
                v = self._finding_values(f)
                self.out.append("- " + self.fill(s.rad, {**v, "mening": self.summary_sentence(f)}))
            self.out.append("")
            if limit is not None and len(found) > limit:
                self.para(self.fill(s.fler_iakttagelser, {"antal": _plural(m, "iakttagelse", len(found) - limit)}))
        following = [f for f in g.findings if f.pekar_pa and f.utfall in ("avvikelse", "iakttagelse")]
        if following:
            pairs = ", ".join(f"{md_escape(f.id)} → {md_escape(', '.join(dict.fromkeys(p['regel'] for p in f.pekar_pa)))}" for f in following)
            text = self.fill(s.foljdfel, {"antal": _plural(m, "foljdfel", len(following)), "lista": pairs, "lankar": self.links(following)})
            self.para(text[:1].upper() + text[1:])
        missing = [f for f in g.findings if f.utfall == "underlag_saknas"]
        if missing:
            text = self.fill(s.ej_bedomda, {"antal_ej_bedomda": _plural(m, "underlag_saknas", len(missing)), "lankar": self.links(missing)})
            self.para(text[:1].upper() + text[1:])
        rows = [[md_escape(q.fraga), self.answer(q)] for q in s.fragor]
        self.out.append(f"**{md_escape(s.fragor_rubrik)}**")
        self.out.append("")
        self.table([md_escape(h) for h in s.fragor_kolumner], rows)

    def answer(self, q) -> str:
        m, s = self.m, self.m.sammanfattning
        if q.regler and not q.avsnitt:
            return self.concluded(q)
        found = [f for f in self.g.findings
                 if f.id in q.regler or _within(self.home[f.id], q.avsnitt) or _within(f.avsnitt, q.avsnitt)]
        tried = [f for f in found if f.utfall != "ej_tillamplig" and not f.pekar_pa]
        if not found:
            return self.fill(s.svar["ingen"])
        if not tried:
            return self.fill(s.svar["ej_tillamplig"])
        worst = min((f.utfall for f in tried), key=SEVERITY.index)
        these = [f for f in tried if f.utfall == worst]
        if worst == "uppfylld":
            text = self.fill(s.svar["uppfylld"], {"lankar": self.links(tried)})
        else:
            antal = _plural(m, worst, len(these))
            text = self.fill(s.svar[worst], {"antal": antal, "lankar": self.links(these)})
        if q.mal:
            reached = self.goals_reached()
            if reached is not None:
                text += " " + self.fill(s.mal, {"natt": fmt.heltal(reached[0]), "antal_mal": fmt.heltal(reached[1])})
        return text

    def concluded(self, q) -> str:
        """A conclusion as the revisionsberättelse words it: yes, partly or no, then each rule's verdict in one sentence."""
        s = self.m.sammanfattning
        tried = [f for f in self.g.findings if f.id in q.regler and f.utfall != "ej_tillamplig"]
        if not tried:
            return self.fill(s.svar["ingen"] if not any(f.id in q.regler for f in self.g.findings) else s.svar["ej_tillamplig"])
        outcomes = {f.utfall for f in tried}
        short = outcomes & {"avvikelse", "iakttagelse"}
        if "fel" in outcomes:
            key = "fel"
        elif short:
            key = "delvis" if "uppfylld" in outcomes else "nej"
        elif "underlag_saknas" in outcomes:
            key = "underlag_saknas"
        else:
            key = "ja"
        said = []
        for f in sorted(tried, key=lambda f: q.regler.index(f.id)):
            if f.utfall == "underlag_saknas" and f.saknas:
                sentence = self.fill(s.slutsats_saknas, {"saknas": self.missing(f.saknas)})
            else:
                item = f.poster[0] if len(f.poster) == 1 else None
                sentence = md_escape(((item.kort if item else None) or _first_sentence(f.meddelande)).rstrip("."))
            said.append(f"{sentence} ({self.link(self.home[f.id])}).")
        return self.fill(s.slutsats_svar[key], {"meningar": " ".join(said)})

    def goals_reached(self) -> Optional[tuple[int, int]]:
        """How many goals with a target and an outcome the årsredovisning reports as reached."""
        table = next((a.maltabell for a in self.m.avsnitt if a.maltabell is not None), None)
        if table is None:
            return None
        f = next((x for x in self.g.findings if x.id == table.regel), None)
        if f is None:
            return None
        flags = [fa.value for i in f.poster for fa in i.bevis if fa.name == table.uppnatt and isinstance(fa.value, bool)]
        return (sum(flags), len(flags)) if flags else None

    # --- the numbered sections, as the template orders them -----------------------------

    def sections_in_order(self) -> None:
        for a in self.m.avsnitt:
            level = 2 + a.nr.count(".")
            if a.slutsats:
                self.conclusion(a, level)
            elif _within(a.nr, self.rule_parts):
                self.result_section(a, level)
            else:
                self.intro_section(a, level)

    def intro_section(self, a: Avsnitt, level: int) -> None:
        self.heading(level, f"{a.nr} {md_escape(a.rubrik)}")
        if a.text:
            self.para(self.fill(a.text))
        if a.revisionsfragor:
            for i, q in enumerate(a.revisionsfragor, 1):
                self.out.append(f"{i}. {' '.join(self.fill(q).split())}")
            self.out.append("")
        if a.efter:
            self.para(self.fill(a.efter))
        self.method(a)
        if a.risker:
            for r in a.risker:
                self.out.append(f"- {' '.join(self.fill(r).split())}")
            self.out.append("")
        mb = self.g.scalars.get("medlemsbidrag")
        if a.vasentlighet and mb is not None:
            self.para(self.fill(a.vasentlighet, {"medlemsbidrag": mb.value}, {"medlemsbidrag": "kr"}))
        if a.platshallare:
            self.placeholder(a)

    def method(self, a: Avsnitt) -> None:
        g, m = self.g, self.m
        if a.avgransning:
            self.para(self.fill(a.avgransning))
        if a.utfall_rubrik:
            self.out.append(self.fill(a.utfall_rubrik))
            self.out.append("")
            c = g.counts()
            rows = [[self.badge(k), fmt.heltal(c[k])] for k in (*SEVERITY, "foljdfel") if c.get(k) and k in m.utfall]
            if a.utfall_summa:
                rows.append([f"**{md_escape(a.utfall_summa)}**", f"**{fmt.heltal(len(g.findings))}**"])
            self.table([md_escape(h) for h in a.utfall_kolumner], rows, ["l", "r"])
        if a.centrala_rubrik and a.centrala:
            rows = []
            for name in a.centrala:
                f = g.scalars.get(name)
                label = f.label if f is not None else self.fact_name(name)
                value = _value(f.value, f.enhet) if f is not None else m.titelblock["saknas"]
                if f is not None and f.fran_tkr:
                    value += f" ({m.bilaga['fran_tkr']})"
                rows.append([_cell(label[:1].upper() + label[1:]), _cell(value), _cell(f.kalla if f is not None else None)])
            self.out.append(self.fill(a.centrala_rubrik))
            self.out.append("")
            self.table([md_escape(h) for h in a.centrala_kolumner], rows, ["l", "r", "l"])
        errors = [f for f in g.findings if f.utfall == "fel"]
        if errors and a.fel_rubrik:
            self.out.append(self.fill(a.fel_rubrik))
            self.out.append("")
            for f in errors:
                v = self._finding_values(f)
                self.out.append(f"- {v['titel']} ({v['id']}): {v['fel']}")
            self.out.append("")

    def placeholder(self, a: Avsnitt) -> None:
        self.out.append("> " + self.fill(self.m.platshallare, {"vad": md_escape(" ".join((a.platshallare or "").split()))}))
        self.out.append(">")
        self.out.append("> " + self.fill(self.m.platshallare_fyll))
        self.out.append("")

    # --- 2 and 3: the findings, part by part ---------------------------------------------------

    def result_section(self, a: Avsnitt, level: int) -> None:
        self.heading(level, f"{a.nr} {md_escape(a.rubrik)}")
        if a.text:
            self.para(self.fill(a.text))
        if a.platshallare:
            self.placeholder(a)
        findings = self.placed.get(a.nr, [])
        if a.regelverk is None and not findings:
            return
        self.part(a, findings, level + 1)

    def part(self, a: Avsnitt, findings: list[Finding], level: int) -> None:
        m, b = self.m, self.m.bedomning
        del_ = md_escape(a.del_ or a.rubrik.lower())
        if a.regelverk:
            self.heading(level, md_escape(m.regelverk_rubrik))
            self.para(self.fill(a.regelverk))
        self.heading(level, md_escape(m.bedomning_rubrik))
        if not findings:
            self.para(self.fill(m.inga_regler, {"del": del_}))
            return
        self.current = a
        if a.maltabell is not None:
            self.goal_table(a.maltabell)
        remarks = sorted((f for f in findings if f.utfall in _BRIST), key=lambda f: (bool(f.pekar_pa), _weight(f)))
        for f in remarks:
            self.heading(level + 1, f"{md_escape(f.titel)} ({md_escape(f.id)})")
            self.assessment(f)
        passed = sorted((f for f in findings if f.utfall == "uppfylld"), key=lambda f: f.id)
        # A single requirement whose sentence carries kronor or a share gets that sentence (the first: counts and
        # tolerances are in the JSON and the full appendix); the rest that held are named in one line.
        told = [f for f in passed if not self.is_collection(f) and _AMOUNT.search(_first_sentence(f.meddelande))]
        named = [f for f in passed if f not in told]
        if told:
            self.out.append(self.fill(b["uppfyllda_rubrik"]))
            self.out.append("")
            for f in told:
                v = {**self._finding_values(f), "meddelande": md_escape(_first_sentence(f.meddelande))}
                self.out.append("- " + self.fill(b["uppfylld_rad"], v))
            self.out.append("")
        if named:
            names = "; ".join(f"{md_escape(f.titel)} ({md_escape(f.id)})" for f in named)
            self.para(self.fill(b["uppfyllda_poster" if told else "uppfyllda_poster_ensam"], {"regler": names}))
        idle = sorted((f for f in findings if f.utfall == "ej_tillamplig"), key=lambda f: f.id)
        if idle:
            names = ", ".join(f"{md_escape(f.titel)} ({md_escape(f.id)})" for f in idle)
            self.para(self.fill(b["ej_tillampliga"], {"regler": names}))
        if not remarks:
            # Nothing to remark on: said once, for the part (the remarks above say it themselves).
            self.para(self.fill(b["sammanfattning"]["uppfylld"], {"del": del_}))

    def assessment(self, f: Finding) -> None:
        m, b = self.m, self.m.bedomning
        v = self._finding_values(f)
        # The verdict in its first sentences; the whole message stands in the JSON (and the rule's evidence in the appendix).
        v["meddelande"] = md_escape(_sentences(f.meddelande, m.max_meningar))
        if f.utfall == "underlag_saknas" and not f.poster:
            v["meddelande"] = self.fill(b["underlag_saknas"], v)
        elif f.utfall == "underlag_saknas" and len(f.poster) == 1 and f.poster[0].saknas:
            v["meddelande"] = self.fill(b["underlag_saknas"], {**v, "saknas": self.missing(f.poster[0].saknas)})
        elif f.utfall == "fel":
            v["meddelande"] = self.fill(b["fel"], v)
        collection = self.is_collection(f)
        in_table = self.current is not None and self.current.maltabell is not None and self.current.maltabell.regel == f.id
        if collection and f.utfall != "fel":
            # the items follow one by one, unless the section's table already shows each of them
            same = sum(1 for i in f.poster if i.utfall == f.utfall)
            line = self.fill(b["i_tabellen" if in_table else "samling"],
                             {**v, "antal": fmt.heltal(same), "totalt": _plural(m, "post", len(f.poster))})
        else:
            line = self.fill(b["rad"], v)
        if f.pekar_pa:
            line = line.replace(v["utfall"], self.badge("foljdfel"), 1)
        self.out.append(line.rstrip())
        self.out.append("")
        if not collection or f.utfall == "fel" or in_table:
            return
        remarks = [i for i in f.poster if i.utfall not in ("uppfylld", "ej_tillamplig")]
        lacking = {tuple(i.saknas) for i in remarks if i.utfall == "underlag_saknas" and i.saknas}
        if len(remarks) > 1 and len(lacking) == 1 and all(i.utfall == "underlag_saknas" for i in remarks):
            # Every item lacks the same: said once for them all (each item stands in the appendix).
            self.para(self.fill(b["underlag_saknas"], {**v, "saknas": self.missing(next(iter(lacking)))}))
            remarks = []
        # The heaviest items (worst outcome first) in the body; every item with its evidence is in the appendix.
        shown = sorted(remarks, key=lambda i: SEVERITY.index(i.utfall))[: m.max_poster]
        shown = [i for i in remarks if i in shown]
        said = {i.meddelande: _SENTENCE_END.split(i.meddelande.strip())[: m.max_meningar] for i in shown}
        tails = {parts[-1] for parts in said.values() if len(parts) > 1}
        # A sentence every shown item ends with (an assumption they share) is said once, after the list.
        shared = next(iter(tails)) if len(shown) > 1 and len(tails) == 1 and all(len(p) > 1 for p in said.values()) else None
        for i in shown:
            if i.utfall == "underlag_saknas" and i.saknas:
                text = self.fill(b["post_saknas"], {"post": md_escape(i.label), "saknas": self.missing(i.saknas), "id": v["id"]})
            else:
                message = " ".join(said[i.meddelande][:-1] if shared else said[i.meddelande])
                if message.startswith(i.label) and len(message) > len(i.label):
                    message = message[len(i.label):].lstrip(" :–-")  # the label is already in front
                text = self.fill(b["post"], {"post": md_escape(i.label), "meddelande": md_escape(message), "id": v["id"]})
            self.out.append(f"- {self.badge(i.utfall)} {text}")
        if shown:
            self.out.append("")
            if shared:
                self.para(md_escape(shared))
            if len(remarks) > len(shown):
                self.para(self.fill(b["fler_poster"], {"antal": _plural(m, "post", len(remarks) - len(shown))}))
            rest = [(k, sum(1 for i in f.poster if i.utfall == k)) for k in ("uppfylld", "ej_tillamplig")]
            rest = [_plural(m, f"post_{k}", n) for k, n in rest if n]
            if rest:
                self.para(self.fill(b["ovriga"], {"antal": md_escape(f" {b['och']} ".join(rest))}))

    def goal_table(self, t: Maltabell) -> None:
        f = next((x for x in self.g.findings if x.id == t.regel), None)
        if f is None:
            self.para(self.fill(t.saknas))
            return
        if not f.poster:
            return
        rows, owner = [], None
        for i in f.poster:
            facts = {fa.name: fa for fa in i.bevis}
            label = i.label
            if t.grupp in facts and t.namn in facts:
                if facts[t.grupp].value != owner:
                    owner = facts[t.grupp].value
                    rows.append([f"**{_cell(str(owner))}**"] + [" "] * 4)  # a heading row: blank, not "–"
                label = str(facts[t.namn].value)

            def shown(name: str) -> str:
                fa = facts.get(name)
                return _cell(self.val(fa)) if fa is not None else "–"

            verdict = next((shown(n) for n in t.bedomning if n in facts), "–")
            words = verdict.split()
            if len(words) > 8:
                verdict = " ".join(words[:8]) + " …"  # the förbund's words in full: JSON and the full appendix
            outcome = shown(t.utfall)
            reached = facts.get(t.uppnatt)
            if reached is not None and isinstance(reached.value, bool) and outcome != "–":
                outcome += " " + md_escape(t.natt if reached.value else t.ej_natt)
            rows.append([_cell(label), shown(t.malvarde), outcome, verdict, self.badge(i.utfall)])
        self.out.append(self.fill(t.rubrik))
        self.out.append("")
        self.table([md_escape(h) for h in t.kolumner], rows, ["l", "r", "r", "l", "l"])
        self.para(self.fill(t.forklaring))

    # --- 4 Slutsats -----------------------------------------------------------------------

    def conclusion(self, a: Avsnitt, level: int) -> None:
        g, m, s = self.g, self.m, self.m.slutsats
        self.heading(level, f"{a.nr} {md_escape(a.rubrik)}")
        c = g.counts()
        values = {
            "antal_avvikelser": _plural(m, "avvikelse", c["avvikelse"]),
            "antal_iakttagelser": _plural(m, "iakttagelse", c["iakttagelse"]),
            "antal_ej_bedomda": _plural(m, "underlag_saknas", c["underlag_saknas"]),
        }
        values["avvikelserna"] = m.ord["avvikelserna"][c["avvikelse"] != 1]
        values["iakttagelserna"] = m.ord["iakttagelserna"][c["iakttagelse"] != 1]
        values["och_iakttagelser"] = " " + self.fill(s["och_iakttagelser"], values) if c["iakttagelse"] else ""
        values["om_iakttagelser"] = " " + self.fill(s["om_iakttagelser"], values) if c["iakttagelse"] else ""
        key = "avvikelse" if c["avvikelse"] else ("iakttagelse" if c["iakttagelse"] else "uppfylld")
        text = [self.fill(s["inledning"]), self.fill(s["omdome"][key], values)]
        if c["underlag_saknas"]:
            ej = self.fill(s["ej_bedomda"], values)
            text.append(ej[:1].upper() + ej[1:])
        self.para(" ".join(text))
        self.para(self.fill(s["forbehall"]))
        sub = 0
        sub += 1
        self.heading(level + 1, f"{a.nr}.{sub} {md_escape(s['rekommendationer_rubrik'])}")
        todo = sorted((f for f in g.findings if f.utfall in ("avvikelse", "iakttagelse") and not f.pekar_pa), key=_weight)
        if not todo:
            self.para(self.fill(s["inga_rekommendationer"]))
        else:
            self.para(self.fill(s["rekommendationer_ingress"]))
            for n, f in enumerate(todo, 1):
                self.out.append(f"{n}. {self.recommendation(f)}")
            self.out.append("")
        # What could not be assessed stands once, in its section; the summary and the verdict above count it.
        unassessed = [f for f in g.findings if f.utfall == "fel"]
        if unassessed:
            sub += 1
            self.heading(level + 1, f"{a.nr}.{sub} {md_escape(s['ej_bedomda_rubrik'])}")
            self.para(self.fill(s["ej_bedomda_ingress"]))
            for f in sorted(unassessed, key=_weight):
                v = self._finding_values(f)
                self.out.append("- " + self.fill(s["fel_rad"] if f.utfall == "fel" else s["ej_bedomda_rad"], v))
            self.out.append("")

        found = self.g.utanfor_arsredovisningen() if hasattr(self.g, "utanfor_arsredovisningen") else []
        if found and "utanfor_rubrik" in s:
            # The verdicts that rest on facts from other documents than the årsredovisning.
            sub += 1
            self.heading(level + 1, f"{a.nr}.{sub} {md_escape(s['utanfor_rubrik'])}")
            self.para(self.fill(s["utanfor_ingress"]))
            for f in found:
                values = {**self._finding_values(f), "dokument_lista": md_escape("; ".join(f.dokument))}
                self.out.append(f"- {self.fill(s['utanfor_rad'], values)}")
            self.out.append("")

    def recommendation(self, f: Finding) -> str:
        s = self.m.slutsats
        v = self._finding_values(f)
        r = f.rekommendation
        if r:
            atgard = s["atgard"].get(r["atgard"], r["atgard"])
            return self.fill(s["rekommendation"], {**v, "atgard": md_escape(atgard), "text": md_escape(r["text"].rstrip("."))})
        return self.fill(s["rekommendation_allman"][f.utfall], v)

    # --- Källförteckning ------------------------------------------------------------------

    def sources(self) -> None:
        k = self.m.kallforteckning
        cited: dict[str, dict] = {}
        users: dict[str, list[str]] = {}
        for f in sorted(self.g.findings, key=lambda f: f.id):
            for src in f.kallor:
                cited.setdefault(src["namn"], src)
                if src.get("verifierad"):
                    cited[src["namn"]] = src  # verified once is verified
                users.setdefault(src["namn"], [])
                if f.id not in users[src["namn"]]:
                    users[src["namn"]].append(f.id)
        if not cited:
            return
        self.heading(2, md_escape(k["rubrik"]))
        self.para(self.fill(k["ingress"]))
        for name in sorted(cited, key=str.lower):
            src = cited[name]
            status = k["verifierad"] if src.get("verifierad") else k["ej_verifierad"]
            rules = ", ".join(md_escape(r) for r in users[name])
            self.out.append("- " + self.fill(k["rad"], {"kalla": self.source_text(src), "status": md_escape(status), "regler": rules}))
        self.out.append("")

    def source_text(self, k: dict) -> str:
        values = {"namn": md_escape(k.get("namn", "")), "citat": md_escape(k.get("citat") or "")}
        if k.get("verifierad"):
            key = "verifierad" if k.get("citat") else "utan_citat"
        else:
            key = "ej_verifierad_citat" if k.get("citat") else "ej_verifierad"
        return self.fill(self.m.kalla[key], values)

    # --- Bilaga ------------------------------------------------------------------------

    def appendix(self) -> None:
        if self.bilaga == "ingen":
            return
        g, bl = self.g, self.m.bilaga
        self.heading(2, md_escape(bl["rubrik"]))
        self.para(self.fill(bl["ingress"][self.bilaga]))
        params: dict[str, ParameterUsed] = {}
        for f in g.findings:
            if self.bilaga != "full" and f.utfall not in _BRIST:
                continue  # the parameters behind the findings whose evidence follows
            for p in f.parametrar:
                params.setdefault(p.namn, p)
        if params:
            self.out.append(self.fill(bl["parametrar_rubrik"]))
            self.out.append("")
            rows = [
                [f"{_cell(p.namn)} – {md_escape(p.beskrivning)}", _cell(_param_value(p)), _cell(p.galler_fran), _cell(p.kalla)]
                for p in sorted(params.values(), key=lambda p: p.namn)
            ]
            self.table([md_escape(h) for h in bl["parametrar_kolumner"]], rows, ["l", "r", "r", "l"])
        remarks = sorted((f for f in g.findings if f.utfall in _BRIST), key=lambda f: f.id)
        rest = sorted((f for f in g.findings if f.utfall not in _BRIST), key=lambda f: f.id)
        if remarks:
            self.heading(3, md_escape(bl["brister_rubrik"]))
            for f in remarks:
                self.rule_appendix(f, 4, full=self.bilaga == "full")
        if rest:
            self.heading(3, md_escape(bl["uppfyllda_rubrik"]))
            if self.bilaga == "full":
                for f in rest:
                    v = self._finding_values(f)
                    self.fold(self.fill(bl["uppfylld_rad"], {**v, "utfall": self.badge(f.utfall)}))
                    self.rule_appendix(f, 4, full=True)
                    self.unfold()
            else:
                for f in rest:
                    v = self._finding_values(f)
                    self.out.append("- " + self.fill(bl["uppfylld_rad"], {**v, "utfall": md_escape(m_word(self.m, f.utfall))}))
                self.out.append("")

    def rule_appendix(self, f: Finding, level: int, full: bool) -> None:
        m, bl = self.m, self.m.bilaga
        v = self._finding_values(f)
        self.heading(level, f"{v['id']} – {v['titel']}")
        self.para(
            f"**{md_escape(bl['utfall'])}:** {self.badge(f.utfall)} · **{md_escape(bl['avsnitt'])}:** {v['lank']}"
            f" · **{md_escape(bl['vikt'])}:** {md_escape(f.vikt)}"
        )
        krav = f.krav if full else _first_sentence(f.krav)  # the whole requirement in the full appendix and the JSON
        self.para(f"**{md_escape(bl['krav'])}:** {_cell(krav)}")
        if f.utfall == "fel":
            self.para(_cell(f.fel or f.meddelande))
        if f.saknas:
            self.para(f"**{md_escape(bl['saknas'])}:** {self.missing(f.saknas)} ({md_escape(', '.join(f.saknas))}).")
        if f.parametrar:
            shown = [
                self.fill(bl["parameter_rad"], {"namn": md_escape(p.namn), "varde": md_escape(_param_value(p)),
                                                "fran": md_escape(p.galler_fran), "kalla": md_escape(p.kalla)})
                for p in f.parametrar
            ]
            self.para(f"**{md_escape(bl['parametrar'])}:** " + "; ".join(shown) + ".")
        if not f.poster:
            self.para(md_escape(bl["inga_belagg"]))
            return
        items = f.poster if full else [i for i in f.poster if i.utfall in _BRIST]
        if not full and len(items) > 1:
            self.items_table(items)
            items = []
        for i in items:
            single = len(f.poster) == 1 and i.label == f.titel
            if not single:
                line = f"**{self.fill(bl['post'], {'post': md_escape(i.label)})}** – {self.badge(i.utfall)}"
                if i.kalla:
                    line += f" ({md_escape(i.kalla)})"
                self.out.append(line)
                self.out.append("")
            if i.saknas and not (single and i.saknas == f.saknas):
                self.para(f"{md_escape(bl['saknas'])}: {self.missing(i.saknas)} ({md_escape(', '.join(i.saknas))}).")
            # The rule's own intermediate values are in its message; the full appendix shows their formulas too.
            facts = i.bevis if full else [fa for fa in i.bevis if not _is_derived(fa) and not _in_label(fa, i.label)]
            if facts:
                self.evidence_table(facts)
        shown = len(f.poster) if full else sum(1 for i in f.poster if i.utfall in _BRIST)
        if shown < len(f.poster):
            self.para(self.fill(bl["ovriga_poster"], {"antal": fmt.heltal(len(f.poster) - shown)}))

    def items_table(self, items: list[ItemResult]) -> None:
        """Several items' evidence in one table, a row per item (the formulas are in the full appendix)."""
        m, bl = self.m, self.m.bilaga
        names: list[str] = []
        labels: dict[str, str] = {}
        for i in items:
            for fa in i.bevis:
                if fa.name not in names and fa.name not in m.dolda_kolumner and not _in_label(fa, i.label):
                    names.append(fa.name)
                    labels[fa.name] = m.kolumner.get(fa.name, fa.label)
        order = {n: k for k, n in enumerate(m.kolumnordning)}
        names.sort(key=lambda n: order.get(n, len(order)))
        names = names[: m.max_kolumner]
        header = [md_escape(bl["post_kolumn"])] + [md_escape(labels[n]) for n in names] + [md_escape(bl["utfall"]), md_escape(bl["kalla_kolumn"])]
        align = ["l"] + ["r" if any(fa.name == n and fa.enhet in ("kr", "procent", "antal") for i in items for fa in i.bevis) else "l" for n in names] + ["l", "l"]
        rows = []
        for i in items:
            facts = {fa.name: fa for fa in i.bevis}
            row = [_cell(i.label)] + [_cell(self.val(facts[n], precise=True)) if n in facts else "–" for n in names]
            source = i.kalla or next((fa.kalla for fa in i.bevis if fa.kalla), None)
            rows.append(row + [self.badge(i.utfall), _cell(source)])
        self.table(header, rows, align)

    def evidence_table(self, facts: list[Fact]) -> None:
        bl = self.m.bilaga
        rows = []
        for fa in facts:
            value = self.val(fa, precise=True)
            if fa.fran_tkr:
                value += f" ({bl['fran_tkr']})"
            calc = ""
            if fa.formel:
                calc = md_escape(fa.formel)
                if fa.operander:
                    parts = []
                    for o in fa.operander:
                        part = f"{o.label} = {(_value(o.value, o.enhet) if o.enhet else _operand_value(o.value, fa.enhet))}"
                        if o.kalla:
                            part += f" ({o.kalla})"
                        parts.append(md_escape(part))
                    calc += f", {md_escape(bl['dar'])} " + "; ".join(parts)
            label = fa.label if fa.label == fa.name else f"{fa.label} ({fa.name})"
            source = "; ".join(x for x in (fa.dokument, fa.kalla) if x) or None  # another document is named first
            rows.append([_cell(label), _cell(value), calc or "–", _cell(source)])
        self.table([md_escape(h) for h in bl["belagg_kolumner"]], rows, ["l", "r", "l", "l"])

    # --- all of it ---------------------------------------------------------------------

    def outside_documents(self) -> None:
        """The verdicts that rest on facts from other documents than the årsredovisning."""
        s, found = self.m.slutsats, self.g.utanfor_arsredovisningen()
        if not found or "utanfor_rubrik" not in s:
            return
        self.heading(3, md_escape(s["utanfor_rubrik"]))
        self.para(self.fill(s["utanfor_ingress"]))
        for f in found:
            values = {**self._finding_values(f), "dokument_lista": md_escape("; ".join(f.dokument))}
            self.out.append(f"- {self.fill(s['utanfor_rad'], values)}")
        self.out.append("")

    def render(self) -> str:
        self.title_block()
        self.summary()
        self.sections_in_order()
        self.sources()
        self.appendix()
        text = "\n".join(self.out)
        text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
        return text


def m_word(mall: Mall, utfall: str) -> str:
    return mall.utfall[utfall].lower()


def render_markdown(g: Granskning, report_date: str, bilaga: str = "brister", mall: Optional[Mall] = None, marked: bool = False) -> str:
    """The granskningsrapport for one Granskning, dated `report_date` (ÅÅÅÅ-MM-DD).

    `marked` writes outcome badges and folds as private markers for the HTML and Word
    renderers instead of Markdown bold; the text is otherwise the same.
    """
    mall = mall or g.mall
    if mall is None:
        raise ValueError("granskningen saknar rapportmall (den läses in med regelkatalogen)")
    return _Report(g, report_date, mall, bilaga, marked).render()


def body_words(markdown_text: str) -> int:
    """Words in the body, 1 Inledning … 4 Slutsats: from the first numbered part to the next unnumbered one."""
    lines = markdown_text.splitlines()
    start = next((i for i, line in enumerate(lines) if re.match(r"^## \d", line)), None)
    if start is None:
        return 0
    end = next((j for j in range(start + 1, len(lines)) if re.match(r"^## [^\d]", lines[j])), len(lines))
    text = re.sub(r"\]\([^)]*\)", "]", "\n".join(lines[start:end]))  # a link's address is no word
    return sum(1 for token in text.split() if re.search(r"\w", token))
