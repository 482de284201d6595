"""The report template (rules/mallar/rapport.yaml): every fixed sentence of the granskningsrapport.

Loaded and validated with the catalogue, like a rule file: a typo is an error
with file and line before any report is read. The renderers only choose and fill.
"""

import difflib
from pathlib import Path
from typing import Optional, Union

from pydantic import BaseModel, ConfigDict, Field

from .errors import InputError, Problem

TEMPLATE = Path("mallar") / "rapport.yaml"


class _Strikt(BaseModel):
    # Built on first validation: a catalogue from the compiled cache is unpickled, never validated.
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


class Maltabell(_Strikt):
    regel: str
    rubrik: str
    kolumner: list[str] = Field(min_length=5, max_length=5)
    malvarde: str
    utfall: str
    bedomning: list[str]
    uppnatt: str
    natt: str
    ej_natt: str
    forklaring: str
    saknas: str
    # the goals under one row per owner (the insats), each by its own text, instead of "Insats: mål" on every row
    grupp: Optional[str] = None
    namn: Optional[str] = None


class Avsnitt(_Strikt):
    nr: str = Field(pattern=r"^\d+(\.\d+)*$")
    rubrik: str
    del_: Optional[str] = Field(None, alias="del")
    text: Optional[str] = None
    regelverk: Optional[str] = None
    # 1.2
    revisionsfragor: list[str] = []
    efter: Optional[str] = None
    # 1.3
    avgransning: Optional[str] = None
    utfall_rubrik: Optional[str] = None
    utfall_kolumner: list[str] = []
    utfall_summa: Optional[str] = None
    centrala_rubrik: Optional[str] = None
    centrala_kolumner: list[str] = []
    centrala: list[str] = []
    fel_rubrik: Optional[str] = None
    # 1.4
    risker: list[str] = []
    vasentlighet: Optional[str] = None
    # 2.3.2
    maltabell: Optional[Maltabell] = None
    # the rules are placed in this part (2, 3) and its subsections
    regler: bool = False
    # what the revisor tries here, where the machine has nothing to go on ("prövas av revisorn")
    platshallare: Optional[str] = None
    # the conclusion: overall verdict, recommendations, what could not be assessed
    slutsats: bool = False


class Fraga(_Strikt):
    """One of the big questions in the summary, answered from the outcomes of the rules in its sections."""

    fraga: str
    avsnitt: list[str] = []
    # KPMG's conclusions are the verdicts of named rules (SLUTSATS-*), not of everything in a section
    regler: list[str] = []
    mal: bool = False  # also say how many goals with a target the årsredovisning reports as reached


class Sammanfattning(_Strikt):
    rubrik: str
    ingress: str
    inga_fynd: str
    avvikelser_rubrik: str
    iakttagelser_rubrik: str
    max_iakttagelser: int = Field(ge=0)
    fler_iakttagelser: str
    ej_bedomda: str
    foljdfel: str = "{antal} ({lista}; {lankar})."
    rad: str
    lank: str
    fler_poster: str
    fragor_rubrik: str
    fragor_kolumner: list[str] = Field(min_length=2, max_length=2)
    fragor: list[Fraga]
    svar: dict[str, str]
    # a question answered by conclusion rules: ja / delvis / nej / underlag_saknas / fel, then their sentences
    slutsats_svar: dict[str, str] = {}
    slutsats_saknas: str = ""
    mal: str


class Mall(_Strikt):
    titel: str
    undertitel: str
    titelblock: dict[str, Union[str, list[str]]]
    forbehall: str
    tkr: str
    utfall: dict[str, str]
    ord: dict[str, list[str]]
    avsnitt: list[Avsnitt]
    regelverk_rubrik: str
    bedomning_rubrik: str
    inga_regler: str
    platshallare: str
    platshallare_fyll: str
    sammanfattning: Sammanfattning
    kalla: dict[str, str]
    kallforteckning: dict[str, str]
    bedomning: dict[str, Union[str, list[str], dict[str, str]]]
    kolumner: dict[str, str]
    kolumnordning: list[str]
    dolda_kolumner: list[str]
    max_tabellrader: int
    max_poster: int = Field(4, ge=1)
    max_meningar: int = Field(2, ge=1)
    max_kolumner: int
    slutsats: dict[str, Union[str, dict[str, str]]]
    bilaga: dict[str, Union[str, list[str], dict[str, str]]]
    fakta: dict[str, str]
    varden: dict[str, str] = {}

    def section(self, nr: str) -> Avsnitt:
        return next(a for a in self.avsnitt if a.nr == nr)


def template_file(rules_dir: Path, fallback: Path) -> Path:
    """The template beside the catalogue in use, else the project's own."""
    path = Path(rules_dir) / TEMPLATE
    return path if path.exists() else Path(fallback) / TEMPLATE


def load_template(path: Path, rule_ids: Optional[set[str]] = None) -> Mall:
    """The report template, validated: a typo is an error with its line, also in the name of a rule."""
    from .load import load_model_with_lines

    mall, lines = load_model_with_lines(Path(path), Mall)
    if rule_ids is not None:
        named = [(("avsnitt", i, "maltabell", "regel"), a.maltabell.regel) for i, a in enumerate(mall.avsnitt) if a.maltabell]
        named += [(("sammanfattning", "fragor", i, "regler", j), r) for i, q in enumerate(mall.sammanfattning.fragor)
                  for j, r in enumerate(q.regler)]
        # A rule left out of a trimmed catalogue is answered "inte prövat"; a misspelt one is an error.
        unknown = []
        for where, rule in named:
            close = difflib.get_close_matches(rule, sorted(rule_ids), n=1, cutoff=0.9) if rule not in rule_ids else []
            if close:
                unknown.append(Problem(str(path), lines.line(where), ".".join(map(str, where)),
                                       f"regeln {rule} finns inte i regelkatalogen; menade du {close[0]}?"))
        if unknown:
            raise InputError(unknown)
    s = mall.sammanfattning
    if any(q.regler and not q.avsnitt for q in s.fragor) and (
        set(s.slutsats_svar) != {"ja", "delvis", "nej", "underlag_saknas", "fel"} or not s.slutsats_saknas
    ):
        raise InputError([Problem(str(path), lines.line(("sammanfattning",)), "sammanfattning.slutsats_svar",
                                  "en fråga som besvaras ur regler behöver slutsats_svar (ja, delvis, nej, underlag_saknas, fel) och slutsats_saknas")])
    if any(not q.avsnitt and not q.regler for q in mall.sammanfattning.fragor):
        raise InputError([Problem(str(path), None, "sammanfattning.fragor", "en fråga besvaras ur avsnitt eller regler; ange minst ett")])
    if not any(a.regler for a in mall.avsnitt):
        raise InputError([Problem(str(path), None, "avsnitt", "inget avsnitt har regler: true; reglerna har ingenstans att stå")])
    if sum(1 for a in mall.avsnitt if a.slutsats) != 1:
        raise InputError([Problem(str(path), None, "avsnitt", "exakt ett avsnitt ska ha slutsats: true")])
    numbers = [a.nr for a in mall.avsnitt]
    if len(set(numbers)) != len(numbers):
        raise InputError([Problem(str(path), None, "avsnitt", "två avsnitt har samma nummer")])
    return mall
