"""JSON written in pieces is the text json.dumps(..., ensure_ascii=False, indent=2) writes whole."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.catalogue import load_catalogue
from checker.genomlys import render
from checker.genomlys.analysis import build
from checker.genomlys.collect import collect, expand
from checker.render.json_pieces import Lazy, Open, pieces, plain

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402  (bench/generate.py)

_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8)
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4),
                       max_leaves=20)


def _opened(value, draw_lazy: list[bool]):
    """The value with its lists as Lazy and its dicts as Open where draw_lazy says so (in turn), and
    wherever they hold one (json.dumps is never given a Lazy)."""
    if isinstance(value, list):
        items = [_opened(v, draw_lazy) for v in value]
        inside = any(isinstance(v, (Lazy, Open)) for v in items)
        return Lazy(lambda: iter(items)) if (draw_lazy and draw_lazy.pop()) or inside else items
    if isinstance(value, dict):
        members = {k: _opened(v, draw_lazy) for k, v in value.items()}
        inside = any(isinstance(v, (Lazy, Open)) for v in members.values())
        return Open(members) if (draw_lazy and draw_lazy.pop()) or inside else members
    return value


@settings(max_examples=300, deadline=None)
@given(_VALUES, st.lists(st.booleans(), max_size=30))
def test_any_value_in_pieces_is_json_dumps_text(value, lazy):
    opened = _opened(value, list(lazy))
    whole = json.dumps(value, ensure_ascii=False, indent=2)
    assert "".join(pieces(opened)) == whole
    assert plain(opened) == value


@pytest.mark.parametrize("value", [[], {}, {"a": []}, [[]], {"a": {}}, [{"b": [1, {"c": []}]}]])
def test_empty_and_nested_containers(value):
    assert "".join(pieces(_opened(value, [True] * 10))) == json.dumps(value, ensure_ascii=False, indent=2)


def test_an_open_dict_with_a_key_that_is_no_text_is_refused():
    with pytest.raises(TypeError):
        "".join(pieces(Open({1: "x"})))


def test_the_genomlysning_in_pieces_is_the_json_of_the_whole_document(tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(ROOT / "examples", folder)
    generate.generate(30, folder / "gen")
    files, left = expand([str(folder)])
    g = build(collect(files, None, "durable", 1), left, load_catalogue(), "2026-01-01")
    parts = list(render.json_pieces(g))
    assert len(parts) > 100  # really in pieces: a report's rows one by one
    whole = json.dumps(render.to_dict(g), ensure_ascii=False, indent=2) + "\n"
    assert "".join(parts) == render.render_json(g) == whole
    document = json.loads(whole)
    assert len(document["underlag"]) == len(document["nyckeltal"]["rader"]) == len(document["regelutfall"]["rader"]) == 33
