"""Run a rule's own cases (its passing and failing examples) through the pipeline."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError

from .catalogue import Fall, Katalog, Regel
from .evaluate import Checker
from .facts import Fact, Facts, Item, derive
from .model import Arsredovisning


@dataclass
class CaseResult:
    rule: str
    case: str
    expected: str
    actual: str
    message: str
    missing_text: list[str]

    @property
    def ok(self) -> bool:
        return self.expected == self.actual and not self.missing_text


def case_facts(rule: Regel, case: Fall) -> Facts:
    if case.rapport is not None:
        data = {"forbund": {"namn": "Testförbundet"}, "rakenskapsar": case.rakenskapsar, **case.rapport}
        try:
            report = Arsredovisning.model_validate(data)
        except ValidationError as exc:
            raise ValueError(f"{rule.id}, fallet '{case.namn}': rapporten är ogiltig: {exc}") from None
        return derive(report)
    facts = Facts()
    facts.add(Fact("rakenskapsar", case.rakenskapsar, "ar", "räkenskapsår"))
    for name, value in (case.fakta or {}).items():
        if isinstance(value, list):
            items = []
            for i, entry in enumerate(value):
                item = Item(f"post {i + 1}")
                for k, v in entry.items():
                    item.add(Fact(k, v, _unit(v), k))
                items.append(item)
            facts.collections[name] = items
        else:
            facts.add(Fact(name, value, _unit(value), name))
    return facts


def _unit(value: object) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "kr"
    if isinstance(value, float):
        return "procent"
    return "text"


def run_cases(katalog: Katalog, checker: Checker) -> list[CaseResult]:
    results = []
    for rule in katalog.rules:
        for case in rule.fall:
            facts = case_facts(rule, case)
            granskning = checker.run(facts, {"forbund": "Testförbundet"})
            finding = granskning.finding(rule.id)
            missing = [t for t in case.meddelande_innehaller if t not in finding.meddelande]
            results.append(CaseResult(rule.id, case.namn, case.utfall, finding.utfall, finding.meddelande, missing))
    return results
