"""Facts for comparing reports: the eget kapital against its ceiling, the flerårsöversikt, the report's parts.

The genomlysning reads these like any rule would, so nothing it shows is
worked out a second time from the raw report.
"""

from __future__ import annotations

from typing import Optional

from .facts import Fact, Facts, Item, Operand, _ratio, _shared, current_law, derivation
from .model import Arsredovisning
from .parameters import NotResolved

# The parts of a report whose absence makes reports less comparable (fields of the report file).
PARTS = ("forvaltningsberattelse", "resultatrakning", "balansrakning", "kassaflodesanalys", "driftredovisning",
         "kostnadsfordelning", "medlemsbidrag", "ovriga_intakter", "budget", "oversikt", "angivna_nyckeltal", "balanskrav")


def _ceiling(year: int, basis: dict) -> tuple[Optional[float], Optional[NotResolved]]:
    found = current_law().resolve("ek_tak", basis.get, year)
    if isinstance(found, NotResolved):
        return None, found
    return float(found.value), None


@derivation("ek_tak")
def _ceiling_facts(r: Arsredovisning, out: Facts) -> None:
    mb, ek = out.scalars.get("medlemsbidrag"), out.scalars.get("ek_utgaende")
    ceiling, gap = _ceiling(r.rakenskapsar, {"medlemsbidrag": mb.value if mb else None})
    if gap is not None:
        out.missing["ek_tak_procent"] = (gap.meddelande, gap.saknas)
        return
    out.put("ek_tak_procent", ceiling, "procent", "rekommenderat tak för eget kapital", "parametern ek_tak för räkenskapsåret")
    if mb is None or ek is None:
        return
    ceiling_kr = mb.value * ceiling / 100
    ops = (Operand(ek.label, ek.value, ek.kalla), Operand(mb.label, mb.value, mb.kalla), Operand("ek_tak", ceiling, enhet="procent"))
    over = ek.value - ceiling_kr
    out.put("ek_tak_belopp", int(ceiling_kr) if float(ceiling_kr).is_integer() else round(ceiling_kr, 2), "kr",
            "rekommenderat tak för eget kapital i kronor", "medlemsbidrag × ek_tak ÷ 100", ops[1:], fran_tkr=mb.fran_tkr)
    out.put("ek_over_tak_belopp", int(over) if float(over).is_integer() else round(over, 2), "kr", "eget kapital över (+) / under (−) taket",
            "eget kapital − medlemsbidrag × ek_tak ÷ 100", ops, fran_tkr=ek.fran_tkr or mb.fran_tkr)
    out.put("ek_over_taket", over > 0, "bool", "eget kapital över taket", "eget kapital > medlemsbidrag × ek_tak ÷ 100", ops)


def _amount(item: Item, name: str, value: Optional[int], label: str, kalla, tkr: bool, absolute: bool = False) -> None:
    if value is not None:
        item.put(name, abs(value) if absolute else value, "kr", label, kalla=kalla, fran_tkr=tkr)


@derivation("oversikt")
def _overview_facts(r: Arsredovisning, out: Facts) -> None:
    items = []
    for o in r.oversikt:
        tkr = o.enhet == "tkr"
        item = Item(f"Flerårsöversikten {o.ar}", {}, o.kalla)
        item.put("ar", o.ar, "ar", "år")
        _amount(item, "medlemsbidrag", o.medlemsbidrag, "medlemsbidrag", o.kalla, tkr)
        _amount(item, "intakter", o.intakter, "intäkter", o.kalla, tkr)
        _amount(item, "kostnader", o.kostnader, "kostnader (belopp utan tecken)", o.kalla, tkr, absolute=True)
        _amount(item, "arets_resultat", o.arets_resultat, "årets resultat", o.kalla, tkr)
        _amount(item, "eget_kapital", o.eget_kapital, "eget kapital", o.kalla, tkr)
        _amount(item, "administration", o.administration, "administration (belopp utan tecken)", o.kalla, tkr, absolute=True)
        _amount(item, "individinriktade", o.individinriktade, "individinriktade insatser (belopp utan tecken)", o.kalla, tkr, absolute=True)
        _amount(item, "strukturovergripande", o.strukturovergripande, "strukturövergripande insatser (belopp utan tecken)", o.kalla, tkr, absolute=True)
        item.put("deltagare", o.deltagare, "antal", "deltagare", kalla=o.kalla)
        item.put("antal_anstallda", o.antal_anstallda, "antal", "anställda", kalla=o.kalla)
        item.put("ek_andel_angiven", o.ek_andel_angiven or None, "text", "eget kapitals andel som angiven", kalla=o.kalla)
        f = item.facts
        item.add(_ratio("ek_andel", "eget kapital i procent av medlemsbidraget", f.get("eget_kapital"), f.get("medlemsbidrag")))
        item.add(_ratio("adm_andel", "administrationens andel av kostnaderna", f.get("administration"), f.get("kostnader")))
        ceiling, _ = _ceiling(o.ar, {"medlemsbidrag": f["medlemsbidrag"].value if "medlemsbidrag" in f else None})
        item.put("ek_tak_procent", ceiling, "procent", "rekommenderat tak för eget kapital", f"parametern ek_tak för {o.ar}")
        items.append(item)
    out.collections["oversikt"] = items


@derivation("rapportens_delar")
def _part_facts(r: Arsredovisning, out: Facts) -> None:
    items = []
    for key in PARTS:
        part = getattr(r, key)
        item = Item(key)
        item.add(_shared("finns", bool(part), "bool", "delen finns i rapportfilen"))
        parts = part if isinstance(part, list) else [part] if part is not None else []
        # A part's fields from its __dict__: getattr on one without enhet goes through pydantic's __getattr__.
        item.add(_shared("i_tkr", any(p.__dict__.get("enhet") == "tkr" for p in parts), "bool", "delen anger belopp i tkr"))
        items.append(item)
    out.collections["rapportens_delar"] = items
