"""Labels and headings: what a table's printed words say against what its figures hold.

A unit heading ("Belopp tkr") against the figures, read against the räkningar the
table repeats; a note's sum row against the row of the räkning it explains; one
amount in the balansräkning or its notes both among the avsättningar and among
the skulder.
"""

from __future__ import annotations

import re
from typing import Optional

from . import format as fmt
from .facts import Facts, Item, _table, derivation, law, row_amount, tolerance
from .model import Arsredovisning


_row = row_amount


# --- the unit heading against the figures ---------------------------------------------

def _heading_unit(text: str) -> Optional[str]:
    words = re.findall(r"[a-zåäö]+", text.lower())
    if "tkr" in words or any(w.startswith("tusen") for w in words):
        return "tkr"
    if "kr" in words or "kronor" in words:
        return "kr"
    return None


def _years(years: list[int]) -> str:
    """2021–2025 for a run of years, else the years one by one."""
    if len(years) > 1 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return ", ".join(map(str, years))


def _figure_unit(pairs: list[tuple[int, int]], share: float) -> Optional[str]:
    """kr or tkr when every printed figure is within `share` % of the räkning's amount read so; else None."""
    units = set()
    for printed, kronor in pairs:
        as_kr = abs(abs(printed) - abs(kronor)) <= abs(kronor) * share / 100
        as_tkr = abs(abs(printed) * 1000 - abs(kronor)) <= abs(kronor) * share / 100
        if as_kr == as_tkr:
            return None
        units.add("kr" if as_kr else "tkr")
    return units.pop() if len(units) == 1 else None


@derivation("enhetsrubriker")
def unit_heading_facts(r: Arsredovisning, out: Facts) -> None:
    year, rr = r.rakenskapsar, r.resultatrakning
    share = law("tolerans_enhet_procent")
    tables = []  # (label, part, [(printed figure, räkning amount in kr, what)])

    def printed(part, value: int) -> int:
        return value // 1000 if part.enhet == "tkr" else value

    d = r.driftredovisning
    if d is not None:
        pairs = []
        for post, key, what in ((d.summa_intakter, "verksamhetens_intakter", "verksamhetens intäkter"),
                                (d.summa_kostnader, "verksamhetens_kostnader", "verksamhetens kostnader")):
            amount = _row(rr, key, year)
            if post is not None and post.utfall is not None and amount:
                pairs.append((printed(d, post.utfall), amount, f"{post.rad} {fmt.tal(printed(d, post.utfall))} mot resultaträkningens {what} {fmt.kr(abs(amount))}"))
        tables.append(("Driftredovisningen", d, pairs))
    kf = r.kostnadsfordelning
    if kf is not None:
        amount = _row(rr, "verksamhetens_kostnader", year)
        pairs = [(printed(kf, kf.totalt), amount, f"totalt {fmt.tal(printed(kf, kf.totalt))} mot resultaträkningens verksamhetens kostnader {fmt.kr(abs(amount))}")] \
            if kf.totalt is not None and amount else []
        tables.append(("Kostnadsfördelningen", kf, pairs))
    # The heading is printed once over a table of years: the years under one heading are one table,
    # checked by those of its years the resultaträkning also gives.
    by_heading: dict[tuple, list] = {}
    for o in r.oversikt:
        by_heading.setdefault((o.enhetsrubrik, o.enhet), []).append(o)
    for years in by_heading.values():
        pairs = []
        for o in years:
            for field, key, what in (("intakter", "verksamhetens_intakter", "verksamhetens intäkter"), ("kostnader", "verksamhetens_kostnader", "verksamhetens kostnader")):
                value, amount = getattr(o, field), _row(rr, key, o.ar)
                if value is not None and amount:
                    pairs.append((printed(o, value), amount, f"{o.ar} {what} {fmt.tal(printed(o, value))} mot resultaträkningens {fmt.kr(abs(amount))}"))
        tables.append((f"Flerårsöversikten {_years(sorted(o.ar for o in years))}", years[0], pairs))
    for t in r.budgettabeller:
        pairs = []
        if t.avser and t.summa is not None and t.summa.utfall is not None:
            amount = _row(rr, t.avser.split(".", 1)[1], t.ar or year)
            if amount:
                pairs.append((printed(t, t.summa.utfall), amount, f"{t.summa.rad} {fmt.tal(printed(t, t.summa.utfall))} mot resultaträkningens {fmt.kr(abs(amount))}"))
        tables.append((f"Tabellen ”{t.rubrik}”", t, pairs))
    statements = {"resultatrakning": rr, "balansrakning": r.balansrakning, "kassaflodesanalys": r.kassaflodesanalys}
    for note in r.noter:
        pairs = []
        if note.avser and note.rader:
            stmt, key = note.avser.split(".", 1)
            top = _top_sum_row(note)
            for col in note.kolumner:
                amount = _row(statements.get(stmt), key, col.ar)
                if top is not None and col.ar in top.belopp and amount:
                    pairs.append((printed(note, top.belopp[col.ar]), amount, f"{top.rad} {fmt.tal(printed(note, top.belopp[col.ar]))} mot räkningens {fmt.kr(abs(amount))}"))
        tables.append((f"Not {note.nummer} {note.rubrik}", note, pairs))

    items = []
    for label, part, pairs in tables:
        heading = getattr(part, "enhetsrubrik", None)
        unit = _heading_unit(heading) if heading else None
        if unit is None:
            continue
        item = Item(f"{label}: rubriken ”{heading}”", {}, part.kalla)
        item.put("rubrik", heading, "text", "enhetsrubrik som tryckt", kalla=part.kalla)
        item.put("rubrikens_enhet", unit, "text", "enheten som rubriken anger")
        found = _figure_unit([(p, a) for p, a, _ in pairs], share) if pairs else None
        if found is None:
            item.skal = "inga belopp som kan ställas mot räkningarna" if not pairs else "beloppen går inte att jämföra entydigt med räkningarna"
        else:
            item.put("beloppens_enhet", found, "text", "enheten som beloppen har mot räkningarna",
                     f"tryckt belopp inom {fmt.tal(share)} % av räkningens belopp i kr respektive tkr")
            item.put("rubrik_stammer", found == unit, "bool", "rubriken anger beloppens enhet")
            item.put("jamforelse", "; ".join(w for _, _, w in pairs), "text", "beloppen mot räkningarna")
        items.append(item)
    out.collections["enhetsrubriker"] = items


