"""Every JSON granskningsrapport validates against the published schema/granskning.schema.json."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from checker.cases import case_report
from checker.cli import main
from checker.pipeline import checker_for, examine, granska
from checker.render.json_out import FORMAT_VERSION, render_json

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "schema" / "granskning.schema.json").read_text(encoding="utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA)


def _errors(document: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(document)]


def test_the_schema_is_a_valid_json_schema():
    Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("example", sorted((ROOT / "examples").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_example_validates_with_both_engines(example):
    for prefer in ("durable", "reference"):
        document = json.loads(render_json(granska(example, None, prefer)))
        assert document["formatversion"] == FORMAT_VERSION
        assert _errors(document) == []


def test_every_rule_case_report_validates():
    checker = checker_for(None)
    checked = 0
    for rule in checker.katalog.rules:
        for case in rule.fall:
            if case.rapport is None:
                continue
            document = json.loads(render_json(examine(case_report(rule, case), checker).granskning))
            assert _errors(document) == [], (rule.id, case.namn)
            checked += 1
    assert checked > 20


def test_synthetic_faulty_reports_validate(tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import generate
    finally:
        sys.path.pop(0)
    generate.generate(24, tmp_path, 11, 0.5)
    files = sorted(tmp_path.glob("**/*.yaml"))
    assert len(files) >= 20
    for path in random.Random(3).sample(files, 20):
        assert _errors(json.loads(render_json(granska(path)))) == [], path.name


def test_the_cli_json_is_the_documented_format(capsys):
    main(["granska", str(ROOT / "examples" / "sydnarke-2023.yaml"), "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    assert _errors(document) == []
    assert list(document)[0] == "formatversion"


def test_the_schema_rejects_what_the_format_does_not_have():
    document = json.loads(render_json(granska(ROOT / "examples" / "sydnarke-2023.yaml")))
    document["regler"][0]["utfall"] = "godkänd"
    document["okänt"] = 1
    assert len(_errors(document)) == 2


def test_finsam_schema_prints_the_published_schema(capsys):
    assert main(["schema", "--granskning"]) == 0
    assert json.loads(capsys.readouterr().out) == SCHEMA
