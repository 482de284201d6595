"""Read YAML safely and keep where every value stood, for line-numbered errors.

One reader for valid and bad files alike: libyaml's C event parser (from
ruamel.yaml.clib; ruamel's pure-Python parser where it is missing) is walked
once, and the walk builds the plain values and the line of every key and item
together. Nothing is composed or constructed by a YAML library, so:

- limits hold before any work grows with them: the file is read with a bound,
  control characters are refused before parsing, and nesting depth and the
  number of values are counted as events arrive (10 000 nested `[` stop at the
  41st);
- every plain scalar is resolved by YAML 1.2's core schema, whatever a file
  declares: `010` is 10, `1:30:00` is text. `%YAML`/`%TAG` directives, anchors
  and aliases (no "billion laughs"), tags, `<<` merge keys, complex or
  duplicate keys and several documents are refused with line and field;
- dates stay the text they are (an impossible date is a validation error);
- a syntax error and a validation error cost the same as a valid file.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path
from typing import Any, Iterator

from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    StreamEndEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from .errors import InputError, Problem, os_message
from .visible import char_name

MAX_BYTES = 1_000_000  # the largest example is 58 kB
MAX_DEPTH = 40  # a report nests six deep
MAX_VALUES = 20_000  # the largest example holds 2 000; past this, reading stops
MAX_DIGITS = 30  # an integer longer than this is no amount, count or year


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


# --- reading the bytes ----------------------------------------------------------------------


def read_text(path: Path) -> str:
    """The file's text, read with a bound (a device such as /dev/zero never ends)."""
    name = str(path)
    try:
        # O_NONBLOCK: opening a FIFO nobody writes to must not hang.
        # "-" is standard input, as for most command-line tools, read with the same bound.
        fd = os.dup(sys.stdin.fileno()) if name == "-" else os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise _problem(name, None, os_message(exc, "läsas")) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise _problem(name, None, "är en mapp, inte en fil")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        if stat.S_ISREG(info.st_mode) and info.st_size > MAX_BYTES:
            raise _problem(name, None, _too_big(info.st_size))
        chunks, size = [], 0
        while size <= MAX_BYTES:
            chunk = os.read(fd, min(1 << 20, MAX_BYTES + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise _problem(name, None, os_message(exc, "läsas")) from None
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    if len(raw) > MAX_BYTES:
        raise _problem(name, None, _too_big(None))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _problem(name, line, f"filen är inte UTF-8 (byte 0x{raw[exc.start]:02x}); spara den som UTF-8") from None
    _refuse_control_characters(name, text)
    return text


def _too_big(size: int | None) -> str:
    shown = f"{size:,}".replace(",", " ") + " byte" if size is not None else f"mer än {MAX_BYTES:,}".replace(",", " ") + " byte"
    return f"filen är för stor ({shown}; högst {MAX_BYTES:,} byte); en rapportfil är några tiotal kilobyte".replace(",", " ")


# YAML allows tab, line feed and carriage return; everything else below space, DEL and
# C1 can only be a damaged file (or one that tries to drive the terminal).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")


def _refuse_control_characters(name: str, text: str) -> None:
    start = 1 if text.startswith("\ufeff") else 0  # a byte order mark at the start is fine
    found = _CONTROL.search(text, start)
    if found:
        at = found.start()
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        raise _problem(name, line, f"filen innehåller ett styrtecken ({char_name(found.group())}) i kolumn {column}; ta bort det")


# --- the event walk --------------------------------------------------------------------------


try:
    from _ruamel_yaml import CParser
except ImportError:  # no C extension (not CPython): ruamel's own parser, same events
    CParser = None


def _events(text: str) -> Iterator[Any]:
    if CParser is None:
        from ruamel.yaml import YAML

        yield from YAML(typ="safe", pure=True).parse(text)
        return
    get = CParser(text).get_event
    event = get()
    while type(event) is not StreamEndEvent:
        yield event
        event = get()


# YAML 1.2 core schema for plain scalars (timestamps are not part of it: they stay text).
_NULL = frozenset(("", "~", "null", "Null", "NULL"))
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT10 = re.compile(r"[-+]?[0-9]+")
_INT8 = re.compile(r"0o[0-7]+")
_INT16 = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_INF = re.compile(r"[-+]?\.(?:inf|Inf|INF)")
_NAN = frozenset((".nan", ".NaN", ".NAN"))


class _TooLong(ValueError):
    pass


def resolve_plain(value: str) -> Any:
    """A plain (unquoted) scalar's value under YAML 1.2's core schema."""
    if value in _NULL:
        return None
    first = value[0]
    if first in "tTfF" and value in _BOOL:
        return _BOOL[value]
    if first in "+-.0123456789":
        if _INT10.fullmatch(value):
            if len(value.lstrip("+-")) > MAX_DIGITS:
                raise _TooLong(value)
            return int(value)
        if _INT8.fullmatch(value) or _INT16.fullmatch(value):
            if len(value) > MAX_DIGITS:
                raise _TooLong(value)
            return int(value, 0)
        if _FLOAT.fullmatch(value):
            return float(value)
        if _INF.fullmatch(value):
            return float("-inf") if first == "-" else float("inf")
        if value in _NAN:
            return float("nan")
    return value


class _Frame:
    __slots__ = ("is_map", "value", "path", "key", "expecting_key", "index")

    def __init__(self, is_map: bool, path: tuple):
        self.is_map = is_map
        self.value: Any = {} if is_map else []
        self.path = path
        self.key: Any = None
        self.expecting_key = is_map
        self.index = -1


class _Reader:
    """Builds the plain values and the line of every key and item from the event stream.

    Written for speed (one call per event, the common scalar case first): it is the
    whole cost of reading a file, valid or not.
    """

    def __init__(self, name: str):
        self.name = name
        self.stack: list[_Frame] = []
        self.top: _Frame | None = None
        self.lines: dict[tuple, int] = {}
        self.kinds: dict[tuple, bool] = {}  # path → is a mapping
        self.root: Any = None
        self.documents = 0
        self.values = 0
        self.where: tuple = ()  # the path of the value being read, for syntax errors
        self.last: Any = None  # the last scalar read, for syntax errors

    def fail(self, line: int | None, message: str, path: tuple | None = None) -> InputError:
        return _problem(self.name, line, message, format_path(self.where if path is None else path))

    def _refuse_decorations(self, event: Any, line: int, path: tuple) -> None:
        if type(event) is AliasEvent or event.anchor:
            raise self.fail(line, "ankare och alias (&, *) är inte tillåtna i filen; skriv ut värdet på varje ställe", path)
        if event.tag:
            raise self.fail(line, "taggar (!…, !!…) är inte tillåtna i filen; skriv värdet utan tagg (text inom citattecken)", path)

    def _scalar(self, event: Any, line: int, path: tuple) -> Any:
        value = event.value
        if event.style:  # quoted or block: text, but an escape may have made a control character
            found = _CONTROL.search(value)
            if found:
                raise self.fail(line, f"värdet innehåller ett styrtecken ({char_name(found.group())}); ta bort det", path)
            return value
        try:
            return resolve_plain(value)
        except _TooLong:
            raise self.fail(line, f"talet har {len(value.lstrip('+-'))} siffror; inget belopp, antal eller år har fler än {MAX_DIGITS}", path) from None

    def event(self, event: Any) -> None:
        cls = type(event)
        if cls is ScalarEvent or cls is MappingStartEvent or cls is SequenceStartEvent or cls is AliasEvent:
            line = event.start_mark.line + 1
            self.values += 1
            if self.values > MAX_VALUES:
                raise self.fail(line, f"filen har fler än {MAX_VALUES:,} värden; en rapportfil har några tusen".replace(",", " "))
            frame = self.top
            if frame is None:
                path: tuple = ()
            elif frame.is_map:
                if frame.expecting_key:
                    self._key(frame, event, line)
                    return
                path = frame.path + (str(frame.key),)
            else:
                frame.index += 1
                path = frame.path + (frame.index,)
                self.lines[path] = line
            self.where = path
            if cls is AliasEvent or event.anchor or event.tag:
                self._refuse_decorations(event, line, path)
            if cls is ScalarEvent:
                self.last = event
                value = self._scalar(event, line, path)
                if frame is None:
                    self.root = value
                elif frame.is_map:
                    frame.value[frame.key] = value
                    frame.expecting_key = True
                else:
                    frame.value.append(value)
                return
            if len(self.stack) >= MAX_DEPTH:
                # The field named is where the nesting started to go wrong, not all 40 levels.
                raise self.fail(line, f"för djupt nästlad (mer än {MAX_DEPTH} nivåer av listor och mappningar)", path[:3])
            is_map = cls is MappingStartEvent
            self.kinds[path] = is_map
            self.top = _Frame(is_map, path)
            self.stack.append(self.top)
            return
        if cls is MappingEndEvent or cls is SequenceEndEvent:
            done = self.stack.pop()
            self.where = done.path
            frame = self.top = self.stack[-1] if self.stack else None
            if frame is None:
                self.root = done.value
            elif frame.is_map:
                frame.value[frame.key] = done.value
                frame.expecting_key = True
            else:
                frame.value.append(done.value)
            return
        if cls is DocumentStartEvent:
            line = event.start_mark.line + 1
            self.documents += 1
            if self.documents > 1:
                raise _problem(self.name, line, "filen innehåller flera YAML-dokument (---); en rapportfil är ett enda dokument")
            if event.version or event.tags:
                raise _problem(self.name, line, "YAML-direktiv (%YAML, %TAG) är inte tillåtna; filen läses alltid som YAML 1.2, ta bort raden")

    def _key(self, frame: _Frame, event: Any, line: int) -> None:
        if type(event) is not ScalarEvent:
            self.where = frame.path
            raise self.fail(line, "en nyckel ska vara ett enkelt namn, inte en lista eller mappning")
        if event.anchor or event.tag:
            self._refuse_decorations(event, line, frame.path)
        if not event.style and event.value == "<<":
            raise self.fail(line, "sammanslagningsnyckeln '<<' är inte tillåten i filen; skriv ut varje nyckel", frame.path)
        key = self._scalar(event, line, frame.path + (event.value,))
        if key is None or isinstance(key, (bool, float)):
            self.where = frame.path
            raise self.fail(line, f"nyckeln '{event.value}' är inget fältnamn; en nyckel är ett namn (eller ett år)")
        path = frame.path + (str(key),)
        lines = self.lines
        first = lines.get(path)
        if first is not None:
            self.where = path
            raise self.fail(line, f"nyckeln förekommer två gånger (första gången på rad {first})")
        lines[path] = line
        self.last = event
        frame.key, frame.expecting_key = key, False
        self.where = path


def load_yaml(path: Path) -> tuple[Any, "Lines"]:
    """Parse a YAML file into plain Python values plus a map from value path to line."""
    name = str(path)
    return parse_text(name, read_text(path))


def parse_text(name: str, text: str) -> tuple[Any, "Lines"]:
    """Plain values and lines of an already read text (`name` is the file named in messages)."""
    reader = _Reader(name)
    try:
        if CParser is None:
            for event in _events(text):
                reader.event(event)
        else:  # the same walk as _events without a generator frame per event (a file has thousands)
            get, handle = CParser(text).get_event, reader.event
            event = get()
            while type(event) is not StreamEndEvent:
                handle(event)
                event = get()
    except MarkedYAMLError as exc:
        raise _syntax_problem(name, exc, reader, text) from None
    except YAMLError:
        raise _problem(name, None, "filen kan inte tolkas som YAML") from None
    return reader.root, Lines(reader.lines, reader.kinds)


# --- the common case, without lines ----------------------------------------------------------


class Unusual(Exception):
    """Something only the full walk may judge: it words the problem (or accepts the file after all)."""


_KEY = object()  # an open mapping whose next scalar is a key
_LIST = object()  # an open list: every value is its next item
_SIGNED_DIGITS = frozenset("-+0123456789")
# Plain scalars as resolve_plain reads them: reports repeat most of theirs (keys, years, true),
# and the resolution depends on the text alone. Bounded; NaN is left out (each read is a new one).
_PLAIN: dict[str, Any] = {}
_PLAIN_MAX = 50_000


def _resolved(value: str) -> Any:
    try:
        found = resolve_plain(value)
    except _TooLong:
        raise Unusual from None
    if found == found:
        if len(_PLAIN) >= _PLAIN_MAX:
            _PLAIN.clear()
        _PLAIN[value] = found
    return found


def _never(value: str) -> None:
    return None


def plain_values(text: str) -> Any:
    """The values `parse_text` gives, without the line of every key and item, or `Unusual`.

    For the files that are read without a problem (nearly all): whatever parse_text would refuse
    or word (an anchor, alias or tag, a merge or duplicate key, a key that is no name, a control
    character, a number too long, depth, size, directives, several documents) raises Unusual
    here, and a syntax error its YAMLError, so the caller reads the text again with parse_text,
    whose messages are then the only ones. The values are resolved as parse_text resolves them.

    Written for speed, it is most of the cost of reading a file: the open container and what it
    expects next (`key`: the key whose value comes next, _KEY, or _LIST) are local variables,
    and the enclosing ones wait on `stack`.
    """
    if CParser is None:
        raise Unusual
    get = CParser(text).get_event
    stack: list = []  # (container, key) of each enclosing container, the top level's first
    cur: Any = None  # the open mapping or list; None at the top level
    key: Any = None
    root: Any = None
    count = documents = 0
    plain, digits = _PLAIN, _SIGNED_DIGITS
    # A quoted value holds a control character only if the text does or an escape (a backslash)
    # writes one: otherwise no value needs looking at.
    control = _CONTROL.search if "\\" in text or _CONTROL.search(text) else _never
    event = get()
    while type(event) is not StreamEndEvent:
        cls = type(event)
        if cls is ScalarEvent:
            count += 1
            if event.anchor or event.ctag is not None or count > MAX_VALUES:
                raise Unusual
            value = event.value
            if event.style:
                if control(value):
                    raise Unusual
            elif value in plain:
                value = plain[value]
            else:
                value = _resolved(value)
            if key is _LIST:
                cur.append(value)
            elif key is _KEY:
                if type(value) is str and value not in cur and value[:1] not in digits and (event.style or value != "<<"):
                    key = value  # the common key: a name seen the first time
                else:
                    key = _new_key(cur, value, event)
            elif cur is None:
                root = value
            else:
                cur[key] = value
                key = _KEY
        elif cls is MappingStartEvent or cls is SequenceStartEvent:
            count += 1
            if event.anchor or event.ctag is not None or count > MAX_VALUES or len(stack) >= MAX_DEPTH or key is _KEY:
                raise Unusual
            stack.append((cur, key))
            if cls is MappingStartEvent:
                cur, key = {}, _KEY
            else:
                cur, key = [], _LIST
        elif cls is MappingEndEvent or cls is SequenceEndEvent:
            done = cur
            cur, key = stack.pop()
            if key is _LIST:
                cur.append(done)
            elif cur is None:
                root = done
            else:
                cur[key] = done
                key = _KEY
        elif cls is DocumentStartEvent:
            documents += 1
            if documents > 1 or event.version or event.tags:
                raise Unusual
        elif cls is AliasEvent:
            raise Unusual
        event = get()
    return root


def _new_key(mapping: dict, key: Any, event: Any) -> Any:
    """A key parse_text accepts: a name or a year, not '<<', not twice (1 and '1' are the same key there)."""
    if type(key) is str:
        if (not event.style and key == "<<") or key in mapping or (key[:1] in _SIGNED_DIGITS and _as_int(key) in mapping):
            raise Unusual
    elif type(key) is not int or key in mapping or str(key) in mapping:
        raise Unusual
    return key


def _as_int(text: str) -> int | None:
    try:
        number = int(text)
    except ValueError:
        return None
    return number if str(number) == text else None


# --- syntax errors in Swedish ----------------------------------------------------------------

_UNCLOSED = ("while scanning a quoted scalar", "while parsing a flow sequence", "while parsing a flow mapping")

_KNOWN = {
    "mapping values are not allowed": "ett kolon på fel ställe (saknas citattecken eller indrag?)",
    "could not find expected ':'": "ett kolon saknas",
    "found a tab character": "tabb-tecken är inte tillåtna i indrag, använd mellanslag",
    "block sequence entries are not allowed": "ett '-' på fel ställe (fel indrag?)",
    "expected <block end>, but found '-'": "fel indrag före '-'",
    "expected <block end>": "fel indrag (raden passar inte in under raden ovanför)",
    "did not find expected <document start>": "fel indrag (översta nivån ska börja i första kolumnen)",
    "expected '<document start>'": "fel indrag (översta nivån ska börja i första kolumnen)",
    "did not find expected key": "en nyckel saknas (fel indrag?)",
    "did not find expected '-' indicator": "fel indrag i listan",
    "found unknown escape character": "okänd \\-sekvens inom dubbla citattecken (använd enkla citattecken)",
    "cannot start any token": "ett tecken som inte kan inleda ett värde (sätt värdet inom citattecken)",
    "found unexpected end of stream": "filen tar slut mitt i ett värde (saknas ett avslutande citattecken?)",
    "found unexpected document indicator": "'---' eller '...' mitt i ett värde",
    "did not find expected node content": "ett värde saknas eller står på fel ställe",
    "expected the node content": "ett värde saknas eller står på fel ställe",
    "found undefined alias": "ankare och alias (&, *) är inte tillåtna i filen",
    "found duplicate anchor": "ankare och alias (&, *) är inte tillåtna i filen",
    "did not find expected alphabetic or numeric character": "ankare och alias (&, *) är inte tillåtna i filen",
    "found undefined tag handle": "taggar (!…, !!…) är inte tillåtna i filen",
    "did not find URI escaped octet": "taggar (!…, !!…) är inte tillåtna i filen",
    "did not find expected tag URI": "taggar (!…, !!…) är inte tillåtna i filen",
    "found incompatible YAML document": "YAML-direktiv (%YAML, %TAG) är inte tillåtna; ta bort raden",
    "directive": "YAML-direktiv (%YAML, %TAG) är inte tillåtna; ta bort raden",
    "found unknown directive name": "YAML-direktiv (%YAML, %TAG) är inte tillåtna; ta bort raden",
    "found extra tokens": "något står efter värdet på samma rad",
    "did not find expected comment or line break": "något står efter värdet på samma rad",
    "found a comment without whitespace": "ett mellanslag saknas före #",
    "found a leading": "fel indrag i flerradig text (|, >)",
    "expected indentation indicator": "fel angivelse efter | eller >",
    "expected chomping or indentation indicators": "fel angivelse efter | eller >",
    "found unexpected ':'": "ett kolon på fel ställe (sätt värdet inom citattecken)",
    "could not find expected ':' or": "ett kolon saknas",
    "found character that cannot start any token": "ett tecken som inte kan inleda ett värde (sätt värdet inom citattecken)",
    "did not find expected hexdecimal number": "en \\x-, \\u- eller \\U-sekvens är ofullständig",
    "did not find expected hexadecimal number": "en \\x-, \\u- eller \\U-sekvens är ofullständig",
    "found invalid Unicode character escape code": "en \\u-sekvens anger inget giltigt tecken",
    "did not find expected ',' or ']'": "listan inom [ ] avslutas inte rätt (saknas ']' eller ','?)",
    "did not find expected ',' or '}'": "mappningen inom { } avslutas inte rätt (saknas '}' eller ','?)",
    "while parsing a flow sequence": "listan inom [ ] avslutas inte rätt (saknas ']' eller ','?)",
    "while parsing a flow mapping": "mappningen inom { } avslutas inte rätt (saknas '}' eller ','?)",
    "exceeded max depth": "för djupt nästlad",
}


def _syntax_problem(name: str, exc: MarkedYAMLError, reader: _Reader, text: str) -> InputError:
    problem, context = exc.problem or "", exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    message = f"ogiltig YAML: {_swedish_yaml_problem(problem, context, _char_at(text, mark))}"
    path = reader.where
    last = reader.last
    if (
        last is not None and last.style in ("'", '"') and line is not None
        and last.start_mark.line + 1 < last.end_mark.line + 1 <= line
        and not context.startswith(_UNCLOSED[0])
    ):
        # A quote left open runs on to the next quote character, and the error surfaces there.
        started, ended = last.start_mark.line + 1, last.end_mark.line + 1
        message = (
            f"ogiltig YAML: texten inom citattecken som börjar på rad {started} fortsätter till rad {ended}; "
            f"saknas ett avslutande citattecken? (upptäckt på rad {line})"
        )
        return _problem(name, started, message, format_path(path))
    if context.startswith(_UNCLOSED[1:]):
        path = reader.stack[-1].path if reader.stack else path
    if exc.context_mark is not None and context.startswith(_UNCLOSED):
        started = exc.context_mark.line + 1
        if started != line:
            message += f" (upptäckt på rad {line})"
            line = started
    return _problem(name, line, message, format_path(path))


def _char_at(text: str, mark: Any) -> str:
    if mark is None:
        return ""
    lines = text.split("\n", mark.line + 1)
    if mark.line < len(lines) and 0 <= mark.column < len(lines[mark.line]):
        return lines[mark.line][mark.column]
    return ""


def _swedish_yaml_problem(problem: str, context: str = "", char: str = "") -> str:
    if "while scanning a quoted scalar" in context and "end of stream" in problem:
        return "citattecknet avslutas aldrig (saknas ett avslutande \" eller '?)"
    if char == "\t" and ("token" in problem or "tab" in problem):
        return "tabb-tecken är inte tillåtna i indrag, använd mellanslag"
    for english, swedish in _KNOWN.items():
        if english in problem:
            return swedish
    for english, swedish in _KNOWN.items():
        if english in context:
            return swedish
    return "filen kan inte tolkas som YAML här (kontrollera indrag, kolon och citattecken)"


# --- where a value stood ---------------------------------------------------------------------


class Lines:
    """Finds the line of a value from its path (as in pydantic's error `loc`)."""

    def __init__(self, lines: dict[tuple, int], kinds: dict[tuple, bool]):
        self._lines = lines
        self._kinds = kinds

    def line(self, loc: tuple) -> int | None:
        prefix: tuple = ()
        best = None
        for part in loc:
            is_map = self._kinds.get(prefix)
            if is_map is None:
                break
            if is_map:
                step: Any = str(part)
            elif isinstance(part, int) and not isinstance(part, bool):
                step = part
            else:
                break
            found = self._lines.get(prefix + (step,))
            if found is None:
                break
            best, prefix = found, prefix + (step,)
        if best is None and self._kinds.get(()) is True:
            return 1
        return best


__all__ = ["Lines", "Unusual", "load_yaml", "parse_text", "plain_values", "read_text", "format_path", "resolve_plain", "MAX_BYTES", "MAX_DEPTH"]
