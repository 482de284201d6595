"""Run a rule's own cases (its passing and failing examples) through the pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field

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
    wrong_facts: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.expected == self.actual and not self.missing_text and not self.wrong_facts


def case_report(rule: Regel, case: Fall, katalog: Katalog | None = None) -> Arsredovisning:
    data = {"forbund": {"namn": "Testförbundet"}, "rakenskapsar": case.rakenskapsar, **case.rapport}
    try:
        return Arsredovisning.model_validate(data, context=None if katalog is None else {"pastaendeslag": katalog.fakta.pastaendeslag})
    except ValidationError as exc:
        raise ValueError(f"{rule.id}, fallet '{case.namn}': rapporten är ogiltig: {exc}") from None


def case_facts(rule: Regel, case: Fall, katalog: Katalog | None = None) -> Facts:
    if case.rapport is not None:
        return derive(case_report(rule, case, katalog), katalog)
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


def wrong_facts(facts: Facts, expected: dict | None) -> list[str]:
    """What the case's report derives differently from what the case says it gives (ger_fakta)."""
    out = []
    for name, want in (expected or {}).items():
        if isinstance(want, list):
            items = facts.collections.get(name, [])
            if len(items) != len(want):
                out.append(f"{name}: {len(items)} poster, väntat {len(want)}")
                continue
            for i, (item, fields) in enumerate(zip(items, want)):
                for key, value in fields.items():
                    got = item.facts.get(key)
                    if not _same(got.value if got else None, value):
                        out.append(f"{name}[{i}].{key}: {_shown(got)}, väntat {value!r}")
            continue
        got = facts.scalars.get(name)
        if not _same(got.value if got else None, want):
            out.append(f"{name}: {_shown(got)}, väntat {want!r}")
    return out


def _same(got: object, want: object) -> bool:
    numbers = (int, float)
    if isinstance(got, numbers) and isinstance(want, numbers) and not isinstance(got, bool) and not isinstance(want, bool):
        return abs(got - want) <= 0.005  # facts keep two decimals
    return got == want and type(got) is type(want) or (got is None and want is None)


def _shown(fact: Fact | None) -> str:
    return "saknas" if fact is None else repr(fact.value)


def run_cases(katalog: Katalog, checker: Checker) -> list[CaseResult]:
    from .pipeline import examine

    results = []
    for rule in katalog.rules:
        for case in rule.fall:
            if case.rapport is not None:  # the same pipeline call as granska
                examined = examine(case_report(rule, case, katalog), checker, {"forbund": "Testförbundet"})
                facts, granskning = examined.facts, examined.granskning
            else:
                facts = case_facts(rule, case, katalog)
                granskning = checker.run(facts, {"forbund": "Testförbundet"})
            finding = granskning.finding(rule.id)
            missing = [t for t in case.meddelande_innehaller if t not in finding.meddelande]
            results.append(CaseResult(rule.id, case.namn, case.utfall, finding.utfall, finding.meddelande, missing,
                                      wrong_facts(facts, case.ger_fakta)))
    return results
