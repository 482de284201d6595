"""`finsam mall`: a commented YAML template for a report file, generated from the model.

The structure, field order, required/optional marks, choices and descriptions
come from walking the pydantic model; the example values come from EXEMPEL
(a small, consistent, made-up förbund) and, for any field EXEMPEL does not
give, from the field's type. The output is valid YAML and validates as it
stands, so `finsam mall > fil.yaml && finsam validera fil.yaml` succeeds.
"""

from __future__ import annotations

import json
import re
import textwrap
import types
import typing
from enum import Enum
from typing import Any, Union

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from ruamel.yaml import YAML

from .model import Arsredovisning
from .types import Antal, Ar, Belopp, Datum, IckeNegativtBelopp, Kalla, Procent, Text

SCHEMA_REF = "../schema/arsredovisning.schema.json"
WIDTH = 100
LONG = 120  # characters: a description this long is written in full once


class Utelamnat:
    """An example value shown commented out: the field exists, but usually not in a report like this one."""

    def __init__(self, value: Any):
        self.value = value


HEADER = f"""\
# yaml-language-server: $schema={SCHEMA_REF}
#
# Rapportfil för finsam-granskning: ett samordningsförbunds årsredovisning för ett
# räkenskapsår. Mallen är skapad med `finsam mall` och visar varje fält som filen kan
# ha; kontrollera den ifyllda filen med `finsam validera FIL.yaml` (se docs/rapportfil.md).
#
# - Exempelvärdena gäller ett påhittat förbund: ersätt dem med dokumentets uppgifter.
# - Det som inte står i dokumentet utelämnas: ta bort fältet eller avsnittet. Skriv
#   aldrig 0 för något som saknas. (obligatoriskt) fält måste finnas, (valfritt) får utelämnas.
# - Belopp är hela kronor och får klistras in som de står i PDF:en: "1 735 435",
#   "−717 759". En del med `enhet: tkr` anges i tusental kronor och omräknas vid inläsning.
# - Kostnader skrivs med tecken som i dokumentet. Delsummor räknas inte om: `summa_av`
#   anger vilka rader en tryckt summa ska vara summan av, och reglerna prövar om den går ihop.
# - Procent skrivs 43 eller "43 %". Datum skrivs ÅÅÅÅ-MM-DD (eller ÅÅÅÅ-MM, ÅÅÅÅ).
# - `kalla` anger var i dokumentet uppgiften står, t.ex. "s. 5" eller "rad 137".
# - `dokument` anges bara för uppgifter ur ett annat dokument än årsredovisningen (t.ex.
#   revisorernas rapport): för hela delen, eller per fält `{{fält: dokument}}`.
# - En lista visas med en exempelpost (flera där summor och kolumner kräver det).
# - En rad `# fält: värde` är ett fält som bara ibland finns: ta bort `# ` när det står i dokumentet.
"""

