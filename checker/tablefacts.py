"""Tables that repeat the accounts, reconciled against the statements and the notes.

The förbund's cost split ("Finansierad verksamhet"), the driftredovisning's totals
and its administration, and each insats's own figure against its driftredovisning
row. A gap is shown with its amount; where it equals an item the statements name
(finansiella intäkter, finansnettot, avskrivningar, an external grant such as ESF),
the item is named, since that is usually why two tables differ.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from typing import Optional

from . import format as fmt
from .facts import Facts, Item, derivation, row_amount, tolerance, tolerance_fact
from .model import Arsredovisning


def _letters(name: str) -> str:
    return re.sub(r"[^a-zåäö]", "", name.lower())


@lru_cache(maxsize=4096)  # each insats against each driftredovisning row; names recur report after report
def _same_name(a: str, b: str) -> bool:
    a, b = _letters(a), _letters(b)
    if not (a and b):
        return False
    if a in b or b in a:
        return True
    m = difflib.SequenceMatcher(None, a, b)
    # The quick ratios are upper bounds of ratio(): most pairs are told apart without it.
    return m.real_quick_ratio() >= 0.9 and m.quick_ratio() >= 0.9 and m.ratio() >= 0.9


_row = row_amount


def _candidates(r: Arsredovisning) -> list[tuple[str, int]]:
    """Items a gap between two tables may equal: (what, amount without sign)."""
    rr, year = r.resultatrakning, r.rakenskapsar
    out = []
    if rr is not None:
        for row in rr.rader:
            if year not in row.belopp or row.summa_av:
                continue
            if row.nyckel.startswith("finansiella_") or "avskrivning" in row.nyckel or "ranteintakt" in row.nyckel:
                out.append((row.rad.lower(), abs(row.belopp[year])))
        parts = [_row(rr, k, year) for k in ("arets_resultat", "verksamhetens_intakter", "verksamhetens_kostnader")]
        if None not in parts:
            out.append(("finansnettot", abs(parts[0] - parts[1] - parts[2])))
    if r.ovriga_intakter is not None:
        for post in r.ovriga_intakter.poster:
            out.append((f"intäkten ”{post.rad}”", abs(post.belopp)))
    return [(what, amount) for what, amount in out if amount]


def _explain(gap: int, tol: int, candidates: list[tuple[str, int]]) -> str:
    named = [f"{what} ({fmt.kr(amount)})" for what, amount in candidates if abs(abs(gap) - amount) <= tol]
    if not named:
        return "Skillnaden motsvarar ingen enskild post som räkningarna redovisar."
    return "Skillnaden motsvarar " + " eller ".join(dict.fromkeys(named)) + "."


def _admin_note_row(r: Arsredovisning) -> Optional[tuple[str, int, Optional[str]]]:
    """The note's administration subtotal for the year: the one row on administrative costs."""
    year = r.rakenskapsar
    for note in r.noter:
        if note.avser != "resultatrakning.verksamhetens_kostnader":
            continue
        # Only a printed subtotal: a single cost line named "administrativ…" is a part, not the total.
        sums = [row for row in note.rader if "administrativ" in row.rad.lower() and year in row.belopp and row.summa_av]
        if len(sums) == 1:
            return f"Not {note.nummer}: {sums[0].rad}", abs(sums[0].belopp[year]), sums[0].kalla or note.kalla
    return None


