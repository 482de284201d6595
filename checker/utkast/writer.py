"""The draft as YAML text, written line by line so that every guess can carry its comment."""

from __future__ import annotations

from .numbers import swedish

CHECK = "UTKAST: kontrollera"


def q(text: str) -> str:
    """A double-quoted YAML scalar; input text is always quoted, never interpreted."""
    out = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("\t", " ")
    out = "".join(c if c.isprintable() else " " for c in out)
    return f'"{out}"'


def amount(value: int) -> str:
    return str(value) if -1000 < value < 1000 else q(swedish(value))


def comment(text: str | None) -> str:
    if not text:
        return ""
    text = " ".join(text.split())
    return f"  # {text}"


class Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def line(self, indent: int, text: str, note: str | None = None) -> None:
        self.lines.append(" " * indent + text + comment(note))

    def note(self, indent: int, text: str) -> None:
        for part in _wrap(text, 100 - indent):
            self.lines.append(" " * indent + "# " + part)

    def blank(self) -> None:
        self.lines.append("")

    def text(self) -> str:
        return "\n".join(self.lines).rstrip() + "\n"


def _wrap(text: str, width: int) -> list[str]:
    words, out, cur = text.split(), [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            out.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    if cur:
        out.append(cur)
    return out or [""]


def check(reasons: list[str]) -> str | None:
    """The mark on a value chosen among readings, with why."""
    if not reasons:
        return None
    return f"{CHECK} ({'; '.join(dict.fromkeys(reasons))})"
