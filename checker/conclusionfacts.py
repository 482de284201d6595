"""Facts for the overall conclusions: how many goals are reached, and the board's own verdict.

A revisor's slutsats asks whether the result is consistent with the financial goals
and the verksamhetsmål, and whether the board's statement on god ekonomisk
hushållning is supported by them. These facts count the goals the `mal` collection
has tried; the rules combine them with other rules' conclusions (such as ek_over_tak).
"""

from __future__ import annotations

from .facts import Facts, Item, _shared, derivation
from .model import Arsredovisning


def _reached(g) -> bool:
    if g.malvarde_max is not None:
        return g.malvarde <= g.utfall <= g.malvarde_max
    return g.utfall >= g.malvarde if g.hogre_ar_battre else g.utfall <= g.malvarde


def _count(out: Facts, prefix: str, what: str, goals: list) -> None:
    measured = [(owner, g) for owner, g in goals if g.malvarde is not None and g.utfall is not None]
    if not measured:
        return
    missed = [(owner, g) for owner, g in measured if not _reached(g)]
    out.put(f"{prefix}_antal", len(measured), "antal", f"{what} med målvärde och utfall")
    out.put(f"{prefix}_ej_nadda", len(missed), "antal", f"{what} som inte är nådda")
    listing = "; ".join(f"”{owner}{g.mal}”" for owner, g in missed) or "inga"
    out.put(f"{prefix}_ej_nadda_lista", listing, "text", f"{what} som inte är nådda")


@derivation("slutsatser")
def conclusion_facts(r: Arsredovisning, out: Facts) -> None:
    _count(out, "finansiella_mal", "finansiella mål", [("", g) for g in r.finansiella_mal])
    _count(out, "verksamhetsmal", "mål för verksamheten",
           [("", g) for g in r.verksamhetsmal] + [(f"{ins.namn}: ", g) for ins in r.insatser for g in ins.mal])
    ghh = r.god_ekonomisk_hushallning
    if ghh is not None:
        out.put("ghh_styrelsen_uppfylld", ghh.uppfylld, "bool", "styrelsen bedömer att förbundet har en god ekonomisk hushållning", kalla=ghh.kalla)
        out.put("ghh_citat", ghh.citat, "text", "styrelsens bedömning som den står", kalla=ghh.kalla)


@derivation("rattelser")
def correction_facts(r: Arsredovisning, out: Facts) -> None:
    items = []
    for c in r.rattelser:
        item = Item(c.beskrivning, {}, c.kalla)
        item.put("belopp", c.belopp, "kr", "justering av tidigare års belopp", kalla=c.kalla, fran_tkr=c.enhet == "tkr")
        item.put("via_resultatet", c.redovisad_mot == "resultatet", "bool", "redovisad genom årets resultat", kalla=c.kalla)
        items.append(item)
    out.collections["rattelser"] = items


@derivation("tidigare_underskott")
def earlier_deficit_facts(r: Arsredovisning, out: Facts) -> None:
    """The three years before this one from the flerårsöversikt: was a negative result regulated since?

    The översikt gives årets resultat, not the balanskravsresultat: the rule says so.
    """
    year = r.rakenskapsar
    results = {o.ar: o.arets_resultat for o in r.oversikt if o.arets_resultat is not None}  # tkr already in kronor
    current = out.scalars.get("arets_resultat")
    if current is not None:
        results[year] = current.value
    items = []
    for y in range(year - 3, year):
        if y not in results or any(later not in results for later in range(y + 1, year + 1)):
            continue
        later = sum(results[v] for v in range(y + 1, year + 1))
        tkr = any(o.enhet == "tkr" for o in r.oversikt if o.ar == y)
        item = Item(f"Resultatet {y}", {}, next((o.kalla for o in r.oversikt if o.ar == y), None))
        item.put("underskott", results[y], "kr", f"årets resultat {y} enligt flerårsöversikten", fran_tkr=tkr)
        item.put("senare_resultat", later, "kr", f"summan av resultaten {y + 1}–{year}", fran_tkr=tkr)
        item.put("kvar_att_reglera", min(0, results[y] + max(0, later)), "kr", "kvar att reglera",
                 "underskottet + de senare årens resultat, om de är positiva", fran_tkr=tkr)
        item.put("sista_ar", y + 3, "ar", "sista året för regleringen")
        items.append(item)
    out.collections["tidigare_underskott"] = items


_AR_DELAR = {
    "resultatrakning": "Resultaträkning",
    "balansrakning": "Balansräkning",
    "kassaflodesanalys": "Kassaflödesanalys",
    "noter": "Noter",
    "driftredovisning": "Driftredovisning",
    "forvaltningsberattelse": "Förvaltningsberättelse",
}


@derivation("ar_delar")
def part_facts(r: Arsredovisning, out: Facts) -> None:
    """The parts of an årsredovisning (LKBR 4:1) the report file holds; a part left out is not in the document."""
    items = []
    for key, label in _AR_DELAR.items():
        value = getattr(r, key)
        item = Item(label)
        item.add(_shared("finns", bool(value), "bool", f"{label} finns"))  # a label of _AR_DELAR: a few
        items.append(item)
    out.collections["ar_delar"] = items

    revisorer = r.revision.revisorer if r.revision is not None else []
    if revisorer:
        who = [(rev.utsedd_av or "").lower() for rev in revisorer]
        kalla = r.revision.kalla
        for name, words, label in (("revisorer_staten", ("staten", "försäkringskassan"), "revisorer utsedda av Försäkringskassan (staten)"),
                                   ("revisorer_region", ("region", "landsting"), "revisorer utsedda av regionen"),
                                   ("revisorer_kommun", ("kommun",), "revisorer utsedda av kommunerna")):
            out.put(name, sum(any(w in text for w in words) for text in who), "antal", label, kalla=kalla)
