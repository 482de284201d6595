"""The report model: one förbund's årsredovisning for one räkenskapsår.

Statements are held *as printed*: every row and every stated subtotal, per
column, with nothing recomputed here; the rules check whether they add up.
Everything a real report may lack is optional, and missing stays missing.
"""

import re
from enum import Enum
from typing import Annotated, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from .types import SCALE, Antal, Ar, Belopp, Datum, IckeNegativtBelopp, Kalla, Procent, Text


class Fel(ValueError):
    """A consistency error about one part of the model being validated (e.g. one row).

    `loc` is the path from that model to the part; the loader appends it to the
    error's location, so the line and field reported are the part's own.
    """

    def __init__(self, message: str, *loc: str | int):
        super().__init__(message)
        self.loc = loc


class Strikt(BaseModel):
    """Base: unknown keys are errors, so a typo never vanishes."""

    # Built on first validation, and then as one: validating a report builds Arsredovisning's
    # schema with every part inside it, so building each part's own validator at import was
    # work no command used. A part validated on its own (the web page's) is built when it is.
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=True, validate_default=True, defer_build=True)

    @model_validator(mode="after")
    def _document_fields(self):
        doc = getattr(self, "dokument", None)
        if isinstance(doc, dict):
            for key in doc:
                if key not in type(self).model_fields or key in ("dokument", "kalla"):
                    raise Fel(f"'{key}' är inget fält i denna del; dokument anges för hela delen eller per fält", "dokument", key)
        return self


# A whole part from another document, or some of its fields: {fält: dokument}.
Dokument = Union[Text, dict[str, Text]]


# Default factories as Python functions, not `list` and `dict`: pydantic asks each factory's
# signature, and for a builtin that means tokenizing its text signature, a fifth of building
# the model. The values are the same: a new empty list or dict.
def _no_items() -> list:
    return []


def _no_entries() -> dict:
    return {}


def _dokument():
    """The `dokument` field every part has: a fresh Field each time, as pydantic wants one per field."""
    return Field(
        None,
        description="Annat dokument än årsredovisningen som uppgifterna här kommer från (t.ex. revisorernas "
        "granskningsrapport), för hela delen eller per fält: {fält: dokument}. Utelämnas för årsredovisningen själv.",
    )



class Enhet(str, Enum):
    kr = "kr"
    tkr = "tkr"


class MedEnhet(Strikt):
    """A part whose amounts may be given in tkr: they are converted to kronor at load."""

    enhet: Enhet = Field(Enhet.kr, description="kr, eller tkr om delen anges i tusental kronor (omräknas vid inläsning).")
    enhetsrubrik: Optional[Text] = Field(
        None,
        description="Enhetsangivelsen som den står tryckt över delen, t.ex. 'Belopp tkr' eller 'Belopp i kr.'; "
        "enhet anger vad beloppen är, och en rubrik som säger annat är ett fynd.",
    )

    @model_validator(mode="wrap")
    @classmethod
    def _scale(cls, data, handler):
        scale = 1000 if isinstance(data, dict) and data.get("enhet") == "tkr" else 1
        token = SCALE.set(scale)
        try:
            return handler(data)
        finally:
            SCALE.reset(token)


class Medlemstyp(str, Enum):
    forsakringskassan = "forsakringskassan"
    arbetsformedlingen = "arbetsformedlingen"
    region = "region"
    kommun = "kommun"


class Partsgrupp(str, Enum):
    """The three parties of Lag (2003:1210) 5 §; several kommuner count as one."""

    staten = "staten"
    region = "region"
    kommunerna = "kommunerna"


class Avtalsstatus(str, Enum):
    finns = "finns"
    saknas = "saknas"
    okant = "okant"


class Insatstyp(str, Enum):
    individinriktad = "individinriktad"
    strukturovergripande = "strukturovergripande"


class Bedomning(str, Enum):
    """The förbund's own verdict on a goal, normalised; the words as written go in bedomning_text."""

    uppfyllt = "uppfyllt"
    delvis = "delvis"
    ej_uppfyllt = "ej_uppfyllt"
    kan_ej_bedomas = "kan_ej_bedomas"


class Anstallningsform(str, Enum):
    anstalld = "anstalld"
    inhyrd = "inhyrd"
    kopt_tjanst = "kopt_tjanst"