# Swedish descriptions for fields the model leaves undescribed, by "Klass.fält" or by field name.
BESKRIVNING: dict[str, str] = {
    "kalla": "Var i dokumentet uppgiften står.",
    "enhet": "kr, eller tkr om delen anges i tusental kronor (omräknas vid inläsning).",
    "Arsredovisning.forbund": "Förbundet som årsredovisningen gäller.",
    "Arsredovisning.rakenskapsar": "Räkenskapsåret som årsredovisningen gäller.",
    "Arsredovisning.medlemmar": "Förbundets medlemmar, en post per medlem.",
    "Arsredovisning.revision": "Revisionsberättelsen.",
    "Arsredovisning.medlemsbidrag": "Årets medlemsbidrag, totalt och per part.",
    "Arsredovisning.ovriga_intakter": "Intäkter utöver medlemsbidragen.",
    "Arsredovisning.resultatrakning": "Resultaträkningen som den står tryckt.",
    "Arsredovisning.balansrakning": "Balansräkningen som den står tryckt.",
    "Arsredovisning.kassaflodesanalys": "Kassaflödesanalysen som den står tryckt.",
    "Arsredovisning.noter": "Noterna, en post per not.",
    "Arsredovisning.driftredovisning": "Driftredovisningen: budget, utfall och avvikelse som tryckt.",
    "Arsredovisning.kostnadsfordelning": "Kostnaderna fördelade som förbundet redovisar dem.",
    "Arsredovisning.redovisningsprinciper": "Redovisningsprinciperna i korthet eller ordagrant.",
    "Arsredovisning.insatser": "Insatserna som förbundet finansierar, en post per insats.",
    "Arsredovisning.lokaler": "Lokaler för insatserna.",
    "Arsredovisning.antal_anstallda": "Antal anställda i förbundet.",
    "Arsredovisning.personal": "Personal som arbetar för förbundet, en post per roll.",
    "Arsredovisning.finansiella_mal": "Finansiella mål för god ekonomisk hushållning.",
    "Arsredovisning.verksamhetsmal": "Verksamhetsmål för god ekonomisk hushållning.",
    "Arsredovisning.balanskrav": "Balanskravsutredningen.",
    "Arsredovisning.budget_nasta_ar": "Budgeten för nästa år (räkenskapsåret + 1).",
    "Arsredovisning.forvaltningsberattelse": "Vilka av förvaltningsberättelsens obligatoriska delar som finns (true/false; utelämnat = ej granskat).",
    "Arsredovisning.styrning": "Styrning och uppföljning.",
    "Arsredovisning.angivna_nyckeltal": "Nyckeltal som förbundet självt anger i texten, som tryckt (t.ex. \"43 %\").",
    "Forbund.namn": "Förbundets namn som i dokumentet.",
    "Forbund.lan": "Län.",
    "Medlem.namn": "Medlemmens namn.",
    "Medlem.typ": "Slag av medlem.",
    "Revision.revisorer": "Revisorerna som undertecknat.",
    "Revision.tillstyrker_ansvarsfrihet": "Revisorerna tillstyrker ansvarsfrihet för styrelsen.",
    "Revision.tillstyrker_faststallande": "Revisorerna tillstyrker att årsredovisningen fastställs.",
    "Revision.datum": "Revisionsberättelsens datum.",
    "Revisor.namn": "Revisorns namn.",
    "Revisor.utsedd_av": "Vem som utsett revisorn (t.ex. staten, regionen, kommunerna).",
    "Revisor.titel": "Titel, t.ex. auktoriserad revisor.",
    "Medlemsbidrag.totalt": "Medlemsbidragen totalt.",
    "Medlemsbidrag.region": "Regionens medlemsbidrag: en fjärdedel.",
    "Medlemsbidrag.kommunerna": "Kommunernas medlemsbidrag tillsammans: en fjärdedel.",
    "OvrigaIntakter.poster": "Intäktsposterna, en post per rad.",
    "Intaktspost.rad": "Radens text som den står tryckt.",
    "Intaktspost.belopp": "Årets belopp.",
    "Rakning.kolumner": "Kolumnerna, i tryckt ordning (normalt året och föregående år).",
    "Rakning.rader": "Raderna i tryckt ordning, med varje tryckt delsumma.",
    "Not.nummer": "Notens nummer som tryckt.",
    "Not.rubrik": "Notens rubrik.",
    "Not.kolumner": "Notens kolumner, som i räkningarna.",
    "Not.rader": "Notens rader, med en summarad (summa_av) när noten anger en summa.",
    "Driftredovisning.ar": "Året som driftredovisningen gäller.",
    "Driftredovisning.poster": "Driftredovisningens rader i tryckt ordning.",
    "Driftredovisning.summa_intakter": "Summaraden för intäkterna.",
    "Driftredovisning.summa_kostnader": "Summaraden för kostnaderna.",
    "Driftredovisning.resultat": "Resultatraden.",
    "Driftpost.rad": "Radens text som den står tryckt.",
    "Driftpost.slag": "kostnad eller intakt, där tabellen visar det; utelämnat räknas en rad med minustecken som kostnad.",
    "Driftpost.budget": "Budget som tryckt.",
    "Driftpost.utfall": "Utfall som tryckt.",
    "Kostnadsfordelning.individinriktade": "Kostnader för individinriktade insatser.",
    "Kostnadsfordelning.strukturovergripande": "Kostnader för strukturövergripande insatser.",
    "Kostnadsfordelning.administration": "Administrationens kostnader.",
    "Kostnadsfordelning.totalt": "Totala kostnader.",
    "Kostnadspost.rad": "Radens text som den står tryckt.",
    "Kostnadspost.belopp": "Radens belopp.",
    "Insats.namn": "Insatsens namn.",
    "Insats.typ": "Slag av insats.",
    "Insats.avtal": "Avtal eller överenskommelse om insatsen.",
    "Insats.budget": "Insatsens budget för året.",
    "Insats.utfall": "Insatsens utfall för året.",
    "Insats.deltagare": "Deltagare i insatsen under året.",
    "Insats.mal": "Insatsens mål, en post per mål.",
    "Insats.maluppfyllelse": "Förbundets samlade bedömning av insatsens mål, där den ges för insatsen som helhet.",
    "Insats.maluppfyllelse_text": "Den samlade bedömningen ordagrant, t.ex. 'Måluppfyllelse God'.",
    "Insats.forbundets_personal_arbetar_med_deltagare": "Förbundets egen personal arbetar med deltagarna.",
    "Insats.forbundets_personal_leder_insatsen": "Förbundets egen personal leder insatsen.",
    "Avtal.status": "Om avtal finns.",
    "Avtal.datum": "Avtalets datum.",
    "Avtal.beskrivning": "Vad dokumentet säger om avtalet.",
    "Deltagare.kvinnor": "Antal kvinnor.",
    "Deltagare.kvinnor_procent": "Andel kvinnor i procent, där bara könsfördelningen anges.",
    "Deltagare.man_procent": "Andel män i procent.",
    "Deltagare.man": "Antal män.",
    "Deltagare.totalt": "Antal deltagare totalt.",
    "Mal.omrade": "Målområde.",
    "Mal.malvarde": "Målvärdet, som tal.",
    "Mal.malvarde_max": "Övre gräns när målet är ett intervall; malvarde är då den nedre.",
    "Mal.utfall": "Uppmätt utfall, som tal.",
    "Mal.hogre_ar_battre": "true om ett högre utfall är bättre, false om målet är ett tak.",
    "Mal.forbundets_bedomning": "Förbundets egen bedömning, normaliserad.",
    "Lokaler.forbundet_hyr_lokaler_for_insatser": "Förbundet hyr lokaler för insatserna.",
    "Lokaler.beskrivning": "Vad dokumentet säger om lokalerna.",
    "Personal.roll": "Roll, t.ex. förbundschef.",
    "Personal.anstallningsform": "Hur personen arbetar för förbundet.",
    "Personal.arbetsgivare": "Arbetsgivaren, om inte förbundet.",
    "Personal.sysselsattningsgrad": "Sysselsättningsgrad i procent.",
    "Personal.arbetar_med_deltagare": "Arbetar med deltagare.",
    "Personal.leder_insats": "Leder en insats.",
    "Balanskrav.arets_resultat": "Årets resultat enligt balanskravsutredningen.",
    "Balanskrav.justeringar": "Justeringarna i balanskravsutredningen, som tryckt.",
    "Balanskrav.atgardsplan": "Åtgärdsplanen för att återställa ett negativt resultat, ordagrant.",
    "Balanskravsjustering.rad": "Radens text som den står tryckt.",
    "Balanskravsjustering.belopp": "Radens belopp.",
    "Budget.ar": "Året som budgeten gäller.",
    "Budget.medlemsbidrag": "Budgeterade medlemsbidrag.",
    "Budget.intakter": "Budgeterade intäkter.",
    "Budget.kostnader": "Budgeterade kostnader (tecken som tryckt).",
    "Budget.resultat": "Budgeterat resultat.",
    "Budget.beslutad": "När styrelsen beslutade budgeten.",
    "Forvaltningsberattelse.oversikt_verksamhetens_utveckling": "Översikt över verksamhetens utveckling.",
    "Forvaltningsberattelse.viktiga_forhallanden": "Viktiga förhållanden för resultat och ekonomisk ställning.",
    "Forvaltningsberattelse.vasentliga_handelser": "Händelser av väsentlig betydelse.",
    "Forvaltningsberattelse.styrning_och_uppfoljning": "Styrning och uppföljning av verksamheten.",
    "Forvaltningsberattelse.god_ekonomisk_hushallning": "God ekonomisk hushållning och ekonomisk ställning.",
    "Forvaltningsberattelse.balanskravsresultat": "Balanskravsresultat.",
    "Forvaltningsberattelse.vasentliga_personalforhallanden": "Väsentliga personalförhållanden.",
    "Forvaltningsberattelse.forvantad_utveckling": "Förväntad utveckling.",
    "Styrning.verksamhetsplan_beslutad": "När styrelsen beslutade verksamhetsplanen.",
    "Styrning.budget_beslutad": "När styrelsen beslutade budgeten.",
    "Styrning.internkontrollplan": "Det finns en internkontrollplan.",
    "Styrning.internkontroll_aterrapporterad": "Internkontrollen har återrapporterats till styrelsen.",
    "Styrning.konsuppdelad_statistik": "Statistiken redovisas uppdelad på kön.",
    "AngivnaNyckeltal.ek_andel_av_medlemsbidrag": "Eget kapital som andel av medlemsbidragen.",
    "AngivnaNyckeltal.soliditet": "Soliditet.",
    "AngivnaNyckeltal.administrationsandel": "Administrationens andel av kostnaderna.",
    "AngivnaNyckeltal.stegforflyttning": "Andel deltagare med stegförflyttning.",
    "Oversiktsar.ar": "Året.",
    "Oversiktsar.medlemsbidrag": "Medlemsbidrag.",
    "Oversiktsar.intakter": "Intäkter.",
    "Oversiktsar.kostnader": "Kostnader (tecken som tryckt).",
    "Oversiktsar.arets_resultat": "Årets resultat.",
    "Oversiktsar.eget_kapital": "Eget kapital.",
    "Oversiktsar.ek_andel_angiven": "Eget kapitals andel av medlemsbidragen, som tryckt.",
    "Oversiktsar.soliditet_angiven": "Soliditet, som tryckt.",
    "Oversiktsar.antal_anstallda": "Antal anställda.",
    "Oversiktsar.individinriktade": "Kostnader för individinriktade insatser.",
    "Oversiktsar.strukturovergripande": "Kostnader för strukturövergripande insatser.",
    "Oversiktsar.administration": "Administrationens kostnader.",
    "Oversiktsar.deltagare": "Antal deltagare.",
}

