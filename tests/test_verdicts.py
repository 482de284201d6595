"""Verdicts decided by what is known (issue 9): small reports through the whole pipeline.

Every case runs on both evaluators, which must agree; the assertions are on the
outcome, the facts named as missing and the words of the finding.
"""

from __future__ import annotations

from checker.facts import derive
from checker.model import Arsredovisning
from pathlib import Path

from checker.pipeline import checker_for

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

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


# --- 3. never a silent pass ------------------------------------------------------------------

def _rr(fin_2025, result_2025):
    rows = [
        {"nyckel": "verksamhetens_intakter", "rad": "Verksamhetens intäkter", "belopp": {2025: 4000000}},
        {"nyckel": "verksamhetens_kostnader", "rad": "Verksamhetens kostnader", "belopp": {2025: -4700000}},
        {"nyckel": "verksamhetens_resultat", "rad": "Verksamhetens resultat", "summa_av": ["verksamhetens_intakter", "verksamhetens_kostnader"], "belopp": {2025: -700000}},
        {"nyckel": "finansiella_intakter", "rad": "Finansiella intäkter", "belopp": {2025: fin_2025} if fin_2025 is not None else {}},
        {"nyckel": "arets_resultat", "rad": "Årets resultat", "summa_av": ["verksamhetens_resultat", "finansiella_intakter"], "belopp": {2025: result_2025}},
    ]
    return {"kolumner": [{"ar": 2025, "rubrik": "2025"}], "rader": rows}


def test_an_empty_printed_cell_is_zero_and_the_evidence_says_so():
    f = run(resultatrakning=_rr(None, -700000)).finding("RR-SUMMA")
    assert f.utfall == "uppfylld" and [i.label for i in f.poster] == [
        "Resultaträkningen 2025: Verksamhetens resultat", "Resultaträkningen 2025: Årets resultat"]
    wrong = run(resultatrakning=_rr(None, -690000)).finding("RR-SUMMA")
    assert wrong.utfall == "avvikelse"  # årets resultat is checked, not skipped
    assert "Årets resultat" in wrong.meddelande


def test_the_empty_cell_is_named_in_the_sums_evidence():
    from checker.facts import derive

    report = Arsredovisning.model_validate({"forbund": {"namn": "T"}, "rakenskapsar": 2025, "resultatrakning": _rr(None, -700000)})
    [item] = [i for i in derive(report).collections["summor_resultatrakning"] if i.label.endswith("Årets resultat")]
    computed = item.facts["beraknad"]
    assert computed.value == -700000
    assert computed.formel == "Verksamhetens resultat + Finansiella intäkter; tom cell räknas som 0: Finansiella intäkter"
    assert [o.label for o in computed.operander] == ["Verksamhetens resultat", "Finansiella intäkter (tom, räknad som 0)"]


def test_a_check_that_cannot_be_performed_is_listed_and_not_passed():
    # This year's closing equity is printed, the opening is not: the change cannot be checked.
    br = {"kolumner": [{"ar": 2025, "rubrik": "2025-12-31"}],
          "rader": [{"nyckel": "summa_eget_kapital", "rad": "Summa eget kapital", "belopp": {2025: 500000}},
                    {"nyckel": "arets_resultat", "rad": "Årets resultat", "belopp": {2025: -690000}}]}
    f = run(resultatrakning=_rr(None, -690000), balansrakning=br).finding("EK-FORANDRING")
    assert f.utfall == "underlag_saknas"
    [open_] = f.ej_provade
    assert "Eget kapital 2025: ingående + årets resultat mot utgående: underlag saknas" in open_
    assert "eget kapital 2024-12-31 är inte tryckt" in open_


