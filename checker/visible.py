"""Characters a reader cannot see, made visible: in terminal messages and in every report.

Control characters (ESC, BEL, …) could clear or retitle a terminal; bidirectional
overrides (U+202E …) make text read differently from what it is. Neither is ever
written raw: both are shown as their name, e.g. `⟨ESC⟩`, `⟨U+202E⟩`.
"""

from __future__ import annotations

import re
import unicodedata

# Explicit direction marks, embeddings, overrides and isolates (Unicode's Bidi_Control).
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI = re.compile(f"[{BIDI}]")
_TERMINAL = re.compile(f"[\x00-\x1f\x7f-\x9f{BIDI}\u2028\u2029\ufeff\ufffe\uffff]")

_C0 = "NUL SOH STX ETX EOT ENQ ACK BEL BS TAB LF VT FF CR SO SI DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC FS GS RS US".split()


def char_name(ch: str) -> str:
    """`\\x1b` → `U+001B ESC`; `\\u202e` → `U+202E RIGHT-TO-LEFT OVERRIDE`."""
    code = ord(ch)
    if code < 32:
        return f"U+{code:04X} {_C0[code]}"
    if code == 0x7F:
        return "U+007F DEL"
    name = unicodedata.name(ch, "")
    return f"U+{code:04X} {name}" if name else f"U+{code:04X}"


def _shown(match: re.Match) -> str:
    code = ord(match.group())
    if code < 32:
        return f"⟨{_C0[code]}⟩"
    return f"⟨U+{code:04X}⟩"


def for_terminal(text: object) -> str:
    """Text safe to print: control, bidi and line-separator characters shown by name."""
    return _TERMINAL.sub(_shown, str(text))


def json_bidi(text: str) -> str:
    """JSON text with bidi controls as `\\u202e` escapes: the same value, visible to a reader."""
    return _BIDI.sub(lambda m: f"\\u{ord(m.group()):04x}", text) if _BIDI.search(text) else text


def show_bidi(text: str) -> str:
    """Bidi controls in report text shown by code point, so text reads as it is."""
    return _BIDI.sub(_shown, text) if _BIDI.search(text) else text
