"""From a PDF or text to the draft report file: each part found, read, and written with its source."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import parts
from .budgettables import budget_table, span
from .blocks import STATEMENTS, find_blocks, report_start
from .errors import UtkastError
from .notes import link_notes, read_notes
from .numbers import swedish
from .source import Line, read_source
from .statements import Table, read_table
from .table import where
from .text import ocr_pattern
from .writer import CHECK, Writer, amount, check, q

TITLES = {
    "resultatrakning": "resultaträkning",
    "balansrakning": "balansräkning",
    "kassaflodesanalys": "kassaflödesanalys",
}
FB_TEXT = {
    "oversikt_verksamhetens_utveckling": "översikt över verksamhetens utveckling",
    "viktiga_forhallanden": "viktiga förhållanden för resultat och ekonomisk ställning",
    "vasentliga_handelser": "händelser av väsentlig betydelse",
    "styrning_och_uppfoljning": "styrning och uppföljning",
    "god_ekonomisk_hushallning": "god ekonomisk hushållning",
    "balanskravsresultat": "balanskravsresultat",
    "vasentliga_personalforhallanden": "väsentliga personalförhållanden",
    "forvantad_utveckling": "förväntad utveckling",
}


@dataclass
class Draft:
    yaml: str
    summary: list[str]
    found: list[str] = field(default_factory=list)
    guessed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    drift_rows: list[str] = field(default_factory=list)


def draft(path: Path, *, ocr: bool = False) -> Draft:
    """The draft report file for an årsredovisning (PDF or text); UtkastError on bad input."""
    path = Path(path)
    source = read_source(path, ocr=ocr)
    return _build(source)


def _build(source) -> Draft:
    lines = source.lines
    blocks = find_blocks(lines)
    if not any(k in blocks for k in ("resultatrakning", "balansrakning")):
        raise UtkastError(
            f"{source.path}: ser inte ut som en årsredovisning – varken resultaträkning eller "
            "balansräkning hittades; inget utkast skrivet"
        )
    start = report_start(lines, blocks)
    first_block = min(b.start for b in blocks.values())
    report = lines[start:first_block] if first_block > start else lines[:first_block]
    everything = lines

    year = None
    for kind in ("resultatrakning", "balansrakning"):
        if kind in blocks:
            from .table import read_header

            header, _ = read_header(blocks[kind].lines[1:])
            for rubrik in header.rubriker[:1]:
                years = re.findall(r"(?:19|20)\d{2}", rubrik)
                if years:
                    year = int(years[-1])
            if year:
                break
    year = year or parts.report_year(report) or parts.report_year(everything)
    if year is not None and not 2004 <= year <= 2100:
        raise UtkastError(f"{source.path}: räkenskapsåret {year} ligger utanför 2004–2100; inget utkast skrivet")
    if year is None:
        raise UtkastError(f"{source.path}: räkenskapsåret hittades inte (ingen kolumnrubrik med år); inget utkast skrivet")

    d = Draft("", [])
    notes = read_notes(blocks["noter"].lines, year) if "noter" in blocks else []
    budget_tables = []
    for n in list(notes):
        table = budget_table(n.rubrik, n.lines, year)
        if table is not None:
            budget_tables.append(table)
            notes.remove(n)
    note_titles = {n.nummer: n.rubrik for n in notes if n.nummer.isdigit()}

    tables: dict[str, Table] = {}
    anchors: dict[str, tuple] = {}
    for kind in STATEMENTS:
        if kind not in blocks:
            d.missing.append(TITLES[kind])
            continue
        table = read_table(blocks[kind].lines, year, kind, note_titles, anchors)
        if table is None:
            d.missing.append(TITLES[kind])
            continue
        tables[kind] = table
        for row, key in zip(table.rows, table.keys):
            if key in ("arets_resultat", "kassa_och_bank") and row.values:
                anchors.setdefault(key, row.values)
                if key == "kassa_och_bank":
                    anchors.setdefault("likvida_medel_vid_arets_slut", row.values)
    if "balansrakning" in tables:
        _equity_from_text(tables["balansrakning"], everything)
    link_notes(notes, tables)

    w = Writer()
    w.note(0, f"UTKAST till rapportfil, skrivet av finsam utkast ur {source.path.name} ({_kind_text(source.kind)}).")
    w.note(0, f"Varje värde har sin källa (kalla). '{CHECK}' står där ett värde valts bland flera läsningar "
              "eller placerats efter textens ordning: jämför med dokumentet. Det som inte hittades är utelämnat, aldrig 0.")
    w.note(0, "Kontrollera med: finsam validera FIL")
    w.blank()
    _identity(w, d, report, everything, source)
    w.line(0, f"rakenskapsar: {year}")
    w.line(0, f"dokument: {q(source.path.name)}")
    w.blank()
    _members(w, d, report, notes, year)
    _revision(w, d, everything)
    for kind in STATEMENTS:
        if kind in tables:
            _statement(w, d, kind, tables[kind], blocks[kind].lines)
    _notes(w, d, notes)
    _budget_tables(w, d, budget_tables, year, _row_value(tables.get("resultatrakning"), "verksamhetens_kostnader"))
    drift = None
    if "driftredovisning" in blocks:
        result = anchors.get("arets_resultat")
        drift = parts.driftredovisning(blocks["driftredovisning"].lines, result[0] if result else None)
    _costs(w, d, notes, report, drift)
    _principles(w, d, notes, everything)
    if "driftredovisning" in blocks:
        _drift(w, d, drift, blocks["driftredovisning"].lines, year, anchors.get("arets_resultat"))
    else:
        d.missing.append("driftredovisning")
    _next_budget(w, d, report, year)
    _claims(w, d, report, year)
    _assessment(w, d, report)
    _balanskrav(w, d, report)
    _fb(w, d, report)
    _figures(w, d, report)
    _oversikt(w, d, report, year, tables)
    _follow_up(w, d, report, year)
    _slots(w, report, d.drift_rows, d)
    text = w.text()
    _validate(text, source)
    d.yaml = text
    d.summary = _summary(d, source)
    return d


def _equity_from_text(table: Table, everything: list[Line]) -> None:
    """No "Summa eget kapital" row: the amount the text states for eget kapital, where its parts confirm it.

    Sydnärke 2023 prints only the parts under the heading; its text says "det egna
    kapitalet till knappt 801 162 kr". The row is added for the current year only,
    with the text's line as source, and marked for checking.
    """
    from .table import Row

    if "summa_eget_kapital" in table.keys or "arets_resultat" not in table.keys:
        return
    i = table.keys.index("arets_resultat")
    parts_idx = [i]
    for j in (i - 1, i + 1):
        if 0 <= j < len(table.rows) and re.search(r"eget kapital|balanserad|fritt kapital", table.rows[j].label, re.I):
            parts_idx.append(j)
    if len(parts_idx) < 2:
        return
    parts_idx.sort()
    total = sum((table.rows[j].values[0] or 0) for j in parts_idx)
    pattern = ocr_pattern(r"(?:eget|egna) kapital\w*|ackumulerade överskottet", re.I)
    printed = swedish(total).lstrip("-")
    for k, line in enumerate(everything):
        text = " ".join(l.text.strip() for l in everything[k : k + 2])
        if pattern.search(line.text) and re.search(rf"(?<!\d)(?<!\d ){re.escape(printed)}(?![\d])\s*kr", text):
            hit = everything[k] if printed in everything[k].text else everything[k + 1]
            row = Row("Eget kapital", [hit])
            row.values = (total,) + (None,) * (len(table.columns) - 1)
            row.why.append(f"ingen summarad i balansräkningen; beloppet står i texten och är summan av {', '.join(table.rows[j].label for j in parts_idx)}")
            at = parts_idx[-1] + 1
            table.rows.insert(at, row)
            table.keys.insert(at, "summa_eget_kapital")
            shifted = {}
            for r, ps in table.sums.items():
                shifted[r + (1 if r >= at else 0)] = [p + (1 if p >= at else 0) for p in ps]
            shifted[at] = parts_idx
            table.sums = shifted
            row.only_first = True  # type: ignore[attr-defined]
            return


def _validate(text: str, source) -> None:
    """The draft must be a valid report file; if this reader ever writes one that is not, it says so."""
    from pydantic import ValidationError

    from ..errors import InputError
    from ..load import validation_problems
    from ..model import Arsredovisning
    from ..yamlread import parse_text

    try:
        data, lines = parse_text("utkast", text)
        Arsredovisning.model_validate(data)
    except ValidationError as exc:
        problems = validation_problems("utkastet", exc, lines)
        raise UtkastError(
            f"{source.path}: utkastet blev ogiltigt och skrivs inte: " + "; ".join(str(p) for p in problems[:3])
        ) from None
    except InputError as exc:
        raise UtkastError(f"{source.path}: utkastet blev ogiltigt och skrivs inte: {exc.problems[0]}") from None


def _kind_text(kind: str) -> str:
    return {"text": "text", "pdf": "PDF, ordens positioner", "ocr": "PDF via OCR (Tesseract)"}[kind]


def _identity(w: Writer, d: Draft, report, everything, source) -> None:
    ident = parts.identity(report, everything)
    w.line(0, "forbund:")
    if "namn" in ident:
        w.line(2, f"namn: {q(ident['namn'].value)}")
        d.found.append(f"namn ({ident['namn'].where()})")
    else:
        w.line(2, f"namn: {q('(namnet hittades inte)')}", f"{CHECK}: skriv förbundets namn")
        d.missing.append("förbundets namn")
    if "organisationsnummer" in ident:
        w.line(2, f"organisationsnummer: {q(ident['organisationsnummer'].value)}")
        d.found.append(f"organisationsnummer ({ident['organisationsnummer'].where()})")
    else:
        d.missing.append("organisationsnummer")
    if "lan" in ident:
        w.line(2, f"lan: {q(ident['lan'].value)}", f"{CHECK} (det län texten nämner oftast)")
        d.guessed.append("län")
    srcs = [f.where() for f in ident.values()]
    if srcs:
        w.line(2, f"kalla: {q(', '.join(srcs))}")


def _revision(w: Writer, d: Draft, lines) -> None:
    from .revisorer import read_revisorer

    signatures, page = read_revisorer(lines)
    if not signatures:
        d.missing.append("revisorerna (sidan med revisorernas underskrifter hittades inte eller kunde inte läsas)")
        return
    w.line(0, "revision:")
    w.note(2, f"{CHECK}: revisorerna och vem som utsett var och en är lästa ur underskrifterna; tillstyrkan och "
              "datum står i revisionsberättelsen och anges för hand.")
    w.line(2, "revisorer:")
    for s in signatures:
        w.line(4, f"- namn: {q(s.namn)}", where(s.lines))
        w.line(6, f"utsedd_av: {q(s.utsedd_av)}")
        if s.titel:
            w.line(6, f"titel: {q(s.titel)}")
    w.line(2, f"kalla: {q(where([l for l in page if l.text.strip()]))}")
    w.blank()
    d.found.append(f"revisorer ({len(signatures)})")


def _members(w: Writer, d: Draft, report, notes, year) -> None:
    note = None
    for n in notes:
        if n.avser == "resultatrakning.verksamhetens_intakter" or ("intakter" in _f(n.rubrik) and n.table):
            note = n
            break
    note_rows = []
    if note and note.table:
        note_rows = [(r, r.values[0] if r.values else None) for r in note.table.rows]
    members, contrib = parts.members(report, note_rows)
    if members:
        w.line(0, "medlemmar:")
        for m in members:
            w.line(2, f"- namn: {q(m['namn'])}")
            w.line(4, f"typ: {m['typ']}")
            if m.get("medlemsbidrag") is not None:
                w.line(4, f"medlemsbidrag: {amount(m['medlemsbidrag'])}", f"not {note.nummer}, kolumn {year}")
            w.line(4, f"kalla: {q(where(m['lines']))}")
        d.found.append(f"{len(members)} medlemmar")
        w.blank()
    else:
        d.missing.append("medlemmar")
    if contrib:
        w.line(0, "medlemsbidrag:")
        w.note(2, f"Ur not {note.nummer} ({note.rubrik}), kolumn {year}: driftbidragen per part; "
                  "totalt och kommunerna är summor av de tryckta raderna.")
        for key in ("totalt", "staten", "region", "kommunerna"):
            if key in contrib:
                w.line(2, f"{key}: {amount(contrib[key])}")
        w.line(2, f"kalla: {q(where(contrib['lines']))}")
        w.blank()
        d.found.append("medlemsbidrag per part")
    else:
        d.missing.append("medlemsbidrag (ingen not med driftbidrag per medlem)")


def _f(text: str) -> str:
    from .text import fold

    return fold(text)


def _belopp(columns, values) -> tuple[str, list[str]]:
    items, dashes = [], []
    for (ar, _), v in zip(columns, values):
        if v is None:
            items.append(f"{ar}: 0")
            dashes.append(str(ar))
        else:
            items.append(f"{ar}: {amount(v)}")
    return "{" + ", ".join(items) + "}", dashes


def _defined_sums(table: Table) -> dict[int, tuple[list[int], str]]:
    """Sums the row's own name defines, where the printed amounts add up to something else.

    "Resultat efter finansiella poster" is verksamhetens resultat plus the financial
    items; printed as the financial items alone, the amounts confirm the wrong sum.
    The defined sum is proposed so that the check shows the error, and årets resultat
    is summed from the parts, so that it is shown once.
    """
    keys = table.keys
    if "resultat_efter_finansiella_poster" not in keys or "verksamhetens_resultat" not in keys:
        return {}
    i, vr = keys.index("resultat_efter_finansiella_poster"), keys.index("verksamhetens_resultat")
    financial = table.sums.get(i, [])
    if not financial or any(keys[p].startswith("verksamhetens_") for p in financial):
        return {}
    out = {i: ([vr, *financial], f"{CHECK}: summan radens namn anger; de tryckta beloppen går inte ihop med den")}
    if "arets_resultat" in keys:
        a = keys.index("arets_resultat")
        if i in table.sums.get(a, []):
            parts_ = [q for p in table.sums[a] for q in ([vr, *financial] if p == i else [p])]
            out[a] = (list(dict.fromkeys(parts_)), "summan av posterna, inte av raden ovan, så att felet där visas en gång")
    return out


def _table_rows(w: Writer, table: Table, indent: int) -> int:
    marked = 0
    w.line(indent, "kolumner:")
    for ar, rubrik in table.columns:
        w.line(indent + 2, f"- {{ar: {ar}, rubrik: {q(rubrik)}}}")
    w.line(indent, "rader:")
    defined = _defined_sums(table)
    for i, (row, key) in enumerate(zip(table.rows, table.keys)):
        w.line(indent + 2, f"- nyckel: {key}")
        w.line(indent + 4, f"rad: {q(' '.join(row.label.split()))}")
        if row.note:
            w.line(indent + 4, f"not: {q(row.note)}")
        if i in defined:
            w.line(indent + 4, f"summa_av: [{', '.join(table.keys[p] for p in defined[i][0])}]", defined[i][1])
        elif i in table.sums:
            w.line(indent + 4, f"summa_av: [{', '.join(table.keys[p] for p in table.sums[i])}]", "summan stämmer med de tryckta beloppen")
        if getattr(row, "only_first", False):
            flow, dashes = "{" + f"{table.columns[0][0]}: {amount(row.values[0])}" + "}", []
        else:
            flow, dashes = _belopp(table.columns, row.values)
        why = list(row.why)
        parts_of = [table.keys[p] for p in table.sums.get(i, [])]
        if key == "resultat_efter_finansiella_poster" and parts_of and not any(
            p.startswith("verksamhetens_") for p in parts_of
        ):
            # printed under this label, the amount adds up to the financial items alone
            why.append("beloppet är summan av " + " och ".join(parts_of) + ", inte verksamhetens resultat plus finansiella poster")
        note = check(why)
        if dashes:
            dash_note = f"tryckt \"-\" för {', '.join(dashes)}"
            note = f"{note}; {dash_note}" if note else dash_note
        if why:
            marked += 1
        w.line(indent + 4, f"belopp: {flow}", note)
        w.line(indent + 4, f"kalla: {q(row.where())}")
    return marked


def _statement(w: Writer, d: Draft, kind: str, table: Table, block_lines) -> None:
    w.line(0, f"{kind}:")
    if table.unit_tkr:
        w.line(2, "enhet: tkr")
    w.line(2, f"kalla: {q(where([l for l in block_lines if l.text.strip()]))}")
    for remark in table.notes:
        if "rubriken" in remark and "antas" not in remark:
            continue
        w.note(2, f"{CHECK}: {remark}")
    for (ar, rubrik) in table.columns:
        years = re.findall(r"(?:19|20)\d{2}", rubrik)
        if years and int(years[-1]) != ar:
            w.note(2, f"{CHECK}: kolumnen för {ar} har rubriken \"{rubrik}\" (kolumn {table.columns.index((ar, rubrik)) + 1} avser året före)")
            d.guessed.append(f"{TITLES[kind]}: året för kolumnen med rubriken \"{rubrik}\" ({ar})")
    marked = _table_rows(w, table, 2)
    w.blank()
    d.found.append(f"{TITLES[kind]} ({len(table.rows)} rader, {len(table.sums)} delsummor som går ihop)")
    if marked:
        d.guessed.append(f"{TITLES[kind]}: {marked} {'rad' if marked == 1 else 'rader'} att kontrollera")


def _notes(w: Writer, d: Draft, notes) -> None:
    if not notes:
        d.missing.append("noter")
        return
    w.line(0, "noter:")
    marked = 0
    for n in notes:
        w.line(2, f"- nummer: {q(n.nummer)}")
        w.line(4, f"rubrik: {q(n.rubrik)}")
        if n.avser:
            w.line(4, f"avser: {n.avser}")
        w.line(4, f"kalla: {q(n.where())}")
        if n.table:
            marked += _table_rows(w, n.table, 4)
    w.blank()
    d.found.append(f"{len(notes)} noter")
    if marked:
        d.guessed.append(f"noter: {marked} {'rad' if marked == 1 else 'rader'} att kontrollera")


# How near a table's outcome must come to the resultaträkning's costs for the draft to propose
# that it covers them all: within 2 % (the 2020 Sammanställning: 99,5 %).
_NEAR = 0.02


def _row_value(table: Table | None, key: str) -> int | None:
    if table is None or key not in table.keys:
        return None
    values = table.rows[table.keys.index(key)].values
    return values[0] if values else None


def _budget_tables(w: Writer, d: Draft, tables, year: int, costs: int | None) -> None:
    if not tables:
        return
    w.line(0, "budgettabeller:")

    def row(indent: int, prefix: str, r, cells: dict) -> None:
        amounts = ", ".join(f"{k}: {amount(0 if v is None else v)}" for k, v in cells.items())
        dashes = [k for k, v in cells.items() if v is None]
        mark = check(r.why)
        if dashes:
            mark = "; ".join(filter(None, [mark, f"tryckt \"-\" för {', '.join(dashes)}"]))
        w.line(indent, f"{prefix}{{rad: {q(' '.join(r.label.split()))}, {amounts}, kalla: {q(r.where())}}}", mark)

    for t in tables:
        w.line(2, f"- rubrik: {q(t.rubrik)}")
        if t.unit_tkr:
            w.line(4, "enhet: tkr")
        w.line(4, f"ar: {t.ar or year}", None if t.ar else f"{CHECK}: rubriken anger inget år; räkenskapsåret antaget")
        w.line(4, "kolumner: {" + ", ".join(f"{k}: {q(v)}" for k, v in t.kolumner.items()) + "}")
        w.line(4, f"kalla: {q(span(t.lines))}")
        spent = sum(abs(c["utfall"] or 0) for s in t.sections for _, c in s.poster)
        if costs and abs(spent - abs(costs)) <= abs(costs) * _NEAR:
            # Near is not equal: the rules then say what the difference is, the encoder whether it holds.
            w.line(4, "avser: resultatrakning.verksamhetens_kostnader",
                   f"{CHECK}: radernas utfall, {swedish(spent)}, ligger nära resultaträkningens verksamhetens "
                   f"kostnader, {swedish(abs(costs))}; stryk raden om tabellen inte tar upp alla kostnader")
            d.guessed.append(f"budgettabell \"{t.rubrik}\": avser resultaträkningens verksamhetens kostnader")
        else:
            w.note(4, f"{CHECK}: avser (raden i resultaträkningen som tabellens summa motsvarar, t.ex. "
                      "resultatrakning.verksamhetens_kostnader) anges för hand när tabellen tar upp alla dess poster.")
        w.line(4, "avsnitt:")
        for s in t.sections:
            poster = "poster:" if s.poster else "poster: []"
            if s.rubrik:
                w.line(6, f"- rubrik: {q(s.rubrik)}")
                w.line(8, poster)
            else:
                w.line(6, f"- {poster}")
            for r, cells in s.poster:
                row(10, "- ", r, cells)
            if s.summa:
                row(8, "summa: ", *s.summa)
            w.line(8, f"kalla: {q(span(s.lines))}")
        if t.summa:
            row(4, "summa: ", *t.summa)
        rows = sum(len(s.poster) for s in t.sections)
        d.found.append(f"budgettabell \"{t.rubrik}\" ({len(t.sections)} avsnitt, {rows} rader)")
    w.blank()


def _drift(w: Writer, d: Draft, drift: dict | None, lines, year, arets_resultat) -> None:
    if not drift or not (drift["poster"] or drift.get("resultat")):
        d.missing.append("driftredovisning (tabellen kunde inte läsas)")
        return
    w.line(0, "driftredovisning:")
    w.note(2, f"{CHECK}: kolumnerna (utfall, budget, avvikelse) är tolkade ur tabellens {drift['count']} beloppskolumner; "
              "jämför med tabellhuvudet.")
    if drift["unit_why"]:
        w.note(2, f"{CHECK}: {drift['unit_why']}: enhet kr")
    if drift["tkr"]:
        w.line(2, "enhet: tkr")
    if drift["enhetsrubrik"]:
        heading, line = drift["enhetsrubrik"]
        w.line(2, f"enhetsrubrik: {q(heading)}", f"{line.where()}, som tryckt")
    w.line(2, f"ar: {year}")
    w.line(2, f"kalla: {q(where([l for l in lines if l.text.strip()]))}")

    def post(indent: int, p: dict, dash: bool = True) -> None:
        first = True
        prefix = "- " if dash else ""
        w.line(indent, f"{prefix}rad: {q(p['rad'])}")
        ind = indent + (2 if dash else 0)
        if p.get("slag"):
            w.line(ind, f"slag: {p['slag']}", "kolumnerna Intäkt och Kostnad")
        for k in p.get("only", ("utfall", "budget", "avvikelse")):
            v = p[k]
            w.line(ind, f"{k}: {amount(0 if v is None else v)}", 'tryckt "-"' if v is None else None)
        if p.get("summa"):
            w.line(ind, "summa: true")
        w.line(ind, f"kalla: {q(where(p['lines']))}", check(p["why"]))

    if drift["poster"]:
        w.line(2, "poster:")
        for p in drift["poster"]:
            post(4, p)
            d.drift_rows.append(f"{p['rad']} ({where(p['lines'])})")
    for key in ("summa_intakter", "summa_kostnader", "resultat"):
        if key in drift:
            w.line(2, f"{key}:")
            post(4, drift[key], dash=False)
    w.blank()
    d.found.append(f"driftredovisning ({len(drift['poster'])} poster)")
    d.guessed.append("driftredovisning: kolumnernas betydelse")
    _budget_from_drift(w, d, drift, year, arets_resultat)


def _budget_from_drift(w: Writer, d: Draft, drift: dict, year, arets_resultat) -> None:
    """The year's budget from the driftredovisning's budget column, where its result row is the year's result.

    The row's utfall equal to the resultaträkning's årets resultat (same sign, same unit)
    is what shows that the columns were read right; otherwise nothing is proposed.
    """
    res = drift.get("resultat")
    rr = arets_resultat[0] if arets_resultat else None
    if not res or res.get("budget") is None or res.get("utfall") is None or rr is None:
        return
    scale = 1000 if drift["tkr"] else 1
    if abs(res["utfall"] * scale - rr) > scale:
        return
    fields = [("intakter", drift.get("summa_intakter"), lambda v: abs(v)),
              ("kostnader", drift.get("summa_kostnader"), lambda v: -abs(v)),
              ("resultat", res, lambda v: v)]
    w.line(0, "budget:")
    w.note(2, f"{CHECK}: årets budget ur driftredovisningens budgetkolumn (dess resultatrad har årets resultat som "
              "utfall); stämmer den inte med den budget styrelsen beslutade, rätta eller stryk.")
    if drift["tkr"]:
        w.line(2, "enhet: tkr")
    w.line(2, f"ar: {year}")
    used = []
    for key, post, sign in fields:
        if post is not None and post.get("budget") is not None and "budget" in post.get("only", ("budget",)):
            w.line(2, f"{key}: {amount(sign(post['budget']))}")
            used.extend(post["lines"])
    w.line(2, f"kalla: {q(where(sorted(set(used), key=lambda l: ((l.page or 0), l.number))))}")
    w.blank()
    d.guessed.append("budget (ur driftredovisningens budgetkolumn)")


def _assessment(w: Writer, d: Draft, report) -> None:
    from .claims import board_assessment

    a = board_assessment(report)
    if a is None:
        d.missing.append("styrelsens bedömning av god ekonomisk hushållning")
        return
    w.line(0, "god_ekonomisk_hushallning:", f"{CHECK}: styrelsens bedömning, meningen på {where(a.lines)}")
    w.line(2, f"uppfylld: {'true' if a.uppfylld else 'false'}")
    w.line(2, f"citat: {q(a.citat)}")
    w.line(2, f"kalla: {q(where(a.lines))}")
    w.blank()
    d.guessed.append("styrelsens bedömning av god ekonomisk hushållning")


def _claims(w: Writer, d: Draft, report, year: int) -> None:
    from .claims import read_claims

    claims = read_claims(report, year)
    if not claims:
        return
    w.line(0, "pastaenden:")
    w.note(2, f"{CHECK}: siffror som texten anger om året, lästa mening för mening; granskningen prövar dem mot "
              "räkenskaperna. Stryk ett påstående som inte gäller storheten det står under.")
    for c in claims:
        value = int(c.varde) if float(c.varde).is_integer() else c.varde
        w.line(2, f"- citat: {q(c.citat)}")
        w.line(4, f"avser: {c.avser}")
        w.line(4, f"varde: {value}")
        w.line(4, f"enhet: {c.enhet}")
        w.line(4, f"kalla: {q(where(c.lines))}")
    w.blank()
    d.guessed.append(f"{len(claims)} påståenden i texten")


def _next_budget(w: Writer, d: Draft, report, year: int) -> None:
    from .decisions import next_year_budget

    b = next_year_budget(report, year)
    if b is None:
        return
    per = 1000 if b["tkr"] else 1
    w.line(0, "budget_nasta_ar:")
    w.note(2, f"{CHECK}: nästa års budget ur meningen på {where(b['lines'])}; beloppen som tryckta.")
    if b["tkr"]:
        w.line(2, "enhet: tkr")
    w.line(2, f"ar: {b['ar']}")
    if "medlemsbidrag" in b and b["medlemsbidrag"] % per == 0:
        w.line(2, f"medlemsbidrag: {amount(b['medlemsbidrag'] // per)}")
    w.line(2, f"resultat: {amount(b['resultat'] // per)}")
    w.line(2, f"kalla: {q(where(b['lines']))}")
    w.blank()
    d.guessed.append(f"budget för {b['ar']} (ur texten)")


def _balanskrav(w: Writer, d: Draft, report) -> None:
    b = parts.balanskrav(report)
    if not b or "balanskravsresultat" not in b:
        d.missing.append("balanskravsresultat (ingen tabell)")
        return
    w.line(0, "balanskrav:")
    if "arets_resultat" in b:
        w.line(2, f"arets_resultat: {amount(b['arets_resultat'])}")
    if b["justeringar"]:
        w.line(2, "justeringar:")
        for j in b["justeringar"]:
            w.line(4, f"- {{rad: {q(j['rad'])}, belopp: {amount(j['belopp'])}}}")
    w.line(2, f"balanskravsresultat: {amount(b['balanskravsresultat'])}")
    if b.get("synnerliga_skal"):
        w.line(2, f"synnerliga_skal: {q(b['synnerliga_skal'])}", f"{CHECK} (stycket som nämner synnerliga skäl)")
        d.guessed.append("balanskrav: synnerliga skäl")
    w.line(2, f"kalla: {q(where(b['lines']))}")
    w.blank()
    d.found.append("balanskravsresultat")


def _fb(w: Writer, d: Draft, report) -> None:
    found = parts.fb_parts(report)
    w.line(0, "forvaltningsberattelse:")
    w.note(2, "true: rubriken finns; false: ingen sådan rubrik hittades i förvaltningsberättelsen.")
    present, absent = [], []
    for key, hit in found.items():
        if hit:
            w.line(2, f"{key}: true", hit.where())
            present.append(FB_TEXT[key])
        else:
            w.line(2, f"{key}: false", f"{CHECK}: ingen rubrik hittad")
            absent.append(FB_TEXT[key])
    if report:
        w.line(2, f"kalla: {q(where([report[0], report[-1]]))}")
    w.blank()
    d.found.append(f"förvaltningsberättelsens delar: {len(present)} av {len(found)}")
    if absent:
        d.guessed.append(f"förvaltningsberättelsen saknar rubrik för: {', '.join(absent)}")


def _figures(w: Writer, d: Draft, report) -> None:
    figures = parts.key_figures(report)
    if not figures:
        d.missing.append("nyckeltal i texten")
        return
    w.line(0, "angivna_nyckeltal:")
    for key in ("ek_andel_av_medlemsbidrag", "soliditet", "administrationsandel", "stegforflyttning"):
        if key in figures:
            w.line(2, f"{key}: {q(figures[key].value)}", figures[key].where())
    w.line(2, f"kalla: {q(', '.join(f.where() for f in figures.values()))}")
    w.blank()
    names = {"ek_andel_av_medlemsbidrag": "eget kapital i % av medlemsbidrag", "soliditet": "soliditet",
             "administrationsandel": "administrationens andel", "stegforflyttning": "stegförflyttning"}
    d.found.append("nyckeltal: " + ", ".join(names[k] for k in names if k in figures))
    for k in names:
        if k not in figures:
            d.missing.append(f"nyckeltal: {names[k]}")


def _oversikt(w: Writer, d: Draft, report, year, tables) -> None:
    from .oversikt import read_oversikt

    rr = {}
    if "resultatrakning" in tables:
        t = tables["resultatrakning"]
        rr = {k: r.values for r, k in zip(t.rows, t.keys)}
    years = read_oversikt(report, year, rr)
    if not years:
        d.missing.append("flerårsöversikt")
        return
    w.line(0, "oversikt:")
    order = ["medlemsbidrag", "intakter", "kostnader", "arets_resultat", "eget_kapital", "ek_andel_angiven",
             "soliditet_angiven", "antal_anstallda"]
    for y in years:
        parts_ = [f"ar: {y.ar}"] + (["enhet: tkr"] if y.tkr else []) + ([f"enhetsrubrik: {q(y.heading)}"] if y.heading else [])
        for key in order:
            if key not in y.values:
                continue
            v = y.values[key]
            if key in ("soliditet_angiven", "ek_andel_angiven"):
                parts_.append(f"{key}: {q(v)}")
            elif key == "antal_anstallda":
                if v is not None and v >= 0:
                    parts_.append(f"{key}: {v}")
            else:
                parts_.append(f"{key}: {amount(v)}")
        parts_.append(f"kalla: {q(where(sorted(set(y.lines), key=lambda l: ((l.page or 0), l.number))))}")
        w.line(2, "- {" + ", ".join(parts_) + "}", check(y.why))
    w.blank()
    d.found.append(f"flerårsöversikt ({len(years)} år)")
    if any(y.why for y in years):
        d.guessed.append("flerårsöversikt: enheten")


def _admin_from_drift(w: Writer, d: Draft, drift: dict | None) -> bool:
    """The administration from the driftredovisning's one row so named (a subtotal first), as the checker pairs them."""
    if not drift:
        return False
    rows = [p for p in drift["poster"] if "administration" in p["rad"].lower() and p.get("utfall") is not None]
    rows = [p for p in rows if p.get("summa")] or rows
    if len(rows) != 1:
        return False
    post = rows[0]
    # With Intäkt, Kostnad and Netto columns the cost is the Kostnad column: the netto may hold income.
    wide = drift["count"] >= 7 and post.get("values") and post["values"][1] is not None
    cost = post["values"][1] if wide else post["utfall"]
    w.line(0, "kostnadsfordelning:")
    w.note(2, f"{CHECK}: administrationen enligt driftredovisningens rad \"{post['rad']}\" (ingen kostnadsnot med en "
              "delsumma för administrationen); totalt utelämnat (reglerna tar då resultaträkningens kostnader).")
    if drift["tkr"]:
        w.line(2, "enhet: tkr")
    w.line(2, f"administration: {amount(abs(cost))}", "kolumnen Kostnad" if wide else None)
    w.line(2, f"kalla: {q(where(post['lines']))}")
    w.blank()
    d.guessed.append(f"administrationens kostnader (driftredovisningens rad {post['rad']})")
    return True


