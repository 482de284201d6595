"""The report validator compiled from the kept core schema: the same models and the same errors as
Arsredovisning.model_validate, and never a condition."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

sys.path.insert(0, str(Path(__file__).resolve().parent))

import korpus  # noqa: E402
from checker import schemacache  # noqa: E402
from checker.model import Arsredovisning  # noqa: E402
from checker.yamlread import Unusual, parse_text  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
CONTEXT = {"pastaendeslag": None}


@pytest.fixture
def kept(tmp_path, monkeypatch):
    """A validator from a schema written to an empty cache and read back, as a later command gets it."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("FINSAM_CACHE", str(folder))
    schemacache.report_validator.cache_clear()
    schemacache.report_validator()
    assert len(list(folder.glob("modell-*.pickle"))) == 1
    schemacache.report_validator.cache_clear()
    monkeypatch.setattr(schemacache, "_built", lambda model: pytest.fail("the schema was built again"))
    validator = schemacache.report_validator()
    assert validator is not None
    yield validator
    schemacache.report_validator.cache_clear()


def _data(text: str):
    try:
        data, _ = parse_text("rapport.yaml", text)
    except Exception:  # refused as YAML: never reaches validation
        return None
    return data if isinstance(data, dict) else None


def _outcome(validate, data):
    try:
        return "ok", validate(data).model_dump(mode="json")
    except ValidationError as exc:
        return "fel", exc.title, [(e["type"], e["loc"], e["msg"], repr(e.get("ctx")), repr(e["input"])) for e in exc.errors(include_url=False)]


def _broken_reports():
    text = (ROOT / "examples" / korpus.REPORT).read_text(encoding="utf-8")
    for change in korpus.REPORTS:
        if change.old is None or isinstance(change.new, bytes) or change.old not in text:
            continue
        data = _data(text.replace(change.old, change.new, 1))
        if data is not None:
            yield change.id, data


def test_the_kept_validator_gives_the_models_of_model_validate(kept):
    for path in EXAMPLES:
        data = _data(path.read_text(encoding="utf-8"))
        ours = kept.validate_python(data, context=CONTEXT)
        assert type(ours) is Arsredovisning
        assert ours == Arsredovisning.model_validate(data, context=CONTEXT)
        assert _outcome(lambda d: kept.validate_python(d, context=CONTEXT), data)[0] == "ok"


def test_the_kept_validator_refuses_broken_reports_with_the_errors_of_model_validate(kept):
    cases = dict(_broken_reports())
    assert len(cases) > 20
    refused = 0
    for name, data in cases.items():
        ours = _outcome(lambda d: kept.validate_python(d, context=CONTEXT), data)
        theirs = _outcome(lambda d: Arsredovisning.model_validate(d, context=CONTEXT), data)
        assert ours == theirs, name
        refused += ours[0] == "fel"
    assert refused > 20


def test_a_field_named_metadata_is_kept_and_a_schema_nodes_metadata_dropped():
    schema = {"type": "model-fields", "metadata": {"pydantic_js_functions": [lambda: 0]},
              "fields": {"metadata": {"type": "model-field", "schema": {"type": "str", "metadata": {}}},
                         "type": {"type": "model-field", "schema": {"type": "int"}}}}
    assert schemacache._without_metadata(schema) == {
        "type": "model-fields",
        "fields": {"metadata": {"type": "model-field", "schema": {"type": "str"}},
                   "type": {"type": "model-field", "schema": {"type": "int"}}}}


def test_other_versions_of_pydantic_give_another_entry(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("FINSAM_CACHE", str(folder))
    try:
        schemacache.report_validator.cache_clear()
        assert schemacache.report_validator() is not None
        monkeypatch.setattr(schemacache, "_versions", lambda: "pydantic 9.9.9")
        schemacache.report_validator.cache_clear()
        assert schemacache.report_validator() is not None
        assert len(list(folder.glob("modell-*.pickle"))) == 2
    finally:
        schemacache.report_validator.cache_clear()


def test_without_the_cache_or_with_a_damaged_entry_the_report_is_validated_all_the_same(tmp_path, monkeypatch):
    data = _data(EXAMPLES[0].read_text(encoding="utf-8"))
    expected = Arsredovisning.model_validate(data)
    try:
        monkeypatch.setenv("FINSAM_CACHE", "0")
        schemacache.report_validator.cache_clear()
        assert schemacache.report_validator() is None
        assert schemacache.validate_report(data) == expected
        folder = tmp_path / "cache"
        monkeypatch.setenv("FINSAM_CACHE", str(folder))
        schemacache.report_validator.cache_clear()
        schemacache.report_validator()
        (entry,) = folder.glob("modell-*.pickle")
        entry.write_bytes(b"\x80\x05 not a pickle")
        schemacache.report_validator.cache_clear()
        assert schemacache.validate_report(data) == expected
        # A schema pydantic-core refuses is no error either: the model's own validator serves.
        monkeypatch.setattr(schemacache.katalogcache, "cached", lambda *a, **k: ({"type": "no-such-schema"}, {}))
        schemacache.report_validator.cache_clear()
        assert schemacache.report_validator() is None
        assert schemacache.validate_report(data) == expected
    finally:
        schemacache.report_validator.cache_clear()
