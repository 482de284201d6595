"""Summaries as kept (compact.py) read exactly as the summaries built, on the examples and generated reports."""

from __future__ import annotations

import sys
from dataclasses import fields
from pathlib import Path

import pytest

from checker.genomlys import compact
from checker.genomlys.collect import Summary, analyse, expand

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402  (bench/generate.py)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> list[Summary]:
    folder = tmp_path_factory.mktemp("kompakt")
    generate.generate(30, folder, seed=11, faulty=0.4)
    files, _ = expand([str(ROOT / "examples"), str(folder)])
    out = [r for r in map(analyse, files) if isinstance(r, Summary)]
    assert len(out) > 20
    return out


def _plain(value):
    """A mapping (nested) as a dict, each value with its type, so 1 and 1.0 and True stay apart."""
    if isinstance(value, compact.Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "as_dict"):
        return _plain(value.as_dict()), _plain(value.reason())
    return type(value).__name__, value


def test_every_field_of_a_kept_summary_reads_as_built(built):
    for s in built:
        kept = compact.summary(s)
        for f in fields(Summary):
            assert _plain(getattr(kept, f.name)) == _plain(getattr(s, f.name)), (s.fil, f.name)
        for outcome in ("avvikelse", "iakttagelse", "underlag_saknas", "uppfylld"):
            assert kept.count(outcome) == s.count(outcome)


def test_the_rule_outcomes_are_kept_one_byte_each(built):
    kept = [compact.summary(s) for s in built]
    assert all(isinstance(k.utfall, compact.Coded) and len(k.utfall._values) == len(s.utfall) for k, s in zip(kept, built))
    assert kept[0].utfall.get("FINNS-INTE") is None and "FINNS-INTE" not in kept[0].utfall
    with pytest.raises(KeyError):
        kept[0].utfall["FINNS-INTE"]


def test_values_that_cannot_be_coded_are_kept_as_they_are(monkeypatch):
    monkeypatch.setattr(compact, "_DECODE", [])  # the process's table stays for the real outcomes
    monkeypatch.setattr(compact, "_CODE", {})
    mixed = {"a": 1, "b": True, "c": 1.0, "d": "1"}
    assert {k: (type(v), v) for k, v in compact.coded(mixed).items()} == {k: (type(v), v) for k, v in mixed.items()}
    assert dict(compact.coded({"a": ["lista"]})) == {"a": ["lista"]}  # unhashable: a plain Frozen
    many = {str(i): f"utfall {i}" for i in range(300)}
    assert dict(compact.coded(many)) == many and not isinstance(compact.coded(many), compact.Coded)


def test_figures_keep_numbers_packed_and_every_value_as_it_was():
    data = {"medlemsbidrag": (1_735_435, False), "ek_andel": (43.25, True), "ek_andel_angiven": ("43 %", False),
            "stor": (2 ** 60 + 1, True), "noll": (-0.0, False), "flagga": (True, False), "tom": (None, False)}
    kept = compact.Figures(data)
    assert {k: (type(v[0]), v[0], v[1]) for k, v in kept.items()} == {k: (type(v[0]), v[0], v[1]) for k, v in data.items()}
    assert str(kept["noll"][0]) == "-0.0" and kept.get("saknas") is None and "saknas" not in kept
    assert len(kept._values) == len(data) and kept._texts == ("43 %", 2 ** 60 + 1, True, None)