def _costs(w: Writer, d: Draft, notes, report, drift: dict | None) -> None:
    adm = parts.administration(notes)
    if adm:
        w.line(0, "kostnadsfordelning:")
        w.note(2, f"Administrationen enligt not {adm['note']}; totalt utelämnat (reglerna tar då resultaträkningens kostnader).")
        w.line(2, f"administration: {amount(adm['administration'])}")
        if adm["poster"]:
            w.line(2, "administrationsposter:")
            for label, value, where_ in adm["poster"]:
                w.line(4, f"- {{rad: {q(' '.join(label.split()))}, belopp: {amount(value)}, kalla: {q(where_)}}}")
        w.line(2, f"kalla: {q(where(adm['lines']))}")
        w.blank()
        d.found.append(f"administrationens kostnader (not {adm['note']})")
    elif not _admin_from_drift(w, d, drift):
        d.missing.append("administrationens kostnader")
    goal = parts.administration_goal(report)
    if goal:
        w.line(0, f"administrationsmal: {goal.value}", f"{CHECK} (förbundets mål för administrationens andel, {goal.where()})")
        w.blank()
        d.guessed.append("administrationsmål")


def _principles(w: Writer, d: Draft, notes, everything) -> None:
    found = parts.principles(notes, everything)
    if found:
        w.line(0, f"redovisningsprinciper: {q(found.value)}", found.where())
        w.blank()
        d.found.append("redovisningsprinciper")
    else:
        d.missing.append("redovisningsprinciper")