# --- identity ---------------------------------------------------------------

_ORGNR = re.compile(r"^\d{6}-\d{4}$")


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(digits):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


class Forbund(Strikt):
    namn: Text
    organisationsnummer: Optional[str] = Field(None, description="NNNNNN-NNNN, med kontrollsiffra.")
    lan: Optional[Text] = None
    kalla: Optional[Kalla] = None
    dokument: Optional[Dokument] = _dokument()

    @field_validator("organisationsnummer")
    @classmethod
    def _orgnr(cls, value: Optional[str]) -> Optional[str]:
        if value is None:
            return value
        if not _ORGNR.match(value):
            raise ValueError(f"'{value}' är inget organisationsnummer; skriv NNNNNN-NNNN")
        if not _luhn_ok(value.replace("-", "")):
            raise ValueError(f"organisationsnumret {value} har fel kontrollsiffra")
        return value


class Medlem(Strikt):
    namn: Text
    typ: Medlemstyp
    medlemsbidrag: Optional[IckeNegativtBelopp] = Field(None, description="Årets medlemsbidrag från denna medlem, om det anges.")
    kalla: Optional[Kalla] = None
    dokument: Optional[Dokument] = _dokument()


class Medlemsbidrag(MedEnhet):
    """Medlemsbidrag as the report states them, in total and per party group."""

    totalt: Optional[IckeNegativtBelopp] = None
    staten: Optional[IckeNegativtBelopp] = Field(None, description="Försäkringskassan (med Arbetsförmedlingen): hälften.")
    region: Optional[IckeNegativtBelopp] = None
    kommunerna: Optional[IckeNegativtBelopp] = None
    kalla: Optional[Kalla] = None
    dokument: Optional[Dokument] = _dokument()


class Intaktspost(Strikt):
    rad: Text
    belopp: Belopp
    kalla: Optional[Kalla] = None
    dokument: Optional[Dokument] = _dokument()


class OvrigaIntakter(MedEnhet):
    poster: list[Intaktspost] = []


class Revisor(Strikt):
    namn: Text
    utsedd_av: Optional[Text] = None
    titel: Optional[Text] = None


class Revision(Strikt):
    revisorer: list[Revisor] = []
    tillstyrker_ansvarsfrihet: Optional[bool] = None
    tillstyrker_faststallande: Optional[bool] = None
    datum: Optional[Datum] = None
    kalla: Optional[Kalla] = None
    dokument: Optional[Dokument] = _dokument()


# --- statements as printed ----------------------------------------------------


class Rad(Strikt):
    """One printed row: a post or a stated subtotal, with its amounts per column year."""

    nyckel: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Stabil nyckel som regler och summor hänvisar till.")
    rad: Text = Field(description="Radens text som den står tryckt.")
    belopp: dict[Ar, Belopp] = Field(default_factory=_no_entries, description="Belopp per kolumnår; ett år som saknas är tomt i dokumentet.")
    summa_av: Optional[list[str]] = Field(None, description="För en delsumma: nycklarna till raderna den ska vara summan av (tecken som tryckt).")
    not_: Optional[str] = Field(None, alias="not", description="Notnummer som raden hänvisar till.")
    kalla: Optional[Kalla] = None
    dokument: Optional[Dokument] = _dokument()

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=True, validate_default=True, populate_by_name=True, defer_build=True)


class Kolumn(Strikt):
    ar: Ar = Field(description="Det år kolumnen avser.")
    rubrik: Text = Field(description="Kolumnrubriken som den står tryckt (kan ange fel år).")


class Rakning(MedEnhet):
    """Resultaträkning, balansräkning or kassaflödesanalys as printed."""

    kolumner: list[Kolumn] = Field(min_length=1)
    rader: list[Rad] = Field(min_length=1)
    kalla: Optional[Kalla] = None
    dokument: Optional[Dokument] = _dokument()

    @model_validator(mode="after")
    def _consistent(self) -> "Rakning":
        _check_table(self.kolumner, self.rader)
        return self


