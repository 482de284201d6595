"""Synthetic årsredovisningar for benchmarks and tests: realistic, seeded, some deliberately faulty.

Each synthetic förbund is simulated over consecutive years (medlemsbidrag,
costs split into individinriktade/strukturövergripande/administration,
eget kapital carried from year to year), so its reports' prior-year columns
and flerårsöversikter agree with its earlier reports. Sizes vary from a small
förbund with two insatser to a large one with a dozen insatser, many goals
and notes. About a fifth of the reports carry a deliberate fault:

  obalans         the balance sheet does not balance (one column)
  summafel        a printed subtotal in the resultaträkning is off
  avtal_saknas    insatser without a written avtal
  delar_saknas    parts left out (kassaflödesanalys, driftredovisning, …) or
                  förvaltningsberättelse headings missing
and some förbund keep eget kapital far over the 20 % ceiling.

    python bench/generate.py 1000 /tmp/syntetiska [--frö 7]

writes 1000 YAML files (valid against checker.model) and manifest.json with
the faults of each file. Nothing here is a real förbund.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

FAULTS = ("obalans", "summafel", "avtal_saknas", "delar_saknas")
SEED = 20261123

_SYLLABLES = ["al", "berg", "by", "da", "e", "fors", "gran", "hed", "holm", "ing", "kil", "lund", "mo", "na", "ny", "ra",
              "sala", "sjö", "sten", "strand", "sund", "torp", "vik", "å", "ås", "ö"]
_LAN = ["Blekinge län", "Dalarnas län", "Gävleborgs län", "Hallands län", "Jämtlands län", "Jönköpings län", "Kalmar län",
        "Kronobergs län", "Norrbottens län", "Skåne län", "Stockholms län", "Södermanlands län", "Uppsala län", "Värmlands län",
        "Västerbottens län", "Västernorrlands län", "Västmanlands län", "Västra Götalands län", "Örebro län", "Östergötlands län"]
_INDIVID = ["Coachingteamet", "Mottagningsteamet", "Arbetslivsintroduktion", "Unga vuxna i arbete", "Samverkansteamet",
            "Steg till arbete", "Hälsa och arbete", "IPS-teamet", "Vägen framåt", "Aktivitetsteamet", "Kartläggningsteamet", "Nystart"]
_STRUKTUR = ["Kompetensutveckling för handläggare", "Behovsanalys", "Samverkansdag", "Rehabmässa", "Nätverk för chefer",
             "Psykiatriveckan", "Utbildning i motiverande samtal", "Länsgemensam konferens"]
_ADM = ["Förbundschef", "Administrativt stöd", "Arvode styrelse", "Revision", "Lokalkostnader", "Övrigt"]


def _name(rng: random.Random) -> str:
    parts = rng.randint(2, 3)
    word = "".join(rng.choice(_SYLLABLES) for _ in range(parts))
    return word[0].upper() + word[1:]


def _luhn_digit(nine: str) -> str:
    total = 0
    for i, ch in enumerate(nine):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return str((10 - total % 10) % 10)


def _orgnr(index: int) -> str:
    nine = f"222{index:06d}"
    return f"{nine[:6]}-{nine[6:]}{_luhn_digit(nine)}"


def _amount(value: float) -> str:
    """As a report prints it: '1 234 567', '−12 345'."""
    n = round(value)
    text = f"{abs(n):,}".replace(",", " ")
    return ("-" if n < 0 else "") + text


# --- simulation ------------------------------------------------------------------------------


@dataclass
class Year:
    ar: int
    medlemsbidrag: int
    ovriga: int
    individ: int
    struktur: int
    adm: int
    fin_int: int
    fin_kost: int
    ek: int  # at year end
    skulder: int
    fordringar: int
    deltagare: int
    anstallda: int

    @property
    def kostnader(self) -> int:
        return self.individ + self.struktur + self.adm

    @property
    def intakter(self) -> int:
        return self.medlemsbidrag + self.ovriga

    @property
    def resultat(self) -> int:
        return self.intakter - self.kostnader + self.fin_int - self.fin_kost

    @property
    def tillgangar(self) -> int:
        return self.ek + self.skulder

    @property
    def kassa(self) -> int:
        return self.tillgangar - self.fordringar


@dataclass
class Forbund:
    index: int
    namn: str
    kortnamn: str
    lan: str
    kommuner: list[tuple[str, float]]  # name, share of the kommuner's quarter
    region: str
    years: dict[int, Year] = field(default_factory=dict)
    insatser: list[tuple[str, str]] = field(default_factory=list)  # (name, typ)
    huvudman: dict[str, str] = field(default_factory=dict)
    adm_mal: float | None = None
    tkr_oversikt: bool = False
    high_ek: bool = False


def simulate(index: int, first: int, last: int, seed: int) -> Forbund:
    rng = random.Random(f"{seed}-forbund-{index}")
    place = _name(rng)
    prefix = rng.choice(["Samordningsförbundet", "Samordningsförbundet", "Finsam", "Samordningsförbundet i"])
    namn = f"{prefix} {place}"
    lan = rng.choice(_LAN)
    n_kommuner = rng.choices([1, 2, 3, 4, 6, 8, 10], [3, 4, 3, 3, 2, 1, 1])[0]
    weights = [rng.uniform(0.3, 3) for _ in range(n_kommuner)]
    kommuner = [(f"{_name(rng)}s kommun", w / sum(weights)) for w in weights]
    f = Forbund(index, namn, place, lan, kommuner, f"Region {lan.replace(' län', '')}")
    size = rng.choices([2, 4, 6, 8, 12, 20, 40], [2, 4, 4, 3, 2, 1, 1])[0] * 1_000_000
    n_individ = max(1, min(len(_INDIVID), int(size / 2_000_000) + rng.randint(0, 3)))
    n_struktur = rng.randint(1, min(len(_STRUKTUR), 2 + int(size / 4_000_000)))
    f.insatser = [(n, "individinriktad") for n in rng.sample(_INDIVID, n_individ)] + [(n, "strukturovergripande") for n in rng.sample(_STRUKTUR, n_struktur)]
    members = [k for k, _ in kommuner] + [f.region]
    f.huvudman = {n: (rng.choice(members) if t == "individinriktad" or rng.random() < 0.6 else "förbundet") for n, t in f.insatser}
    f.adm_mal = rng.choice([None, None, 20, 22, 24, 25])
    f.tkr_oversikt = rng.random() < 0.25
    f.high_ek = rng.random() < 0.15
    ek = round(size * (rng.uniform(0.35, 0.6) if f.high_ek else rng.uniform(0.05, 0.25)))
    mb = size
    skulder = round(size * rng.uniform(0.05, 0.2))
    fordr = round(size * rng.uniform(0.02, 0.15))
    for ar in range(first - 5, last + 1):
        if rng.random() < 0.15:
            mb = max(1_000_000, round(mb * rng.choice([0.5, 0.9, 1.1, 1.25]) / 1000) * 1000)
        ovriga = rng.choice([0, 0, round(mb * rng.uniform(0, 0.02))])
        target = mb * (rng.uniform(0.98, 1.25) if f.high_ek else rng.uniform(0.85, 1.12))
        adm_share = rng.uniform(0.1, 0.34)
        struktur_share = rng.uniform(0.02, 0.15)
        individ = round(target * (1 - adm_share - struktur_share))
        struktur = round(target * struktur_share)
        adm = round(target * adm_share)
        fin_int = rng.randint(0, 12_000)
        fin_kost = rng.randint(0, 3_000)
        y = Year(ar, mb, ovriga, individ, struktur, adm, fin_int, fin_kost, 0, skulder, fordr, rng.randint(20, 60) * max(1, n_individ), 0)
        ek = ek + y.resultat
        if ek < 0:  # a förbund does not run into negative equity: the members pay a supplement
            y.ovriga += -ek + 100_000
            ek = 100_000
        y.ek = ek
        y.skulder = round(y.kostnader * rng.uniform(0.05, 0.25))
        y.fordringar = round(min(y.tillgangar * rng.uniform(0.05, 0.4), y.tillgangar - 10_000))
        y.anstallda = rng.choice([0, 0, 1, 1, 2, 3]) if size < 10_000_000 else rng.randint(2, 6)
        f.years[ar] = y
    return f


# --- one report -----------------------------------------------------------------------------------


def _col(ar: int) -> dict:
    return {"ar": ar, "rubrik": str(ar)}


def _rows(spec: list[tuple], years: list[int]) -> list[dict]:
    """spec: (nyckel, rad, {ar: value} or None, summa_av or None)."""
    out = []
    for key, label, values, parts in spec:
        row: dict = {"nyckel": key, "rad": label}
        if parts:
            row["summa_av"] = parts
        if values is not None:
            row["belopp"] = {ar: _amount(values[ar]) for ar in years if ar in values}
        out.append(row)
    return out


def report(f: Forbund, ar: int, faults: list[str], rng: random.Random) -> dict:
    y = f.years[ar]
    cols = [ar, ar - 1]
    k = {a: f.years[a] for a in cols}
    mb = y.medlemsbidrag
    doc: dict = {
        "forbund": {"namn": f.namn, "organisationsnummer": _orgnr(f.index), "lan": f.lan, "kalla": "s. 1"},
        "rakenskapsar": ar,
        "dokument": f"Årsredovisning {ar}, {f.namn} (syntetisk)",
    }
    members = [{"namn": "Försäkringskassan", "typ": "forsakringskassan"}, {"namn": "Arbetsförmedlingen", "typ": "arbetsformedlingen"},
               {"namn": f.region, "typ": "region", "medlemsbidrag": _amount(mb / 4)}]
    kommun_amounts = [round(mb / 4 * share) for _, share in f.kommuner]
    kommun_amounts[-1] += round(mb / 4) - sum(kommun_amounts)
    members += [{"namn": name, "typ": "kommun", "medlemsbidrag": _amount(a)} for (name, _), a in zip(f.kommuner, kommun_amounts)]
    doc["medlemmar"] = members
    doc["revision"] = {"revisorer": [{"namn": "Revisor Staten", "utsedd_av": "staten", "titel": "Auktoriserad revisor"},
                                     {"namn": "Revisor Regionen", "utsedd_av": "regionen"}, {"namn": "Revisor Kommunerna", "utsedd_av": "kommunerna"}],
                       "tillstyrker_ansvarsfrihet": True, "tillstyrker_faststallande": True, "datum": f"{ar + 1}-03-{rng.randint(10, 28)}"}
    doc["medlemsbidrag"] = {"totalt": _amount(mb), "staten": _amount(mb / 2), "region": _amount(mb / 4), "kommunerna": _amount(mb / 4), "kalla": "not 2"}
    doc["ovriga_intakter"] = {"poster": [{"rad": "Övriga intäkter", "belopp": _amount(y.ovriga)}, {"rad": "Ersättning för sjuklönekostnader", "belopp": 0}]}

    rr_res = {a: k[a].intakter - k[a].kostnader for a in cols}
    rr_fin = {a: k[a].fin_int - k[a].fin_kost for a in cols}
    rr_spec = [
        ("verksamhetens_intakter", "Verksamhetens intäkter", {a: k[a].intakter for a in cols}, None),
        ("verksamhetens_kostnader", "Verksamhetens kostnader", {a: -k[a].kostnader for a in cols}, None),
        ("verksamhetens_resultat", "Verksamhetens resultat", dict(rr_res), ["verksamhetens_intakter", "verksamhetens_kostnader"]),
        ("finansiella_intakter", "Finansiella intäkter", {a: k[a].fin_int for a in cols}, None),
        ("finansiella_kostnader", "Finansiella kostnader", {a: -k[a].fin_kost for a in cols}, None),
        ("resultat_efter_finansiella_poster", "Resultat efter finansiella poster", {a: rr_res[a] + rr_fin[a] for a in cols},
         ["verksamhetens_resultat", "finansiella_intakter", "finansiella_kostnader"]),
        ("arets_resultat", "Årets resultat", {a: k[a].resultat for a in cols}, ["resultat_efter_finansiella_poster"]),
    ]
    if "summafel" in faults:
        rr_spec[2][2][ar] += rng.choice([-1, 1]) * rng.randint(2, 90) * 1000
    doc["resultatrakning"] = {"kalla": "s. 20", "kolumner": [_col(a) for a in cols], "rader": _rows(rr_spec, cols)}

    br_spec = [
        ("fordringar", "Fordringar", {a: k[a].fordringar for a in cols}, None),
        ("kassa_och_bank", "Kassa och bank", {a: k[a].kassa for a in cols}, None),
        ("summa_omsattningstillgangar", "Summa omsättningstillgångar", {a: k[a].tillgangar for a in cols}, ["fordringar", "kassa_och_bank"]),
        ("summa_tillgangar", "Summa tillgångar", {a: k[a].tillgangar for a in cols}, ["summa_omsattningstillgangar"]),
        ("arets_resultat", "Årets resultat", {a: k[a].resultat for a in cols}, None),
        ("ovrigt_eget_kapital", "Övrigt eget kapital", {a: k[a].ek - k[a].resultat for a in cols}, None),
        ("summa_eget_kapital", "Summa eget kapital", {a: k[a].ek for a in cols}, ["arets_resultat", "ovrigt_eget_kapital"]),
        ("summa_kortfristiga_skulder", "Kortfristiga skulder", {a: k[a].skulder for a in cols}, None),
        ("summa_eget_kapital_och_skulder", "Summa eget kapital och skulder", {a: k[a].tillgangar for a in cols}, ["summa_eget_kapital", "summa_kortfristiga_skulder"]),
    ]
    if "obalans" in faults:
        col = rng.choice(cols)
        br_spec[-1][2][col] += rng.choice([20_000, 10_000, -5_000, 1_000])
    doc["balansrakning"] = {"kalla": "s. 21", "kolumner": [{"ar": a, "rubrik": f"{a}-12-31"} for a in cols], "rader": _rows(br_spec, cols)}

    kf_spec = [
        ("arets_resultat", "Årets resultat", {a: k[a].resultat for a in cols}, None),
        ("forandring_fordringar", "Ökning(−)/minskning(+) av fordringar", {a: f.years[a - 1].fordringar - k[a].fordringar for a in cols}, None),
        ("forandring_skulder", "Ökning(+)/minskning(−) av kortfristiga skulder", {a: k[a].skulder - f.years[a - 1].skulder for a in cols}, None),
        ("kassaflode_lopande_verksamhet", "Kassaflöde från den löpande verksamheten",
         {a: k[a].resultat + f.years[a - 1].fordringar - k[a].fordringar + k[a].skulder - f.years[a - 1].skulder for a in cols},
         ["arets_resultat", "forandring_fordringar", "forandring_skulder"]),
        ("arets_kassaflode", "Årets kassaflöde", {a: k[a].kassa - f.years[a - 1].kassa for a in cols}, ["kassaflode_lopande_verksamhet"]),
        ("likvida_medel_vid_arets_borjan", "Likvida medel vid årets början", {a: f.years[a - 1].kassa for a in cols}, None),
        ("likvida_medel_vid_arets_slut", "Likvida medel vid årets slut", {a: k[a].kassa for a in cols}, ["likvida_medel_vid_arets_borjan", "arets_kassaflode"]),
    ]
    doc["kassaflodesanalys"] = {"kalla": "s. 22", "kolumner": [_col(a) for a in cols], "rader": _rows(kf_spec, cols)}

    # Notes: intäkter per member, kostnader per kind, and the balance sheet items.
    note_income = [("staten", "Staten (Försäkringskassan)", {a: k[a].medlemsbidrag / 2 for a in cols}, None),
                   ("regionen", f.region, {a: k[a].medlemsbidrag / 4 for a in cols}, None)]
    for i, (name, share) in enumerate(f.kommuner):
        note_income.append((f"kommun_{i + 1}", name, {a: round(k[a].medlemsbidrag / 4 * share) for a in cols}, None))
    kommun_total = {a: round(k[a].medlemsbidrag / 4) for a in cols}
    for a in cols:  # the last kommun takes the rounding
        note_income[-1][2][a] += kommun_total[a] - sum(round(k[a].medlemsbidrag / 4 * s) for _, s in f.kommuner)
    note_income.append(("ovriga", "Övriga intäkter", {a: k[a].ovriga for a in cols}, None))
    note_income.append(("summa", "Summa", {a: k[a].intakter for a in cols}, [r[0] for r in note_income]))
    notes = [{"nummer": "1", "rubrik": "Redovisningsprinciper", "kalla": "s. 23"},
             {"nummer": "2", "rubrik": "Verksamhetens intäkter", "avser": "resultatrakning.verksamhetens_intakter", "kalla": "s. 23",
              "kolumner": [_col(a) for a in cols], "rader": _rows(note_income, cols)}]
    cost_rows = [("insatser", "Finansierade insatser", {a: k[a].individ + k[a].struktur for a in cols}, None),
                 ("personal", "Personalkostnader och köpta tjänster", {a: round(k[a].adm * 0.6) for a in cols}, None),
                 ("ovrigt", "Övriga administrativa kostnader", {a: k[a].adm - round(k[a].adm * 0.6) for a in cols}, None)]
    cost_rows.append(("summa", "Summa", {a: k[a].kostnader for a in cols}, ["insatser", "personal", "ovrigt"]))
    notes.append({"nummer": "3", "rubrik": "Verksamhetens kostnader", "avser": "resultatrakning.verksamhetens_kostnader", "kalla": "s. 24",
                  "kolumner": [_col(a) for a in cols], "rader": _rows(cost_rows, cols)})
    if rng.random() < 0.6:
        parts = {a: [round(k[a].fordringar * 0.7), round(k[a].fordringar * 0.2)] for a in cols}
        fordr = [("kundfordringar", "Kundfordringar", {a: parts[a][0] for a in cols}, None),
                 ("momsfordran", "Momsfordran", {a: parts[a][1] for a in cols}, None),
                 ("forutbetalda", "Förutbetalda kostnader", {a: k[a].fordringar - sum(parts[a]) for a in cols}, None),
                 ("summa", "Summa", {a: k[a].fordringar for a in cols}, ["kundfordringar", "momsfordran", "forutbetalda"])]
        notes.append({"nummer": "4", "rubrik": "Fordringar", "avser": "balansrakning.fordringar", "kalla": "s. 24",
                      "kolumner": [{"ar": a, "rubrik": f"{a}-12-31"} for a in cols], "rader": _rows(fordr, cols)})
    doc["noter"] = notes
    doc["redovisningsprinciper"] = "Årsredovisningen är upprättad enligt lag (2018:597) om kommunal bokföring och redovisning."

    # Insatser share the individinriktade and strukturövergripande costs.
    individ = [n for n, t in f.insatser if t == "individinriktad"]
    struktur = [n for n, t in f.insatser if t == "strukturovergripande"]
    weights = {n: rng.uniform(0.5, 2) for n, _ in f.insatser}
    utfall: dict[str, int] = {}
    for names, total in ((individ, y.individ), (struktur, y.struktur)):
        w = sum(weights[n] for n in names)
        amounts = [round(total * weights[n] / w) for n in names]
        amounts[-1] += total - sum(amounts)
        utfall.update(zip(names, amounts))
    missing_avtal = set(rng.sample(individ + struktur, rng.randint(1, max(1, len(individ + struktur) // 2)))) if "avtal_saknas" in faults else set()
    participants = [max(5, round(y.deltagare * weights[n] / sum(weights[m] for m in individ))) for n in individ]
    insatser = []
    for name, typ in f.insatser:
        budget = round(utfall[name] * rng.uniform(0.9, 1.15) / 1000) * 1000
        ins: dict = {"namn": name, "typ": typ, "huvudman": f.huvudman[name]}
        if name in missing_avtal:
            ins["avtal"] = {"status": "saknas", "beskrivning": "Inget skriftligt avtal har upprättats med huvudmannen."}
        elif f.huvudman[name] != "förbundet":
            ins["avtal"] = {"status": "finns", "datum": f"{ar - 1}-12-{rng.randint(1, 20):02d}"}
        ins["budget"] = _amount(budget)
        ins["utfall"] = _amount(utfall[name])
        if typ == "individinriktad":
            total = participants[individ.index(name)]
            women = round(total * rng.uniform(0.4, 0.7))
            ins["deltagare"] = {"kvinnor": women, "man": total - women, "totalt": total}
            target = round(total * rng.uniform(0.8, 1.2))
            ins["mal"] = [
                {"omrade": "Kvantitativa mål", "mal": f"{target} deltagare ska ha varit inskrivna under {ar}.", "malvarde": target,
                 "utfall": total, "enhet": "antal", "forbundets_bedomning": "uppfyllt" if total >= target else "delvis"},
                {"omrade": "Stegförflyttning", "mal": "Minst 40 % av deltagarna ska göra en stegförflyttning mot arbete eller studier.",
                 "malvarde": 40, "utfall": rng.randint(25, 70), "enhet": "procent"},
            ]
            ins["mal"][1]["forbundets_bedomning"] = "uppfyllt" if ins["mal"][1]["utfall"] >= 40 else "ej_uppfyllt"
        ins["forbundets_personal_arbetar_med_deltagare"] = False
        ins["forbundets_personal_leder_insatsen"] = False
        ins["kalla"] = f"s. {rng.randint(5, 18)}"
        insatser.append(ins)
    doc["insatser"] = insatser

    doc["driftredovisning"] = {
        "ar": ar,
        "poster": [{"rad": "Administration", "budget": _amount(round(y.adm * 1.02, -3)), "utfall": _amount(y.adm), "avvikelse": _amount(y.adm - round(y.adm * 1.02, -3))}]
        + [{"rad": i["namn"], "budget": i["budget"], "utfall": i["utfall"],
            "avvikelse": _amount(utfall[i["namn"]] - int(i["budget"].replace(" ", "")))} for i in insatser],
        "summa_intakter": {"rad": "Summa intäkter", "utfall": _amount(y.intakter), "summa": True},
        "summa_kostnader": {"rad": "Summa kostnader", "utfall": _amount(y.kostnader), "summa": True},
        "resultat": {"rad": "Resultat", "utfall": _amount(y.resultat), "summa": True},
    }
    adm_posts = [round(y.adm * s) for s in (0.42, 0.15, 0.1, 0.06, 0.12)]
    adm_posts.append(y.adm - sum(adm_posts))
    doc["kostnadsfordelning"] = {
        "individinriktade": _amount(y.individ), "strukturovergripande": _amount(y.struktur), "administration": _amount(y.adm),
        "totalt": _amount(y.kostnader),
        "administrationsposter": [{"rad": r, "belopp": _amount(v)} for r, v in zip(_ADM, adm_posts)],
        "kalla": "s. 9",
    }
    doc["lokaler"] = {"forbundet_hyr_lokaler_for_insatser": rng.random() < 0.08, "kalla": "s. 8"}
    doc["antal_anstallda"] = y.anstallda
    doc["personal"] = [{"roll": "Förbundschef", "anstallningsform": rng.choice(["anstalld", "inhyrd", "kopt_tjanst"]), "sysselsattningsgrad": rng.choice([50, 75, 100]),
                        "arbetar_med_deltagare": False, "leder_insats": False}]
    share = round(100 * y.ek / mb, 1)
    doc["finansiella_mal"] = [{"mal": "Det egna kapitalet ska inte överstiga 20 % av medlemsbidragen.", "malvarde": 20, "utfall": share, "enhet": "procent",
                               "hogre_ar_battre": False, "forbundets_bedomning": "uppfyllt" if share <= 20 else "ej_uppfyllt"}]
    doc["verksamhetsmal"] = [{"omrade": f"Målområde {i + 1}", "mal": rng.choice([
        "Stärka samverkan mellan parterna kring individer med behov av samordnade insatser.",
        "Öka kunskapen om varandras uppdrag hos medarbetare hos parterna.",
        "Insatserna ska leda till att deltagare närmar sig arbete eller studier.",
        "Förbundet ska vara känt hos parternas chefer och handläggare."]),
        "forbundets_bedomning": rng.choice(["uppfyllt", "uppfyllt", "delvis"])} for i in range(rng.randint(2, 12))]
    if f.adm_mal is not None:
        doc["administrationsmal"] = f.adm_mal
    just = [{"rad": "Samtliga realisationsvinster", "belopp": 0}, {"rad": "Orealiserade vinster och förluster i värdepapper", "belopp": 0}]
    bk: dict = {"arets_resultat": _amount(y.resultat), "justeringar": just, "balanskravsresultat": _amount(y.resultat)}
    if y.resultat < 0:
        bk["synnerliga_skal"] = "Förbundet har ett eget kapital som täcker underskottet; styrelsen åberopar synnerliga skäl."
    doc["balanskrav"] = bk
    budget_cost = round(y.kostnader * rng.uniform(0.92, 1.1), -3)
    doc["budget"] = {"ar": ar, "medlemsbidrag": _amount(mb), "intakter": _amount(mb), "kostnader": _amount(-budget_cost), "resultat": _amount(mb - budget_cost),
                     "beslutad": f"{ar - 1}-11"}
    nxt = f.years.get(ar + 1)
    next_mb = nxt.medlemsbidrag if nxt else mb
    doc["budget_nasta_ar"] = {"ar": ar + 1, "medlemsbidrag": _amount(next_mb), "resultat": _amount(-round(max(0, y.ek - next_mb * 0.18), -3))}
    doc["forvaltningsberattelse"] = {k_: True for k_ in ("oversikt_verksamhetens_utveckling", "viktiga_forhallanden", "vasentliga_handelser",
                                                           "styrning_och_uppfoljning", "god_ekonomisk_hushallning", "balanskravsresultat",
                                                           "vasentliga_personalforhallanden", "forvantad_utveckling")}
    doc["styrning"] = {"verksamhetsplan_beslutad": f"{ar - 1}-11-{rng.randint(10, 28)}", "budget_beslutad": f"{ar - 1}-11-{rng.randint(10, 28)}",
                       "internkontrollplan": True, "internkontroll_aterrapporterad": rng.random() < 0.8,
                       "uppfoljningssystem": ["Uppföljning Finsam", "NNS indikatorer"] if ar >= 2023 else ["SUS"],
                       "konsuppdelad_statistik": True, "arsredovisning_faststalld": f"{ar + 1}-{rng.choice(['02', '03', '03', '04'])}-{rng.randint(10, 28)}"}
    doc["angivna_nyckeltal"] = {"ek_andel_av_medlemsbidrag": f"{round(100 * y.ek / mb)} %", "soliditet": f"{round(100 * y.ek / y.tillgangar)} %",
                                "administrationsandel": f"{round(100 * y.adm / y.kostnader)} %"}
    overview = []
    for a in range(ar, ar - 5, -1):
        o = f.years[a]
        if f.tkr_oversikt:
            entry = {"ar": a, "enhet": "tkr", "medlemsbidrag": _amount(o.medlemsbidrag / 1000), "intakter": _amount(o.intakter / 1000),
                     "kostnader": _amount(-o.kostnader / 1000), "arets_resultat": _amount(o.resultat / 1000), "eget_kapital": _amount(o.ek / 1000)}
        else:
            entry = {"ar": a, "medlemsbidrag": _amount(o.medlemsbidrag), "intakter": _amount(o.intakter), "kostnader": _amount(-o.kostnader),
                     "arets_resultat": _amount(o.resultat), "eget_kapital": _amount(o.ek), "administration": _amount(o.adm),
                     "individinriktade": _amount(o.individ), "strukturovergripande": _amount(o.struktur)}
        entry["ek_andel_angiven"] = f"{round(100 * o.ek / o.medlemsbidrag)} %"
        entry["soliditet_angiven"] = f"{round(100 * o.ek / o.tillgangar)} %"
        entry["antal_anstallda"] = o.anstallda
        overview.append(entry)
    doc["oversikt"] = overview
    if "delar_saknas" in faults:
        dropped = rng.sample(["kassaflodesanalys", "driftredovisning", "kostnadsfordelning", "oversikt", "budget", "angivna_nyckeltal", "fb"], rng.randint(1, 3))
        for part in dropped:
            if part == "fb":
                for key in rng.sample(sorted(doc["forvaltningsberattelse"]), rng.randint(1, 3)):
                    doc["forvaltningsberattelse"][key] = False
            else:
                doc.pop(part, None)
        doc["anmarkningar"] = [f"Syntetiskt fel: saknar {', '.join(dropped)}."]
    if faults:
        doc.setdefault("anmarkningar", []).append(f"Syntetiska fel: {', '.join(faults)}.")
    return doc


# --- YAML ------------------------------------------------------------------------------------------


def _scalar(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    return json.dumps(str(v), ensure_ascii=False)


def _is_scalar(v: object) -> bool:
    return not isinstance(v, (dict, list))


def _flow(d: dict) -> str | None:
    if not d or not all(_is_scalar(v) for v in d.values()):
        return None
    text = "{" + ", ".join(f"{k}: {_scalar(v)}" for k, v in d.items()) + "}"
    return text if len(text) <= 100 else None


def _emit(obj: dict, indent: int) -> list[str]:
    pad = " " * indent
    lines = []
    for key, v in obj.items():
        if v is None:
            continue
        if _is_scalar(v):
            lines.append(f"{pad}{key}: {_scalar(v)}")
        elif isinstance(v, dict):
            flow = _flow(v)
            lines += [f"{pad}{key}: {flow}"] if flow else [f"{pad}{key}:"] + _emit(v, indent + 2)
        elif not v:
            lines.append(f"{pad}{key}: []")
        else:
            lines.append(f"{pad}{key}:")
            for item in v:
                if _is_scalar(item):
                    lines.append(f"{pad}  - {_scalar(item)}")
                    continue
                flow = _flow(item)
                if flow:
                    lines.append(f"{pad}  - {flow}")
                    continue
                inner = _emit(item, indent + 4)
                inner[0] = f"{pad}  - " + inner[0].lstrip()
                lines += inner
    return lines


def to_yaml(doc: dict, header: str) -> str:
    return header + "\n".join(_emit(doc, 0)) + "\n"


# --- many reports -------------------------------------------------------------------------------------


def plan(n: int, seed: int) -> list[tuple[int, int]]:
    """(förbund index, year) for n reports: förbund with 1–7 consecutive years between 2018 and 2025."""
    rng = random.Random(f"{seed}-plan")
    out: list[tuple[int, int]] = []
    index = 0
    while len(out) < n:
        count = min(n - len(out), rng.choice([1, 2, 3, 4, 5, 5, 6, 7]))
        last = rng.randint(2018 + count - 1, 2025)
        out += [(index, ar) for ar in range(last - count + 1, last + 1)]
        index += 1
    return out


def generate(n: int, directory: Path, seed: int = SEED, faulty: float = 0.2) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    reports = plan(n, seed)
    spans: dict[int, tuple[int, int]] = {}
    for index, ar in reports:
        lo, hi = spans.get(index, (ar, ar))
        spans[index] = (min(lo, ar), max(hi, ar))
    sims = {index: simulate(index, lo, hi + 1, seed) for index, (lo, hi) in spans.items()}
    manifest = {}
    paths = []
    for i, (index, ar) in enumerate(reports):
        rng = random.Random(f"{seed}-report-{i}")
        faults = sorted(rng.sample(FAULTS, rng.choice([1, 1, 2]))) if rng.random() < faulty else []
        f = sims[index]
        doc = report(f, ar, faults, rng)
        slug = f.kortnamn.lower().translate(str.maketrans("åäö", "aao"))
        path = directory / f"{i:04d}-{slug}-{ar}.yaml"
        header = (f"# Syntetisk årsredovisning {ar} för {f.namn} (bench/generate.py, frö {seed}).\n"
                  "# Inget verkligt förbund: siffrorna är simulerade.\n"
                  + (f"# Avsiktliga fel: {', '.join(faults)}.\n" if faults else "") + "\n")
        path.write_text(to_yaml(doc, header), encoding="utf-8")
        manifest[path.name] = {"forbund": f.namn, "ar": ar, "fel": faults, "ek_over_tak": f.years[ar].ek > 0.2 * f.years[ar].medlemsbidrag}
        paths.append(path)
    (directory / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Skriv syntetiska årsredovisningar (YAML) för prestandamätning och tester.")
    parser.add_argument("antal", type=int, help="antal rapportfiler")
    parser.add_argument("mapp", help="mappen att skriva till (skapas)")
    parser.add_argument("--frö", dest="seed", type=int, default=SEED, help=f"slumpfrö (standard {SEED})")
    parser.add_argument("--felaktiga", type=float, default=0.2, help="andel rapporter med avsiktliga fel (standard 0,2)")
    args = parser.parse_args(argv)
    paths = generate(args.antal, Path(args.mapp), args.seed, args.felaktiga)
    lines = sum(p.read_text(encoding="utf-8").count("\n") for p in paths)
    print(f"{len(paths)} filer i {args.mapp}, i snitt {lines // max(1, len(paths))} rader", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
