"""finsam utkast: the figures the förvaltningsberättelse states, drafted as påståenden."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.load import load_report
from checker.utkast import draft
from checker.utkast.claims import read_claims
from checker.utkast.source import Line
from seeds import SEEDS, needs_seeds



def _claims(text: str, year: int) -> list[tuple]:
    lines = [Line(t, i) for i, t in enumerate(text.split("\n"), start=1)]
    return [(c.avser, c.varde, c.enhet) for c in read_claims(lines, year)]


@needs_seeds
@pytest.mark.parametrize("name, seed", [("lekeberg-orebro-2025", "001_e3ca5dddb94c2f25.txt"), ("sydnarke-2023", "003_676d460a7b20bd12.txt"),
                                        ("lekeberg-orebro-2020", "000_7e7d819bfdc785f8.txt")])
def test_every_claim_of_the_example_is_drafted(tmp_path, name, seed):
    path = tmp_path / "utkast.yaml"
    path.write_text(draft(SEEDS / seed).yaml, encoding="utf-8")
    got = {(c.avser, c.varde, c.enhet) for c in load_report(path).pastaenden}
    want = {(c.avser, c.varde, c.enhet) for c in load_report(Path("examples") / f"{name}.yaml").pastaenden}
    assert want <= got
    assert len(got - want) <= 4  # the rest are the year's own figures, stated again (eget kapital, årets resultat)


def test_the_2025_sentences():
    text = ("Resultatet för året blev -717 759 kr varpå avvikelsen uppgår till - 126 033. Förbundet har således\n"
            "förbrukat 126 033 kr mer än budgeterat för året.\n"
            "Med det negativa resultatet minskar förbundets egna kapital till 1 735 tkr.")
    assert _claims(text, 2025) == [("resultat_mot_budget", -126033, "kr"), ("arets_resultat", -717759, "kr"),
                                   ("budget_overskridande", 126033, "kr"), ("ek_utgaende", 1735, "tkr")]


@pytest.mark.parametrize("text", [
    "Att under 2020 finansiera insatser så att förbundet vid årets slut har ett eget kapital som understiger 20% av tilldelningen.",
    "• Kostnad för inhyrd förbundschef som förbrukat 186 087 kr mer än budgeterat.",  # one cost line, not the förbund's
    "Förbundet har förbrukat 100 000 kr mer än budgeterat jämfört med 2019.",  # another year
    "I budgeten för år 2020 var det planerat för ett resultat om 117 168 kr.",  # the budget, not the outcome
    "Avvikelsen mot budget uppgår till 191 tkr.",  # better or worse: not said
    "Styrelsen har som mål att administrationens andel ska vara högst 15 % av kostnaderna.",
])
def test_sentences_that_give_no_claim(text):
    assert _claims(text, 2020) == []


def test_percentages_with_a_comma_and_the_sign_of_the_words():
    assert _claims("Soliditeten uppgick till 38,5 %. Förbundet visar ett negativt resultat om 120 000 kr.", 2024) == [
        ("soliditet", 38.5, "procent"), ("arets_resultat", -120000, "kr")]


def _assessment(text: str):
    from checker.utkast.claims import board_assessment

    a = board_assessment([Line(t, i) for i, t in enumerate(text.split("\n"), start=1)])
    return a and (a.uppfylld, a.citat)


@needs_seeds
@pytest.mark.parametrize("name, seed", [("lekeberg-orebro-2025", "001_e3ca5dddb94c2f25.txt"), ("sydnarke-2023", "003_676d460a7b20bd12.txt")])
def test_the_boards_assessment_is_the_examples(tmp_path, name, seed):
    path = tmp_path / "utkast.yaml"
    path.write_text(draft(SEEDS / seed).yaml, encoding="utf-8")
    got = load_report(path).god_ekonomisk_hushallning
    want = load_report(Path("examples") / f"{name}.yaml").god_ekonomisk_hushallning
    assert (got.uppfylld, got.citat, got.kalla) == (want.uppfylld, want.citat, want.kalla)


def test_the_board_says_no_and_a_goal_is_no_assessment():
    assert _assessment("Styrelsen bedömer att förbundet inte har haft en god ekonomisk hushållning under året.")[0] is False
    assert _assessment("Styrelsen anser att verksamheten ska bedrivas med god ekonomisk hushållning.") is None
    # a web address ending the line before it is no part of the sentence
    assert _assessment("https://www.riksdagen.se/sv/lag/\nStyrelsen anser att verksamheten har bedrivits med god ekonomisk hushållning.") == (
        True, "Styrelsen anser att verksamheten har bedrivits med god ekonomisk hushållning.")
