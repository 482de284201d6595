"""The flerårsöversikt against the statements for the years both hold, and its own arithmetic.

The statements give this year and the prior year; for those years each figure the
översikt repeats (intäkter, kostnader, årets resultat, eget kapital) must be the
statements'. Across the översikt's own years, eget kapital must move by the year's
result.
"""

from __future__ import annotations

from .facts import Facts, Item, derivation, row_amount, tolerance, tolerance_fact
from .model import Arsredovisning

_FIELDS = (
    ("intakter", "resultatrakning", "verksamhetens_intakter", "verksamhetens intäkter"),
    ("kostnader", "resultatrakning", "verksamhetens_kostnader", "verksamhetens kostnader"),
    ("arets_resultat", "resultatrakning", "arets_resultat", "årets resultat"),
    ("eget_kapital", "balansrakning", "summa_eget_kapital", "eget kapital"),
)


_amount = row_amount


@derivation("oversikt_avstamning")
def overview_facts(r: Arsredovisning, out: Facts) -> None:
    items = []

    def pair(label, kalla, printed, other, other_label, tkr):
        item = Item(label, {}, kalla)
        item.put("tryckt", printed, "kr", "flerårsöversikten", kalla=kalla, fran_tkr=tkr)
        item.put("beraknad", other, "kr", other_label, fran_tkr=tkr)
        item.put("differens", printed - other, "kr", "differens", "översikten − " + other_label, fran_tkr=tkr)
        item.add(tolerance_fact(tkr))
        items.append(item)

    by_year = {o.ar: o for o in r.oversikt}
    # The statements once, not for every year and figure.
    fields = [(field, st, key, what, "resultaträkningen" if statement == "resultatrakning" else "balansräkningen")
              for field, statement, key, what in _FIELDS if (st := getattr(r, statement)) is not None]
    for o in r.oversikt:
        tkr = o.enhet == "tkr"
        values = o.__dict__
        for field, st, key, what, where in fields:
            printed = values[field]
            other = _amount(st, key, o.ar)
            if printed is None or other is None:
                continue
            st_tkr = st.enhet == "tkr"
            pair(f"Flerårsöversikten {o.ar}: {what}", o.kalla, printed, other, f"{what} {o.ar} i {where}", tkr or st_tkr)
        prior = by_year.get(o.ar - 1)
        if prior is not None and None not in (o.eget_kapital, prior.eget_kapital, o.arets_resultat):
            pair(f"Flerårsöversikten {o.ar}: eget kapital {o.ar - 1} + årets resultat {o.ar} mot eget kapital {o.ar}", o.kalla,
                 o.eget_kapital, prior.eget_kapital + o.arets_resultat, f"eget kapital {o.ar - 1} + årets resultat {o.ar}",
                 tkr or prior.enhet == "tkr")
    out.collections["oversikt_avstamning"] = items


def _financial_net(r: Arsredovisning, year: int):
    """What the resultaträkning has between verksamhetens intäkter and kostnader and årets resultat (the finansnetto)."""
    parts = [_amount(r.resultatrakning, key, year) for key in ("arets_resultat", "verksamhetens_intakter", "verksamhetens_kostnader")]
    if None in parts:
        return None
    return parts[0] - parts[1] - parts[2]


@derivation("oversikt_resultat")
def overview_result_facts(r: Arsredovisning, out: Facts) -> None:
    """Each year of the översikt: intäkter − kostnader against its årets resultat.

    The översikt's result includes the finansnetto, which it seldom prints. For the years
    the resultaträkning holds, its finansnetto is added; for earlier years a gap up to the
    largest finansnetto the resultaträkning shows is taken as a finansnetto.
    """
    nets = {year: n for year in (r.rakenskapsar, r.rakenskapsar - 1) if (n := _financial_net(r, year)) is not None}
    largest = max((abs(n) for n in nets.values()), default=None)
    rr_tkr = bool(r.resultatrakning and r.resultatrakning.enhet == "tkr")
    items = []
    for o in r.oversikt:
        if None in (o.intakter, o.kostnader, o.arets_resultat):
            continue
        tkr = o.enhet == "tkr"
        net = nets.get(o.ar)
        item = Item(f"Flerårsöversikten {o.ar}", {}, o.kalla)
        item.put("intakter", o.intakter, "kr", "intäkter", kalla=o.kalla, fran_tkr=tkr)
        item.put("kostnader", abs(o.kostnader), "kr", "kostnader (belopp utan tecken)", kalla=o.kalla, fran_tkr=tkr)
        item.put("tryckt", o.arets_resultat, "kr", "årets resultat i flerårsöversikten", kalla=o.kalla, fran_tkr=tkr)
        computed = o.intakter - abs(o.kostnader) + (net or 0)
        formel = "intäkter − kostnader" + (" + finansnettot i resultaträkningen" if net is not None else "")
        item.put("beraknad", computed, "kr", "intäkter − kostnader" + (" + finansnetto" if net is not None else ""), formel, fran_tkr=tkr)
        item.put("differens", o.arets_resultat - computed, "kr", "differens", "årets resultat − (" + formel + ")", fran_tkr=tkr)
        item.put("tolerans", tolerance(tkr or (net is not None and rr_tkr)), "kr", "tolerans för avrundning")
        if net is not None:
            item.put("finansnetto_marginal", 0, "kr", "finansnettot är känt ur resultaträkningen")
        elif largest is not None:
            item.put("finansnetto_marginal", largest, "kr", "största finansnetto som resultaträkningen visar",
                     "största |årets resultat − verksamhetens intäkter − verksamhetens kostnader| i resultaträkningen")
        else:
            item.skal = "resultaträkningen visar inget finansnetto att jämföra med"
        items.append(item)
    out.collections["oversikt_resultat"] = items