# --- a note's sum row against the row it explains ---------------------------------------

# Words that say a row is a sum, and small words, name no item.
_NOT_NAMES = {"summa", "totalt", "total", "sa", "och", "for", "till", "av", "i", "pa", "med", "samt"}


def _words(text: str) -> list[str]:
    # str.translate looks every other letter up in its table and raises KeyError for it: replace is the same, cheaper.
    t = text.lower().replace("å", "a").replace("ä", "a").replace("ö", "o").replace("é", "e")
    return [w for w in re.findall(r"[a-z]+", t) if w not in _NOT_NAMES]


def _same_word(a: str, b: str) -> bool:
    n = min(len(a), len(b))
    prefix = next((i for i in range(n) if a[i] != b[i]), n)
    return a == b or prefix >= min(5, n) and prefix >= 4


def _names(label_words: list[str], target: str) -> bool:
    """Every word the sum row names is a word of the target (a shortened or inflected form counts)."""
    target_words = _words(target)
    return all(any(_same_word(w, t) for t in target_words) for w in label_words)


def _top_sum_row(note):
    top = _table(note).top()
    return top[0] if len(top) == 1 and top[0].summa_av else None


_STATEMENT_NAMES = {"resultatrakning": "resultaträkningens", "balansrakning": "balansräkningens", "kassaflodesanalys": "kassaflödesanalysens"}


