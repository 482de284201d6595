"""The report being reviewed: its YAML, edited in place with its comments kept.

The text is first read by the same careful reader as `finsam validera`
(syntax, anchors, tags, duplicate keys are refused there with file and line);
only then is it opened with ruamel.yaml's round-trip loader, so every comment
(`# UTKAST: kontrollera`, the encoder's notes) survives in the file the user
downloads. Values are set as typed, as text where they are not plain numbers:
the model reads "1 735 435" and "−717 759" itself, so the messages are the
validator's own.
"""

from __future__ import annotations

import functools
import io
import re
import threading
from dataclasses import dataclass, field
from typing import Any, Optional

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..errors import InputError, Problem
from ..load import load_text
from ..model import Arsredovisning
from ..yamlread import format_path, parse_text

MARK = "UTKAST: kontrollera"
_INT = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long line the user did not fold
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _one_at_a_time(method):
    """The document's lock around `method`: the page's requests run in threads (the granskning,
    its frame, the downloads, an edit), and ruamel.yaml's round-trip dump is no pure read of the
    tree – two at once wrote each other's lines (an invalid file: '-' på fel ställe)."""

    @functools.wraps(method)
    def locked(self, *args, **kwargs):
        with self.lock:
            return method(self, *args, **kwargs)

    return locked


@dataclass
class Document:
    name: str  # shown to the user (the uploaded file's name); never a path on disk
    doc: CommentedMap
    marks: set[str] = field(default_factory=set)
    summary: list[str] = field(default_factory=list)  # what the draft says it found, guessed, missed
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False, compare=False)

    @classmethod
    def from_text(cls, text: str, name: str, summary: Optional[list[str]] = None) -> "Document":
        data, _ = parse_text(name, text)  # raises InputError, as finsam validera would
        if not isinstance(data, dict):
            raise InputError([Problem(name, 1, "", "filen ska innehålla en mappning (nyckel: värde) på översta nivån")])
        doc = _yaml().load(text)
        return cls(name, doc, _marked(doc, text.splitlines()), list(summary or []))

    @_one_at_a_time
    def text(self) -> str:
        out = io.StringIO()
        _yaml().dump(self.doc, out)
        return out.getvalue()

    @_one_at_a_time
    def problems(self) -> tuple[Optional[Arsredovisning], list[Problem]]:
        """The validated report, or the problems exactly as `finsam validera` words them."""
        try:
            return load_text(self.text(), self.name, Arsredovisning), []
        except InputError as exc:
            return None, exc.problems

    @_one_at_a_time
    def get(self, path: tuple) -> Any:
        node: Any = self.doc
        for part in path:
            node = _child(node, part)
            if node is None:
                return None
        return node

    @_one_at_a_time
    def set(self, path: tuple, typed: str, input_kind: str) -> None:
        """Set the value at `path` as typed; an empty field removes the value (missing is not zero)."""
        value = _value(typed, input_kind)
        parent: Any = self.doc
        for part, nxt in zip(path[:-1], path[1:]):
            child = _child(parent, part)
            if child is None:
                if value is None:
                    return
                if isinstance(parent, list):
                    raise KeyError(part)  # rows are added with their own button, never by typing
                child = CommentedMap()
                parent[part] = child
            parent = child
        last = path[-1]
        if isinstance(parent, list):
            if not isinstance(last, int) or not 0 <= last < len(parent):
                raise KeyError(last)
            if value is not None:
                parent[last] = value
            return
        key = _key(parent, last)
        if value is None:
            if key is not None:
                del parent[key]
        else:
            parent[key if key is not None else last] = value
        self._unmark(path)

    @_one_at_a_time
    def add_item(self, path: tuple) -> int:
        """A new empty item at the end of the list at `path` (created if missing); its index."""
        parent: Any = self.doc
        for part in path[:-1]:
            child = _child(parent, part)
            if child is None:
                child = CommentedMap()
                parent[part] = child
            parent = child
        key = _key(parent, path[-1])
        if key is None or not isinstance(parent[key], list):
            parent[path[-1]] = CommentedSeq()
            key = path[-1]
        parent[key].append(CommentedMap())
        return len(parent[key]) - 1

    @_one_at_a_time
    def remove_item(self, path: tuple) -> None:
        items = self.get(path[:-1])
        if not isinstance(items, list) or not isinstance(path[-1], int) or not 0 <= path[-1] < len(items):
            raise KeyError(path[-1])
        del items[path[-1]]
        prefix = format_path(path[:-1])
        # Marks below the list shift with its items; those of the removed item go.
        self.marks = {m for m in self.marks if not m.startswith(prefix + "[")}
        self.marks |= _marked(self.doc, self.text().splitlines())

    @_one_at_a_time
    def checked(self, path: tuple) -> None:
        """The user has looked at a marked value and keeps it: the mark goes, in the page and in the file."""
        self._unmark(path)

    def _unmark(self, path: tuple) -> None:
        self.marks.discard(format_path(path))
        # The comment goes with the value's own line; on a one-line row ({2025: …, 2024: …}) it is the
        # row's, and goes when none of the row's values is left marked.
        for depth in (len(path), len(path) - 1):
            if depth < 1:
                continue
            inner = format_path(path[:depth])
            if depth < len(path) and any(m.startswith(inner + "[") or m.startswith(inner + ".") for m in self.marks):
                return
            parent = self.get(path[: depth - 1])
            if isinstance(parent, dict):
                key = _key(parent, path[depth - 1])
                if key is not None:
                    _drop_mark_comment(parent, key)


