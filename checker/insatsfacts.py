"""Finsam 7 § and the agreements behind the insatser: what the årsredovisning shows, and what another document must.

The agreement for each insats: when it was made against when the insats started, and
how many parties besides the förbund it names. Payments or services to individuals:
the årsredovisning can only show cost rows that name them (the words are a
parameter); that none were paid is for the ledger or the revisors' review to say, and
a report file gives it with that document named.
"""

from __future__ import annotations

from .facts import Facts, Operand, _doc, _norm, derivation, law, mentions


@derivation("avtal")
def agreement_facts(r, out: Facts) -> None:
    items = out.collections.get("insatser", [])
    for ins, item in zip(r.insatser, items):
        avtal = ins.avtal
        item.put("startdatum", ins.startdatum, "datum", "insatsen startade", kalla=ins.kalla, dokument=_doc(ins, "startdatum"))
        if avtal is None or avtal.status != "finns":
            continue
        doc = _doc(avtal, "datum", _doc(ins, "avtal"))
        item.put("avtal_datum", avtal.datum, "datum", "avtalet träffat", kalla=avtal.kalla, dokument=doc)
        before = _not_after(avtal.datum, ins.startdatum)
        if before is not None:
            item.put("avtal_fore_start", before, "bool", "avtalet träffat senast när insatsen startade",
                     "avtalets datum ≤ insatsens startdatum",
                     (Operand("avtalet träffat", avtal.datum), Operand("insatsen startade", ins.startdatum)),
                     kalla=avtal.kalla, dokument=doc)
        if avtal.parter:
            item.put("avtal_parter", len(avtal.parter), "antal", "parter i avtalet utöver förbundet", " + ".join(avtal.parter),
                     kalla=avtal.kalla, dokument=_doc(avtal, "parter", _doc(ins, "avtal")))


def _not_after(first, second):
    """Whether date `first` is not after `second`; None when either is missing or a month or year alone leaves it open."""
    if first is None or second is None:
        return None
    n = min(len(first), len(second))
    if first[:n] != second[:n]:
        return first[:n] < second[:n]
    return True if len(first) == len(second) else None


def _cost_rows(r):
    """(where, text) of every cost row the årsredovisning prints: statements, notes on costs, tables, insatser."""
    year = r.rakenskapsar
    rr = r.resultatrakning
    if rr is not None:
        for row in rr.rader:
            if year in row.belopp and not row.summa_av and row.belopp[year] < 0:
                yield "resultaträkningen", row.rad
    for note in r.noter:
        if note.avser == "resultatrakning.verksamhetens_kostnader":
            for row in note.rader:
                if not row.summa_av:
                    yield f"Not {note.nummer}", row.rad
    d = r.driftredovisning
    if d is not None:
        for post in d.poster:
            slag = post.slag or ("kostnad" if (post.utfall or 0) < 0 or (post.budget or 0) < 0 else None)
            if slag == "kostnad" and not post.summa:
                yield "driftredovisningen", post.rad
    for table in r.budgettabeller:
        for section in table.avsnitt:
            for row in section.poster:
                yield table.rubrik, row.rad
    if r.kostnadsfordelning is not None:
        for post in r.kostnadsfordelning.administrationsposter:
            yield "kostnadsfördelningen", post.rad
    for ins in r.insatser:
        yield "insatserna", ins.namn


@derivation("enskilda")
def individual_payment_facts(r, out: Facts) -> None:
    rows = list(dict.fromkeys(_cost_rows(r)))
    if rows:
        words = law("ersattning_enskilda_nyckelord")
        named = [f"{text} ({where})" for where, text in rows if mentions(_norm(text), words)]
        out.put("kostnadsrader_provade", len(rows), "antal", "kostnadsrader och insatser som prövats",
                "rader i resultaträkningen, kostnadsnoter, driftredovisningen, budgettabeller, kostnadsfördelningen och insatsernas namn")
        out.put("ersattning_enskilda_rader", len(named), "antal", "kostnadsrader som avser ersättning eller tjänster till enskilda",
                "rader vars text nämner orden i parametern ersattning_enskilda_nyckelord")
        out.put("ersattning_enskilda_lista", "; ".join(named) or "inga", "text", "kostnadsrader som avser enskilda")