def _check_table(kolumner: list[Kolumn], rader: list[Rad]) -> None:
    """Columns, row keys, amounts and subtotals of a printed table refer to what is there."""
    years = [k.ar for k in kolumner]
    for i, year in enumerate(years):
        if year in years[:i]:
            raise Fel(f"samma år finns i flera kolumner: {years}", "kolumner", i, "ar")
    seen: set[str] = set()
    for i, row in enumerate(rader):
        if row.nyckel in seen:
            raise Fel(f"nyckeln '{row.nyckel}' används på flera rader", "rader", i, "nyckel")
        seen.add(row.nyckel)
    for i, row in enumerate(rader):
        for year in row.belopp:
            if year not in years:
                raise Fel(f"raden '{row.nyckel}' har belopp för {year}, som inte är någon kolumn ({years})", "rader", i, "belopp", year)
        for j, part in enumerate(row.summa_av or []):
            if part == row.nyckel:
                raise Fel(f"raden '{row.nyckel}' summerar sig själv", "rader", i, "summa_av", j)
            if part not in seen:
                raise Fel(f"raden '{row.nyckel}' summerar '{part}', som inte är någon rad", "rader", i, "summa_av", j)
    _refuse_sum_cycles(rader)


def _refuse_sum_cycles(rader: list["Rad"]) -> None:
    """A subtotal may not, through other subtotals, be part of itself (a → b → a)."""
    parts = {row.nyckel: row.summa_av or [] for row in rader}
    index = {row.nyckel: i for i, row in enumerate(rader)}
    done: set[str] = set()
    for start in parts:
        if start in done or not parts[start]:
            continue
        # Iterative depth-first search: a table may have many rows.
        path, on_path, stack = [start], {start}, [iter(parts[start])]
        while stack:
            step = next(stack[-1], None)
            if step is None:
                stack.pop()
                node = path.pop()
                on_path.discard(node)
                done.add(node)
                continue
            if step in on_path:
                cycle = path[path.index(step):] + [step]
                first = index[cycle[0]]
                j = parts[cycle[0]].index(cycle[1])
                raise Fel("summorna bildar en cirkel: " + " → ".join(cycle), "rader", first, "summa_av", j)
            if step in done or step not in parts:
                continue
            path.append(step)
            on_path.add(step)
            stack.append(iter(parts[step]))


class Not(MedEnhet):
    nummer: str
    rubrik: Text
    avser: Optional[str] = Field(
        None,
        pattern=r"^(resultatrakning|balansrakning|kassaflodesanalys)\.[a-z][a-z0-9_]*$",
        description="Raden noten förklarar, t.ex. resultatrakning.verksamhetens_intakter.",
    )
    kolumner: list[Kolumn] = []
    rader: list[Rad] = []
    kalla: Optional[Kalla] = None
    dokument: Optional[Dokument] = _dokument()

    @model_validator(mode="after")
    def _consistent(self) -> "Not":
        _check_table(self.kolumner, self.rader)
        return self


class Radslag(str, Enum):
    """Whether a driftredovisning row holds costs or income; reports print costs with either sign."""

    kostnad = "kostnad"
    intakt = "intakt"


# Columns of the driftredovisning that are a post's own fields; any other column's amounts are in belopp.
DRIFT_FALT = ("utfall", "budget", "avvikelse")


class Driftkolumn(Strikt):
    """One printed column of the driftredovisning, with its heading as printed."""

    nyckel: str = Field(
        pattern=r"^[a-z][a-z0-9_]*$",
        description="utfall, budget eller avvikelse för kolumnen som postens fält med samma namn håller; "
        "annars en egen nyckel (t.ex. utfall_intakt, utfall_fg) för beloppen i postens belopp.",
    )
    rubrik: Text = Field(description="Kolumnens rubrik som den står tryckt, t.ex. 'Netto' eller 'Utfall 2024'.")
    overrubrik: Optional[Text] = Field(None, description="Rubriken över en grupp kolumner som den står tryckt, t.ex. 'Utfall 2025' över Intäkt, Kostnad, Netto.")
    ar: Optional[Ar] = Field(None, description="Det år kolumnens belopp avser.")
    kalla: Optional[Kalla] = None


