"""The flerårsöversikt against the statements for the years both hold, and its own arithmetic.

The statements give this year and the prior year; for those years each figure the
översikt repeats (intäkter, kostnader, årets resultat, eget kapital) must be the
statements'. Across the översikt's own years, eget kapital must move by the year's
result.
"""

from __future__ import annotations

from .facts import Facts, Item, _fact, derivation, tolerance
from .model import Arsredovisning

_FIELDS = (
    ("intakter", "resultatrakning", "verksamhetens_intakter", "verksamhetens intäkter"),
    ("kostnader", "resultatrakning", "verksamhetens_kostnader", "verksamhetens kostnader"),
    ("arets_resultat", "resultatrakning", "arets_resultat", "årets resultat"),
    ("eget_kapital", "balansrakning", "summa_eget_kapital", "eget kapital"),
)


def _amount(st, key: str, year: int):
    if st is None:
        return None
    return next((row.belopp[year] for row in st.rader if row.nyckel == key and year in row.belopp), None)


@derivation("oversikt_avstamning")
def overview_facts(r: Arsredovisning, out: Facts) -> None:
    items = []

    def pair(label, kalla, printed, other, other_label, tkr):
        item = Item(label, kalla=kalla)
        item.add(_fact("tryckt", printed, "kr", "flerårsöversikten", kalla=kalla, fran_tkr=tkr))
        item.add(_fact("beraknad", other, "kr", other_label, fran_tkr=tkr))
        item.add(_fact("differens", printed - other, "kr", "differens", "översikten − " + other_label, fran_tkr=tkr))
        item.add(_fact("tolerans", tolerance(tkr), "kr", "tolerans"))
        items.append(item)

    by_year = {o.ar: o for o in r.oversikt}
    for o in r.oversikt:
        tkr = o.enhet == "tkr"
        for field, statement, key, what in _FIELDS:
            printed = getattr(o, field)
            st = getattr(r, statement)
            other = _amount(st, key, o.ar)
            if printed is None or other is None:
                continue
            st_tkr = st.enhet == "tkr"
            pair(f"Flerårsöversikten {o.ar}: {what}", o.kalla, printed, other,
                 f"{what} {o.ar} i {'resultaträkningen' if statement == 'resultatrakning' else 'balansräkningen'}", tkr or st_tkr)
        prior = by_year.get(o.ar - 1)
        if prior is not None and None not in (o.eget_kapital, prior.eget_kapital, o.arets_resultat):
            pair(f"Flerårsöversikten {o.ar}: eget kapital {o.ar - 1} + årets resultat {o.ar} mot eget kapital {o.ar}", o.kalla,
                 o.eget_kapital, prior.eget_kapital + o.arets_resultat, f"eget kapital {o.ar - 1} + årets resultat {o.ar}",
                 tkr or prior.enhet == "tkr")
    out.collections["oversikt_avstamning"] = items
