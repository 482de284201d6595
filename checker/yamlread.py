"""Read YAML safely and keep where every value stood, for line-numbered errors.

ruamel.yaml's round-trip loader is used because it records the line of every
key and item. Before anything is built, the event stream is walked once with
the path of every value tracked, so that duplicate keys, anchors and aliases
(which also stops "billion laughs" bombs before anything expands), tags and
syntax errors are all reported with their line *and* field path. Dates are
kept as the text they are, so an impossible date is a validation error and not
a crash.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    DocumentStartEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
    SequenceStartEvent,
)

from .errors import InputError, Problem

MAX_BYTES = 5_000_000


class _Constructor(RoundTripConstructor):
    """Round-trip constructor that leaves timestamps as text (validated later as Datum)."""


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", lambda self, node: self.construct_scalar(node))


def format_path(loc: tuple | list) -> str:
    """`('medlemmar', 0, 'namn')` → `medlemmar[0].namn`."""
    out = ""
    for part in loc:
        if isinstance(part, int) and not isinstance(part, bool) and out:
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


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
    except PermissionError:
        raise _problem(name, None, "saknar behörighet att läsa filen")
    except OSError as exc:
        raise _problem(name, None, f"kan inte läsas ({exc.strerror})")
    if len(raw) > MAX_BYTES:
        raise _problem(name, None, f"filen är för stor ({len(raw)} byte; högst {MAX_BYTES})")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _problem(name, line, f"filen är inte UTF-8 (byte 0x{raw[exc.start]:02x}); spara den som UTF-8")


class _Walker:
    """Follows the event stream, knowing the path of the value being read."""

    def __init__(self, name: str):
        self.name = name
        # Each frame: [kind, key-or-index, expecting_key, {key: first line}]
        self.stack: list[list] = []
        self.documents = 0

    def path(self, collection: bool = False) -> str:
        """The path of the value being read, or with `collection` of the innermost open list or mapping."""
        parts = []
        for kind, at, expecting_key, _ in self.stack[:-1] if collection else self.stack:
            if kind == "map" and not expecting_key and at is not None:
                parts.append(at)
            elif kind == "seq" and at >= 0:
                parts.append(at)
        return format_path(parts)

    def fail(self, line: int | None, message: str) -> InputError:
        return _problem(self.name, line, message, self.path())

    def _value_done(self) -> None:
        if not self.stack:
            return
        frame = self.stack[-1]
        if frame[0] == "map":
            frame[2] = True

    def event(self, event: Any) -> None:
        line = event.start_mark.line + 1 if event.start_mark else None
        if isinstance(event, DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise _problem(self.name, line, "filen innehåller flera YAML-dokument (---); en rapportfil är ett enda dokument")
            return
        if isinstance(event, CollectionEndEvent):
            self.stack.pop()
            self._value_done()
            return
        if not isinstance(event, NodeEvent):
            return
        frame = self.stack[-1] if self.stack else None
        is_key = frame is not None and frame[0] == "map" and frame[2]
        if is_key:
            if not isinstance(event, ScalarEvent):
                raise self.fail(line, "en nyckel ska vara ett enkelt namn, inte en lista eller mappning")
            key = event.value
            first = frame[3].get(key)
            if first is not None:
                frame[1], frame[2] = key, False
                raise self.fail(line, f"nyckeln förekommer två gånger (första gången på rad {first})")
            frame[3][key] = line
            frame[1], frame[2] = key, False
        elif frame is not None and frame[0] == "seq":
            frame[1] += 1
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None):
            raise self.fail(line, "ankare och alias (&, *) är inte tillåtna i filen; skriv ut värdet på varje ställe")
        if getattr(event, "tag", None):
            raise self.fail(line, "taggar (!…, !!…) är inte tillåtna i filen; skriv värdet utan tagg (text inom citattecken)")
        if isinstance(event, MappingStartEvent):
            self.stack.append(["map", None, True, {}])
        elif isinstance(event, SequenceStartEvent):
            self.stack.append(["seq", -1, False, {}])
        elif not is_key:
            self._value_done()


def load_yaml(path: Path) -> tuple[Any, "Lines"]:
    """Parse a YAML file into plain Python values plus a map from value path to line."""
    name = str(path)
    text = read_text(path)
    try:
        return _fast_values(text), Lines(text)
    except (_Refused, YAMLError, ValueError, TypeError, OverflowError, RecursionError):
        pass  # the careful reader below says what is wrong, where
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    return _load(name, text, yaml)


def _load(name: str, text: str, yaml: YAML) -> tuple[Any, "Lines"]:
    walker = _Walker(name)
    try:
        for event in yaml.parse(text):
            walker.event(event)
        doc = yaml.load(text)
    except InputError:
        raise
    except DuplicateKeyError as exc:
        # Normally caught by the walker already; kept as a safety net.
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise _problem(name, line, "en nyckel förekommer två gånger")
    except MarkedYAMLError as exc:
        raise _syntax_problem(name, exc, walker)
    except YAMLError as exc:
        raise _problem(name, None, f"ogiltig YAML ({exc})")
    except RecursionError:
        raise _problem(name, None, "ogiltig YAML: för djupt nästlad")
    except (ValueError, TypeError, OverflowError) as exc:
        raise _problem(name, None, f"ett värde i filen går inte att läsa ({exc})")
    return _plain(doc), Lines(text)


# --- the fast path for valid files -------------------------------------------------------

_TAG = "tag:yaml.org,2002:"
_FAST: YAML | None = None


class _Refused(Exception):
    """The fast reader does not take this document; the careful reader decides on it."""


def _fast_yaml() -> YAML:
    global _FAST
    if _FAST is None:
        from ruamel.yaml.resolver import VersionedResolver

        class Resolver12(VersionedResolver):
            """ruamel's YAML 1.2 resolver, its rule table looked up once instead of per scalar."""

            _table = None

            @property
            def versioned_resolver(self):
                if Resolver12._table is None:
                    Resolver12._table = VersionedResolver.versioned_resolver.fget(self)
                return Resolver12._table

        # libyaml's C parser (ruamel.yaml.clib) where installed, with ruamel's YAML 1.2 resolution.
        _FAST = YAML(typ="safe", pure=False)
        _FAST.Resolver = Resolver12
    return _FAST