def _follow_up(w: Writer, d: Draft, report, year: int) -> None:
    from .decisions import plan_decisions

    systems = parts.follow_up_systems(report)
    decided = plan_decisions(report, year)
    if not systems and not decided:
        return
    w.line(0, "styrning:")
    for key, found in decided.items():
        w.line(2, f"{key}: {found.value}", f"{CHECK}: {found.where()}, meningen som säger när styrelsen beslutade")
        d.guessed.append(f"{key.replace('_', ' ')} (ur texten)")
    if systems:
        w.line(2, "uppfoljningssystem:", f"{CHECK} (system som texten nämner)")
        for s in systems:
            w.line(4, f"- {q(s.value)}", s.where())
        d.guessed.append("uppföljningssystem (nämnda i texten)")
    w.line(2, f"kalla: {q(', '.join([f.where() for f in decided.values()] + [s.where() for s in systems]))}")
    w.blank()


def _slots(w: Writer, report, drift_rows=None, d: Draft | None = None) -> None:
    """Insatser and goals need a reader: what the text names plainly is read, the rest is pointed at."""
    found_insatser = parts.insatser(report)
    if d is not None:
        if found_insatser:
            d.guessed.append(f"{len(found_insatser)} insatser med huvudman (typ ur rubriken)")
    hits = []
    for line in report:
        t = line.text.strip()
        if len(t) <= 80 and re.search(r"\b(insats|insatser|mål|måluppfyllelse|verksamhetsmål)\b", t, re.I) and re.match(r"^\s*\d+(\.\d+)*\.?\s", line.text):
            hits.append(f"{line.where()}: {' '.join(t.split())}")
    w.note(0, "Insatsernas avtal, budget, deltagare och mål, och verksamhetens mål, läses inte automatiskt.")
    if hits:
        w.note(0, "Fyll i insatser:, finansiella_mal: och verksamhetsmal: ur avsnitten:")
        for h in hits[:12]:
            w.note(0, f"  {h}")
    if drift_rows:
        w.note(0, "Driftredovisningens rader (några av dem är insatser): " + "; ".join(drift_rows[:20]))
    if found_insatser:
        w.line(0, "insatser:")
        for ins in found_insatser:
            w.line(2, f"- namn: {q(ins['namn'])}")
            w.line(4, f"typ: {ins['typ']}", f"{CHECK} (typen ur närmaste rubrik före insatsen)")
            w.line(4, f"huvudman: {q(ins['huvudman'])}")
            w.line(4, f"kalla: {q(where(ins['lines']))}")
            w.note(4, "Fyll i avtal, budget, utfall, deltagare och mål ur insatsens avsnitt.")
    else:
        w.line(0, "insatser: []")
    w.line(0, "verksamhetsmal: []")


def _summary(d: Draft, source) -> list[str]:
    out = [f"Utkast ur {source.path.name}:"]
    out.append("Hittat: " + ("; ".join(d.found) if d.found else "inget"))
    out.append(f"Gissat ({CHECK}): " + ("; ".join(d.guessed) if d.guessed else "inget"))
    out.append("Saknas: " + ("; ".join(d.missing + ['insatsernas avtal, deltagare och mål; verksamhetens mål (fylls i för hand)']) ))
    return out
