"""docs/regler.md's step-by-step examples, read from the document as written and run in a copy of the catalogue."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from checker.cases import run_cases
from checker.catalogue import RULES_DIR, load_catalogue
from checker.cli import main
from checker.pipeline import checker_for, granska

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "regler.md").read_text(encoding="utf-8")


def _examples() -> dict[str, dict[str, str]]:
    """Example heading → {file under rules/: its text} for every ```yaml block that starts with '# fil:'."""
    part = DOC.split("## Steg för steg", 1)[1].split("\n## ", 1)[0]
    out: dict[str, dict[str, str]] = {}
    for section in re.split(r"\n### ", part)[1:]:
        title = section.splitlines()[0]
        blocks = re.findall(r"```yaml\n# fil: (\S+)\n(.*?)```", section, flags=re.S)
        out[title] = {name: text for name, text in blocks}
    return out


EXAMPLES = _examples()


def _catalogue(tmp_path: Path, files: dict[str, str]) -> Path:
    rules = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules)
    for name, text in files.items():
        assert not (rules / name).exists(), f"{name} finns redan i katalogen: exemplet ska vara nytt"
        (rules / name).write_text(text, encoding="utf-8")
    return rules


def _example(start: str) -> dict[str, str]:
    return next(files for title, files in EXAMPLES.items() if title.startswith(start))


def test_the_document_holds_both_examples():
    assert set(_example("Exempel 1")) == {"eget_kapital/SOLIDITET-POSITIV.yaml"}
    assert set(_example("Exempel 2")) == {"fakta/revision.yaml", "styrning/REVISION-FASTSTALLANDE.yaml"}


def test_a_rule_over_existing_facts_needs_one_yaml_file(tmp_path, capsys):
    rules = _catalogue(tmp_path, _example("Exempel 1"))
    katalog = load_catalogue(rules)
    assert "SOLIDITET-POSITIV" in {r.id for r in katalog.rules}
    assert main(["regler", "--testa", "--regler", str(rules)]) == 0
    assert ", 0 underkända" in capsys.readouterr().out
    own = [r for r in run_cases(katalog, checker_for(str(rules))) if r.rule == "SOLIDITET-POSITIV"]
    assert [(r.actual, r.ok) for r in own] == [("uppfylld", True), ("iakttagelse", True)]
    finding = granska(ROOT / "examples" / "lekeberg-orebro-2025.yaml", str(rules)).finding("SOLIDITET-POSITIV")
    assert finding.utfall == "uppfylld" and "Soliditeten är" in finding.meddelande


def test_a_rule_on_a_new_input_field_needs_a_fact_declaration_and_the_rule(tmp_path, capsys):
    files = _example("Exempel 2")
    # Without its declaration the rule is refused at load, naming the unknown fact.
    rules = _catalogue(tmp_path / "utan", {k: v for k, v in files.items() if not k.startswith("fakta/")})
    with pytest.raises(Exception, match="okänt namn 'revisorerna_tillstyrker_faststallande'"):
        load_catalogue(rules)
    rules = _catalogue(tmp_path / "med", files)
    assert main(["regler", "--testa", "--regler", str(rules)]) == 0
    assert ", 0 underkända" in capsys.readouterr().out
    checker = checker_for(str(rules))
    assert "revisorerna_tillstyrker_faststallande" in checker.katalog.fakta.fakta
    found = granska(ROOT / "examples" / "lekeberg-orebro-2020.yaml", str(rules)).finding("REVISION-FASTSTALLANDE")
    assert found.utfall == "uppfylld"
    assert [b.kalla for p in found.poster for b in p.bevis]  # the fact keeps the revision's source line
    own = [r for r in run_cases(checker.katalog, checker) if r.rule == "REVISION-FASTSTALLANDE"]
    assert [(r.actual, r.ok) for r in own] == [("uppfylld", True), ("avvikelse", True), ("underlag_saknas", True)]
