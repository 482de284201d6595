"""finsam utkast: when the styrelse decided the year's verksamhetsplan and budget, from one sentence of the text."""

from __future__ import annotations

import pytest

from checker.utkast.decisions import plan_decisions
from checker.utkast.source import Line


def _read(text: str, year: int) -> dict:
    lines = [Line(t, i) for i, t in enumerate(text.split("\n"), start=1)]
    return {k: (f.value, f.where()) for k, f in plan_decisions(lines, year).items()}


def test_the_2025_sentence_over_two_lines():
    # Lekeberg och Örebro 2025, rad 207–208
    text = ("Verksamhetsplan och budget samt budgetplan beslutas av styrelsen i november 2024 \n"
            "inför verksamhetsåret 2025. Därtill utgör Förbundsordning styrdokumenten.")
    assert _read(text, 2025) == {"verksamhetsplan_beslutad": ("2024-11", "rad 1–2"), "budget_beslutad": ("2024-11", "rad 1–2")}


@pytest.mark.parametrize("text, want", [
    ("Styrelsen fastställde verksamhetsplan och budget för 2025 den 28 november 2024.",
     {"verksamhetsplan_beslutad": "2024-11-28", "budget_beslutad": "2024-11-28"}),
    ("Budgeten för 2025 antogs 2024-11-28 av styrelsen.", {"budget_beslutad": "2024-11-28"}),
    ("Verksamhetsplanen för 2025 beslutades i december 2024.", {"verksamhetsplan_beslutad": "2024-12"}),
])
def test_the_date_as_printed(text, want):
    assert {k: v for k, (v, _) in _read(text, 2025).items()} == want


@pytest.mark.parametrize("text", [
    "Styrelsen beslutade i maj 2025 att omfördela budgeten för 2025.",  # a decision about the budget, not its adoption
    "Verksamhetsplan och budget för 2026 beslutades i november 2025.",  # next year's plan
    "Verksamhetsplan och budget beslutades i november.",  # no year, no räkenskapsår
    "Budgeten för 2025 beslutades i november 2024 och reviderades i juni 2025.",  # two dates: not guessed
])
def test_sentences_that_are_not_the_years_decision(text):
    assert _read(text, 2025) == {}