class Driftpost(Strikt):
    rad: Text
    slag: Optional[Radslag] = Field(None, description="kostnad eller intakt, där tabellen visar det (t.ex. under rubriken Kostnader); utelämnat: en rad med minustecken är en kostnad, annars okänt.")
    budget: Optional[Belopp] = None
    utfall: Optional[Belopp] = None
    avvikelse: Optional[Belopp] = Field(None, description="Avvikelsen som den står tryckt.")
    belopp: dict[str, Belopp] = Field(default_factory=_no_entries, description="Beloppen i driftredovisningens övriga kolumner, per kolumnens nyckel (t.ex. utfall_fg).")
    summa: bool = Field(False, description="Raden är en summa- eller resultatrad.")
    kalla: Optional[Kalla] = None
    dokument: Optional[Dokument] = _dokument()


class Driftredovisning(MedEnhet):
    ar: Optional[Ar] = None
    kolumner: list[Driftkolumn] = Field(default_factory=_no_items, description="Kolumnerna med rubrikerna som de står tryckta (valfritt; utan dem är utfall, budget och avvikelse årets).")
    poster: list[Driftpost] = []
    summa_intakter: Optional[Driftpost] = None
    summa_kostnader: Optional[Driftpost] = None
    resultat: Optional[Driftpost] = None
    kalla: Optional[Kalla] = None
    dokument: Optional[Dokument] = _dokument()

    @model_validator(mode="after")
    def _columns(self) -> "Driftredovisning":
        keys = [k.nyckel for k in self.kolumner]
        for i, key in enumerate(keys):
            if key in keys[:i]:
                raise Fel(f"kolumnnyckeln '{key}' används för flera kolumner", "kolumner", i, "nyckel")
        posts = [("poster", i, p) for i, p in enumerate(self.poster)]
        posts += [(name, None, getattr(self, name)) for name in ("summa_intakter", "summa_kostnader", "resultat") if getattr(self, name)]
        for name, i, post in posts:
            for key in post.belopp:
                if key in DRIFT_FALT or key not in keys:
                    where = (name, i, "belopp", key) if i is not None else (name, "belopp", key)
                    why = f"är postens eget fält {key}" if key in DRIFT_FALT else f"är ingen kolumn ({', '.join(keys) or 'inga kolumner angivna'})"
                    raise Fel(f"beloppet för '{key}' {why}", *where)
        return self


class Kostnadspost(Strikt):
    rad: Text
    belopp: Belopp
    kalla: Optional[Kalla] = None
    dokument: Optional[Dokument] = _dokument()


class Kostnadsfordelning(MedEnhet):
    """The cost split as the förbund presents it (e.g. 'Finansierad verksamhet' table)."""

    individinriktade: Optional[Belopp] = None
    strukturovergripande: Optional[Belopp] = None
    forbundets_personal: Optional[Belopp] = Field(None, description="Insatser av förbundets egen personal, där de redovisas för sig.")
    administration: Optional[Belopp] = None
    totalt: Optional[Belopp] = None
    administrationsposter: list[Kostnadspost] = Field(default_factory=_no_items, description="Kostnadsraderna som räknas som administration.")
    kalla: Optional[Kalla] = None
    dokument: Optional[Dokument] = _dokument()


class Budgetrad(Strikt):
    """One printed row of a budget table: budget, utfall and the printed deviation, as the table gives them."""

    rad: Text
    budget: Optional[Belopp] = None
    utfall: Optional[Belopp] = None
    avvikelse: Optional[Belopp] = Field(None, description="Avvikelsen (differensen) som den står tryckt.")
    kalla: Optional[Kalla] = None
    dokument: Optional[Dokument] = _dokument()


class Budgetavsnitt(Strikt):
    """A part of a budget table under its own heading (e.g. Insatser, Administrativa kostnader), with its printed sum."""

    rubrik: Optional[Text] = Field(None, description="Avsnittets rubrik som den står tryckt.")
    poster: list[Budgetrad] = Field(default_factory=_no_items)
    summa: Optional[Budgetrad] = Field(None, description="Avsnittets summarad som tryckt (t.ex. SUMMA).")
    kalla: Optional[Kalla] = None


class Budgetkolumner(Strikt):
    """The printed headings of a budget table's columns."""

    budget: Optional[Text] = Field(None, description="T.ex. 'Budgeterat'.")
    utfall: Optional[Text] = Field(None, description="T.ex. 'Utfall'.")
    avvikelse: Optional[Text] = Field(None, description="T.ex. 'Differens'.")