def test_a_brist_does_not_hide_the_checks_not_performed():
    # A note that explains a line the resultaträkning does not have, beside a note that is wrong.
    notes = [
        {"nummer": "1", "rubrik": "Intäkter", "avser": "resultatrakning.verksamhetens_intakter", "kolumner": [{"ar": 2025, "rubrik": "2025"}],
         "rader": [{"nyckel": "a", "rad": "Bidrag", "belopp": {2025: 3900000}}]},
        {"nummer": "2", "rubrik": "Övrigt", "avser": "resultatrakning.ovriga_poster", "kolumner": [{"ar": 2025, "rubrik": "2025"}],
         "rader": [{"nyckel": "b", "rad": "Övrigt", "belopp": {2025: 5}}]},
    ]
    f = run(resultatrakning=_rr(None, -700000), noter=notes).finding("NOT-AVSTAMNING")
    assert f.utfall == "avvikelse"
    assert len(f.ej_provade) == 1 and "raden ovriga_poster för 2025 finns inte i resultaträkningen" in f.ej_provade[0]
    assert "Kunde inte prövas: " + f.ej_provade[0] in f.meddelande


# --- 4. totals from their parts ---------------------------------------------------------------

def _br_without_equity_sum():
    return {"kolumner": [{"ar": 2025, "rubrik": "2025-12-31"}, {"ar": 2024, "rubrik": "2024-12-31"}],
            "rader": [
                {"nyckel": "kassa_och_bank", "rad": "Kassa och bank", "belopp": {2025: 2500000, 2024: 2600000}},
                {"nyckel": "summa_tillgangar", "rad": "Summa tillgångar", "summa_av": ["kassa_och_bank"], "belopp": {2025: 2500000, 2024: 2600000}},
                {"nyckel": "balanserat_resultat", "rad": "Balanserat resultat", "belopp": {2025: 2435435, 2024: 1900000}},
                {"nyckel": "arets_resultat", "rad": "Årets resultat", "belopp": {2025: -700000, 2024: 535435}},
                # The heading, printed without a sum: the encoder names the rows under it.
                {"nyckel": "summa_eget_kapital", "rad": "Eget kapital", "summa_av": ["balanserat_resultat", "arets_resultat"]},
                {"nyckel": "skulder", "rad": "Kortfristiga skulder", "belopp": {2025: 764565, 2024: 164565}},
                {"nyckel": "summa_eget_kapital_och_skulder", "rad": "Summa eget kapital och skulder",
                 "summa_av": ["summa_eget_kapital", "skulder"], "belopp": {2025: 2500000, 2024: 2600000}},
            ]}


def test_a_total_not_printed_is_computed_from_the_rows_under_its_heading():
    g = run(medlemsbidrag={"totalt": 4000000}, resultatrakning=_rr(None, -700000), balansrakning=_br_without_equity_sum(),
            budget_nasta_ar={"ar": 2026, "resultat": -998000, "medlemsbidrag": 4000000})
    tak = g.finding("EK-TAK")
    assert tak.utfall == "avvikelse" and "1 735 435 kr" in tak.meddelande and "43 %" in tak.meddelande
    [ek] = [b for b in tak.poster[0].bevis if b.name == "ek_utgaende"]
    assert ek.label.endswith("(beräknad ur delposterna)") and ek.formel == "Balanserat resultat + Årets resultat"
    assert g.finding("EK-PLAN").utfall == "uppfylld"
    assert g.finding("EK-FORANDRING").utfall == "uppfylld"  # 2 435 435 − 700 000 from 2024's 2 435 435
    assert g.finding("BR-SUMMA").utfall == "uppfylld"  # the subtotal over the heading is checked with its computed sum
    assert g.scalars["soliditet"].value == 69.42


# --- 6. one defect, one finding ----------------------------------------------------------------

