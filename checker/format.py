"""Numbers the way Swedish reports print them: `1 735 435 kr`, `43 %`."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

_NBSP = "\u00a0"
_MINUS = "−"


def _round(value: int | float, decimals: int = 0) -> Decimal:
    """Rounded the way reports round: half away from zero (Python's round() goes to even)."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def heltal(value: int | float) -> str:
    n = int(_round(value))
    text = f"{abs(n):,}".replace(",", " ")
    return (_MINUS if n < 0 else "") + text


def antal(n: int, singular: str, plural: str) -> str:
    """`1 avvikelse`, `3 avvikelser`."""
    return f"{heltal(n)} {singular if n == 1 else plural}"


MANADER = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december")


def dag_och_manad(day) -> str:
    """A date as `31 mars`."""
    return f"{day.day} {MANADER[day.month - 1]}"


def kr(value: int | float) -> str:
    return f"{heltal(value)} kr"


def procent(value: float, decimals: int = 0) -> str:
    if decimals == 0 or float(value).is_integer():
        return f"{heltal(value)} %"
    rounded = _round(value, decimals)
    text = f"{abs(rounded):.{decimals}f}".replace(".", ",")
    return f"{_MINUS if rounded < 0 else ''}{text} %"


def tal(value: object) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, int):
        return heltal(value)
    if isinstance(value, float):
        if value.is_integer():
            return heltal(value)
        return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",").replace("-", _MINUS)
    return str(value)


def value(v: object, enhet: str | None = None, spec: str | None = None) -> str:
    """Format a fact value by an explicit spec (kr, procent, procent1, tal, text) or its unit."""
    kind = spec or enhet
    if kind in ("ar", "datum", "text"):
        return str(v)
    if isinstance(v, bool):
        return "ja" if v else "nej"
    if kind == "kr" and isinstance(v, (int, float)):
        return kr(v)
    if kind == "procent" and isinstance(v, (int, float)):
        return procent(v)
    if kind == "procent1" and isinstance(v, (int, float)):
        return procent(v, 1)
    if kind == "abs_kr" and isinstance(v, (int, float)):
        return kr(abs(v))
    return tal(v)


_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)(?::([a-z0-9_]+))?\}")


_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ{])")


def render(template: str, values: dict[str, object], units: dict[str, str], *, only_whole: bool = False) -> str:
    """Fill `{namn}` or `{namn:kr}` placeholders; no attribute access, nothing evaluated.

    With `only_whole`, a sentence about a value that is missing is left out when the others can
    stand (a message about what the report lacks); otherwise, and when no sentence can stand,
    "[saknas]" shows where the value would have been (missing is never printed as 0).
    """

    def sub(match: re.Match) -> str:
        name, spec = match.group(1), match.group(2)
        if name not in values:
            return "[saknas]"
        return value(values[name], units.get(name), spec)

    sentences = _SENTENCE.split(template.strip())
    whole = [s for s in sentences if all(m.group(1) in values for m in _PLACEHOLDER.finditer(s))]
    if only_whole and whole and len(whole) < len(sentences):
        return " ".join(_PLACEHOLDER.sub(sub, s) for s in whole).strip()
    return _PLACEHOLDER.sub(sub, template).strip()
