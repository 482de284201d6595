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
from typing import Iterable, Optional

from .. import format as fmt
from ..facts import Fact
from ..mall import Avsnitt, Maltabell, Mall
from ..findings import SEVERITY, Finding, Granskning, ItemResult, ParameterUsed, section_key
from ..visible import show_bidi


# The sections of the report where findings go (the rest is fixed text).
_RULE_PARTS = ("2", "3")

# --- escaping -----------------------------------------------------------------

_BACKSLASHED = set("\\`*_]{}|#")
# `[` as an entity, not `\[`: that renders as a bare "[", which the HTML checklist would take for its own box.
_ESCAPES = str.maketrans({**{ch: "\\" + ch for ch in _BACKSLASHED}, "[": "&#91;", "<": "&lt;", ">": "&gt;"})
_ENTITY_LIKE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_BLOCK_START = re.compile(r"^([-+])|^(\d+)([.)])(?=\s|$)")


def md_escape(text: object) -> str:
    """Text from the input as inert Markdown: one line, no emphasis, links, tables, headings or HTML.

    Backslash escapes for the characters Markdown gives meaning to (both in
    Python-Markdown and CommonMark); `<` and `>` as entities, since a raw `<`
    could open an HTML tag; `&` as `&amp;` where it would start an entity; a
    leading `-`, `+` or `1.` escaped so it cannot start a list or a rule (`---`).
    """
    s = show_bidi(re.sub(r"\s+", " ", str(text)).strip())
    s = _ENTITY_LIKE.sub("&amp;", s).translate(_ESCAPES)
    return _BLOCK_START.sub(lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), s, count=1)


def _cell(text: object) -> str:
    """A table cell: escaped, never empty."""
    s = md_escape(text) if text is not None else ""
    return s or "–"


# --- the template ---------------------------------------------------------------



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


# --- the report ---------------------------------------------------------------------