# A made-up förbund whose statements add up: intäkter 4 050 000 − kostnader 3 950 000
# = 100 000; + finansnetto 4 000 = årets resultat 104 000; eget kapital 496 000 + 104 000
# = 600 000; likvida medel 700 000 + 100 000 = 800 000 = kassa och bank.
_KOLUMNER_AR = [{"ar": 2025, "rubrik": "2025"}, {"ar": 2024, "rubrik": "2024"}]
_KOLUMNER_BOKSLUTSDAG = [{"ar": 2025, "rubrik": "2025-12-31"}, {"ar": 2024, "rubrik": "2024-12-31"}]


def _rad(nyckel: str, rad: str, ar: str, foregaende: str, summa_av: list[str] | None = None) -> dict:
    row: dict[str, Any] = {"nyckel": nyckel, "rad": rad}
    if summa_av:
        row["summa_av"] = summa_av
    row["belopp"] = {2025: ar, 2024: foregaende}
    return row


EXEMPEL: dict[str, Any] = {
    "forbund": {
        "namn": "Samordningsförbundet Exempel",
        "organisationsnummer": "222000-1586",
        "lan": "Exempels län",
        "kalla": "s. 1",
    },
    "rakenskapsar": 2025,
    "dokument": "Årsredovisning 2025, Samordningsförbundet Exempel",
    "medlemmar": [
        {"namn": "Försäkringskassan", "typ": "forsakringskassan", "medlemsbidrag": "2 000 000", "kalla": "s. 3"},
        {"namn": "Arbetsförmedlingen", "typ": "arbetsformedlingen", "kalla": "s. 3"},
        {"namn": "Region Exempel", "typ": "region", "medlemsbidrag": "1 000 000", "kalla": "s. 3"},
        {"namn": "Exempels kommun", "typ": "kommun", "medlemsbidrag": "1 000 000", "kalla": "s. 3"},
    ],
    "revision": {
        "revisorer": [{"namn": "Anna Andersson", "utsedd_av": "staten", "titel": "Auktoriserad revisor"}],
        "tillstyrker_ansvarsfrihet": True,
        "tillstyrker_faststallande": True,
        "datum": "2026-03-20",
        "kalla": "s. 24",
    },
    "medlemsbidrag": {
        "enhet": "kr",
        "totalt": "4 000 000",
        "staten": "2 000 000",
        "region": "1 000 000",
        "kommunerna": "1 000 000",
        "kalla": "s. 3",
    },
    "ovriga_intakter": {
        "enhet": "kr",
        "poster": [{"rad": "Övriga intäkter", "belopp": "50 000", "kalla": "s. 18"}],
    },
    "resultatrakning": {
        "enhet": "kr",
        "kolumner": _KOLUMNER_AR,
        "rader": [
            {**_rad("verksamhetens_intakter", "Verksamhetens intäkter", "4 050 000", "3 950 000"), "not": "2", "kalla": "s. 15"},
            _rad("verksamhetens_kostnader", "Verksamhetens kostnader", "-3 950 000", "-3 900 000"),
            _rad("verksamhetens_resultat", "Verksamhetens resultat", "100 000", "50 000",
                 ["verksamhetens_intakter", "verksamhetens_kostnader"]),
            _rad("finansiella_intakter", "Finansiella intäkter", "5 000", "2 000"),
            _rad("finansiella_kostnader", "Finansiella kostnader", "-1 000", "-500"),
            _rad("summa_finansiella_poster", "Summa finansiella poster", "4 000", "1 500",
                 ["finansiella_intakter", "finansiella_kostnader"]),
            _rad("resultat_efter_finansiella_poster", "Resultat efter finansiella poster", "104 000", "51 500",
                 ["verksamhetens_resultat", "summa_finansiella_poster"]),
            _rad("arets_resultat", "Årets resultat", "104 000", "51 500", ["resultat_efter_finansiella_poster"]),
        ],
        "kalla": "s. 15",
    },
    "balansrakning": {
        "enhet": "kr",
        "kolumner": _KOLUMNER_BOKSLUTSDAG,
        "rader": [
            {**_rad("kortfristiga_fordringar", "Kortfristiga fordringar", "300 000", "250 000"),
             "not": Utelamnat("3"), "kalla": "s. 16"},
            _rad("kassa_och_bank", "Kassa och bank", "800 000", "700 000"),
            _rad("summa_omsattningstillgangar", "Summa omsättningstillgångar", "1 100 000", "950 000",
                 ["kortfristiga_fordringar", "kassa_och_bank"]),
            _rad("summa_tillgangar", "SUMMA TILLGÅNGAR", "1 100 000", "950 000", ["summa_omsattningstillgangar"]),
            _rad("ovrigt_eget_kapital", "Övrigt eget kapital", "496 000", "444 500"),
            _rad("arets_resultat", "Årets resultat", "104 000", "51 500"),
            _rad("summa_eget_kapital", "Summa eget kapital", "600 000", "496 000",
                 ["ovrigt_eget_kapital", "arets_resultat"]),
            _rad("kortfristiga_skulder", "Kortfristiga skulder", "500 000", "454 000"),
            _rad("summa_kortfristiga_skulder", "Summa kortfristiga skulder", "500 000", "454 000",
                 ["kortfristiga_skulder"]),
            _rad("summa_eget_kapital_och_skulder", "SUMMA EGET KAPITAL OCH SKULDER", "1 100 000", "950 000",
                 ["summa_eget_kapital", "summa_kortfristiga_skulder"]),
        ],
        "kalla": "s. 16",
    },
    "kassaflodesanalys": {
        "enhet": "kr",
        "kolumner": _KOLUMNER_AR,
        "rader": [
            {**_rad("arets_resultat", "Årets resultat", "104 000", "51 500"), "not": Utelamnat("4"), "kalla": "s. 17"},
            _rad("forandring_kortfristiga_fordringar", "Ökning/minskning av kortfristiga fordringar", "-50 000", "20 000"),
            _rad("forandring_kortfristiga_skulder", "Ökning/minskning av kortfristiga skulder", "46 000", "-30 000"),
            _rad("kassaflode_lopande_verksamhet", "Kassaflöde från den löpande verksamheten", "100 000", "41 500",
                 ["arets_resultat", "forandring_kortfristiga_fordringar", "forandring_kortfristiga_skulder"]),
            _rad("arets_kassaflode", "Årets kassaflöde", "100 000", "41 500", ["kassaflode_lopande_verksamhet"]),
            _rad("likvida_medel_vid_arets_borjan", "Likvida medel vid årets början", "700 000", "658 500"),
            _rad("likvida_medel_vid_arets_slut", "Likvida medel vid årets slut", "800 000", "700 000",
                 ["likvida_medel_vid_arets_borjan", "arets_kassaflode"]),
        ],
        "kalla": "s. 17",
    },
    "noter": [
        {
            "enhet": "kr",
            "nummer": "2",
            "rubrik": "Verksamhetens intäkter",
            "avser": "resultatrakning.verksamhetens_intakter",
            "kolumner": _KOLUMNER_AR,
            "rader": [
                {**_rad("medlemsbidrag_staten", "Medlemsbidrag från staten", "2 000 000", "1 950 000"),
                 "not": Utelamnat("5"), "kalla": "s. 18"},
                _rad("medlemsbidrag_region", "Medlemsbidrag från regionen", "1 000 000", "975 000"),
                _rad("medlemsbidrag_kommunerna", "Medlemsbidrag från kommunerna", "1 000 000", "975 000"),
                _rad("ovriga_intakter", "Övriga intäkter", "50 000", "50 000"),
                _rad("summa_verksamhetens_intakter", "Summa verksamhetens intäkter", "4 050 000", "3 950 000",
                     ["medlemsbidrag_staten", "medlemsbidrag_region", "medlemsbidrag_kommunerna", "ovriga_intakter"]),
            ],
            "kalla": "s. 18",
        }
    ],
    "driftredovisning": {
        "enhet": "kr",
        "enhetsrubrik": "Belopp i kr",
        "ar": 2025,
        "kolumner": [
            {"nyckel": "utfall", "rubrik": "Netto", "overrubrik": "Utfall 2025", "ar": 2025, "kalla": "s. 12"},
            {"nyckel": "budget", "rubrik": "Budget 2025", "overrubrik": Utelamnat("Budget"), "ar": 2025, "kalla": "s. 12"},
            {"nyckel": "avvikelse", "rubrik": "Avvikelse", "overrubrik": Utelamnat("Utfall − budget"), "ar": 2025, "kalla": "s. 12"},
            {"nyckel": "utfall_fg", "rubrik": "Netto", "overrubrik": "Utfall 2024", "ar": 2024, "kalla": "s. 12"},
        ],
        "poster": [
            {"rad": "Medlemsbidrag", "slag": "intakt", "budget": "4 000 000", "utfall": "4 000 000", "avvikelse": 0,
             "belopp": {"utfall_fg": "3 900 000"}, "summa": False, "kalla": "s. 12"},
        ],
        "summa_intakter": {"rad": "Summa intäkter", "budget": "4 000 000", "utfall": "4 050 000", "avvikelse": "50 000",
                           "belopp": {"utfall_fg": "3 950 000"}, "summa": True, "kalla": "s. 12"},
        "summa_kostnader": {"rad": "Summa kostnader", "budget": "-4 200 000", "utfall": "-3 950 000", "avvikelse": "250 000",
                            "belopp": {"utfall_fg": "-3 898 500"}, "summa": True, "kalla": "s. 12"},
        "resultat": {"rad": "Resultat", "budget": "-200 000", "utfall": "100 000", "avvikelse": "300 000",
                     "belopp": {"utfall_fg": "51 500"}, "summa": True, "kalla": "s. 12"},
        "kalla": "s. 12",
    },
    "kostnadsfordelning": {
        "enhet": "kr",
        "individinriktade": "2 800 000",
        "strukturovergripande": "500 000",
        "forbundets_personal": "150 000",
        "administration": "500 000",
        "totalt": "3 950 000",
        "administrationsposter": [{"rad": "Kansli och förbundschef", "belopp": "500 000", "kalla": "s. 9"}],
        "kalla": "s. 9",
    },
    "budgettabeller": [
        {
            "rubrik": "Sammanställning insatser och administration, utfall och budget 2025",
            "ar": 2025,
            "enhet": "kr",
            "kolumner": {"budget": "Budget", "utfall": "Utfall", "avvikelse": "Avvikelse"},
            "avser": "resultatrakning.verksamhetens_kostnader",
            "avsnitt": [
                {
                    "rubrik": "Insatser",
                    "poster": [
                        {"rad": "Steg framåt", "budget": "1 500 000", "utfall": "1 400 000", "avvikelse": "100 000", "kalla": "s. 14"},
                        {"rad": "Övriga insatser", "budget": "2 000 000", "utfall": "2 050 000", "avvikelse": "-50 000", "kalla": "s. 14"},
                    ],
                    "summa": {"rad": "Summa insatser", "budget": "3 500 000", "utfall": "3 450 000", "avvikelse": "50 000", "kalla": "s. 14"},
                    "kalla": "s. 14",
                },
                {
                    "rubrik": "Administration",
                    "poster": [{"rad": "Kansli och förbundschef", "budget": "700 000", "utfall": "500 000", "avvikelse": "200 000", "kalla": "s. 14"}],
                    "summa": Utelamnat({"rad": "Summa administration", "budget": "700 000", "utfall": "500 000", "avvikelse": "200 000"}),
                    "kalla": "s. 14",
                },
            ],
            "summa": {"rad": "Totalt", "budget": "4 200 000", "utfall": "3 950 000", "avvikelse": "250 000", "kalla": "s. 14"},
            "kalla": "s. 14",
        }
    ],
    "redovisningsprinciper": "Årsredovisningen är upprättad enligt lagen (2018:597) om kommunal bokföring och redovisning.",
    "insatser": [
        {
            "namn": "Steg framåt",
            "typ": "individinriktad",
            "huvudman": "Exempels kommun",
            "startdatum": "2025-01-01",
            "avtal": {"status": "finns", "datum": "2024-12-10", "parter": ["Exempels kommun", "Arbetsförmedlingen"],
                      "beskrivning": "Överenskommelse om insatsen 2025.", "kalla": "s. 6"},
            "budget": "1 500 000",
            "utfall": "1 400 000",
            "deltagare": {"kvinnor": 30, "man": 25, "totalt": 55, "kvinnor_procent": Utelamnat(55), "man_procent": Utelamnat(45), "kalla": "s. 6"},
            "mal": [
                {
                    "omrade": "Arbete och studier",
                    "mal": "Minst 40 procent av deltagarna går vidare till arbete eller studier.",
                    "malvarde": 40,
                    "malvarde_max": Utelamnat(60),
                    "utfall": 45,
                    "enhet": "procent",
                    "hogre_ar_battre": True,
                    "forbundets_bedomning": "uppfyllt",
                    "bedomning_text": "Målet bedöms vara uppfyllt.",
                    "kalla": "s. 6",
                }
            ],
            "forbundets_personal_arbetar_med_deltagare": False,
            "forbundets_personal_leder_insatsen": False,
            "kalla": "s. 6",
        }
    ],
    "lokaler": {
        "forbundet_hyr_lokaler_for_insatser": False,
        "beskrivning": "Insatserna bedrivs i medlemmarnas lokaler.",
        "motivering": "Samlokalisering med medlemmarna underlättar samverkan.",
        "kalla": "s. 7",
    },
    "antal_anstallda": 1,
    "personal": [
        {
            "roll": "Förbundschef",
            "anstallningsform": "anstalld",
            "arbetsgivare": "Samordningsförbundet Exempel",
            "sysselsattningsgrad": 100,
            "arbetar_med_deltagare": False,
            "leder_insats": False,
            "kalla": "s. 10",
        }
    ],
    "finansiella_mal": [
        {
            "omrade": "Ekonomi",
            "mal": "Det egna kapitalet ska vara mellan 10 och 20 procent av medlemsbidragen.",
            "malvarde": 10,
            "malvarde_max": 20,
            "utfall": 15,
            "enhet": "procent",
            "hogre_ar_battre": False,
            "forbundets_bedomning": "uppfyllt",
            "bedomning_text": "Målet bedöms vara uppfyllt.",
            "kalla": "s. 8",
        }
    ],
    "verksamhetsmal": [
        {
            "omrade": "Samverkan",
            "mal": "Minst fyra gemensamma utbildningsdagar för medlemmarnas personal.",
            "malvarde": 4,
            "malvarde_max": Utelamnat(6),
            "utfall": 5,
            "enhet": "antal",
            "hogre_ar_battre": True,
            "forbundets_bedomning": "uppfyllt",
            "bedomning_text": "Målet bedöms vara uppfyllt.",
            "kalla": "s. 8",
        }
    ],
    "administrationsmal": 15,
    "balanskrav": {
        "enhet": "kr",
        "arets_resultat": "104 000",
        "justeringar": [{"rad": "Samtliga realisationsvinster", "belopp": 0}],
        "balanskravsresultat": "104 000",
        "synnerliga_skal": Utelamnat("Styrelsens skäl, ordagrant (bara vid negativt balanskravsresultat)."),
        "atgardsplan": Utelamnat("Åtgärdsplanen, ordagrant (bara vid negativt balanskravsresultat)."),
        "kalla": "s. 11",
    },
    "budget": {
        "enhet": "kr",
        "ar": 2025,
        "medlemsbidrag": "4 000 000",
        "intakter": "4 000 000",
        "kostnader": "-4 200 000",
        "resultat": "-200 000",
        "beslutad": "2024-11-20",
        "kalla": "s. 4",
    },
    "budget_nasta_ar": {
        "enhet": "kr",
        "ar": 2026,
        "medlemsbidrag": "4 000 000",
        "intakter": "4 000 000",
        "kostnader": "-4 100 000",
        "resultat": "-100 000",
        "beslutad": "2025-11-19",
        "kalla": "s. 11",
    },
    "forvaltningsberattelse": {
        "oversikt_verksamhetens_utveckling": True,
        "viktiga_forhallanden": True,
        "vasentliga_handelser": True,
        "styrning_och_uppfoljning": True,
        "god_ekonomisk_hushallning": True,
        "balanskravsresultat": True,
        "vasentliga_personalforhallanden": True,
        "forvantad_utveckling": True,
        "kalla": "s. 2–11",
    },
    "styrning": {
        "verksamhetsplan_beslutad": "2024-11-20",
        "budget_beslutad": "2024-11-20",
        "internkontrollplan": True,
        "internkontroll_aterrapporterad": True,
        "uppfoljningssystem": ["Uppföljning Finsam"],
        "konsuppdelad_statistik": True,
        "arsredovisning_faststalld": "2026-02-25",
        "delarsrapport_upprattad": True,
        # From another document than the årsredovisning (ledger, the revisors' review): shown, not filled in.
        "ersattning_till_enskilda": Utelamnat(False),
        "kalla": "s. 4",
    },
    "forbundsordning": {
        "kraver_delarsrapport": True,
        "kalla": "§ 18",
        "dokument": "Förbundsordning för Samordningsförbundet Exempel, fastställd 2020",
    },
    "angivna_nyckeltal": {
        "ek_andel_av_medlemsbidrag": "15 %",
        "soliditet": "55 %",
        "administrationsandel": "13 %",
        "stegforflyttning": "45 %",
        "kalla": "s. 2",
    },
    "oversikt": [
        {
            "enhet": "kr",
            "ar": 2025,
            "medlemsbidrag": "4 000 000",
            "intakter": "4 050 000",
            "kostnader": "-3 950 000",
            "arets_resultat": "104 000",
            "eget_kapital": "600 000",
            "ek_andel_angiven": "15 %",
            "soliditet_angiven": "55 %",
            "antal_anstallda": 1,
            "individinriktade": "2 800 000",
            "strukturovergripande": "500 000",
            "administration": "500 000",
            "deltagare": 55,
            "kalla": "s. 2",
        },
        {
            "ar": 2024,
            "medlemsbidrag": "3 900 000",
            "intakter": "3 950 000",
            "kostnader": "-3 900 000",
            "arets_resultat": "51 500",
            "eget_kapital": "496 000",
        },
    ],
    "pastaenden": [
        {"citat": "Kostnaderna blev 250 000 kr lägre än budgeterat.", "avser": "budget_overskridande", "varde": -250000, "enhet": "kr", "kalla": "s. 4"}
    ],
    "anmarkningar": ["Fria anteckningar om kodningen, t.ex. där dokumentet inte går ihop."],
}


