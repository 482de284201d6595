"""The fact registry (rules/fakta/): every name a rule uses is declared, and every declared fact is what derive() gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checker.cases import case_facts
from checker.catalogue import RULES_DIR, load_catalogue
from checker.cli import main
from checker.errors import InputError
from checker.facts import derive
from checker.factdoc import DOC, current
from checker.load import load_report

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
EXAMPLE = ROOT / "examples" / "lekeberg-orebro-2025.yaml"
KATALOG = load_catalogue()


def _edit(tmp_path: Path, relative: str, old: str, new: str) -> tuple[Path, Path, str]:
    rules = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules)
    target = rules / relative
    text = target.read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new, 1)
    target.write_text(text, encoding="utf-8")
    return rules, target, text


def _line_of(text: str, fragment: str) -> int:
    return next(i for i, row in enumerate(text.splitlines(), 1) if fragment in row)


BROKEN = {
    "misspelt fact": ("eget_kapital/EK-TAK.yaml", "villkor: ek_andel <= ek_tak", "villkor: ek_andell <= ek_tak",
                      "villkor", "okänt namn 'ek_andell'", "menade du 'ek_andel'?", "villkor:"),
    "unknown collection": ("verksamhet/AVTAL-INSATS.yaml", "for_varje: insatser", "for_varje: insatserr",
                           "for_varje", "okänd samling 'insatserr'", "menade du 'insatser'?", "for_varje:"),
    "unknown placeholder": ("eget_kapital/EK-TAK.yaml", "{ek_utgaende:kr}, utgör", "{ek_utgaendet:kr}, utgör",
                            "meddelande.uppfylld", "okänd platshållare '{ek_utgaendet:kr}'", "menade du 'ek_utgaende'?", "uppfylld:"),
    "dotted name": ("eget_kapital/EK-TAK.yaml", "villkor: ek_andel <= ek_tak", "villkor: ek_andel.__class__ <= ek_tak",
                    "villkor", "'ek_andel.__class__': ett namn får inte innehålla punkt", "", "villkor:"),
    "dotted placeholder": ("eget_kapital/EK-TAK.yaml", "{ek_utgaende:kr}, utgör", "{ek_andel.__class__}, utgör",
                           "meddelande.uppfylld", "okänd platshållare '{ek_andel.__class__}'", "punkt", "uppfylld:"),
    "misspelt fact in a case": ("eget_kapital/EK-TAK.yaml", "fakta: {ek_utgaende: 800000,", "fakta: {ek_utgaande: 800000,",
                                "fall[2].fakta.ek_utgaande", "okänt namn 'ek_utgaande'", "menade du 'ek_utgaende'?", "ek_utgaande"),
    "a parameter the rule does not list": ("eget_kapital/EK-TAK.yaml", "villkor: ek_andel <= ek_tak", "villkor: ek_andel <= ek_tak + tolerans_procentenheter",
                                           "villkor", "'tolerans_procentenheter' är en parameter som regeln inte anger", "", "villkor:"),
    "wrong-typed parameter value (text)": ("parametrar/tolerans_kr.yaml", '"2004-01-01": {varde: 1}', '"2004-01-01": {varde: "en krona"}',
                                           "varden.2004-01-01.varde", "'en krona' är inget belopp i hela kronor", "", "2004-01-01"),
    "wrong-typed parameter value (list)": ("parametrar/medlemsbidrag_tolerans.yaml", '"2004-01-01": {varde: 0.5}', '"2004-01-01": {varde: [1, 2]}',
                                           "varden.2004-01-01.varde", "[1, 2] är inget tal", "", "2004-01-01"),
    "impossible date": ("parametrar/sus_galler.yaml", '"2023-03-01": {varde: false}', '"2025-02-30": {varde: false}',
                        "varden.2025-02-30", "'2025-02-30' är inget datum: dagen finns inte i den månaden", "", "2025-02-30"),
    "a fact read from a field the report does not have": ("fakta/styrning.yaml", "sokvag: styrning.internkontrollplan", "sokvag: styrning.internkontrollplanen",
                                                          "fakta.internkontrollplan.sokvag", "fältet 'internkontrollplanen' finns inte i styrning", "", "internkontrollplanen"),
    "an unregistered derivation": ("fakta/kostnader.yaml", "harledning: kostnader", "harledning: kostnaderna",
                                   "fakta.adm_kostnad.harledning", "härledningen 'kostnaderna' finns inte", "", "kostnaderna"),
    "a derived fact computed from an undeclared one": ("fakta/kostnader.yaml", "ur: [adm_kostnad, total_kostnad]", "ur: [adm_kostnad, totala_kostnad]",
                                                       "fakta.adm_andel.ur", "'totala_kostnad' är inget annat deklarerat faktum", "", "totala_kostnad"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_an_unknown_or_ill_typed_name_is_refused_at_load_with_file_line_and_field(tmp_path, case, capsys):
    relative, old, new, field, message, hint, line_fragment = BROKEN[case]
    rules, target, text = _edit(tmp_path, relative, old, new)
    with pytest.raises(InputError) as info:
        load_catalogue(rules)
    problem = next(p for p in info.value.problems if p.file == str(target) and p.path == field)
    assert message in problem.message and hint in problem.message
    assert problem.line == _line_of(text, line_fragment)
    # Through the CLI, before any report is read: exit 3, file:line: field, no traceback, nothing written.
    out = tmp_path / "rapport.md"
    code = main(["granska", str(tmp_path / "finns-inte.yaml"), "--regler", str(rules), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 3 and f"{target}:{problem.line}: {field}: " in err and "Traceback" not in err
    assert "finns-inte.yaml" not in err and not out.exists()


def test_the_catalogue_holds_a_registry_and_every_rule_reads_only_declared_names():
    assert {"ek_andel", "medlemsbidrag", "internkontrollplan"} <= set(KATALOG.fakta.fakta)
    assert {"insatser", "mal", "fb_delar"} <= set(KATALOG.fakta.samlingar)
    for rule in KATALOG.rules:
        if rule.for_varje:
            assert rule.for_varje in KATALOG.fakta.samlingar, rule.id


def _all_derived():
    for path in EXAMPLES:
        yield path.name, derive(load_report(path))
    for rule in KATALOG.rules:
        for case in rule.fall:
            if case.rapport is not None:
                yield f"{rule.id}: {case.namn}", case_facts(rule, case)


def test_every_fact_derived_is_declared_with_the_unit_it_has():
    register = KATALOG.fakta
    seen: set[str] = set()
    for where, facts in _all_derived():
        for name, fact in facts.scalars.items():
            assert name in register.fakta, f"{where}: {name} är inte deklarerat"
            assert fact.enhet == register.fakta[name].enhet, f"{where}: {name}"
            seen.add(name)
        for collection, items in facts.collections.items():
            assert collection in register.samlingar, f"{where}: samlingen {collection} är inte deklarerad"
            fields = register.fields(collection)
            for item in items:
                for name, fact in item.facts.items():
                    assert name in fields, f"{where}: {collection}.{name}"
                    declared = fields[name].enhet
                    assert declared == "tal" or fact.enhet == declared, f"{where}: {collection}.{name}"
            seen.add(collection)
    # Every declaration is exercised by a real example or a rule case: none is dead.
    unused = set(register.fakta) | set(register.samlingar)
    assert unused - seen == set()


def test_a_fact_read_by_its_path_keeps_its_label_and_the_source_of_its_part():
    facts = derive(load_report(EXAMPLE))
    fact = facts.scalars["internkontrollplan"]
    assert fact.label == KATALOG.fakta.fakta["internkontrollplan"].etikett
    assert fact.value is True and fact.kalla


def test_the_list_of_facts_in_docs_regler_is_current():
    text = DOC.read_text(encoding="utf-8")
    assert text == current(text, KATALOG.fakta), "Generera om: python -m checker.factdoc"
    for name in KATALOG.fakta.fakta:
        assert f"`{name}`" in text


def test_a_case_may_assert_the_facts_its_report_derives(tmp_path, capsys):
    old = '    utfall: avvikelse\n    meddelande_innehaller: ["43 %", "935 435 kr över", "800 000 kr"]\n'
    good, _, _ = _edit(tmp_path / "a", "eget_kapital/EK-TAK.yaml", old, old + "    ger_fakta: {ek_andel: 43.39, medlemsbidrag: 4000000}\n")
    assert main(["regler", "--testa", "--regler", str(good)]) == 0
    capsys.readouterr()
    wrong, _, _ = _edit(tmp_path / "b", "eget_kapital/EK-TAK.yaml", old, old + "    ger_fakta: {ek_andel: 42, medlemsbidrag: 4000000}\n")
    assert main(["regler", "--testa", "--regler", str(wrong)]) == 3
    assert "ger_fakta: ek_andel: 43.39, väntat 42" in capsys.readouterr().out


def test_a_case_asserting_a_fact_nobody_declares_is_refused(tmp_path):
    old = '    meddelande_innehaller: ["16 %"]\n'
    rules, target, text = _edit(tmp_path, "eget_kapital/EK-TAK.yaml", old, old + "    ger_fakta: {ek_andell: 16.31}\n")
    with pytest.raises(InputError) as info:
        load_catalogue(rules)
    problem = next(p for p in info.value.problems if p.path == "fall[1].ger_fakta.ek_andell")
    assert "menade du 'ek_andel'?" in problem.message and problem.line == _line_of(text, "ek_andell")


def test_no_rule_id_appears_in_the_python():
    """genomlys and the renderers read facts and findings; a rule is found by what it concludes, never by its id."""
    ids = [r.id for r in KATALOG.rules]
    for path in sorted((ROOT / "checker").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert [i for i in ids if i in text] == [], path


def test_law_is_read_from_the_parameters_for_the_year(tmp_path):
    """The deadline, tolerances and word lists are parameters: changing the data changes the facts."""
    rules, _, _ = _edit(tmp_path, "parametrar/arsredovisning_frist_manader.yaml", "{varde: 3}", "{varde: 4}")
    rules_text = rules / "parametrar" / "tolerans_kr.yaml"
    rules_text.write_text(rules_text.read_text(encoding="utf-8").replace("{varde: 1}", "{varde: 2}"), encoding="utf-8")
    katalog = load_catalogue(rules)
    report = load_report(ROOT / "examples" / "lekeberg-orebro-2020.yaml")
    report = report.model_copy(update={"styrning": report.styrning.model_copy(update={"arsredovisning_faststalld": "2021-04-10"})})
    default, changed = derive(report), derive(report, katalog)
    assert default.scalars["faststalld_dagar_efter_frist"].label == "dagar efter 31 mars"
    assert changed.scalars["faststalld_dagar_efter_frist"].label == "dagar efter 30 april"
    assert (default.scalars["faststalld_dagar_efter_frist"].value, changed.scalars["faststalld_dagar_efter_frist"].value) == (10, -20)
    kr_items = [i for i in changed.collections["summor_resultatrakning"] if i.facts["tolerans"].value != 1000]
    assert kr_items and all(i.facts["tolerans"].value == 2 for i in kr_items)
    # The förvaltningsberättelse's required parts are dated: before LKBR there is no list to check against.
    early = report.model_copy(update={"rakenskapsar": 2018})
    assert derive(early).collections["fb_delar"] == []
    assert [i.label for i in default.collections["fb_delar"]][0] == "Översikt över verksamhetens utveckling"