class _Report:
    def __init__(self, g: Granskning, report_date: str, mall: Mall):
        self.g = g
        self.m = mall
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
        numbers = {n for a in mall.avsnitt for n in [a.nr]}
        self.sections = [a for a in mall.avsnitt if a.nr.split(".")[0] in _RULE_PARTS]
        self.placed: dict[str, list[Finding]] = {}
        for f in g.findings:
            self.placed.setdefault(self._place(f.avsnitt, numbers), []).append(f)

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
        self.out.append(f"{'#' * level} {text}")
        self.out.append("")

    def table(self, header: list[str], rows: list[list[str]], align: Optional[list[str]] = None) -> None:
        align = align or ["l"] * len(header)
        self.out.append("| " + " | ".join(header) + " |")
        self.out.append("| " + " | ".join("---:" if a == "r" else "---" for a in align) + " |")
        for row in rows:
            self.out.append("| " + " | ".join(c.replace("\n", " ") or "–" for c in row) + " |")
        self.out.append("")

    def val(self, fa: Fact, precise: bool = False) -> str:
        """A fact's value as text; coded words (okant, ej_uppfyllt) as the template spells them."""
        if isinstance(fa.value, str) and not isinstance(fa.value, bool) and fa.value in self.m.varden:
            return self.m.varden[fa.value]
        return _value(fa.value, fa.enhet, precise)

    def badge(self, utfall: str) -> str:
        return f"**{self.m.utfall[utfall]}**"

    def fact_name(self, name: str) -> str:
        return self.m.fakta.get(name, name)

    def missing(self, names: Iterable[str]) -> str:
        labels = []
        for n in names:
            label = self.fact_name(n)
            if label not in labels:
                labels.append(label)
        return md_escape(", ".join(labels)) if labels else md_escape("uppgifter")

    @staticmethod
    def _place(avsnitt: str, known: set[str]) -> str:
        """The rule's section, or the nearest parent the report has; unknown parts go to 2."""
        nr = avsnitt
        while nr not in known and "." in nr:
            nr = nr.rsplit(".", 1)[0]
        if nr not in known or nr.split(".")[0] not in _RULE_PARTS:
            return "2"
        return nr

    def _finding_values(self, f: Finding) -> dict:
        return {
            "id": md_escape(f.id),
            "titel": md_escape(f.titel),
            "avsnitt": md_escape(f.avsnitt),
            "meddelande": md_escape(f.meddelande),
            "saknas": self.missing(f.saknas),
            "fel": md_escape(f.fel or f.meddelande),
            "utfall": self.badge(f.utfall),
        }

    def source_text(self, k: dict) -> str:
        values = {"namn": md_escape(k.get("namn", "")), "citat": md_escape(k.get("citat") or "")}
        if k.get("verifierad"):
            key = "verifierad" if k.get("citat") else "utan_citat"
        else:
            key = "ej_verifierad_citat" if k.get("citat") else "ej_verifierad"
        return self.fill(self.m.kalla[key], values)

    # --- title block ------------------------------------------------------------------

    def title_block(self) -> None:
        g, m, tb = self.g, self.m, self.m.titelblock
        self.heading(1, self.fill(m.titel))
        self.out.append(f"*{self.fill(m.undertitel)}*")
        self.out.append("")
        c = g.counts()
        summary = ", ".join(_plural(m, k, c[k]) for k in (*SEVERITY, "foljdfel") if c.get(k) and k in m.ord)
        rows = [
            [md_escape(tb["forbund"]), md_escape(g.forbund)],
            [md_escape(tb["organisationsnummer"]), md_escape(g.organisationsnummer or tb["saknas"])],
            [md_escape(tb["rakenskapsar"]), str(g.rakenskapsar)],
            [md_escape(tb["dokument"]), self.base["dokument"]],
            [md_escape(tb["datum"]), self.base["datum"]],
            [md_escape(tb["katalog"]), self.fill(tb["katalog_varde"])],
            [md_escape(tb["motor"]), self.base["motor"]],
            [md_escape(tb["utfall"]), md_escape(summary) or "–"],
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

    # --- 1 Inledning ---------------------------------------------------------------------

    def inledning(self) -> None:
        m = self.m
        self.heading(2, f"1 {md_escape(m.section('1').rubrik)}")
        for nr in ("1.1", "1.2", "1.3", "1.4"):
            a = m.section(nr)
            self.heading(3, f"{nr} {md_escape(a.rubrik)}")
            if a.text:
                self.para(self.fill(a.text))
            if nr == "1.2":
                for i, q in enumerate(a.revisionsfragor, 1):
                    self.out.append(f"{i}. {' '.join(self.fill(q).split())}")
                self.out.append("")
                if a.efter:
                    self.para(self.fill(a.efter))
            elif nr == "1.3":
                self.method(a)
            elif nr == "1.4":
                for r in a.risker:
                    self.out.append(f"- {' '.join(self.fill(r).split())}")
                self.out.append("")
                mb = self.g.scalars.get("medlemsbidrag")
                if a.vasentlighet and mb is not None:
                    self.para(self.fill(a.vasentlighet, {"medlemsbidrag": mb.value}, {"medlemsbidrag": "kr"}))

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
        missing = [f for f in g.findings if f.utfall == "underlag_saknas"]
        if a.ej_bedomda_rubrik:
            if missing:
                self.out.append(self.fill(a.ej_bedomda_rubrik))
                self.out.append("")
                for f in missing:
                    self.out.append("- " + self.fill(a.ej_bedomda_rad or "", self._finding_values(f)))
                self.out.append("")
            elif a.ej_bedomda_inga:
                self.para(self.fill(a.ej_bedomda_inga))
        errors = [f for f in g.findings if f.utfall == "fel"]
        if errors and a.fel_rubrik:
            self.out.append(self.fill(a.fel_rubrik))
            self.out.append("")
            for f in errors:
                v = self._finding_values(f)
                self.out.append(f"- {v['titel']} ({v['id']}): {v['fel']}")
            self.out.append("")

    # --- 2 and 3: the findings, part by part ---------------------------------------------------

    def results(self) -> None:
        for a in self.sections:
            depth = a.nr.count(".")
            self.heading(2 + depth, f"{a.nr} {md_escape(a.rubrik)}")
            if a.text:
                self.para(self.fill(a.text))
            findings = self.placed.get(a.nr, [])
            if a.regelverk is None and not findings:
                continue
            self.part(a, findings, 3 + depth)

    def part(self, a: Avsnitt, findings: list[Finding], level: int) -> None:
        m = self.m
        del_ = md_escape(a.del_ or a.rubrik.lower())
        self.heading(level, md_escape(m.regelverk_rubrik))
        if a.regelverk:
            self.para(self.fill(a.regelverk))
        ordered = sorted(findings, key=lambda f: f.id)
        if ordered:
            self.out.append(self.fill(m.provas_har))
            self.out.append("")
            for f in ordered:
                v = self._finding_values(f)
                sources = "; ".join(self.source_text(k) for k in f.kallor)
                self.out.append(f"- *{v['titel']}* ({v['id']}). {md_escape(f.krav)} {md_escape(m.kalla['rubrik'])}: {sources}.")
            self.out.append("")
        self.heading(level, md_escape(m.bedomning_rubrik))
        if not ordered:
            self.para(self.fill(m.inga_regler, {"del": del_}))
            return
        self.current = a
        if a.maltabell is not None:
            self.goal_table(a.maltabell)
        for f in sorted(ordered, key=lambda f: (SEVERITY.index(f.utfall), f.id)):
            self.assessment(f)
        self.key_figures(ordered)
        worst = min((f.utfall for f in ordered), key=SEVERITY.index)
        summary = m.bedomning["sammanfattning"]
        count = sum(1 for f in ordered if f.utfall == worst)
        antal = _plural(m, worst, count) if worst in ("avvikelse", "iakttagelse") else ""
        self.para(self.fill(summary[worst], {"del": del_, "antal": antal, "de": m.ord["de"][count != 1]}))

    def assessment(self, f: Finding) -> None:
        m, b = self.m, self.m.bedomning
        v = self._finding_values(f)
        if f.utfall == "underlag_saknas" and not f.poster:
            v["meddelande"] = self.fill(b["underlag_saknas"], v)
        elif f.utfall == "underlag_saknas" and len(f.poster) == 1 and f.poster[0].saknas:
            v["meddelande"] = self.fill(b["underlag_saknas"], {**v, "saknas": self.missing(f.poster[0].saknas)})
        elif f.utfall == "fel":
            v["meddelande"] = self.fill(b["fel"], v)
        collection = len(f.poster) > 1 or (f.poster and f.poster[0].label != f.titel)
        if collection and f.utfall not in ("uppfylld", "ej_tillamplig", "fel"):
            # The finding's message repeats every item; the items are listed one by one below.
            v["meddelande"] = ""
        self.out.append(self.fill(b["rad"], v).rstrip())
        self.out.append("")
        if not collection or f.utfall == "fel":
            return
        if not (self.current is not None and self.current.maltabell is not None and self.current.maltabell.regel == f.id):
            self.item_table(f)
        shown = [i for i in f.poster if i.utfall not in ("uppfylld", "ej_tillamplig")]
        for i in shown:
            if i.utfall == "underlag_saknas" and i.saknas:
                text = self.fill(b["post_saknas"], {"post": md_escape(i.label), "saknas": self.missing(i.saknas), "id": v["id"]})
            else:
                message = i.meddelande
                if message.startswith(i.label) and len(message) > len(i.label):
                    message = message[len(i.label):].lstrip(" :–-")  # the label is already in front
                text = self.fill(b["post"], {"post": md_escape(i.label), "meddelande": md_escape(message), "id": v["id"]})
            self.out.append(f"- {self.badge(i.utfall)} {text}")
        if shown:
            self.out.append("")
            rest = [(k, sum(1 for i in f.poster if i.utfall == k)) for k in ("uppfylld", "ej_tillamplig")]
            rest = [_plural(m, f"post_{k}", n) for k, n in rest if n]
            if rest:
                self.para(self.fill(b["ovriga"], {"antal": md_escape(f" {b['och']} ".join(rest))}))

    def _columns(self, items: list[ItemResult]) -> list[str]:
        m = self.m
        names: list[str] = []
        for i in items:
            for fact in i.bevis:
                if fact.name in m.dolda_kolumner or _is_derived(fact) or fact.name in names:
                    continue
                if fact.enhet == "text" and str(fact.value) == i.label:
                    continue
                if self.g.scalars.get(fact.name) == fact:
                    continue  # the same for every item: said once, in the message
                names.append(fact.name)
        order = {n: k for k, n in enumerate(m.kolumnordning)}
        names.sort(key=lambda n: (order.get(n, len(order)), n))
        return names[: m.max_kolumner]

    def item_table(self, f: Finding) -> None:
        m, b = self.m, self.m.bedomning
        items = f.poster
        if len(items) > m.max_tabellrader:
            items = [i for i in items if i.utfall not in ("uppfylld", "ej_tillamplig")]
        if len(items) < 1 or (len(items) == 1 and len(f.poster) == 1):
            return
        columns = self._columns(items)
        if not columns:
            return
        if f.utfall == "uppfylld":
            # A table where every row says the same adds nothing to the message above it.
            values = {(fa.name, repr(fa.value)) for i in items for fa in i.bevis if fa.name in columns}
            if len(values) == len(columns):
                return
        header = [md_escape(b["tabell_post"])]
        align = ["l"]
        for name in columns:
            first = next(fa for i in items for fa in i.bevis if fa.name == name)
            header.append(md_escape(m.kolumner.get(name, first.label)))
            align.append("r" if first.enhet in ("kr", "procent", "antal") else "l")
        header.append(md_escape(b["tabell_bedomning"]))
        align.append("l")
        rows = []
        for i in items:
            facts = {fa.name: fa for fa in i.bevis}
            row = [_cell(i.label)]
            for name in columns:
                fa = facts.get(name)
                row.append(_cell(self.val(fa)) if fa is not None else "–")
            row.append(self.badge(i.utfall))
            rows.append(row)
        self.table(header, rows, align)

    def goal_table(self, t: Maltabell) -> None:
        f = next((x for x in self.g.findings if x.id == t.regel), None)
        if f is None:
            self.para(self.fill(t.saknas))
            return
        if not f.poster:
            return
        rows = []
        for i in f.poster:
            facts = {fa.name: fa for fa in i.bevis}

            def shown(name: str) -> str:
                fa = facts.get(name)
                return _cell(self.val(fa)) if fa is not None else "–"

            verdict = next((shown(n) for n in t.bedomning if n in facts), "–")
            outcome = shown(t.utfall)
            reached = facts.get(t.uppnatt)
            if reached is not None and isinstance(reached.value, bool) and outcome != "–":
                outcome += " " + md_escape(t.natt if reached.value else t.ej_natt)
            rows.append([_cell(i.label), shown(t.malvarde), outcome, verdict, self.badge(i.utfall)])
        self.out.append(self.fill(t.rubrik))
        self.out.append("")
        self.table([md_escape(h) for h in t.kolumner], rows, ["l", "r", "r", "l", "l"])
        self.para(self.fill(t.forklaring))

    def key_figures(self, findings: list[Finding]) -> None:
        """The amounts behind single (not per-item) findings, with where they stand."""
        seen: dict[str, Fact] = {}
        for f in findings:
            if len(f.poster) != 1 or f.poster[0].label != f.titel:
                continue
            for fa in f.poster[0].bevis:
                if fa.enhet in ("kr", "procent") and not _is_derived(fa) and fa.name not in seen and not isinstance(fa.value, bool):
                    seen[fa.name] = fa
        if len(seen) < 2:
            return
        b, m = self.m.bedomning, self.m
        rows = []
        for fa in seen.values():
            value = self.val(fa, precise=fa.enhet == "procent")
            if fa.fran_tkr:
                value += f" ({m.bilaga['fran_tkr']})"
            where = md_escape(fa.kalla) if fa.kalla else (md_escape(fa.formel) if fa.formel else "–")
            rows.append([_cell(fa.label[:1].upper() + fa.label[1:]), _cell(value), where])
        self.out.append(self.fill(b["nyckeltal_rubrik"]))
        self.out.append("")
        self.table([md_escape(h) for h in b["nyckeltal_kolumner"]], rows, ["l", "r", "l"])

    # --- 4 Slutsats -----------------------------------------------------------------------

    def conclusion(self) -> None:
        g, m, s = self.g, self.m, self.m.slutsats
        self.heading(2, f"4 {md_escape(m.section('4').rubrik)}")
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
        groups = (("avvikelse", "avvikelser_rubrik"), ("iakttagelse", "iakttagelser_rubrik"), ("underlag_saknas", "ej_bedomda_rubrik"))
        for n, (utfall, rubrik) in enumerate(groups, 1):
            self.heading(3, f"4.{n} {md_escape(s[rubrik])}")
            found = [f for f in g.findings if f.utfall == utfall]
            if not found:
                self.para(md_escape(s["inga"]))
                continue
            for f in found:
                v = self._finding_values(f)
                line = self.fill(s["rad_saknas"] if utfall == "underlag_saknas" else s["rad"], v)
                self.out.append(f"- {line}")
            self.out.append("")
        self.heading(3, f"4.{len(groups) + 1} {md_escape(s['atgarda_rubrik'])}")
        todo = [f for f in g.findings if f.utfall in ("avvikelse", "iakttagelse", "underlag_saknas", "fel")]
        todo.sort(key=lambda f: (SEVERITY.index(f.utfall) if f.utfall != "fel" else len(SEVERITY), section_key(f.avsnitt), f.id))
        if not todo:
            self.para(self.fill(s["atgarda_inga"]))
            return
        self.para(self.fill(s["atgarda_ingress"]))
        for f in todo:
            self.out.append(f"- [ ] {self.fill(s['atgarda'][f.utfall], self._finding_values(f))}")
        self.out.append("")

    # --- Bilaga ------------------------------------------------------------------------

    def appendix(self) -> None:
        g, bl = self.g, self.m.bilaga
        self.heading(2, md_escape(bl["rubrik"]))
        self.para(self.fill(bl["ingress"]))
        params: dict[str, ParameterUsed] = {}
        for f in g.findings:
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
        for f in sorted(g.findings, key=lambda f: f.id):
            self.rule_appendix(f)

    def rule_appendix(self, f: Finding) -> None:
        m, bl = self.m, self.m.bilaga
        v = self._finding_values(f)
        self.heading(3, f"{v['id']} – {v['titel']}")
        self.para(
            f"**{md_escape(bl['utfall'])}:** {self.badge(f.utfall)} · **{md_escape(bl['avsnitt'])}:** {v['avsnitt']}"
            f" · **{md_escape(bl['vid_brist'])}:** {md_escape(m.utfall.get(f.vid_brist, f.vid_brist).lower())}"
        )
        self.para(f"**{md_escape(bl['meddelande'])}:** {_cell(f.fel or f.meddelande)}")
        self.para(f"**{md_escape(bl['krav'])}:** {_cell(f.krav)}")
        if f.saknas:
            self.para(f"**{md_escape(bl['saknas'])}:** {self.missing(f.saknas)} ({md_escape(', '.join(f.saknas))}).")
        for k in f.kallor:
            text = self.source_text(k)
            if k.get("anmarkning"):
                text += " – *" + self.fill(bl["anmarkning"], {"anmarkning": md_escape(k["anmarkning"])}) + "*"
            self.para(f"**{md_escape(bl['kalla'])}:** {text}")
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
        for i in f.poster:
            single = len(f.poster) == 1 and i.label == f.titel
            if not single:
                line = f"**{self.fill(bl['post'], {'post': md_escape(i.label)})}** – {self.badge(i.utfall)}"
                if i.kalla:
                    line += f" ({md_escape(i.kalla)})"
                self.out.append(line)
                self.out.append("")
                if i.utfall != "uppfylld" or len(f.poster) == 1:
                    self.para(md_escape(i.meddelande))
            if i.saknas:
                self.para(f"{md_escape(bl['saknas'])}: {self.missing(i.saknas)} ({md_escape(', '.join(i.saknas))}).")
            if i.bevis:
                self.evidence_table(i.bevis)

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
                        part = f"{o.label} = {_operand_value(o.value, fa.enhet)}"
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
        self.inledning()
        self.results()
        self.conclusion()
        self.outside_documents()
        self.appendix()
        text = "\n".join(self.out)
        text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
        return text



def render_markdown(g: Granskning, report_date: str, bilaga: str = "brister", mall: Optional[Mall] = None) -> str:
    """The granskningsrapport for one Granskning, dated `report_date` (ÅÅÅÅ-MM-DD)."""
    mall = mall or g.mall
    if mall is None:
        raise ValueError("granskningen saknar rapportmall (den läses in med regelkatalogen)")
    return _Report(g, report_date, mall).render()
