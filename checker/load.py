"""Load a report file: YAML → validated `Arsredovisning`, or every problem at once."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from ruamel.yaml.error import YAMLError

from .errors import InputError, Problem
from .messages_sv import swedish
from .model import Arsredovisning
from .schemacache import validate_report
from .yamlread import Lines, Unusual, format_path, load_yaml, parse_text, plain_values, read_text

M = TypeVar("M", bound=BaseModel)

def _message(error: dict) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "enum":
        return f"ska vara ett av: {_choices(ctx.get('expected', ''))}"
    if kind == "greater_than_equal":
        return f"får inte vara mindre än {ctx['ge']}"
    if kind == "less_than_equal":
        return f"får inte vara större än {ctx['le']}"
    if kind == "literal_error":
        return f"ska vara ett av: {_choices(ctx.get('expected', ''))}"
    if kind == "string_pattern_mismatch":
        return f"har fel form (ska matcha {ctx.get('pattern')})"
    # pydantic's own text is English: every kind has a Swedish sentence.
    return swedish(kind)


def _choices(expected: str) -> str:
    """pydantic's "'kr' or 'tkr'" → "kr eller tkr"."""
    return expected.replace("'", "").replace(" or ", " eller ")


def _loc(error: dict) -> tuple:
    loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    # pydantic appends "[key]" steps for dict keys of non-str type; keep the value path only.
    loc = tuple(p for p in loc if p != "[key]")
    # A model-level check may name the part it is about (e.g. one row of a statement).
    cause = (error.get("ctx") or {}).get("error")
    return loc + tuple(getattr(cause, "loc", ()))


def validation_problems(file: str, error: ValidationError, lines: Lines, prefix: tuple = ()) -> list[Problem]:
    """Every validation error as a Problem; `prefix` places a nested document (a rule case's report)."""
    problems = []
    for err in error.errors(include_url=False):
        loc = prefix + _loc(err)
        problems.append(Problem(file, lines.line(loc), format_path(loc) or "(dokumentet)", _message(err)))
    problems.sort(key=lambda p: (p.line or 0, p.path))
    return problems


def load_model(path: Path, model: type[M]) -> M:
    return load_model_with_lines(path, model)[0]


def load_model_with_lines(path: Path, model: type[M], context: dict | None = None) -> tuple[M, Lines]:
    """The validated model, and where each value stood (for checks beyond the model's own)."""
    return _validated(*load_yaml(path), str(path), model, context)


def load_text(text: str, name: str, model: type[M], context: dict | None = None) -> M:
    """A model from YAML text in memory; problems name `name` as their file (as `finsam validera` would)."""
    return _validated(*parse_text(name, text), name, model, context)[0]


def _validated(data, lines: Lines, name: str, model: type[M], context: dict | None = None) -> tuple[M, Lines]:
    if data is None:
        raise InputError([Problem(name, 1, "", "filen är tom; börja från mallen (finsam mall)")])
    if not isinstance(data, dict):
        raise InputError([Problem(name, 1, "", "filen ska innehålla en mappning (nyckel: värde) på översta nivån")])
    try:
        return (validate_report(data, context) if model is Arsredovisning else model.model_validate(data, context=context)), lines
    except ValidationError as exc:
        raise InputError(validation_problems(name, exc, lines)) from None


def load_report(path: str | Path, katalog=None) -> Arsredovisning:
    """A report file; its claims (pastaenden) are checked against the claim kinds of `katalog` (default: finsam's own).

    Most files are read and validated without a problem, and then nobody asks on which line a
    value stood: they are read without lines (plain_values). A file with anything to say about it
    is read again the one way every message comes from, so the messages are the same either way.
    """
    name, context = str(path), report_context(katalog)
    text = read_text(Path(path))
    try:
        data = plain_values(text)
    except (Unusual, YAMLError):
        data = None
    if not isinstance(data, dict):  # also an empty file or one without a mapping: parse_text says so
        return _validated(*parse_text(name, text), name, Arsredovisning, context)[0]
    try:
        return validate_report(data, context)
    except ValidationError as exc:
        raise InputError(validation_problems(name, exc, parse_text(name, text)[1])) from None


def report_context(katalog) -> dict | None:
    """What validating a report needs from the catalogue in use: its kinds of claim."""
    return None if katalog is None else {"pastaendeslag": katalog.fakta.pastaendeslag}