class Budgettabell(MedEnhet):
    """A table of budget against utfall besides the driftredovisning (e.g. 'Sammanställning … utfall och budget')."""

    rubrik: Text = Field(description="Tabellens rubrik som den står tryckt.")
    ar: Optional[Ar] = None
    kolumner: Optional[Budgetkolumner] = None
    avser: Optional[str] = Field(
        None,
        pattern=r"^resultatrakning\.[a-z][a-z0-9_]*$",
        description="Raden i resultaträkningen som tabellens summa motsvarar (t.ex. resultatrakning.verksamhetens_kostnader), "
        "när tabellen redovisar alla dess poster; utelämnas när tabellen bara tar upp en del.",
    )
    avsnitt: list[Budgetavsnitt] = Field(min_length=1)
    summa: Optional[Budgetrad] = Field(None, description="Tabellens totalsumma, om en sådan är tryckt.")
    kalla: Optional[Kalla] = None
    dokument: Optional[Dokument] = _dokument()


# --- insatser, staff, premises ------------------------------------------------


class Avtal(Strikt):
    status: Avtalsstatus
    datum: Optional[Datum] = Field(None, description="Dagen då avtalet (överenskommelsen) om insatsen träffades.")
    parter: list[Text] = Field(
        default_factory=_no_items,
        description="Parterna i avtalet utöver förbundet (de medlemmar som utför insatsen), som avtalet namnger; tom lista = inte angivet.",
    )
    beskrivning: Optional[Text] = None
    kalla: Optional[Kalla] = None
    dokument: Optional[Dokument] = _dokument()


class Deltagare(Strikt):
    kvinnor: Optional[Antal] = None
    man: Optional[Antal] = None
    totalt: Optional[Antal] = None
    kvinnor_procent: Optional[Procent] = Field(None, description="Andel kvinnor i procent, där dokumentet bara anger könsfördelningen så (t.ex. 56 %).")
    man_procent: Optional[Procent] = Field(None, description="Andel män i procent.")
    kalla: Optional[Kalla] = None
    dokument: Optional[Dokument] = _dokument()

    @model_validator(mode="after")
    def _shares(self) -> "Deltagare":
        # Rounded shares add up to 100 within a percentage point; more is a typo.
        if self.kvinnor_procent is not None and self.man_procent is not None and abs(self.kvinnor_procent + self.man_procent - 100) > 1:
            raise Fel(f"kvinnor_procent och man_procent summerar till {self.kvinnor_procent + self.man_procent:g} %, inte 100 %", "man_procent")
        return self


class Mal(Strikt):
    """A goal: target, measured outcome, and the förbund's own verdict."""

    omrade: Optional[Text] = None
    mal: Text = Field(description="Målet som det står.")
    malvarde: Optional[Annotated[float, Field(allow_inf_nan=False)]] = None
    malvarde_max: Optional[Annotated[float, Field(allow_inf_nan=False)]] = Field(
        None, description="Övre gräns när målet är ett intervall (t.ex. eget kapital 1 000–1 500 tkr); malvarde är då den nedre."
    )
    utfall: Optional[Annotated[float, Field(allow_inf_nan=False)]] = None
    enhet: Optional[str] = Field(None, description="Enhet för målvärde och utfall: 'procent', 'antal', 'kr' …")
    hogre_ar_battre: bool = True
    forbundets_bedomning: Optional[Bedomning] = None
    bedomning_text: Optional[Text] = Field(None, description="Förbundets bedömning ordagrant, t.ex. 'God' eller 'Målet bedöms delvis vara uppfyllt'.")
    kalla: Optional[Kalla] = None
    dokument: Optional[Dokument] = _dokument()

    @model_validator(mode="after")
    def _band(self) -> "Mal":
        if self.malvarde_max is not None and (self.malvarde is None or self.malvarde_max < self.malvarde):
            raise Fel("malvarde_max är intervallets övre gräns och kräver ett malvarde som inte är större", "malvarde_max")
        return self