def _fast_values(text: str) -> Any:
    """Plain values of a valid document, without the bookkeeping only error messages need.

    Anchors, aliases, tags, directives, several documents, duplicate or complex
    keys are refused: the careful reader reports them with line and field.
    Timestamps stay text, as in the careful reader.
    """
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

    yaml = _fast_yaml()
    if "%YAML" in text or "%TAG" in text:
        raise _Refused("direktiv")
    if "&" in text or "*" in text or "!" in text:
        for event in yaml.parse(text):
            if isinstance(event, AliasEvent) or getattr(event, "anchor", None) or getattr(event, "tag", None):
                raise _Refused("ankare, alias eller tagg")
    con = yaml.constructor
    scalars = {
        _TAG + "int": con.construct_yaml_int,
        _TAG + "null": lambda _n: None,
        _TAG + "bool": con.construct_yaml_bool,
        _TAG + "float": con.construct_yaml_float,
        _TAG + "timestamp": lambda n: n.value,
    }

    def build(node: Any) -> Any:
        kind = type(node)
        if kind is ScalarNode:
            tag = node.tag if type(node.tag) is str else node.tag.value
            if tag == _TAG + "str":
                return node.value
            make = scalars.get(tag)
            if make is None:
                raise _Refused(tag)
            return make(node)
        if kind is MappingNode:
            out = {}
            for key_node, value_node in node.value:
                key = build(key_node)
                if type(key) in (dict, list) or key in out:
                    raise _Refused("nyckel")
                out[key] = build(value_node)
            return out
        if kind is SequenceNode:
            return [build(item) for item in node.value]
        raise _Refused(kind.__name__)

    node = yaml.compose(text)
    if node is None:
        raise _Refused("tom")
    return build(node)


_UNCLOSED = ("while scanning a quoted scalar", "while parsing a flow sequence", "while parsing a flow mapping")


def _syntax_problem(name: str, exc: MarkedYAMLError, walker: _Walker) -> InputError:
    problem, context = exc.problem or "", exc.context or ""
    path = walker.path(collection=context.startswith(_UNCLOSED[1:]))
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    message = f"ogiltig YAML: {_swedish_yaml_problem(problem, context)}"
    if exc.context_mark is not None and any(context.startswith(c) for c in _UNCLOSED):
        started = exc.context_mark.line + 1
        if started != line:
            message += f" (upptäckt på rad {line})"
            line = started
    return _problem(name, line, message, path)


def _swedish_yaml_problem(problem: str, context: str = "") -> str:
    if "while scanning a quoted scalar" in context and "end of stream" in problem:
        return "citattecknet avslutas aldrig (saknas ett avslutande \" eller '?)"
    if "flow sequence" in context:
        return "listan inom [ ] avslutas inte rätt (saknas ']' eller ','?)"
    if "flow mapping" in context:
        return "mappningen inom { } avslutas inte rätt (saknas '}' eller ','?)"
    known = {
        "mapping values are not allowed here": "ett kolon på fel ställe (saknas citattecken eller indrag?)",
        "could not find expected ':'": "ett kolon saknas",
        "found character '\\t' that cannot start any token": "tabb-tecken är inte tillåtna, använd mellanslag",
        "found a tab character": "tabb-tecken är inte tillåtna, använd mellanslag",
        "expected <block end>, but found '-'": "fel indrag före '-'",
        "expected <block end>": "fel indrag (raden passar inte in under raden ovanför)",
        "expected '<document start>'": "fel indrag (översta nivån ska börja i första kolumnen)",
        "did not find expected key": "en nyckel saknas (fel indrag?)",
        "did not find expected '-' indicator": "fel indrag i listan",
        "found unknown escape character": "okänd \\-sekvens inom dubbla citattecken (använd enkla citattecken)",
        "that cannot start any token": "ett tecken som inte kan inleda ett värde (sätt värdet inom citattecken)",
        "found unexpected end of stream": "filen tar slut mitt i ett värde (saknas ett avslutande citattecken?)",
        "found undefined alias": "ankare och alias (&, *) är inte tillåtna i filen",
        "expected the node content": "ett värde saknas eller står på fel ställe",
        "found duplicate anchor": "ankare och alias (&, *) är inte tillåtna i filen",
    }
    for english, swedish in known.items():
        if english in problem:
            return swedish
    return f"filen kan inte tolkas som YAML (tolkens meddelande: {problem or context})"


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

    def __init__(self, text: str):
        self._text = text
        self._doc: Any = None

    def _tree(self) -> Any:
        if self._doc is None:
            yaml = YAML(typ="rt")
            yaml.Constructor = _Constructor
            self._doc = yaml.load(self._text)
        return self._doc

    def line(self, loc: tuple) -> int | None:
        self._tree()
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
