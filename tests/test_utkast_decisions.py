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


def _next(text: str, year: int):
    from checker.utkast.decisions import next_year_budget

    b = next_year_budget([Line(t, i) for i, t in enumerate(text.split("\n"), start=1)], year)
    return b and {k: v for k, v in b.items() if k != "lines"}


def test_next_years_budget_from_the_2025_sentence():
    # Lekeberg och Örebro 2025, rad 301–303; EK-PLAN needs it (eget kapital over the tak)
    text = ("kapital uppgår per 2025-12-31 till 43% av erhållna medlemsbidrag. Styrelsen har för 2026 antagit en budget\n"
            "med minusresultat uppgående till 998 tkr och eftersom medlemsbidragen sänkts till 4 000 000 kr innebär\n"
            "efterlevnaden av budgeten ett eget kapital om 18 %, dvs som understiger rekommenderat tak.")
    assert _next(text, 2025) == {"ar": 2026, "tkr": True, "resultat": -998_000, "medlemsbidrag": 4_000_000}


@pytest.mark.parametrize("text, want", [
    ("Styrelsen beslutade i november 2024 om en budget för 2025 med ett underskott på 250 tkr.", -250_000),
    ("Budgeten för 2025, som styrelsen fastställt, visar ett resultat på -120 000 kr.", -120_000),
    ("Styrelsen har antagit en budget för 2025 med ett överskott om 50 000 kr.", 50_000),
])
def test_next_years_result_and_its_sign(text, want):
    assert _next(text, 2024)["resultat"] == want


@pytest.mark.parametrize("text", [
    "Budgeten för 2025 visar ett underskott på 250 tkr.",  # no decision
    "Styrelsen antog budgeten för 2025 med ett resultat på 0 kr mot 2024 års resultat på 300 tkr.",  # this year too
    "Styrelsen har antagit en budget för 2026 med underskott.",  # no amount
])
def test_no_next_years_budget_guessed(text):
    assert _next(text, 2024) is None