def _br_wrong_subtotal():
    # Omsättningstillgångar printed 20 000 short of its rows; summa tillgångar repeats it.
    rows = [
        {"nyckel": "fordringar", "rad": "Fordringar", "belopp": {2025: 300000}},
        {"nyckel": "kassa_och_bank", "rad": "Kassa och bank", "belopp": {2025: 3944578}},
        {"nyckel": "summa_omsattningstillgangar", "rad": "Summa omsättningstillgångar", "summa_av": ["fordringar", "kassa_och_bank"], "belopp": {2025: 4224578}},
        {"nyckel": "summa_tillgangar", "rad": "Summa tillgångar", "summa_av": ["summa_omsattningstillgangar"], "belopp": {2025: 4224578}},
        {"nyckel": "summa_eget_kapital", "rad": "Summa eget kapital", "belopp": {2025: 1244578}},
        {"nyckel": "skulder", "rad": "Skulder", "belopp": {2025: 3000000}},
        {"nyckel": "summa_eget_kapital_och_skulder", "rad": "Summa eget kapital och skulder", "summa_av": ["summa_eget_kapital", "skulder"], "belopp": {2025: 4244578}},
    ]
    return {"kolumner": [{"ar": 2025, "rubrik": "2025-12-31"}], "rader": rows}


def test_a_wrong_subtotal_is_stated_once_and_the_balance_points_to_it():
    g = run(balansrakning=_br_wrong_subtotal())
    summa, balans = g.finding("BR-SUMMA"), g.finding("BR-BALANS")
    assert summa.utfall == balans.utfall == "avvikelse"
    assert summa.pekar_pa == []
    assert balans.pekar_pa == [{"regel": "BR-SUMMA", "post": "Balansräkningen 2025-12-31: Summa omsättningstillgångar"}]
    assert "Bristen följer av samma tryckta fel som redan anges under Balansräkningen 2025-12-31: Summa omsättningstillgångar (BR-SUMMA)" in balans.meddelande
    c = g.counts()
    assert c["foljdfel"] == 1 and g.outcomes()["avvikelse"] == c["avvikelse"] + 1
    assert g.exit_code() == 2


def test_a_balance_that_fails_on_its_own_is_its_own_defect():
    br = _br_wrong_subtotal()
    br["rader"][2]["belopp"] = {2025: 4244578}  # the subtotal is right; the balance is off by itself
    g = run(balansrakning=br)
    assert g.finding("BR-SUMMA").utfall == "avvikelse"  # summa tillgångar now repeats a wrong figure
    br["rader"][3]["belopp"] = {2025: 4244578}
    br["rader"][6]["belopp"] = {2025: 4254578}
    br["rader"][5]["belopp"] = {2025: 3010000}
    g = run(balansrakning=br)
    assert g.finding("BR-SUMMA").utfall == "uppfylld"
    balans = g.finding("BR-BALANS")
    assert balans.utfall == "avvikelse" and balans.pekar_pa == [] and g.counts()["foljdfel"] == 0


def test_the_2020_example_states_the_2019_balance_sheet_error_once():
    from checker.pipeline import granska

    g = granska(EXAMPLES / "lekeberg-orebro-2020.yaml")
    assert g.finding("BR-BALANS").pekar_pa == [{"regel": "BR-SUMMA", "post": "Balansräkningen 2019-12-31: Summa omsättningstillgångar"}]
    assert g.counts()["foljdfel"] == 1


# --- 7. honest examples: facts from other documents name them -----------------------------------

KPMG = "KPMG, Revisionsrapport 2020, Samordningsförbundet Lekeberg och Örebro"


def test_a_part_or_a_field_names_the_document_it_comes_from():
    g = run(2020, medlemmar=[{"namn": "Kommunen", "typ": "kommun"}],
            insatser=[{"namn": "Team", "typ": "individinriktad", "huvudman": "Kommunen",
                       "avtal": {"status": "finns", "dokument": "Revisorernas rapport"}}],
            styrning={"verksamhetsplan_beslutad": "2019-11-28", "budget_beslutad": "2019-11-28",
                      "dokument": {"budget_beslutad": "Styrelsens protokoll 2019-11-28"}})
    avtal = g.finding("AVTAL-INSATS")
    assert avtal.utfall == "uppfylld" and avtal.dokument == ["Revisorernas rapport"]
    assert g.finding("VP-BUDGET").dokument == ["Styrelsens protokoll 2019-11-28"]
    assert g.finding("EK-TAK").dokument == []
    assert [f.id for f in g.utanfor_arsredovisningen()] == [f.id for f in g.findings if f.id in ("AVTAL-INSATS", "AVTAL-FORE-START", "VP-BUDGET")]