def _child(node: Any, part: Any) -> Any:
    if isinstance(node, dict):
        key = _key(node, part)
        return None if key is None else node[key]
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None


def _key(node: dict, part: Any) -> Any:
    if part in node:
        return part
    for key in node:
        if str(key) == str(part):
            return key
    return None


def _value(typed: str, input_kind: str) -> Any:
    text = typed.strip()
    if input_kind == "lines":
        items = [line.strip() for line in typed.splitlines() if line.strip()]
        return items or None
    if text == "":
        return None
    if input_kind == "bool":
        return {"true": True, "false": False}.get(text, text)
    if input_kind in ("int", "amount") and _INT.match(text):
        return int(text)
    if input_kind == "number" and _DECIMAL.match(text):
        number = float(text.replace(",", "."))
        return int(number) if number.is_integer() and "," not in text and "." not in text else number
    return text  # as typed: the validator reads or refuses it


def _drop_mark_comment(parent: Any, key: Any) -> None:
    comments = getattr(parent, "ca", None)
    if comments is None or key not in comments.items:
        return
    entry = comments.items[key]
    for i, token in enumerate(entry):
        if token is not None and hasattr(token, "value") and MARK in token.value:
            # Keep any lines that follow the marked line's comment (the next key's leading comments).
            rest = token.value.split("\n", 1)
            token.value = "\n" + rest[1] if len(rest) > 1 and rest[1].strip() else "\n"
            entry[i] = token


def _marked(doc: Any, lines: list[str]) -> set[str]:
    """format_path of every value whose line (or the comment line just above it) says UTKAST: kontrollera."""
    found: set[str] = set()

    def says(line: int) -> bool:
        if 0 <= line < len(lines) and MARK in lines[line]:
            return True
        above = line - 1
        return 0 <= above < len(lines) and lines[above].lstrip().startswith("#") and MARK in lines[above]

    def walk(node: Any, path: tuple) -> None:
        if isinstance(node, CommentedMap):
            for key in node:
                line = node.lc.key(key)[0]
                # A value, not a whole mapping: a marked flow row marks each of its amounts.
                if says(line) and not isinstance(node[key], (CommentedMap, CommentedSeq)):
                    found.add(format_path(path + (key,)))
                walk(node[key], path + (key,))
        elif isinstance(node, CommentedSeq):
            for i, item in enumerate(node):
                line = node.lc.item(i)[0]
                if not isinstance(item, (CommentedMap, CommentedSeq)) and says(line):
                    found.add(format_path(path + (i,)))
                walk(item, path + (i,))

    walk(doc, ())
    return found