@derivation("notsummor")
def note_sum_label_facts(r: Arsredovisning, out: Facts) -> None:
    items = []
    for note in r.noter:
        if not note.avser:
            continue
        top = _top_sum_row(note)
        if top is None:
            continue
        stmt, key = note.avser.split(".", 1)
        st = getattr(r, stmt)
        line = next((row for row in st.rader if row.nyckel == key), None) if st is not None else None
        item = Item(f"Not {note.nummer} {note.rubrik}: summaraden ”{top.rad}”", {}, top.kalla or note.kalla)
        words = _words(top.rad)
        item.put("etikett", top.rad, "text", "summaradens text som tryckt", kalla=item.kalla)
        item.put("rubrik", note.rubrik, "text", "notens rubrik")
        if line is None:
            item.skal = f"raden {key} finns inte i {stmt}"
        else:
            item.put("rad", line.rad, "text", f"raden i {_STATEMENT_NAMES[stmt][:-1]} som noten förklarar", kalla=line.kalla)
            item.put("raknings_namn", _STATEMENT_NAMES[stmt], "text", "räkningen")
            item.put("etikett_stammer", not words or _names(words, line.rad) or _names(words, note.rubrik), "bool",
                     "summaraden namnger raden eller notens rubrik (eller bara ”Summa”)")
        items.append(item)
    out.collections["notsummor"] = items


# --- one amount both among the avsättningar and among the skulder ------------------------

def _kind(text: str) -> Optional[str]:
    t = text.lower().replace("å", "a").replace("ä", "a").replace("ö", "o")
    if "eget kapital" in t:
        return None
    if "avsatt" in t:
        return "avsattning"
    if "skuld" in t:
        return "skuld"
    return None


@derivation("avsattning_skuld")
def provision_debt_facts(r: Arsredovisning, out: Facts) -> None:
    br = r.balansrakning
    if br is None:
        out.collections["avsattning_skuld"] = []
        return
    rows = {row.nyckel: row for row in br.rader}
    kind: dict[str, str] = {}

    def mark(key: str, k: str) -> None:
        if key in kind:
            return
        kind[key] = k
        for part in rows[key].summa_av or []:
            mark(part, k)

    kinds = [(row, _kind(row.rad) or _kind(row.nyckel.replace("_", " "))) for row in br.rader]
    for row, k in kinds:
        if k is not None and row.summa_av:
            mark(row.nyckel, k)
    for row, k in kinds:
        if k is not None and row.nyckel not in kind:
            kind[row.nyckel] = k
    # (kind, year) → [(amount, where, kalla)]
    amounts: dict[tuple[str, int], list[tuple[int, str, Optional[str]]]] = {}
    tkr = br.enhet == "tkr"
    for row in br.rader:
        if row.nyckel in kind:
            for year, value in row.belopp.items():
                amounts.setdefault((kind[row.nyckel], year), []).append((value, f"balansräkningen: {row.rad}", row.kalla))
    for note in r.noter:
        if not note.avser or not note.avser.startswith("balansrakning."):
            continue
        k = kind.get(note.avser.split(".", 1)[1])
        if k is None:
            continue
        tkr = tkr or note.enhet == "tkr"
        for row in note.rader:
            for year, value in row.belopp.items():
                amounts.setdefault((k, year), []).append((value, f"Not {note.nummer}: {row.rad}", row.kalla or note.kalla))
    tol = tolerance(tkr)
    smallest = law("dubbelt_belopp_min_kr")
    items = []
    years = sorted({y for _, y in amounts}, reverse=True)
    for year in years:
        provisions = [a for a in amounts.get(("avsattning", year), []) if abs(a[0]) >= smallest]
        debts = [a for a in amounts.get(("skuld", year), []) if abs(a[0]) >= smallest]
        if ("avsattning", year) not in amounts or ("skuld", year) not in amounts:
            continue
        # The largest of the amounts that stand on both sides: one finding per year and amount.
        same = [(p, d) for p in provisions for d in debts if abs(abs(p[0]) - abs(d[0])) <= tol]
        item = Item(f"Balansräkningen {year}", {}, br.kalla)
        item.put("antal_dubbla", len({p[1] for p, _ in same}), "antal", "belopp som står både som avsättning och som skuld")
        item.put("minsta_belopp", smallest, "kr", "minsta belopp som prövas")
        if same:
            p, d = max(same, key=lambda pd: abs(pd[0][0]))
            item.put("belopp", abs(p[0]), "kr", "beloppet", kalla=p[2], fran_tkr=tkr)
            item.put("avsattning", p[1], "text", "som avsättning", kalla=p[2])
            item.put("skuld", d[1], "text", "som skuld", kalla=d[2])
        items.append(item)
    out.collections["avsattning_skuld"] = items

