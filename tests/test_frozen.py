"""The written-out value classes (checker.frozen) behave as the dataclasses they replace."""

from __future__ import annotations

import dataclasses
import pickle
from typing import Optional

import pytest

from checker import facts, findings
from checker.errors import Problem
from checker.expr import parse


def _as_dataclass(cls, **options):
    """The dataclass the class stood for: same name, fields and defaults (read from its __init__)."""
    import inspect

    signature = inspect.signature(cls.__init__)
    compared = cls._compared or cls._fields
    spec = []
    for name in cls._fields:
        default = signature.parameters[name].default
        if default is inspect.Parameter.empty:
            spec.append((name, object))
        elif default is facts.NEW:
            kind = dict if name in ("facts", "scalars", "collections", "missing", "known") else list
            spec.append((name, object, dataclasses.field(default_factory=kind, compare=name in compared, repr=name in compared)))
        else:
            spec.append((name, object, dataclasses.field(default=default, compare=name in compared, repr=name in compared)))
    return dataclasses.make_dataclass(cls.__name__, spec, **options)


CASES = [
    (facts.Fact, {"unsafe_hash": True}, ("ek_andel", 43.4, "procent", "Eget kapital"), {"celler": ("a.b",)}),
    (facts.Operand, {"unsafe_hash": True}, ("x", 1), {"kalla": "rad 3"}),
    (facts.Item, {}, ("Insats A",), {"kalla": "s. 5"}),
    (facts.Facts, {}, (), {}),
    (facts.Law, {"frozen": True}, ({"p": 1}, 2025, "rules"), {}),
    (findings.ParameterUsed, {}, ("ek_tak", "Tak", 50, "procent", "2020-01-01", "rekommendation"), {}),
    (findings.ItemResult, {}, ("rad", "uppfylld", "stämmer"), {"saknas": ["x"]}),
    (findings.Finding, {}, ("EK-TAK", "Tak", "2.1", "krav", "avvikelse", [], "uppfylld", "text"), {"vikt": "mindre"}),
    (Problem, {"frozen": True}, ("a.yaml", 3, "forbund.namn", "saknas"), {}),
]


@pytest.mark.parametrize("cls, options, args, extra", CASES, ids=[c[0].__name__ for c in CASES])
def test_equal_hashed_and_shown_as_the_dataclass(cls, options, args, extra):
    reference = _as_dataclass(cls, **options)
    ours, theirs = cls(*args, **extra), reference(*args, **extra)
    assert repr(ours) == repr(theirs)
    assert ours == cls(*args, **extra) and ours != object()
    if options.get("unsafe_hash") or options.get("frozen"):
        try:
            assert hash(ours) == hash(theirs)
        except TypeError:  # a dict among the fields: unhashable both ways
            with pytest.raises(TypeError):
                hash(theirs)
    else:
        with pytest.raises(TypeError):
            hash(ours)
    if options.get("frozen"):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(ours, cls._fields[0], "other")
    back = pickle.loads(pickle.dumps(ours))
    assert back == ours and repr(back) == repr(ours)


def test_a_default_list_or_dict_is_new_for_each():
    a, b = findings.Finding("A", "t", "1", "k", "avvikelse", [], "uppfylld", "x"), findings.Finding("B", "t", "1", "k", "avvikelse", [], "uppfylld", "x")
    a.poster.append("p")
    assert b.poster == [] and facts.Item("x").facts is not facts.Item("y").facts
    law = facts.Law({}, 2025, "rules")
    law.known["x"] = 1
    assert law == facts.Law({}, 2025, "rules")  # what has been looked up is no part of the value


def test_a_parameter_used_is_written_as_asdict_wrote_it():
    used = findings.ParameterUsed("ek_tak", "Tak", [{"fran": 0, "varde": 50}], "procent", "2020-01-01", "rek")
    reference = _as_dataclass(findings.ParameterUsed)(*[getattr(used, f) for f in used._fields])
    assert used.as_dict() == dataclasses.asdict(reference)
    assert list(used.as_dict()) == list(dataclasses.asdict(reference))


def test_a_condition_tree_is_shown_as_before():
    assert repr(parse("x > 1")) == "Compare(op='>', left=Name(name='x'), right=Num(value=1), absolute=False)"
    optional: Optional[str] = None
    assert Problem("a", None, "", "m").line is optional