def test_a_document_for_a_field_the_part_does_not_have_is_refused():
    import pytest
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="'avtal' är inget fält i denna del"):
        Arsredovisning.model_validate({"forbund": {"namn": "T"}, "rakenskapsar": 2020,
                                       "styrning": {"dokument": {"avtal": "KPMG"}}})


def test_the_report_lists_the_verdicts_resting_on_other_documents():
    from checker.pipeline import granska
    from checker.render.json_out import to_dict
    from checker.render.markdown_out import render_markdown

    g = granska(EXAMPLES / "lekeberg-orebro-2020.yaml")
    outside = {f.id: f.dokument for f in g.utanfor_arsredovisningen()}
    assert {"AVTAL-INSATS", "VP-BUDGET", "INTERNKONTROLL"} <= set(outside)
    assert all(docs == [KPMG] for docs in outside.values())
    md = render_markdown(g, "2026-12-01")
    section = md.split("Bedömningar som vilar på andra dokument än årsredovisningen", 1)[1].split("\n## ", 1)[0]
    assert "(AVTAL-INSATS, [avsnitt 2.3.3](" in section and f"): **Uppfylld**, ur {KPMG}." in section
    assert [r["regel"] for r in to_dict(g)["utanfor_arsredovisningen"]] == list(outside)


def test_the_2020_example_says_what_the_arsredovisning_says():
    from checker.pipeline import granska

    g = granska(EXAMPLES / "lekeberg-orebro-2020.yaml")
    # It left a lease it held for Coachingteam Örebro during the year (seed 000 line 1737).
    assert g.finding("LOKALER").utfall == "avvikelse"
    # Only KPMG speaks of staff, and only of the förbundschef: the other employee is unknown.
    egen = g.finding("EGEN-REHAB")
    assert egen.utfall == "underlag_saknas" and egen.saknas == ["forbundets_personal_i_insatsen"]
    # The 2025 and Sydnärke examples rest on the årsredovisning alone.
    for name in ("lekeberg-orebro-2025.yaml", "sydnarke-2023.yaml"):
        assert granska(EXAMPLES / name).utanfor_arsredovisningen() == []


# --- 8. old files keep working ---------------------------------------------------------------

def test_files_in_the_old_form_still_validate_and_are_read_the_same(tmp_path):
    # Every change above only adds optional fields (dokument, reserv) or reads what was
    # already valid (a summa_av row without belopp; an empty cell): the examples as they
    # were before, in their old form, validate and a printed equity sum is still read as printed.
    from checker.load import load_report

    old = tmp_path / "gammal.yaml"
    old.write_text(
        "forbund: {namn: Sydnärke}\nrakenskapsar: 2023\n"
        "balansrakning:\n  kolumner: [{ar: 2023, rubrik: '2023'}]\n  rader:\n"
        "    - {nyckel: arets_resultat, rad: Årets resultat, belopp: {2023: 308788}}\n"
        "    - {nyckel: ovrigt_eget_kapital, rad: Övrigt eget kapital, belopp: {2023: 492374}}\n"
        "    - {nyckel: summa_eget_kapital, rad: Eget kapital, summa_av: [arets_resultat, ovrigt_eget_kapital], belopp: {2023: 801162}}\n"
        "styrning: {verksamhetsplan_beslutad: 2022-11-28, internkontrollplan: true, kalla: 'KPMG rad 1564'}\n"
        "personal:\n  - {roll: Förbundschef, anstallningsform: anstalld, arbetar_med_deltagare: false, leder_insats: false}\n",
        encoding="utf-8")
    report = load_report(old)
    facts = derive(report)
    ek = facts.scalars["ek_utgaende"]
    assert (ek.value, ek.label, ek.dokument) == (801162, "Eget kapital 2023-12-31", None)
    assert facts.scalars["verksamhetsplan_beslutad"].dokument is None
