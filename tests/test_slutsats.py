"""The summary's conclusions, as the revisionsberättelse draws them: from the SLUTSATS rules' verdicts."""

import shutil

import pytest

from checker.catalogue import RULES_DIR, load_catalogue
from checker.errors import InputError
from checker.pipeline import granska
from checker.render import RENDERERS, RenderOptions

from utfall import LOO_2020, LOO_2025, SYDNARKE_2023


def _answer(path, question: str) -> str:
    md = RENDERERS["md"](granska(path), RenderOptions(datum="2026-01-01"))
    summary = md.split("## 1 Inledning")[0]
    return next(row for row in summary.splitlines() if row.startswith("| ") and question in row).split(" | ", 1)[1]


def test_good_husbandry_claimed_against_missed_goals_is_answered_no_with_the_figures():
    # 2025: the board states god ekonomisk hushållning; both financial goals missed, EK 43 % over the 20 % ceiling.
    answer = _answer(LOO_2025, "god ekonomisk hushållning")
    assert answer.startswith("Nej. ")
    assert "2 av 2 finansiella mål är inte nådda" in answer and "över det rekommenderade taket: ja" in answer


def test_no_statement_on_good_husbandry_cannot_be_assessed_and_says_what_is_missing():
    answer = _answer(LOO_2020, "god ekonomisk hushållning")
    assert answer.startswith("Kan inte bedömas fullt ut. ")
    assert "Årsredovisningen anger inte styrelsens bedömning av god ekonomisk hushållning" in answer


def test_goals_partly_met_are_answered_partly():
    # Sydnärke 2023: the EK goal met, one of two verksamhetsmål (72 of about 100 deltagare) not.
    answer = _answer(SYDNARKE_2023, "finansiella målen och verksamhetsmålen")
    assert answer.startswith("Delvis. ")
    assert "nådda (1 av 1)" in answer and "1 av 2 mål för verksamheten" in answer
    assert _answer(SYDNARKE_2023, "god ekonomisk hushållning").startswith("Ja. ")


def test_a_template_misspelling_a_rule_is_refused_with_its_line(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules)
    template = rules / "mallar" / "rapport.yaml"
    text = template.read_text(encoding="utf-8").replace("regler: [SLUTSATS-GOD-HUSHALLNING]", "regler: [SLUTSATS-GOD-HUSHALLNIN]")
    template.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_catalogue(rules)
    problem = next(p for p in info.value.problems if p.file == str(template))
    assert problem.path == "sammanfattning.fragor.3.regler.0"
    assert "SLUTSATS-GOD-HUSHALLNIN finns inte i regelkatalogen; menade du SLUTSATS-GOD-HUSHALLNING?" in problem.message
    assert problem.line == next(i for i, row in enumerate(text.splitlines(), 1) if "SLUTSATS-GOD-HUSHALLNIN]" in row)


def test_a_catalogue_without_the_conclusion_rules_answers_not_tried(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules)
    (rules / "eget_kapital" / "SLUTSATS-GOD-HUSHALLNING.yaml").unlink()
    g = granska(LOO_2025, str(rules))
    md = RENDERERS["md"](g, RenderOptions(datum="2026-01-01"))
    row = next(r for r in md.splitlines() if r.startswith("| Stöder utfallen"))
    assert "Inte prövat: katalogen har ingen regel för detta." in row
