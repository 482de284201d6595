"""Findings: the outcome of each rule with the evidence that proves it."""

from __future__ import annotations

import copy
from typing import Any, Callable, Optional, Union

from .exitcodes import for_counts
from .facts import Fact
from .frozen import NEW, Record

# Worst first: the rule's outcome is the worst of its items'.
SEVERITY = ["fel", "avvikelse", "iakttagelse", "underlag_saknas", "uppfylld", "ej_tillamplig"]

UTFALL_TEXT = {
    "uppfylld": "uppfylld",
    "avvikelse": "avvikelse",
    "iakttagelse": "iakttagelse",
    "underlag_saknas": "underlag saknas",
    "ej_tillamplig": "ej tillämplig",
    "fel": "fel",
}


def section_key(section: str) -> tuple[int, ...]:
    """'2.3.1' → (2, 3, 1): report sections in reading order."""
    return tuple(int(p) for p in section.split(".") if p.isdigit())


# Heaviest first.
VIKT = ["väsentlig", "mindre"]


def worst(outcomes: list[str]) -> str:
    return min(outcomes, key=SEVERITY.index)


class ItemResult(Record):
    _fields = ("label", "utfall", "text", "bevis", "saknas", "kalla", "antaganden", "provar", "pekar_pa", "kort_text")

    def __init__(self, label: str, utfall: str, text: Union[str, Callable[[], str]], bevis: list[Fact] = NEW,
                 saknas: list[str] = NEW, kalla: Optional[str] = None, antaganden: list[str] = NEW,
                 provar: Optional[str] = None, pekar_pa: list[dict] = NEW,
                 kort_text: Union[str, Callable[[], str], None] = None):
        self.label = label
        self.utfall = utfall
        # The message, or how to write it: most items are never read one by one
        # (a collection that holds is summed up in one sentence), so they are written on demand.
        self.text = text
        self.bevis = [] if bevis is NEW else bevis
        self.saknas = [] if saknas is NEW else saknas
        self.kalla = kalla
        self.antaganden = [] if antaganden is NEW else antaganden  # the rule's fall-backs used, in words
        self.provar = provar  # the printed cell whose own correctness this item decides
        self.pekar_pa = [] if pekar_pa is NEW else pekar_pa  # the findings that state this item's defect
        # At a brist, the rule's one sentence for the report's summary (also written on demand).
        self.kort_text = kort_text

    @property
    def meddelande(self) -> str:
        if callable(self.text):
            self.text = self.text()
        return self.text

    @property
    def kort(self) -> Optional[str]:
        if callable(self.kort_text):
            self.kort_text = self.kort_text()
        return self.kort_text


class ParameterUsed(Record):
    _fields = ("namn", "beskrivning", "varde", "enhet", "galler_fran", "kalla")

    def __init__(self, namn: str, beskrivning: str, varde: object, enhet: str, galler_fran: str, kalla: str):
        self.namn = namn
        self.beskrivning = beskrivning
        self.varde = varde
        self.enhet = enhet
        self.galler_fran = galler_fran
        self.kalla = kalla

    def as_dict(self) -> dict:
        """What dataclasses.asdict gave: every field, a value copied as deep as asdict copies it."""
        return {name: copy.deepcopy(getattr(self, name)) for name in self._fields}


class Finding(Record):
    _fields = ("id", "titel", "avsnitt", "krav", "vid_brist", "kallor", "utfall", "text", "poster", "parametrar",
               "saknas", "fel", "antaganden", "ej_provade", "pekar_pa", "dokument", "vikt", "rekommendation")

    def __init__(self, id: str, titel: str, avsnitt: str, krav: str, vid_brist: str, kallor: list[dict], utfall: str,
                 text: Union[str, Callable[[], str]], poster: list[ItemResult] = NEW, parametrar: list[ParameterUsed] = NEW,
                 saknas: list[str] = NEW, fel: Optional[str] = None, antaganden: list[str] = NEW,
                 ej_provade: list[str] = NEW, pekar_pa: list[dict] = NEW, dokument: list[str] = NEW,
                 vikt: str = "väsentlig", rekommendation: Optional[dict] = None):
        self.id = id
        self.titel = titel
        self.avsnitt = avsnitt
        self.krav = krav
        self.vid_brist = vid_brist
        self.kallor = kallor
        self.utfall = utfall
        # The message, or how to write it: a genomlysning reads only the outcomes (see ItemResult).
        self.text = text
        self.poster = [] if poster is NEW else poster
        self.parametrar = [] if parametrar is NEW else parametrar
        self.saknas = [] if saknas is NEW else saknas
        self.fel = fel
        self.antaganden = [] if antaganden is NEW else antaganden  # second-best facts the verdict rests on
        self.ej_provade = [] if ej_provade is NEW else ej_provade  # checks that could not be performed, and why
        self.pekar_pa = [] if pekar_pa is NEW else pekar_pa  # every brist here is a defect another finding states
        self.dokument = [] if dokument is NEW else dokument  # other documents than the årsredovisning the verdict rests on
        self.vikt = vikt  # the rule's weight: the report's summary orders by it
        self.rekommendation = rekommendation  # {atgard, text} from the rule, for the report's conclusion

    @property
    def meddelande(self) -> str:
        if callable(self.text):
            self.text = self.text()
        return self.text

    @meddelande.setter
    def meddelande(self, text: str) -> None:
        self.text = text


class Granskning(Record):
    """Everything one run of the checker found about one report."""

    _fields = ("forbund", "organisationsnummer", "rakenskapsar", "dokument", "katalogversion", "motor", "findings",
               "scalars", "fran_tkr", "mall")

    def __init__(self, forbund: str, organisationsnummer: Optional[str], rakenskapsar: int, dokument: Optional[str],
                 katalogversion: str, motor: str, findings: list[Finding], scalars: dict[str, Fact], fran_tkr: bool,
                 mall: Optional[Any] = None):
        self.forbund = forbund
        self.organisationsnummer = organisationsnummer
        self.rakenskapsar = rakenskapsar
        self.dokument = dokument
        self.katalogversion = katalogversion
        self.motor = motor
        self.findings = findings
        self.scalars = scalars
        self.fran_tkr = fran_tkr
        self.mall = mall  # the report template loaded with the catalogue (checker.mall.Mall)

    def counts(self) -> dict[str, int]:
        """Defects, not rule hits: a finding whose brist another finding states is a följdfel."""
        out = {k: 0 for k in SEVERITY}
        out["foljdfel"] = 0
        for f in self.findings:
            out["foljdfel" if f.pekar_pa else f.utfall] += 1
        return out

    def exit_code(self) -> int:
        return for_counts(self.outcomes())

    def outcomes(self) -> dict[str, int]:
        """Rules per outcome, as the rule list shows them."""
        out = {k: 0 for k in SEVERITY}
        for f in self.findings:
            out[f.utfall] += 1
        return out

    def utanfor_arsredovisningen(self) -> list[Finding]:
        """The findings whose verdict rests on facts from another document than the årsredovisning."""
        return [f for f in self.findings if f.dokument and f.utfall != "fel"]

    def finding(self, rule_id: str) -> Finding:
        return next(f for f in self.findings if f.id == rule_id)
