"""Parameters: each value checked against its unit and dates at load, and one way to pick the value in force.

Every stage that needs a parameter (the rules, the facts, `finsam regler`,
the genomlysning) asks `resolve` for it, so the value for a date is chosen in
one place.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Callable, Optional, Union

from . import format as fmt
from .errors import Problem
from .frozen import Frozen, set_field

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMERIC = ("kr", "procent", "procentenheter", "antal", "manader")


def year_end(year: int) -> str:
    """The day a räkenskapsår's parameters are read at: its last day."""
    return f"{year}-12-31"


@dataclass(unsafe_hash=True)  # not frozen: cheaper to make (see facts.Fact), and made per rule and report
class Resolved:
    name: str
    value: object
    start: str  # the date the value applies from
    param: object  # the Parameter


class NotResolved(Frozen):
    _fields = ("utfall", "meddelande", "saknas")

    def __init__(self, utfall: str, meddelande: str, saknas: tuple[str, ...] = ()):
        set_field(self, "utfall", utfall)  # ej_tillamplig or underlag_saknas
        set_field(self, "meddelande", meddelande)
        set_field(self, "saknas", saknas)


def resolve(param, day: str, basis: Optional[Callable[[str], object]] = None) -> Union[Resolved, NotResolved]:
    """The parameter's value on a day; a scale's step is chosen by its basis fact (looked up with `basis`)."""
    found = param.in_force_on(day)
    year = int(day[:4])
    if found is None:
        first = next(iter(param.varden))
        return NotResolved("ej_tillamplig", f"Parametern {param.namn} har inget värde för {year}; den gäller från {first}.")
    start, pv = found
    if pv.trappa is None:
        return Resolved(param.namn, pv.varde, start, param)
    value = basis(param.trappa_efter) if (basis is not None and param.trappa_efter) else None
    if value is None:
        return NotResolved("underlag_saknas", f"Underlag saknas: {param.trappa_efter}, som avgör vilket steg av {param.namn} som gäller.",
                           (param.trappa_efter,))
    steps = [s for s in pv.trappa if value >= s.fran]
    if not steps:
        return NotResolved("ej_tillamplig", f"Parametern {param.namn} har inget steg för {param.trappa_efter} = {value}.")
    return Resolved(param.namn, steps[-1].varde, start, param)


def value_in_force(parameters: dict, name: str, day: str, directory: str = "rules") -> object:
    """A parameter without a scale that the facts need (a tolerance, a deadline, a word list).

    None when it has no value yet on the day; a catalogue without it is bad input.
    """
    if name not in parameters:
        from .errors import InputError

        raise InputError([Problem(f"{directory}/parametrar/{name}.yaml", None, "", "parametern saknas; fakta i faktaregistret behöver den")])
    found = resolve(parameters[name], day)
    return None if isinstance(found, NotResolved) else found.value


def shown(value: object) -> str:
    """A parameter value as `finsam regler` prints it."""
    if isinstance(value, list):
        return ", ".join(f"”{v}”" for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return fmt.tal(value)


# --- checks at load ---------------------------------------------------------------------


def _type_problem(value: object, enhet: str) -> Optional[str]:
    shown_value = f"'{value}'" if isinstance(value, str) else repr(value).replace("True", "true").replace("False", "false")
    is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if enhet == "kr":
        ok = is_number and float(value).is_integer()
        return None if ok else f"{shown_value} är inget belopp i hela kronor (parametern har enheten kr)"
    if enhet in ("procent", "procentenheter"):
        ok = is_number and math.isfinite(value)
        return None if ok else f"{shown_value} är inget tal (parametern har enheten {enhet}; skriv t.ex. 20)"
    if enhet in ("antal", "manader"):
        ok = is_number and float(value).is_integer() and value >= 0
        return None if ok else f"{shown_value} är inget heltal ≥ 0 (parametern har enheten {enhet})"
    if enhet == "bool":
        return None if isinstance(value, bool) else f"{shown_value} är inte true eller false (parametern har enheten bool)"
    if enhet == "text":
        return None if isinstance(value, str) and value.strip() else f"{shown_value} är ingen text (parametern har enheten text)"
    if enhet == "textlista":
        ok = isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value)
        return None if ok else f"{shown_value} är ingen lista av texter (parametern har enheten textlista)"
    if enhet == "rubriker":
        ok = isinstance(value, dict) and value and all(isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in value.items())
        return None if ok else f"{shown_value} är ingen mappning fält: rubrik (parametern har enheten rubriker)"
    return f"okänd enhet {enhet}"


def check_parameter(file: str, param, lines, register) -> list[Problem]:
    problems = []
    for key, pv in param.varden.items():
        loc = ("varden", key)
        if not _DATE.match(key):
            problems.append(Problem(file, lines.line(loc), f"varden.{key}", f"'{key}' är inget datum ÅÅÅÅ-MM-DD"))
        else:
            try:
                date.fromisoformat(key)
            except ValueError:
                problems.append(Problem(file, lines.line(loc), f"varden.{key}", f"'{key}' är inget datum: dagen finns inte i den månaden"))
        if pv.trappa is not None:
            if param.enhet not in _NUMERIC:
                problems.append(Problem(file, lines.line(loc + ("trappa",)), f"varden.{key}.trappa", f"en trappa behöver en enhet med tal, inte {param.enhet}"))
            for i, step in enumerate(pv.trappa):
                message = _type_problem(step.varde, param.enhet) if param.enhet in _NUMERIC else None
                if message:
                    problems.append(Problem(file, lines.line(loc + ("trappa", i, "varde")), f"varden.{key}.trappa[{i}].varde", message))
        else:
            message = _type_problem(pv.varde, param.enhet)
            if message:
                problems.append(Problem(file, lines.line(loc + ("varde",)), f"varden.{key}.varde", message))
    has_scale = any(pv.trappa is not None for pv in param.varden.values())
    if has_scale and not param.trappa_efter:
        problems.append(Problem(file, lines.line(("varden",)), "trappa_efter", "en trappa behöver trappa_efter: faktumet som väljer steg"))
    if param.trappa_efter and register is not None:
        fact = register.fakta.get(param.trappa_efter)
        if fact is None:
            problems.append(Problem(file, lines.line(("trappa_efter",)), "trappa_efter", f"okänt faktum '{param.trappa_efter}': det finns inte i faktaregistret (rules/fakta/)"))
        elif fact.enhet not in ("kr", "procent", "antal", "tal"):
            problems.append(Problem(file, lines.line(("trappa_efter",)), "trappa_efter", f"'{param.trappa_efter}' är inget tal (enhet {fact.enhet})"))
    return problems