@derivation("tabeller")
def table_facts(r: Arsredovisning, out: Facts) -> None:
    year = r.rakenskapsar
    candidates = _candidates(r)
    items: list[Item] = []

    def pair(label, kalla, table_label, table_value, table_tkr, other_label, other_value, other_tkr, explain=True):
        tkr = table_tkr or other_tkr
        tol = tolerance(tkr)
        gap = table_value - other_value
        item = Item(label, {}, kalla)
        item.put("tryckt", table_value, "kr", table_label, kalla=kalla, fran_tkr=table_tkr)
        item.put("beraknad", other_value, "kr", other_label, fran_tkr=other_tkr)
        item.put("differens", gap, "kr", "differens", f"{table_label} − {other_label}", fran_tkr=tkr)
        item.add(tolerance_fact(tkr))
        # Only a table against the statements can differ by what the statements hold besides it.
        item.put("forklaring", _explain(gap, tol, candidates) if explain else "", "text", "vad skillnaden motsvarar")
        items.append(item)

    rr_costs = _row(r.resultatrakning, "verksamhetens_kostnader", year)
    rr_income = _row(r.resultatrakning, "verksamhetens_intakter", year)
    rr_result = _row(r.resultatrakning, "arets_resultat", year)
    rr_tkr = bool(r.resultatrakning and r.resultatrakning.enhet == "tkr")
    admin_note = _admin_note_row(r)

    kf = r.kostnadsfordelning
    if kf is not None:
        kf_tkr = kf.enhet == "tkr"
        if kf.totalt is not None and rr_costs is not None:
            pair("Kostnadsfördelningen: totala kostnader mot resultaträkningens verksamhetens kostnader", kf.kalla,
                 "totala kostnader i kostnadsfördelningen", abs(kf.totalt), kf_tkr, "resultaträkningens verksamhetens kostnader", abs(rr_costs), rr_tkr)
        if kf.administration is not None and admin_note is not None:
            pair(f"Kostnadsfördelningen: administration mot {admin_note[0]}", kf.kalla,
                 "administration i kostnadsfördelningen", abs(kf.administration), kf_tkr, admin_note[0].lower(), admin_note[1], False, False)

    d = r.driftredovisning
    if d is not None:
        d_tkr = d.enhet == "tkr"
        for post, rr_value, what in ((d.summa_kostnader, rr_costs, "verksamhetens kostnader"),
                                     (d.summa_intakter, rr_income, "verksamhetens intäkter"),
                                     (d.resultat, rr_result, "årets resultat")):
            if post is None or post.utfall is None or rr_value is None:
                continue
            absolute = what != "årets resultat"
            pair(f"Driftredovisningen: {post.rad} mot resultaträkningens {what}", post.kalla or d.kalla,
                 f"driftredovisningen: {post.rad}", abs(post.utfall) if absolute else post.utfall, d_tkr,
                 f"resultaträkningens {what}", abs(rr_value) if absolute else rr_value, rr_tkr)
        admin_rows = [p for p in d.poster if "administration" in p.rad.lower() and p.utfall is not None]
        admin_rows = [p for p in admin_rows if p.summa] or admin_rows
        if len(admin_rows) == 1 and admin_note is not None:
            post = admin_rows[0]
            pair(f"Driftredovisningen: {post.rad} mot {admin_note[0]}", post.kalla or d.kalla,
                 f"driftredovisningen: {post.rad}", abs(post.utfall), d_tkr, admin_note[0].lower(), admin_note[1], False, False)
        posts = [(p, p.rad) for p in d.poster if p.utfall is not None]
        for ins in r.insatser:
            if ins.utfall is None:
                continue
            name = ins.namn
            rows = [p for p, rad in posts if _same_name(name, rad)]
            if len(rows) == 1:
                post = rows[0]
                pair(f"Insatsen {ins.namn}: utfallet i insatsens redovisning mot driftredovisningens rad {post.rad}", ins.kalla,
                     f"driftredovisningen: {post.rad}", abs(post.utfall), d_tkr, f"insatsens utfall ({ins.namn})", abs(ins.utfall), False, False)
    _budget_tables(r, pair, admin_note, out)
    out.collections["tabellavstamningar"] = items


def _budget_tables(r: Arsredovisning, pair, admin_note, out: Facts) -> None:
    """A budget table's totals against the statement row it stands for, the year's budget and the note on administration."""
    from .budgettables import section_total, short_name, table_total

    for table in r.budgettabeller:
        tkr, name = table.enhet == "tkr", short_name(table)
        total = table_total(table, "utfall")
        how = "" if total is None or total[1] else " (summan av avsnitten, ej tryckt)"
        key = table.avser.split(".", 1)[1] if table.avser else None
        rr = out.scalars.get(key) if key else None
        if total is not None and rr is not None:
            what = rr.label[0].lower() + rr.label[1:]
            pair(f"{name}: utfall totalt mot resultaträkningens {what}", table.kalla,
                 f"utfall totalt{how}", abs(total[0]), tkr, f"resultaträkningens {what}", abs(rr.value), rr.fran_tkr)
        budget_total, budgeted = table_total(table, "budget"), out.scalars.get("budget_kostnader")
        if key == "verksamhetens_kostnader" and budget_total is not None and budgeted is not None:
            how = "" if budget_total[1] else " (summan av avsnitten, ej tryckt)"
            pair(f"{name}: budget totalt mot årets budgeterade kostnader", table.kalla,
                 f"budget totalt{how}", abs(budget_total[0]), tkr, "årets budgeterade kostnader", abs(budgeted.value), budgeted.fran_tkr, False)
        for section in table.avsnitt:
            names = " ".join(filter(None, [section.rubrik, section.summa.rad if section.summa else None])).lower()
            admin_total = section_total(section, "utfall")
            if "administrat" in names and admin_total is not None and admin_note is not None:
                pair(f"{name}: {section.rubrik or 'administration'} mot {admin_note[0]}", section.kalla or table.kalla,
                     f"{section.rubrik or 'administration'} i tabellen", abs(admin_total[0]), tkr, admin_note[0].lower(), admin_note[1], False, False)
