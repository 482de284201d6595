"""Figures the förvaltningsberättelse states in its text, drafted as påståenden for the checker to test.

A sentence gives a claim only when it says plainly what the figure is of, in the
year itself: a sentence about the budget, a goal, a plan or another year than the
räkenskapsår gives none, and a deviation without its sign ("avvikelsen uppgår till
126 tkr": better or worse?) is not guessed. Each claim cites its sentence; the encoder
checks it, as every guess in the draft.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .sentences import sentences
from .source import Line

_NUM = r"(?P<sign>[-−–+]\s?)?(?P<n>\d{1,3}(?:[ \u00a0]\d{3})+|\d{1,3})"
_KR = rf"{_NUM}\s*(?P<unit>tkr|kr)\b"
_PCT = r"(?P<n>\d{1,3}(?:,\d+)?)\s?(?:%|procent)"
_NOT_THE_YEAR = re.compile(r"\b(?:budget\w*|budgeter\w*|mål\w*|tak\w*|plan\w*|prognos\w*|ska|får|bör|förväntas|beräknas|"
                          r"understig\w*|överstig\w*)\b", re.I)

# (kind, pattern, sign): sign +1/−1 fixed by the words, 0 from the printed sign, None: the words' own
_PATTERNS: list[tuple[str, re.Pattern, int | None]] = [
    ("budget_overskridande", re.compile(rf"\bförbrukat\s+{_KR}\s+mer\s+än\s+budgeterat", re.I), +1),
    ("budget_overskridande", re.compile(rf"\bförbrukat\s+{_KR}\s+mindre\s+än\s+budgeterat", re.I), -1),
    ("resultat_mot_budget", re.compile(rf"\bavvikelse\w*\s+(?:mot\s+budget\w*\s+)?uppg(?:år|ick)\s+till\s+{_NUM}\s*(?P<unit>tkr|kr)?(?![\d%])", re.I), 0),
    ("arets_resultat", re.compile(rf"\b(?P<word>positivt\s+|negativt\s+)?resultat(?:et)?\s+(?:för\s+(?:året|\d{{4}})\s+)?(?:om|på|blev|uppgår\s+till|uppgick\s+till)\s+{_KR}", re.I), None),
    ("ek_utgaende", re.compile(rf"\beg(?:et|na)\s+kapital(?:et)?\s+(?:\w+\s+){{0,6}}?(?:till|om|på)\s+{_KR}", re.I), +1),
    ("ek_andel", re.compile(rf"\beg(?:et|na)\s+kapital(?:et)?\b[^.%]{{0,60}}?{_PCT}\s+av\s+(?:\w+\s+){{0,3}}?(?:medlemsbidrag|tilldelning)\w*", re.I), +1),
    ("adm_andel", re.compile(rf"{_PCT}\s+av\s+(?:verksamhetens\s+|förbundets\s+)?(?:totala\s+)?kostnader\w*\s+(?:utgörs\s+av|avser|går\s+till)\s+administration", re.I), +1),
    ("soliditet", re.compile(rf"\bsoliditet(?:en)?\s+(?:är|var|blev|uppgår\s+till|uppgick\s+till)\s+{_PCT}", re.I), +1),
]
# A deviation is against the budget: for these kinds the word is no sign of another subject.
_ALLOWED = {"resultat_mot_budget": ("budget",), "budget_overskridande": ("budgeter",),
            # the share is read before the tak the sentence sets it against ("43 % …, över taket om 20 %")
            "ek_andel": ("tak", "understig", "överstig"),
            # "N % av verksamhetens kostnader utgörs av administration" names the costs themselves
            "adm_andel": ("budget", "mål")}
# The förbund's own overrun, not one cost line's ("Kostnad för inhyrd förbundschef som förbrukat …").
_SUBJECT = {"budget_overskridande": re.compile(r"\bförbundet\b", re.I)}


@dataclass
class Claim:
    citat: str
    avser: str
    varde: float
    enhet: str
    lines: list[Line]


def _value(m: re.Match, sign: int | None, percent: bool) -> float | None:
    n = float(m.group("n").replace(",", ".")) if percent else int(re.sub(r"\D", "", m.group("n")))
    printed = (m.groupdict().get("sign") or "").strip()
    if sign is None:  # the words say it (negativt resultat), else the printed sign
        negative = (m.group("word") or "").strip().lower() == "negativt" or printed in ("-", "−", "–")
        return -n if negative else n
    if sign == 0:  # only the printed sign says which way
        return None if not printed else (n if printed == "+" else -n)
    return sign * n


def read_claims(report: list[Line], year: int) -> list[Claim]:
    out: list[Claim] = []
    seen = set()
    for sentence, lines in sentences(report):
        if len(sentence) > 400 or re.match(r"^(?:[•·\-–]|att\b)", sentence, re.I):
            continue  # a list item, or a goal ("Att under 2020 finansiera …")
        if set(re.findall(r"\b(?:19|20)\d{2}\b", sentence)) - {str(year)}:
            continue  # another year's figure, or a comparison with one
        for kind, pattern, sign in _PATTERNS:
            m = pattern.search(sentence)
            if not m:
                continue
            if kind in _SUBJECT and not _SUBJECT[kind].search(sentence):
                continue
            allowed = tuple(_ALLOWED.get(kind, ()))
            if any(not (allowed and w.lower().startswith(allowed)) for w in _NOT_THE_YEAR.findall(sentence)):
                continue
            percent = "unit" not in pattern.groupindex
            value = _value(m, sign, percent)
            if value is None:
                continue
            unit = "procent" if percent else (m.group("unit") or "kr").lower()
            if (kind, value) in seen:
                continue
            seen.add((kind, value))
            out.append(Claim(" ".join(sentence.split()), kind, value, unit, lines))
    return out


_BOARD = re.compile(r"\bstyrelsen\s+(?:\w+\s+){0,2}?(?:bedömer|bedömt|anser|gör\s+bedömningen|har\s+bedömt)\b", re.I)
_GOOD = re.compile(r"\bgod\s+ekonomisk\s+hushållning\b", re.I)
_NEGATED = re.compile(r"\b(?:inte|ej|icke|ingen)\b", re.I)


@dataclass
class Assessment:
    uppfylld: bool
    citat: str
    lines: list[Line]


def board_assessment(report: list[Line]) -> Assessment | None:
    """The styrelse's own assessment of god ekonomisk hushållning: the sentence where it says so.

    "… gör att styrelsen bedömer att förbundet uppfyller kraven i begreppet god ekonomisk
    hushållning." A negation in the sentence makes it a "not fulfilled"; a goal ("ska bedrivas
    med god ekonomisk hushållning") is no assessment.
    """
    for sentence, lines in sentences(report):
        board, good = _BOARD.search(sentence), _GOOD.search(sentence)
        if not board or not good or good.start() < board.start() or re.search(r"\bska\b", sentence, re.I):
            continue
        negated = bool(_NEGATED.search(sentence[board.end() : good.start()]))
        return Assessment(not negated, " ".join(sentence.split()), lines)
    return None