class Insats(Strikt):
    namn: Text
    typ: Insatstyp
    huvudman: Optional[Text] = Field(None, description="Medlemmen som driver insatsen (namn som i medlemmar), eller 'förbundet'.")
    startdatum: Optional[Datum] = Field(None, description="Dagen då insatsen startade.")
    avtal: Optional[Avtal] = None
    budget: Optional[Belopp] = None
    utfall: Optional[Belopp] = None
    deltagare: Optional[Deltagare] = None
    mal: list[Mal] = []
    maluppfyllelse: Optional[Bedomning] = Field(None, description="Förbundets bedömning av insatsens mål samlat (t.ex. 'Måluppfyllelse God'); gäller de mål som saknar egen.")
    maluppfyllelse_text: Optional[Text] = Field(None, description="Den samlade bedömningen ordagrant.")
    forbundets_personal_arbetar_med_deltagare: Optional[bool] = None
    forbundets_personal_leder_insatsen: Optional[bool] = None
    kalla: Optional[Kalla] = None
    dokument: Optional[Dokument] = _dokument()


class Lokaler(Strikt):
    forbundet_hyr_lokaler_for_insatser: Optional[bool] = None
    beskrivning: Optional[Text] = None
    motivering: Optional[Text] = Field(None, description="Förbundets egen motivering, om någon anges.")
    kalla: Optional[Kalla] = None
    dokument: Optional[Dokument] = _dokument()


class Personal(Strikt):
    roll: Text
    anstallningsform: Anstallningsform
    arbetsgivare: Optional[Text] = None
    sysselsattningsgrad: Optional[Procent] = None
    arbetar_med_deltagare: Optional[bool] = None
    leder_insats: Optional[bool] = Field(None, description="Leder en individinriktad insats.")
    kalla: Optional[Kalla] = None
    dokument: Optional[Dokument] = _dokument()


# --- goals, balanskrav, budget, governance --------------------------------------


class Balanskravsjustering(Strikt):
    rad: Text
    belopp: Belopp


class Balanskrav(MedEnhet):
    arets_resultat: Optional[Belopp] = None
    justeringar: list[Balanskravsjustering] = []
    balanskravsresultat: Optional[Belopp] = Field(None, description="Balanskravsresultatet som det står tryckt.")
    synnerliga_skal: Optional[Text] = Field(None, description="Styrelsens skäl att inte återställa, ordagrant.")
    atgardsplan: Optional[Text] = None
    kalla: Optional[Kalla] = None
    dokument: Optional[Dokument] = _dokument()


class Budget(MedEnhet):
    ar: Ar
    medlemsbidrag: Optional[IckeNegativtBelopp] = None
    intakter: Optional[Belopp] = None
    kostnader: Optional[Belopp] = None
    resultat: Optional[Belopp] = None
    beslutad: Optional[Datum] = None
    kalla: Optional[Kalla] = None
    dokument: Optional[Dokument] = _dokument()


class Forvaltningsberattelse(Strikt):
    """Which required parts the förvaltningsberättelse has (true/false; absent = not examined)."""

    oversikt_verksamhetens_utveckling: Optional[bool] = None
    viktiga_forhallanden: Optional[bool] = None
    vasentliga_handelser: Optional[bool] = None
    styrning_och_uppfoljning: Optional[bool] = None
    god_ekonomisk_hushallning: Optional[bool] = None
    balanskravsresultat: Optional[bool] = None
    vasentliga_personalforhallanden: Optional[bool] = None
    forvantad_utveckling: Optional[bool] = None
    kalla: Optional[Kalla] = None
    dokument: Optional[Dokument] = _dokument()


class Styrning(Strikt):
    verksamhetsplan_beslutad: Optional[Datum] = None
    budget_beslutad: Optional[Datum] = None
    internkontrollplan: Optional[bool] = None
    internkontroll_aterrapporterad: Optional[bool] = None
    uppfoljningssystem: list[Text] = Field(default_factory=_no_items, description="T.ex. 'SUS', 'Uppföljning Finsam', 'NNS indikatorer'.")
    konsuppdelad_statistik: Optional[bool] = None
    arsredovisning_faststalld: Optional[Datum] = Field(None, description="Dag då styrelsen fastställde årsredovisningen.")
    delarsrapport_upprattad: Optional[bool] = Field(None, description="Om en delårsrapport (delårsbokslut) för räkenskapsåret har upprättats.")
    ersattning_till_enskilda: Optional[bool] = Field(
        None,
        description="Om förbundet under året betalat ersättningar eller tjänster till enskilda (t.ex. deltagares resor eller "
        "arbetsträningsersättning); uppgiften kommer ur ett annat dokument (huvudbok, revisorernas granskning), som anges.",
    )
    kalla: Optional[Kalla] = None
    dokument: Optional[Dokument] = _dokument()


