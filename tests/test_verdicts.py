"""Verdicts decided by what is known (issue 9): small reports through the whole pipeline.

Every case runs on both evaluators, which must agree; the assertions are on the
outcome, the facts named as missing and the words of the finding.
"""

from __future__ import annotations

from checker.facts import derive
from checker.model import Arsredovisning
from checker.pipeline import checker_for

DURABLE = checker_for(None, "durable")
REFERENCE = checker_for(None, "reference")


def run(year: int = 2025, **parts):
    report = Arsredovisning.model_validate({"forbund": {"namn": "Testförbundet"}, "rakenskapsar": year, **parts})
    facts = derive(report)
    results = [c.run(facts, {"forbund": "Testförbundet"}) for c in (DURABLE, REFERENCE)]
    outcomes = [[(f.id, f.utfall, f.meddelande, f.saknas, [(i.label, i.utfall) for i in f.poster]) for f in g.findings] for g in results]
    assert outcomes[0] == outcomes[1]
    return results[1]


# --- 1. three-valued logic ----------------------------------------------------------

def test_a_false_part_decides_och_whatever_is_missing():
    g = run(insatser=[{"namn": "Eget team", "typ": "individinriktad", "huvudman": "förbundet"}])
    f = g.finding("EGEN-REHAB")
    assert f.utfall == "avvikelse" and f.saknas == []
    assert "förbundet är självt huvudman: ja" in f.meddelande


def test_undecided_names_exactly_the_facts_that_would_decide():
    # huvudman is a member (first part holds), staff unknown: only the staff fact would decide.
    g = run(medlemmar=[{"namn": "Kommunen", "typ": "kommun"}],
            insatser=[{"namn": "Team", "typ": "individinriktad", "huvudman": "Kommunen"}])
    f = g.finding("EGEN-REHAB")
    assert f.utfall == "underlag_saknas"
    assert f.saknas == ["forbundets_personal_i_insatsen"]
    assert "Team: underlag saknas (forbundets_personal_i_insatsen)" in f.meddelande


def test_a_true_part_decides_eller():
    # The SUS years: using SUS decides it; Uppföljning Finsam is not asked for.
    g = run(2020, styrning={"uppfoljningssystem": ["SUS"]})
    assert g.finding("UPPFOLJNINGSSYSTEM").utfall == "uppfylld"


def test_nothing_known_names_every_deciding_fact():
    g = run(medlemmar=[{"namn": "Kommunen", "typ": "kommun"}],
            insatser=[{"namn": "Team", "typ": "individinriktad"}])
    assert g.finding("EGEN-REHAB").saknas == ["forbundets_personal_i_insatsen", "huvudman_ar_forbundet"]
