"""The committed JSON Schema is the one the model generates, and `finsam schema` prints it."""

from __future__ import annotations

import json
from pathlib import Path

from checker.cli import main
from checker.schema import SCHEMA_PATH, schema_text

ROOT = Path(__file__).resolve().parent.parent


def test_committed_schema_matches_the_model():
    committed = (ROOT / SCHEMA_PATH).read_text(encoding="utf-8")
    assert committed == schema_text(), (
        f"{SCHEMA_PATH} stämmer inte med modellen (checker/model.py). "
        f"Generera om den: finsam schema > {SCHEMA_PATH}"
    )


def test_finsam_schema_prints_the_schema(capsys):
    assert main(["schema"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out == schema_text()
    schema = json.loads(out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(schema["required"]) == {"forbund", "rakenskapsar"}
    assert schema["additionalProperties"] is False


def test_committed_rule_schema_matches_the_catalogue_model(capsys):
    from checker.schema import RULE_SCHEMA_PATH, rule_schema_text

    committed = (ROOT / RULE_SCHEMA_PATH).read_text(encoding="utf-8")
    assert committed == rule_schema_text(), f"Generera om: finsam schema --regel > {RULE_SCHEMA_PATH}"
    assert main(["schema", "--regel"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert {"id", "titel", "krav", "kallor", "avsnitt", "vid_brist", "villkor", "meddelande", "fall"} <= set(schema["required"])