class Forbundsordning(Strikt):
    """What the förbundsordning (another document than the årsredovisning) requires, as far as a rule reads it."""

    kraver_delarsrapport: Optional[bool] = Field(None, description="Om förbundsordningen kräver en delårsrapport.")
    kalla: Optional[Kalla] = Field(None, description="Var i förbundsordningen det står (paragraf).")
    dokument: Text = Field(description="Förbundsordningen som uppgifterna kommer från (titel, fastställd när).")


class AngivnaNyckeltal(Strikt):
    """Key figures as the förbund states them in its text, as printed (e.g. '43 %' or '1 305 161')."""

    ek_andel_av_medlemsbidrag: Optional[str] = None
    soliditet: Optional[str] = None
    administrationsandel: Optional[str] = None
    stegforflyttning: Optional[str] = None
    kalla: Optional[Kalla] = None
    dokument: Optional[Dokument] = _dokument()


class Redovisningsvag(str, Enum):
    resultatet = "resultatet"
    eget_kapital = "eget_kapital"


class Rattelse(MedEnhet):
    """An adjustment of earlier years' figures, and where the förbund took it."""

    beskrivning: Text = Field(description="Vad som justerats, som dokumentet beskriver det.")
    belopp: Belopp = Field(description="Påverkan på årets resultat eller eget kapital, med tecken (en kostnad negativ).")
    redovisad_mot: Redovisningsvag = Field(description="resultatet (genom årets resultat) eller eget_kapital (mot ingående eget kapital).")
    kalla: Optional[Kalla] = None


class StyrelsensBedomning(Strikt):
    """The board's own overall statement, e.g. that the förbund has a god ekonomisk hushållning."""

    uppfylld: bool = Field(description="true om styrelsen bedömer att kravet är uppfyllt.")
    citat: Text = Field(description="Styrelsens bedömning ordagrant.")
    kalla: Optional[Kalla] = None


class Pastaendeenhet(str, Enum):
    kr = "kr"
    tkr = "tkr"
    procent = "procent"


class Pastaende(Strikt):
    """A figure the förbund states in its text, to be compared with what its own accounts give."""

    citat: Text = Field(description="Meningen som den står, ordagrant.")
    avser: str = Field(
        pattern=r"^[a-z][a-z0-9_]*$",
        description="Vilken storhet påståendet gäller: ett av regelkatalogens påståendeslag (rules/fakta/pastaenden.yaml, "
        "pastaendeslag), t.ex. budget_overskridande (kostnader över budget) eller resultat_mot_budget.",
    )
    varde: Annotated[float, Field(allow_inf_nan=False)] = Field(description="Det angivna värdet, med tecken som storheten räknas (kostnader över budget: positivt = mer än budgeterat).")
    enhet: Pastaendeenhet = Field(description="kr, tkr (omräknas) eller procent.")
    kalla: Optional[Kalla] = None
    dokument: Optional[Dokument] = _dokument()

    @model_validator(mode="after")
    def _known_kind(self, info: ValidationInfo) -> "Pastaende":
        # The kinds are the catalogue's data: the loader passes those of the catalogue in use.
        context = info.context or {}
        if "pastaendeslag" not in context:
            kinds = default_claim_kinds()
        elif context["pastaendeslag"] is None:
            return self  # a catalogue whose registry is broken: that is the error reported
        else:
            kinds = context["pastaendeslag"]
        kind = kinds.get(self.avser)
        if kind is None:
            raise Fel(f"'{self.avser}' är inget påståendeslag i regelkatalogen; kända: {', '.join(sorted(kinds))} "
                      "(rules/fakta/pastaenden.yaml, pastaendeslag)", "avser")
        unit = getattr(kind, "enhet", kind)
        if (unit == "procent") != (self.enhet == "procent"):
            raise Fel(f"'{self.avser}' anges i {'procent' if unit == 'procent' else 'kr eller tkr'}, inte {self.enhet}", "enhet")
        return self


def default_claim_kinds() -> dict:
    """The claim kinds of the catalogue that comes with finsam (or FINSAM_REGLER), when the loader names none."""
    from .catalogue import default_catalogue

    return default_catalogue().fakta.pastaendeslag


