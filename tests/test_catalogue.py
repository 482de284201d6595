"""The rule catalogue: broken rule files are reported like bad input, and `finsam regler` lists it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checker.catalogue import RULES_DIR, load_catalogue
from checker.cli import main
from checker.errors import InputError

GOOD = (RULES_DIR / "eget_kapital" / "EK-TAK.yaml").read_text(encoding="utf-8")
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "lekeberg-orebro-2025.yaml"
VILLKOR = "villkor: ek_andel <= ek_tak\n"


def _catalogue_with(tmp_path: Path, name: str, text: str) -> Path:
    rules = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules)
    target = next(rules.rglob(f"{name}.yaml"), None) or rules / "eget_kapital" / f"{name}.yaml"
    target.write_text(text, encoding="utf-8")
    return rules


BROKEN = {
    "broken YAML": ("EK-TAK", GOOD.replace("titel: Eget", "titel: [Eget"), "ogiltig YAML"),
    "unknown key": ("EK-TAK", GOOD.replace("titel:", "titell: x\ntitel:"), "titell: okänt fält"),
    "missing source": ("EK-TAK", GOOD.replace("kallor:", "kallor_: []\nx_kallor:"), "kallor: saknas"),
    "condition that does not parse": ("EK-TAK", GOOD.replace("villkor: ek_andel <= ek_tak", "villkor: ek_andel <= 20 %"), "villkor:"),
    "condition with a Python call": ("EK-TAK", GOOD.replace("villkor: ek_andel <= ek_tak", "villkor: __import__('os').system('true') == 0"), "villkor:"),
    "unknown parameter": ("EK-TAK", GOOD.replace("parametrar: [ek_tak]", "parametrar: [ek_takk]"), "parametern 'ek_takk' finns inte"),
    "id not the file name": ("EK-TAK", GOOD.replace("id: EK-TAK", "id: EK-TAKET"), "ska vara filens namn"),
    "wrong kind of outcome": ("EK-TAK", GOOD.replace("vid_brist: avvikelse", "vid_brist: katastrof"), "vid_brist: ska vara ett av"),
    "missing weight": ("EK-TAK", GOOD.replace("vikt: väsentlig\n", ""), "vikt: saknas"),
    "unknown weight": ("EK-TAK", GOOD.replace("vikt: väsentlig", "vikt: tung"), "vikt: ska vara ett av"),
    "no failing case": ("EK-TAK", GOOD.replace("utfall: avvikelse", "utfall: uppfylld"), "minst ett uppfyllt fall och ett fall med brist"),
    "a case with both report and facts": ("EK-TAK", GOOD.replace("  - namn: exakt på taket är inom taket\n    fakta:", "  - namn: exakt på taket är inom taket\n    rapport: {}\n    fakta:"), "antingen rapport eller fakta"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_rule_file_is_reported_with_file_line_and_field(tmp_path, case, capsys):
    name, text, expected = BROKEN[case]
    rules = _catalogue_with(tmp_path, name, text)
    with pytest.raises(InputError) as info:
        load_catalogue(rules)
    message = "\n".join(map(str, info.value.problems))
    assert f"{name}.yaml:" in message and expected in message
    # Through the CLI: exit 3, the same message, no traceback, nothing written.
    out = tmp_path / "rapport.md"
    code = main(["granska", str(EXAMPLE), "--regler", str(rules), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 3 and expected in err and "Traceback" not in err
    assert not out.exists()


def test_broken_rule_line_number_points_at_the_field(tmp_path):
    text = GOOD.replace("villkor: ek_andel <= ek_tak", "villkor: ek_andel <=")
    rules = _catalogue_with(tmp_path, "EK-TAK", text)
    with pytest.raises(InputError) as info:
        load_catalogue(rules)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("villkor:"))
    assert any(p.line == line and p.path == "villkor" for p in info.value.problems)


def test_conclusions_that_form_a_cycle_are_refused(tmp_path):
    text = GOOD.replace("slutsats: ek_over_tak", "slutsats: ek_andel")
    rules = _catalogue_with(tmp_path, "EK-TAK", text)
    with pytest.raises(InputError) as info:
        load_catalogue(rules)
    assert "sin egen slutsats" in str(info.value)


def test_rule_failing_at_evaluation_is_an_error_finding_and_the_others_still_run(tmp_path, capsys):
    text = GOOD.replace(VILLKOR, "harledda:\n  tak_belopp: medlemsbidrag / (ek_tak - ek_tak)\n" + VILLKOR)
    rules = _catalogue_with(tmp_path, "EK-TAK", text)
    out = tmp_path / "g.json"
    code = main(["granska", str(EXAMPLE), "--regler", str(rules), "--format", "json", "-o", str(out)])
    import json

    data = json.loads(out.read_text(encoding="utf-8"))
    outcomes = {r["id"]: r["utfall"] for r in data["regler"]}
    assert outcomes["EK-TAK"] == "fel" and code == 3
    assert "noll" in next(r for r in data["regler"] if r["id"] == "EK-TAK")["fel"]
    assert outcomes["AVTAL-INSATS"] == "avvikelse" and outcomes["RR-SUMMA"] == "uppfylld"


def test_regler_lists_ids_sources_and_parameters_in_force(capsys):
    assert main(["regler", "--år", "2022"]) == 0
    out = capsys.readouterr().out
    assert "EK-TAK" in out and "Nationella rådets rekommendation" in out
    assert "parameter ek_tak = trappa efter medlemsbidrag (från 0: 20)" in out
    assert "parameter sus_galler = ja" in out


def test_parameters_follow_the_year(capsys):
    main(["regler", "--år", "2023"])
    assert "parameter sus_galler = nej" in capsys.readouterr().out


def test_regler_testa_runs_every_case(capsys):
    assert main(["regler", "--testa"]) == 0
    assert ", 0 underkända" in capsys.readouterr().out


def test_a_derived_value_that_is_not_arithmetic_is_reported(tmp_path):
    text = GOOD.replace(VILLKOR, "harledda:\n  tak_belopp: medlemsbidrag <= 3\n" + VILLKOR)
    rules = _catalogue_with(tmp_path, "EK-TAK", text)
    with pytest.raises(InputError) as info:
        load_catalogue(rules)
    assert any(p.path == "harledda.tak_belopp" and p.line for p in info.value.problems)


def test_a_year_before_a_parameter_applies_is_not_applicable_rather_than_an_error():
    from checker.cases import case_facts
    from checker.pipeline import checker_for

    checker = checker_for()
    rule = checker.katalog.rule("EK-TAK")
    case = rule.fall[0].model_copy(update={"rakenskapsar": 2012})
    finding = checker.run(case_facts(rule, case), {"forbund": "x"}).finding("EK-TAK")
    assert finding.utfall == "ej_tillamplig" and "2013-10-02" in finding.meddelande


def test_a_scale_without_its_basis_is_underlag_saknas_naming_it():
    from checker.facts import Fact, Facts
    from checker.pipeline import checker_for

    facts = Facts()
    facts.add(Fact("rakenskapsar", 2025, "ar", "räkenskapsår"))
    facts.add(Fact("ek_andel", 43.0, "procent", "ek_andel"))
    finding = checker_for().run(facts, {"forbund": "x"}).finding("EK-TAK")
    assert finding.utfall == "underlag_saknas" and finding.saknas == ["medlemsbidrag"]


def test_a_case_report_that_is_not_a_valid_report_is_reported_with_its_line(tmp_path):
    text = GOOD.replace("medlemsbidrag: {totalt: 4000000}", "medlemsbidrag: {totalt: 4000000, totallt: 1}")
    rules = _catalogue_with(tmp_path, "EK-TAK", text)
    with pytest.raises(InputError) as info:
        load_catalogue(rules)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "totallt" in row)
    assert any(p.path == "fall[0].rapport.medlemsbidrag.totallt" and p.line == line for p in info.value.problems)


def test_rules_under_a_folder_named_mallar_are_still_read(tmp_path):
    rules = tmp_path / "mallar" / "rules"
    shutil.copytree(RULES_DIR, rules)
    assert len(load_catalogue(rules).rules) == len(load_catalogue().rules)


def test_an_empty_catalogue_is_an_error_not_all_clear(tmp_path):
    (tmp_path / "tom").mkdir()
    with pytest.raises(InputError, match="inga regler"):
        load_catalogue(tmp_path / "tom")


def test_output_to_a_folder_is_refused_without_a_traceback(tmp_path, capsys):
    assert main(["granska", str(EXAMPLE), "-o", str(tmp_path)]) == 3
    err = capsys.readouterr().err
    assert "är en mapp" in err and "Traceback" not in err


def test_the_report_wording_is_taken_from_the_catalogue_given_with_regler(tmp_path):
    rules = _catalogue_with(tmp_path, "EK-TAK", GOOD)
    template = rules / "mallar" / "rapport.yaml"
    template.write_text(template.read_text(encoding="utf-8").replace("Uppdraget", "Vårt uppdrag", 1), encoding="utf-8")
    out = tmp_path / "r.md"
    main(["granska", str(EXAMPLE), "--regler", str(rules), "--datum", "2026-03-15", "-o", str(out)])
    assert "Vårt uppdrag" in out.read_text(encoding="utf-8")


def test_every_rule_declares_its_weight_and_findings_carry_it():
    katalog = load_catalogue()
    weights = {r.id: r.vikt for r in katalog.rules}
    assert set(weights.values()) == {"väsentlig", "mindre"}
    # a mislabelled heading does not weigh like a missing statutory part
    assert weights["KOLUMNRUBRIK"] == "mindre" and weights["FB-INNEHALL"] == "väsentlig"


def test_the_json_report_gives_each_finding_its_weight(tmp_path):
    import json

    out = tmp_path / "g.json"
    main(["granska", str(EXAMPLE), "--format", "json", "-o", str(out)])
    regler = {r["id"]: r for r in json.loads(out.read_text(encoding="utf-8"))["regler"]}
    assert regler["EK-TAK"]["vikt"] == "väsentlig" and regler["KOLUMNRUBRIK"]["vikt"] == "mindre"
