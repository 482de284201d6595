"""Read YAML safely and keep where every value stood, for line-numbered errors.

ruamel.yaml's round-trip loader is used because it records the line of every
key and item and refuses duplicate keys; anchors and aliases are refused
outright, which also stops "billion laughs" bombs before anything expands.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent

from .errors import InputError, Problem

MAX_BYTES = 5_000_000


def _problem(file: str, line: int | None, message: str, path: str = "") -> InputError:
    return InputError([Problem(file, line, path, message)])


def read_text(path: Path) -> str:
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise _problem(name, None, "filen finns inte")
    except IsADirectoryError:
        raise _problem(name, None, "är en mapp, inte en fil")
    except OSError as exc:
        raise _problem(name, None, f"kan inte läsas ({exc.strerror})")
    if len(raw) > MAX_BYTES:
        raise _problem(name, None, f"filen är för stor ({len(raw)} byte; högst {MAX_BYTES})")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _problem(name, line, f"filen är inte UTF-8 (byte 0x{raw[exc.start]:02x}); spara den som UTF-8")


def load_yaml(path: Path) -> tuple[Any, "Lines"]:
    """Parse a YAML file into plain Python values plus a map from value path to line."""
    name = str(path)
    text = read_text(path)
    yaml = YAML(typ="rt")
    try:
        for event in yaml.parse(text):
            anchor = getattr(event, "anchor", None)
            if isinstance(event, AliasEvent) or anchor:
                line = event.start_mark.line + 1 if event.start_mark else None
                raise _problem(name, line, "ankare och alias (&, *) är inte tillåtna i filen")
        doc = yaml.load(text)
    except InputError:
        raise
    except DuplicateKeyError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        key = str(exc.problem).split('"')[1] if '"' in str(exc.problem) else ""
        raise _problem(name, line, f"nyckeln '{key}' förekommer två gånger" if key else "en nyckel förekommer två gånger")
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise _problem(name, line, f"ogiltig YAML: {_swedish_yaml_problem(exc.problem or exc.context or '')}")
    except YAMLError as exc:
        raise _problem(name, None, f"ogiltig YAML: {exc}")
    except RecursionError:
        raise _problem(name, None, "ogiltig YAML: för djupt nästlad")
    return _plain(doc), Lines(doc)


def _swedish_yaml_problem(problem: str) -> str:
    known = {
        "mapping values are not allowed here": "ett kolon på fel ställe (saknas citattecken eller indrag?)",
        "could not find expected ':'": "ett kolon saknas",
        "found character '\\t' that cannot start any token": "tabb-tecken är inte tillåtna, använd mellanslag",
        "expected <block end>, but found '-'": "fel indrag före '-'",
        "found unexpected end of stream": "filen tar slut mitt i ett värde (saknas ett avslutande citattecken?)",
    }
    for english, swedish in known.items():
        if english in problem:
            return swedish
    return problem


def _plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {_scalar(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return _scalar(node)


def _scalar(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    return value


class Lines:
    """Finds the line of a value from its path (as in pydantic's error `loc`)."""

    def __init__(self, doc: Any):
        self._doc = doc

    def line(self, loc: tuple) -> int | None:
        node, best = self._doc, None
        for part in loc:
            if isinstance(node, CommentedMap):
                key = _match_key(node, part)
                if key is None:
                    break
                best = node.lc.key(key)[0] + 1
                node = node[key]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
                best = node.lc.item(part)[0] + 1
                node = node[part]
            else:
                break
        if best is None and isinstance(self._doc, CommentedMap):
            return 1
        return best


def _match_key(node: CommentedMap, part: Any) -> Any:
    if part in node:
        return part
    for key in node:
        if str(key) == str(part):
            return key
    return None
