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


# --- 2. applicability first -----------------------------------------------------------

_PER_DELTAGARE = """
id: KOSTNAD-PER-DELTAGARE
titel: Kostnad per deltagare
krav: Kostnaden per deltagare är rimlig.
kallor: [{namn: god revisionssed, verifierad: false}]
avsnitt: "2.3.2"
vid_brist: iakttagelse
vikt: mindre
for_varje: insatser
harledda:
  per_deltagare: utfall / deltagare
tillamplig_om: deltagare > 0
villkor: per_deltagare <= 100000
meddelande:
  uppfylld: "{post}: {per_deltagare:kr} per deltagare."
  brist: "{post}: {per_deltagare:kr} per deltagare."
  ej_tillamplig: "{post}: inga deltagare."
fall:
  - namn: rimlig
    fakta: {insatser: [{utfall: 100, deltagare: 2}]}
    utfall: uppfylld
  - namn: dyr
    fakta: {insatser: [{utfall: 1000000, deltagare: 2}]}
    utfall: iakttagelse
"""


def _own_catalogue(tmp_path, text):
    from checker.catalogue import load_catalogue
    from checker.evaluate import Checker

    import shutil

    from checker.catalogue import RULES_DIR

    for part in ("fakta", "parametrar"):  # the real fact registry and parameters, one rule of our own
        shutil.copytree(RULES_DIR / part, tmp_path / part)
    (tmp_path / "regler").mkdir()
    (tmp_path / "regler" / "KOSTNAD-PER-DELTAGARE.yaml").write_text(text, encoding="utf-8")
    katalog = load_catalogue(tmp_path)
    return [Checker(katalog, prefer) for prefer in ("durable", "reference")]


def _own_run(checkers, **parts):
    report = Arsredovisning.model_validate({"forbund": {"namn": "T"}, "rakenskapsar": 2025, **parts})
    results = [c.run(derive(report), {"forbund": "T"}).findings[0] for c in checkers]
    assert [(f.utfall, f.meddelande, f.saknas) for f in results] == [(results[1].utfall, results[1].meddelande, results[1].saknas)] * 2
    return results[1]


def test_derived_values_wait_for_applicability(tmp_path):
    checkers = _own_catalogue(tmp_path, _PER_DELTAGARE)
    insats = {"namn": "Team", "typ": "individinriktad", "utfall": 50000}
    f = _own_run(checkers, insatser=[{**insats, "deltagare": {"totalt": 0}}])
    assert (f.utfall, f.meddelande) == ("ej_tillamplig", "Team: inga deltagare.")  # not fel: 0 is never divided by
    f = _own_run(checkers, insatser=[{**insats, "deltagare": {"totalt": 0}}, {**insats, "namn": "Två", "deltagare": {"totalt": 2}}])
    assert f.utfall == "uppfylld" and [i.utfall for i in f.poster] == ["ej_tillamplig", "uppfylld"]


def test_not_applicable_never_lacks_anything(tmp_path):
    # utfall is missing, but with no deltagare the post does not apply: nothing is lacking.
    checkers = _own_catalogue(tmp_path, _PER_DELTAGARE)
    f = _own_run(checkers, insatser=[{"namn": "Team", "typ": "individinriktad", "deltagare": {"totalt": 0}}])
    assert f.utfall == "ej_tillamplig" and f.saknas == []
    f = _own_run(checkers, insatser=[{"namn": "Team", "typ": "individinriktad", "deltagare": {"totalt": 3}}])
    assert f.utfall == "underlag_saknas" and f.saknas == ["utfall"]


def test_an_unrestored_underskott_does_not_apply_to_a_positive_result():
    rr = {"kolumner": [{"ar": 2025, "rubrik": "2025"}], "rader": [{"nyckel": "arets_resultat", "rad": "Årets resultat", "belopp": {2025: 120000}}]}
    g = run(resultatrakning=rr, forvaltningsberattelse={"balanskravsresultat": False})
    f = g.finding("BALANSKRAV-UNDERSKOTT")
    assert f.utfall == "ej_tillamplig" and f.saknas == []
    assert f.antaganden == ["Årsredovisningen redovisar inget balanskravsresultat; årets resultat används i stället, antaget utan justeringar."]
    assert g.finding("BALANSKRAV").utfall == "avvikelse"  # not reporting it is the defect, stated once


# --- 5. fall-backs as data ------------------------------------------------------------------

def _ek(budget):
    return dict(medlemsbidrag={"totalt": 4000000}, budget_nasta_ar=budget,
                balansrakning={"kolumner": [{"ar": 2025, "rubrik": "2025-12-31"}],
                               "rader": [{"nyckel": "summa_eget_kapital", "rad": "Summa eget kapital", "belopp": {2025: 1735435}}]})


def test_next_years_medlemsbidrag_when_printed_else_this_years():
    printed = run(**_ek({"ar": 2026, "resultat": -998000, "medlemsbidrag": 5000000})).finding("EK-PLAN")
    assert printed.utfall == "uppfylld" and printed.antaganden == [] and "15 %" in printed.meddelande
    assumed = run(**_ek({"ar": 2026, "resultat": -998000})).finding("EK-PLAN")
    assert assumed.utfall == "uppfylld" and "18 %" in assumed.meddelande
    assert assumed.antaganden == ["Nästa års medlemsbidrag anges inte i budgeten; årets medlemsbidrag används, antaget oförändrat."]
    assert assumed.meddelande.endswith(assumed.antaganden[0])
    [used] = [b for b in assumed.poster[0].bevis if b.name == "budget_nasta_medlemsbidrag"]
    assert (used.value, used.label) == (4000000, "årets medlemsbidrag, i stället för budget_nasta_medlemsbidrag")


def test_a_fall_back_must_stand_in_for_a_fact_the_rule_reads(tmp_path):
    import pytest

    from checker.errors import InputError

    text = _PER_DELTAGARE + "reserv:\n  budget: [{faktum: utfall, antagande: x}]\n"
    with pytest.raises(InputError, match="reserv.budget: regeln läser inget faktum 'budget'"):
        _own_catalogue(tmp_path, text)


def test_a_fall_back_is_a_fact_the_registry_knows(tmp_path):
    import pytest

    from checker.errors import InputError

    text = _PER_DELTAGARE + "reserv:\n  deltagare: [{faktum: deltagare_i_fjol, antagande: x}]\n"
    with pytest.raises(InputError, match="reserv.deltagare\\[0\\].faktum"):
        _own_catalogue(tmp_path, text)
