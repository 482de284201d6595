"""JSON written a piece at a time, exactly as `json.dumps(value, ensure_ascii=False, indent=2)` writes it whole.

A genomlysning of 10 000 reports is some 90 MB of JSON: built as one dict and dumped as one
string it took 900 MB. Here its long lists are `Lazy` (a function giving the items, each built
when it is written) and the dicts that hold them `Open` (written key by key); every other value
is dumped as json.dumps dumps it, indented to its depth. json.dumps with an indent writes a
container as its opening bracket, each member on a line of its own at one level deeper, and the
closing bracket on a line at its own level; an empty one as `[]` or `{}`; a string never holds a
raw line break. That is all this relies on, and the tests hold it to json.dumps.
"""

from __future__ import annotations

import json
from typing import Any, Callable, Iterable, Iterator

INDENT = "  "


class Lazy:
    """A list given as a function of its items: written item by item, never held whole."""

    __slots__ = ("items",)

    def __init__(self, items: Callable[[], Iterable[Any]]):
        self.items = items


class Open(dict):
    """A dict written key by key, for one that holds a Lazy (at any depth)."""


def plain(value: Any) -> Any:
    """The same value with every Lazy as a list and every Open as a dict (what json.dumps is given)."""
    if isinstance(value, Lazy):
        return [plain(v) for v in value.items()]
    if isinstance(value, Open):
        return {k: plain(v) for k, v in value.items()}
    return value


def pieces(value: Any, level: int = 0) -> Iterator[str]:
    if isinstance(value, Lazy):
        members: Iterable = ((None, item) for item in value.items())
        brackets = "[]"
    elif isinstance(value, Open):
        members = value.items()
        brackets = "{}"
    else:
        text = json.dumps(value, ensure_ascii=False, indent=2)
        yield text.replace("\n", "\n" + INDENT * level) if level else text
        return
    inner = "\n" + INDENT * (level + 1)
    first = True
    for key, member in members:
        yield (brackets[0] if first else ",") + inner
        if key is not None:
            if not isinstance(key, str):  # json.dumps would write 1 as "1": not needed here, so not done
                raise TypeError(f"an Open dict's keys are text, not {key!r}")
            yield json.dumps(key, ensure_ascii=False) + ": "
        yield from pieces(member, level + 1)
        first = False
    yield brackets if first else "\n" + INDENT * level + brackets[1]
