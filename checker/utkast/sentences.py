"""The text of a part as sentences, each with the lines it stands on."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .parts import Joined
from .source import Line

# A sentence ends at . ! ? before a capital, at an empty line, and after a web address ending a line.
_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])|(?<=/)\s+(?=[A-ZÅÄÖ])|\n")


def sentences(lines: list[Line]) -> Iterator[tuple[str, list[Line]]]:
    """Each sentence (hyphenation undone, as printed otherwise) and its lines."""
    joined = Joined(lines)
    start = 0
    for sep in [*_END.finditer(joined.text), None]:
        end = sep.start() if sep else len(joined.text)
        text = joined.text[start:end].strip()
        if text:
            yield text, joined.lines_of(start, end)
        start = sep.end() if sep else end
