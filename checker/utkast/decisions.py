"""When the styrelse decided the year's verksamhetsplan and budget, where the text says so in one sentence.

"Verksamhetsplan och budget samt budgetplan beslutas av styrelsen i november 2024
inför verksamhetsåret 2025." A sentence is read only when it names the plan or the
budget, a decision (beslut-, fastställ-, anta-, antog), a date, and the räkenskapsår itself
besides the date: a sentence about next year's plan is not this year's decision.
"""

from __future__ import annotations

import re

from .parts import Found
from .sentences import sentences
from .source import Line

MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december"]
_MONTH = "|".join(MONTHS)
_DATE = re.compile(rf"\b(?P<iso>(?:19|20)\d{{2}}-[01]\d-[0-3]\d)\b"
                   rf"|\bden\s+(?P<day>[0-3]?\d)\s+(?P<dmonth>{_MONTH})\s+(?P<dyear>(?:19|20)\d{{2}})\b"
                   rf"|\b(?:i|under)\s+(?P<month>{_MONTH})\s+(?P<year>(?:19|20)\d{{2}})\b", re.I)
# The plan or the budget and the decision close together, with no "att" between: "beslutade att
# omfördela budgeten" is a decision about the budget, not its adoption.
_NOUN, _VERB = r"\b(?:verksamhetsplan\w*|budget\w*)\b", r"\b(?:beslut\w*|fastställ\w*|anta\w*|antog\w*)\b"
_DECIDED = re.compile(rf"{_NOUN}(?:(?!\batt\b)[^.]){{0,80}}?{_VERB}|{_VERB}(?:(?!\batt\b)[^.]){{0,40}}?{_NOUN}(?:(?:\s+(?:och|samt)\s+){_NOUN})*", re.I)


def _date(m: re.Match) -> str:
    if m.group("iso"):
        return m.group("iso")
    if m.group("day"):
        month = MONTHS.index(m.group("dmonth").lower()) + 1
        return f"{m.group('dyear')}-{month:02d}-{int(m.group('day')):02d}"
    return f"{m.group('year')}-{MONTHS.index(m.group('month').lower()) + 1:02d}"


def plan_decisions(report: list[Line], year: int) -> dict[str, Found]:
    """verksamhetsplan_beslutad and budget_beslutad, each with the sentence's lines."""
    out: dict[str, Found] = {}
    for sentence, lines in sentences(report):
        dates, decided = list(_DATE.finditer(sentence)), _DECIDED.search(sentence)
        if len(dates) != 1 or not decided:
            continue
        lowered = decided.group(0).lower()
        others = sentence[: dates[0].start()] + sentence[dates[0].end():]
        if str(year) not in re.findall(r"(?:19|20)\d{2}", others):
            continue
        found = Found(_date(dates[0]), lines)
        if "verksamhetsplan" in lowered:
            out.setdefault("verksamhetsplan_beslutad", found)
        if "budget" in lowered:
            out.setdefault("budget_beslutad", found)
    return out


_AMOUNT = r"(?P<sign>[-−–]\s?)?(?P<amount>\d{1,3}(?:[ \u00a0]\d{3})*)\s*(?P<unit>tkr|kr)\b"
_RESULT = re.compile(rf"\b(?P<word>minusresultat|underskott|negativt\s+resultat|plusresultat|överskott|resultat)\w*"
                     rf"(?:\s+(?:uppgående\s+till|på|om|av))?\s+{_AMOUNT}", re.I)
_MEMBERS = re.compile(rf"\bmedlemsbidrag\w*\s+(?:\w+\s+){{0,3}}?(?:till|på|om)\s+{_AMOUNT}", re.I)


def _kronor(m: re.Match) -> int:
    value = int(re.sub(r"\D", "", m.group("amount")))
    return value * 1000 if m.group("unit").lower() == "tkr" else value


def next_year_budget(report: list[Line], year: int) -> dict | None:
    """Next year's budgeted result (and medlemsbidrag) where one sentence says the styrelse adopted it.

    "Styrelsen har för 2026 antagit en budget med minusresultat uppgående till 998 tkr och
    eftersom medlemsbidragen sänkts till 4 000 000 kr …": the sentence names the budget, the
    decision and next year, and the result's sign by its word (minusresultat, underskott) or a
    printed minus. Amounts in kronor, with the unit the result was printed in.
    """
    for sentence, lines in sentences(report):
        if str(year + 1) not in sentence or "budget" not in sentence.lower() or not _DECIDED.search(sentence):
            continue
        if str(year) in re.findall(r"(?:19|20)\d{2}", _DATE.sub("", sentence)):
            continue  # this year's figures too (not the decision's date): which is which is not guessed
        results = list(_RESULT.finditer(sentence))
        if len(results) != 1:
            continue
        m = results[0]
        negative = bool(m.group("sign")) or m.group("word").lower().startswith(("minus", "underskott", "negativ"))
        out = {"ar": year + 1, "tkr": m.group("unit").lower() == "tkr",
               "resultat": -_kronor(m) if negative else _kronor(m), "lines": lines}
        members = list(_MEMBERS.finditer(sentence))
        if len(members) == 1 and not members[0].group("sign"):
            out["medlemsbidrag"] = _kronor(members[0])
        return out
    return None