class Oversiktsar(MedEnhet):
    """One year of the förbund's flerårsöversikt, as printed."""

    ar: Ar
    medlemsbidrag: Optional[Belopp] = None
    intakter: Optional[Belopp] = None
    kostnader: Optional[Belopp] = None
    arets_resultat: Optional[Belopp] = None
    eget_kapital: Optional[Belopp] = None
    ek_andel_angiven: Optional[str] = None
    soliditet_angiven: Optional[str] = None
    antal_anstallda: Optional[Antal] = None
    individinriktade: Optional[Belopp] = None
    strukturovergripande: Optional[Belopp] = None
    administration: Optional[Belopp] = None
    deltagare: Optional[Antal] = None
    kalla: Optional[Kalla] = None
    dokument: Optional[Dokument] = _dokument()


class Arsredovisning(Strikt):
    """One samordningsförbund's årsredovisning for one räkenskapsår."""

    forbund: Forbund
    rakenskapsar: Ar
    dokument: Optional[Text] = Field(None, description="Källdokumentet, t.ex. filnamn eller titel.")
    medlemmar: list[Medlem] = Field(default_factory=_no_items)
    revision: Optional[Revision] = None

    medlemsbidrag: Optional[Medlemsbidrag] = None
    ovriga_intakter: Optional[OvrigaIntakter] = None

    resultatrakning: Optional[Rakning] = None
    balansrakning: Optional[Rakning] = None
    kassaflodesanalys: Optional[Rakning] = None
    noter: list[Not] = []
    driftredovisning: Optional[Driftredovisning] = None
    kostnadsfordelning: Optional[Kostnadsfordelning] = None
    budgettabeller: list[Budgettabell] = Field(
        default_factory=_no_items, description="Tabeller med budget och utfall utöver driftredovisningen, t.ex. en sammanställning per insats."
    )
    redovisningsprinciper: Optional[Text] = None

    insatser: list[Insats] = []
    lokaler: Optional[Lokaler] = None
    antal_anstallda: Optional[Antal] = None
    personal: list[Personal] = []

    finansiella_mal: list[Mal] = []
    verksamhetsmal: list[Mal] = []
    administrationsmal: Optional[Procent] = Field(None, description="Förbundets eget tak för administrationens andel av kostnaderna, i procent.")
    balanskrav: Optional[Balanskrav] = None
    budget: Optional[Budget] = Field(None, description="Årets budget.")
    budget_nasta_ar: Optional[Budget] = None

    forvaltningsberattelse: Optional[Forvaltningsberattelse] = None
    styrning: Optional[Styrning] = None
    forbundsordning: Optional[Forbundsordning] = None
    angivna_nyckeltal: Optional[AngivnaNyckeltal] = None
    oversikt: list[Oversiktsar] = Field(default_factory=_no_items, description="Flerårsöversikten, ett år per post.")
    rattelser: list[Rattelse] = Field(default_factory=_no_items, description="Justeringar av tidigare års belopp (t.ex. en pensionsavsättning), och var de redovisats.")
    god_ekonomisk_hushallning: Optional[StyrelsensBedomning] = Field(None, description="Styrelsens bedömning av om förbundet har en god ekonomisk hushållning.")
    pastaenden: list[Pastaende] = Field(default_factory=_no_items, description="Siffror som förbundet anger i sin text, prövade mot räkenskaperna.")
    anmarkningar: list[Text] = Field(default_factory=_no_items, description="Fria anteckningar om kodningen av dokumentet.")

    @model_validator(mode="after")
    def _consistent(self) -> "Arsredovisning":
        if self.budget_nasta_ar is not None and self.budget_nasta_ar.ar != self.rakenskapsar + 1:
            raise Fel(
                f"budget_nasta_ar gäller {self.budget_nasta_ar.ar}, men nästa år är {self.rakenskapsar + 1}",
                "budget_nasta_ar",
                "ar",
            )
        years = [o.ar for o in self.oversikt]
        for i, year in enumerate(years):
            if year in years[:i]:
                raise Fel(f"oversikt har året {year} flera gånger", "oversikt", i, "ar")
        numbers = [n.nummer for n in self.noter]
        for i, number in enumerate(numbers):
            if number in numbers[:i]:
                raise Fel(f"flera noter har nummer {number}", "noter", i, "nummer")
        return self
