"""Findings: the outcome of each rule with the evidence that proves it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Optional, Union

from .exitcodes import for_counts
from .facts import Fact

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


@dataclass
class ItemResult:
    label: str
    utfall: str
    # The message, or how to write it: most items are never read one by one
    # (a collection that holds is summed up in one sentence), so they are written on demand.
    text: Union[str, Callable[[], str]]
    bevis: list[Fact] = field(default_factory=list)
    saknas: list[str] = field(default_factory=list)
    kalla: Optional[str] = None
    antaganden: list[str] = field(default_factory=list)  # the rule's fall-backs used, in words
    provar: Optional[str] = None  # the printed cell whose own correctness this item decides
    pekar_pa: list[dict] = field(default_factory=list)  # the findings that state this item's defect
    # At a brist, the rule's one sentence for the report's summary (also written on demand).
    kort_text: Union[str, Callable[[], str], None] = None

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


@dataclass
class ParameterUsed:
    namn: str
    beskrivning: str
    varde: object
    enhet: str
    galler_fran: str
    kalla: str


@dataclass
class Finding:
    id: str
    titel: str
    avsnitt: str
    krav: str
    vid_brist: str
    kallor: list[dict]
    utfall: str
    # The message, or how to write it: a genomlysning reads only the outcomes (see ItemResult).
    text: Union[str, Callable[[], str]]
    poster: list[ItemResult] = field(default_factory=list)
    parametrar: list[ParameterUsed] = field(default_factory=list)
    saknas: list[str] = field(default_factory=list)
    fel: Optional[str] = None
    antaganden: list[str] = field(default_factory=list)  # second-best facts the verdict rests on
    ej_provade: list[str] = field(default_factory=list)  # checks that could not be performed, and why
    pekar_pa: list[dict] = field(default_factory=list)  # every brist here is a defect another finding states
    dokument: list[str] = field(default_factory=list)  # other documents than the årsredovisning the verdict rests on
    vikt: str = "väsentlig"  # the rule's weight: the report's summary orders by it
    rekommendation: Optional[dict] = None  # {atgard, text} from the rule, for the report's conclusion

    @property
    def meddelande(self) -> str:
        if callable(self.text):
            self.text = self.text()
        return self.text

    @meddelande.setter
    def meddelande(self, text: str) -> None:
        self.text = text


@dataclass
class Granskning:
    """Everything one run of the checker found about one report."""

    forbund: str
    organisationsnummer: Optional[str]
    rakenskapsar: int
    dokument: Optional[str]
    katalogversion: str
    motor: str
    findings: list[Finding]
    scalars: dict[str, Fact]
    fran_tkr: bool
    mall: Optional[Any] = None  # the report template loaded with the catalogue (checker.mall.Mall)

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
