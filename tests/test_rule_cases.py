"""Every rule's own cases: at least one passing and one failing, each giving its expected outcome."""

from __future__ import annotations

import pytest

from checker.cases import case_facts
from checker.pipeline import checker_for

CHECKER = checker_for()
CASES = [(rule, case) for rule in CHECKER.katalog.rules for case in rule.fall]


@pytest.mark.parametrize("rule,case", CASES, ids=[f"{r.id}: {c.namn}" for r, c in CASES])
def test_rule_case_gives_its_expected_outcome(rule, case):
    finding = CHECKER.run(case_facts(rule, case), {"forbund": "Testförbundet"}).finding(rule.id)
    assert finding.utfall == case.utfall, finding.meddelande
    for text in case.meddelande_innehaller:
        assert text in finding.meddelande


def test_every_rule_has_a_passing_and_a_failing_case_and_a_source():
    for rule in CHECKER.katalog.rules:
        outcomes = {c.utfall for c in rule.fall}
        assert "uppfylld" in outcomes and outcomes & {"avvikelse", "iakttagelse"}, rule.id
        assert rule.kallor and all(k.namn for k in rule.kallor), rule.id


REQUIRED_IDS = {
    "EK-TAK", "EK-PLAN", "ADM-ANDEL", "AVTAL-INSATS", "EGEN-REHAB", "LOKALER", "BALANSKRAV",
    "MEDLEMSBIDRAG-FORDELNING", "FB-INNEHALL", "RR-SUMMA", "BR-BALANS", "EK-FORANDRING",
    "KF-AVSTAMNING", "NOT-AVSTAMNING", "DRIFT-AVSTAMNING", "ANGIVNA-NYCKELTAL", "MAL-BEDOMNING",
    "AR-TIDPUNKT", "MEDLEMMAR",
}


def test_catalogue_holds_every_required_rule_id():
    assert REQUIRED_IDS <= {r.id for r in CHECKER.katalog.rules}