# --- types --------------------------------------------------------------------

# Value types of the model, most specific first, with their label in a comment and a fallback example.
_SKALARER: list[tuple[Any, str, Any]] = [
    (IckeNegativtBelopp, "belopp i kr, inte negativt", "100 000"),
    (Belopp, "belopp i kr", "100 000"),
    (Procent, "procent", 10),
    (Datum, "datum", "2025-12-31"),
    (Antal, "antal", 1),
    (Ar, "år", 2025),
    (Kalla, "källa", "s. 1"),
    (Text, "text", "(text)"),
    (str, "text", "(text)"),
    (bool, "true eller false", True),
    (float, "tal", 1),
    (int, "heltal", 1),
]
_MONSTER = {
    r"^[a-z][a-z0-9_]*$": "nyckel av små bokstäver, siffror och _",
    r"^(resultatrakning|balansrakning|kassaflodesanalys)\.[a-z][a-z0-9_]*$": "räkning.radnyckel",
}


def _unoptional(tp: Any) -> tuple[Any, bool]:
    if typing.get_origin(tp) in (Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return tp, False


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _is_enum(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, Enum)


def _scalar_entry(tp: Any) -> tuple[str, Any] | None:
    for known, label, example in _SKALARER:
        if tp is known or tp == known:
            return label, example
    if typing.get_origin(tp) is typing.Annotated:  # a plain constrained number, e.g. a finite float
        return _scalar_entry(typing.get_args(tp)[0])
    return None


def _is_belopp(tp: Any) -> bool:
    return tp == Belopp or tp == IckeNegativtBelopp


def _label(tp: Any, field: FieldInfo | None = None) -> str:
    tp, _ = _unoptional(tp)
    if _is_enum(tp):
        return "ett av: " + ", ".join(member.value for member in tp)
    if _is_model(tp):
        return "avsnitt"
    origin = typing.get_origin(tp)
    if origin is list:
        (item,) = typing.get_args(tp)
        return "lista" if _is_model(item) else f"lista med {_label(item)}"
    if origin is dict:
        key, value = typing.get_args(tp)
        if key is str:
            return f"{_label(value)} per kolumnnyckel: {{nyckel: belopp}}"
        return f"{_label(value)} per kolumnår: {{år: belopp}}"
    for meta in field.metadata if field is not None else ():
        pattern = getattr(meta, "pattern", None)
        if pattern in _MONSTER:
            return _MONSTER[pattern]
    found = _scalar_entry(tp)
    return found[0] if found else "värde"


def _fallback(tp: Any) -> Any:
    """An example value for a type, used where EXEMPEL gives none."""
    tp, _ = _unoptional(tp)
    if _is_enum(tp):
        return next(iter(tp)).value
    if _is_model(tp):
        return {}
    origin = typing.get_origin(tp)
    if origin is list:
        return [_fallback(typing.get_args(tp)[0])]
    if origin is dict:
        value = _fallback(typing.get_args(tp)[1])
        return {2025: value, 2024: value}
    found = _scalar_entry(tp)
    if found is None:
        raise TypeError(f"mallen saknar exempel för typen {tp!r}")
    return found[1]


# --- YAML text ------------------------------------------------------------------

_SAFE = YAML(typ="safe", pure=True)
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_IDENT = re.compile(r"^[a-z][a-z0-9_]*$")


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _scalar(value: Any, tp: Any = None) -> str:
    tp, _ = _unoptional(tp)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        if tp is not None and _is_belopp(tp):
            return _quoted(value)
        if tp is not None and tp == Datum and _DATE.match(value) and len(value) == 10:
            return value
        try:
            plain_ok = _SAFE.load(f"k: {value}\n") == {"k": value}
        except Exception:  # noqa: BLE001 - anything the YAML reader dislikes gets quoted
            plain_ok = False
        return value if plain_ok and "\n" not in value else _quoted(value)
    raise TypeError(f"mallen kan inte skriva {value!r}")


def _comment(text: str, mark: str, indent: int) -> list[str]:
    """`# description (mark)`, wrapped; the mark is never split."""
    width = max(40, WIDTH - indent - 2)
    lines = textwrap.wrap(text, width=width, break_on_hyphens=False)
    if lines and len(lines[-1]) + 1 + len(mark) <= width:
        lines[-1] += " " + mark
    else:
        lines.append(mark)
    return [" " * indent + "# " + line for line in lines]


class _Mall:
    def __init__(self) -> None:
        self.hints: dict[type, dict[str, Any]] = {}
        self.said: set[str] = set()  # long descriptions already written once in full

    def _hints(self, cls: type[BaseModel]) -> dict[str, Any]:
        if cls not in self.hints:
            self.hints[cls] = typing.get_type_hints(cls, include_extras=True)
        return self.hints[cls]

    def _doc(self, cls: type[BaseModel], name: str, field: FieldInfo, tp: Any) -> tuple[str, str]:
        text = field.description or BESKRIVNING.get(f"{cls.__name__}.{name}") or BESKRIVNING.get(name) or ""
        mark = "obligatoriskt" if field.is_required() else "valfritt"
        if not field.is_required():
            default = field.get_default(call_default_factory=True)
            if isinstance(default, Enum):
                default = default.value
            if default not in (None, [], {}):
                mark += f", utelämnat = {_scalar(default)}"
        minimum = next((m.min_length for m in field.metadata if getattr(m, "min_length", None)), None)
        if minimum and typing.get_origin(_unoptional(tp)[0]) is list:
            mark += f", minst {minimum} {'post' if minimum == 1 else 'poster'}"
        return text, f"({mark}; {_label(tp, field)})"

    def mapping(self, cls: type[BaseModel], data: dict, indent: int, *, fill: bool = True,
                documented: set[str] | None = None, skip: set[str] = frozenset()) -> list[list[str]]:
        """The entries of one mapping: each a list of lines (comments first) at `indent`."""
        fields = {(f.alias or name): (name, f) for name, f in cls.model_fields.items()}
        unknown = set(data) - set(fields)
        if unknown:
            raise KeyError(f"EXEMPEL har fält som {cls.__name__} saknar: {sorted(unknown)}")
        hints = self._hints(cls)
        entries = []
        for key, (name, field) in fields.items():
            tp = hints[name]
            if key in data:
                value = data[key]
            elif key == "dokument" and fill and key not in skip:
                # Most of a report file comes from the årsredovisning itself: shown, never filled in.
                value = Utelamnat("Revisorernas granskningsrapport 2025")
            elif fill and key not in skip:
                value = _fallback(tp)
            else:
                continue
            lines: list[str] = []
            if documented is None or key not in documented:
                text, mark = self._doc(cls, name, field, tp)
                if len(text) > LONG and text in self.said:
                    # Said in full the first time; after that its opening words, so 40 parts do not repeat a paragraph.
                    text = re.split(r" \(|, |: |\. ", text, maxsplit=1)[0] + " (se ovan)."
                self.said.add(text)
                lines += _comment(text, mark, indent)
                if documented is not None:
                    documented.add(key)
            if isinstance(value, Utelamnat):
                lines += [" " * indent + "# " + line.lstrip() for line in self.value(key, value.value, tp, 0)]
            else:
                lines += self.value(key, value, tp, indent)
            entries.append(lines)
        return entries

    def value(self, key: str, value: Any, tp: Any, indent: int) -> list[str]:
        pad = " " * indent
        inner, _ = _unoptional(tp)
        origin = typing.get_origin(inner)
        if _is_model(inner):
            body = self.mapping(inner, value, indent + 2)
            return [f"{pad}{key}:"] + [line for entry in body for line in entry]
        if origin is dict:
            value_type = typing.get_args(inner)[1]
            items = ", ".join(f"{_scalar(k)}: {_scalar(v, value_type)}" for k, v in value.items())
            return [f"{pad}{key}: {{{items}}}"]
        if origin is list:
            (item_type,) = typing.get_args(inner)
            if _is_model(item_type):
                return [f"{pad}{key}:"] + self.items(item_type, value, indent + 2)
            if all(isinstance(v, str) and _IDENT.match(v) for v in value):
                return [f"{pad}{key}: [{', '.join(value)}]"]
            return [f"{pad}{key}:"] + [f"{pad}  - {_scalar(v, item_type)}" for v in value]
        return [f"{pad}{key}: {_scalar(value, inner)}"]

    def items(self, cls: type[BaseModel], values: list[dict], indent: int) -> list[str]:
        """A list of models: the first item complete and commented, later ones as given."""
        later = {key for item in values[1:] for key in item}
        documented: set[str] = set()
        out: list[str] = []
        for i, item in enumerate(values):
            entries = self.mapping(cls, item, indent + 2, fill=i == 0, documented=documented,
                                   skip=later - set(item) if i == 0 else frozenset())
            first = True
            for entry in entries:
                for line in entry:
                    stripped = line[indent + 2:]
                    if first and not stripped.startswith("#"):
                        out.append(" " * indent + "- " + stripped)
                        first = False
                    elif first:
                        out.append(" " * indent + stripped)
                    else:
                        out.append(line)
        return out


def render_template() -> str:
    """The commented template of a report file, as YAML text (deterministic)."""
    mall = _Mall()
    entries = mall.mapping(Arsredovisning, EXEMPEL, 0)
    lines = HEADER.splitlines()
    for entry in entries:
        lines.append("")
        lines += entry
    return "\n".join(lines) + "\n"
