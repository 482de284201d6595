"""Every name a rule, its cases or its messages use, checked against the fact registry at load.

A name nobody derives would make the rule answer "underlag saknas" on every
report forever, and a placeholder nobody fills would print "[saknas]": both are
errors in the rule file, reported with file, line and field before any report
is read.
"""

from __future__ import annotations

import difflib
import re
from typing import Iterable, Optional

from .errors import Problem
from .registry import Register

# What a message may write after the name: {ek_andel:procent}.
SPECS = ("kr", "abs_kr", "procent", "procent1", "tal", "text")
# Names every message may use beside the facts: the item's label and the number of items.
MESSAGE_EXTRAS = ("post", "antal")
_BRACED = re.compile(r"\{([^{}]*)\}")
_PLACEHOLDER = re.compile(r"^([a-z_][a-z0-9_]*)(?::([a-z0-9_]+))?$")


class Scope:
    """The names one rule can read."""

    def __init__(self, register: Register, rule, concluded: Iterable[str], parameters: Iterable[str]):
        self.register = register
        self.collection = rule.for_varje if rule.for_varje in register.samlingar else None
        self.item = set(register.fields(self.collection)) if self.collection else set()
        self.own = set(rule.parametrar) | set(rule.harledda)
        self.concluded = set(concluded)
        self.parameters = set(parameters)

    def known(self, name: str) -> bool:
        return name in self.item or name in self.own or name in self.concluded or name in self.register.fakta

    def why_unknown(self, name: str) -> str:
        if "." in name:
            return f"'{name}': ett namn får inte innehålla punkt (skriv faktumets namn, t.ex. ek_andel)"
        if name in self.parameters:
            return f"'{name}' är en parameter som regeln inte anger: lägg till den i parametrar"
        if name in self.register.samlingar:
            return f"'{name}' är en samling, inget faktum: pröva den post för post med for_varje: {name}"
        where = f" eller i samlingen {self.collection}" if self.collection else ""
        candidates = sorted(self.item | self.own | self.concluded | set(self.register.fakta))
        close = difflib.get_close_matches(name, candidates, n=1)
        hint = f"; menade du '{close[0]}'?" if close else ""
        return f"okänt namn '{name}': inget faktum i faktaregistret (rules/fakta/){where}, ingen parameter eller härledning heter så{hint}"


def check_rule_names(file: str, rule, lines, register: Register, concluded: set[str], parameters: set[str]) -> list[Problem]:
    problems: list[Problem] = []

    def problem(loc: tuple, message: str) -> None:
        problems.append(Problem(file, lines.line(loc), _field(loc), message))

    if rule.for_varje is not None and rule.for_varje not in register.samlingar:
        close = difflib.get_close_matches(rule.for_varje, sorted(register.samlingar), n=1)
        hint = f"; menade du '{close[0]}'?" if close else ""
        problem(("for_varje",), f"okänd samling '{rule.for_varje}': ingen samling i faktaregistret (rules/fakta/) heter så{hint}")
    scope = Scope(register, rule, concluded - ({rule.slutsats} if rule.slutsats else set()), parameters)

    def names(loc: tuple, found: Iterable[str]) -> None:
        for name in sorted(found):
            if not scope.known(name):
                problem(loc, scope.why_unknown(name))

    for loc, expr in (("villkor", lambda: rule.condition), ("tillamplig_om", lambda: rule.applicability)):
        parsed = _parsed(expr)
        if parsed is not None:
            names((loc,), parsed.names)
    for name, expr in _derived(rule).items():
        names(("harledda", name), expr.names)
    for i, name in enumerate(rule.belagg):
        names(("belagg", i), [name])
    for name in rule.vid_saknat:
        names(("vid_saknat", name), [name])
    for name, alternatives in getattr(rule, "reserv", {}).items():
        for i, alt in enumerate(alternatives):
            names(("reserv", name, i, "faktum"), [alt.faktum])
    if rule.slutsats and rule.slutsats in register.fakta:
        reads = " och regeln läser sin egen slutsats" if rule.slutsats in _needs(rule) else ""
        problem(("slutsats",), f"'{rule.slutsats}' är redan ett faktum i faktaregistret{reads}; en slutsats behöver ett eget namn")
    texts = [(("meddelande", key), getattr(rule.meddelande, key)) for key in ("uppfylld", "brist", "ej_tillamplig")]
    texts += [(("vid_saknat", name, "meddelande"), v.meddelande) for name, v in rule.vid_saknat.items()]
    for loc, text in texts:
        for message in placeholder_problems(text or "", scope):
            problem(loc, message)
    for i, case in enumerate(rule.fall):
        problems.extend(_case_problems(file, lines, i, case, register, scope))
    return problems


def placeholder_problems(text: str, scope: Scope) -> list[str]:
    out = []
    for match in _BRACED.finditer(text):
        inner = match.group(1)
        m = _PLACEHOLDER.match(inner)
        if m is None:
            hint = " (ett namn får inte innehålla punkt)" if "." in inner else ""
            out.append(f"okänd platshållare '{{{inner}}}': skriv {{namn}} eller {{namn:kr}}{hint}")
            continue
        name, spec = m.groups()
        if spec is not None and spec not in SPECS:
            out.append(f"okänt format '{spec}' i '{{{inner}}}': skriv ett av {', '.join(SPECS)}")
        if name not in MESSAGE_EXTRAS and not scope.known(name):
            out.append(f"okänd platshållare '{{{inner}}}': " + scope.why_unknown(name))
    return out


def _case_problems(file: str, lines, i: int, case, register: Register, scope: Scope) -> list[Problem]:
    problems = []
    for key, given in (("fakta", case.fakta), ("ger_fakta", getattr(case, "ger_fakta", None))):
        for name, value in (given or {}).items():
            loc = ("fall", i, key, name)
            if name in register.samlingar:
                fields = register.fields(name)
                if not isinstance(value, list) or not all(isinstance(e, dict) for e in value):
                    problems.append(Problem(file, lines.line(loc), _field(loc), f"samlingen {name} anges som en lista av poster (fält: värde)"))
                    continue
                for j, entry in enumerate(value):
                    for field_name in entry:
                        if field_name not in fields:
                            floc = loc + (j, field_name)
                            problems.append(Problem(file, lines.line(floc), _field(floc), f"okänt fält '{field_name}' i samlingen {name}; fälten är {', '.join(fields)}"))
            elif name not in register.fakta and not (key == "fakta" and name in scope.concluded | scope.item):
                problems.append(Problem(file, lines.line(loc), _field(loc), scope.why_unknown(name)))
    return problems


def _parsed(getter) -> Optional[object]:
    try:
        return getter()
    except ValueError:
        return None  # reported by the parse check


def _derived(rule) -> dict:
    try:
        return rule.derived
    except ValueError:
        return {}


def _needs(rule) -> frozenset[str]:
    try:
        return rule.needs
    except ValueError:
        return frozenset()


def _field(loc: tuple) -> str:
    from .yamlread import format_path

    return format_path(loc)
