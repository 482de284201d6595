"""Value types read from report files: amounts, percentages, dates.

Amounts copied straight from a PDF ("1 735 435", "−717 759", with a
non-breaking space) are read as the integers they are; anything that is not a
whole number of kronor ("ca 1,7 mkr", 12.5) is refused rather than guessed.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from datetime import date
from typing import Annotated

from pydantic import BeforeValidator, Field

# Space-like characters PDF text uses as thousands separators.
_SPACES = dict.fromkeys(map(ord, " \u00a0\u202f\u2009\u2007\t"), None)
# Minus-like characters PDF text uses for negative amounts.
_MINUSES = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2012": "-"})


def _plain(value: str) -> str:
    """value.translate(_SPACES).translate(_MINUSES): translate looks every character up in its table and
    raises KeyError inside for each it lacks (4 500 instructions for "6 600 000", and a report has some
    hundred amounts). Without the spaces, an ASCII text without a tab has nothing else to translate."""
    text = value.replace(" ", "")
    if text.isascii() and "\t" not in text:
        return text
    return text.translate(_SPACES).translate(_MINUSES)


# At most 15 digits: more is no amount (MAX_BELOPP has 12), and Python refuses over 4 300.
_INTEGER = re.compile(r"^[+-]?\d{1,15}$")
_PERCENT = re.compile(r"^[+-]?\d{1,15}(?:[.,]\d{1,15})?%?$")
_DATE = re.compile(r"^\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")

# Kronor per unit of the section being validated: 1000 inside a part marked `enhet: tkr`.
SCALE: ContextVar[int] = ContextVar("finsam_scale", default=1)

# Larger than any Finsam förbund's turnover by orders of magnitude: a typo, not a report.
MAX_BELOPP = 10**11


def _parse_belopp(value: object) -> int:
    if isinstance(value, bool):
        raise ValueError("ett belopp ska vara ett heltal i kronor, inte ja/nej")
    if isinstance(value, int):
        result = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"{value} är inte ett helt antal kronor")
        result = int(value)
    elif isinstance(value, str):
        text = _plain(value)
        if not _INTEGER.match(text):
            raise ValueError(
                f"'{value}' går inte att läsa som ett belopp i hela kronor "
                "(skriv t.ex. 1735435 eller \"1 735 435\")"
            )
        result = int(text)
    else:
        raise ValueError("ett belopp ska vara ett heltal i kronor")
    result *= SCALE.get()
    if abs(result) > MAX_BELOPP:
        raise ValueError(f"beloppet {result} kr är orimligt stort")
    return result


_ORIMLIG = "procentsatsen är orimlig (ska ligga mellan −1 000 och 1 000)"


def _parse_procent(value: object) -> float:
    if isinstance(value, bool):
        raise ValueError("en procentsats ska vara ett tal, inte ja/nej")
    if isinstance(value, int):
        if abs(value) > 1000:  # float() of a huge integer overflows
            raise ValueError(_ORIMLIG)
        result = float(value)
    elif isinstance(value, float):
        result = value
    elif isinstance(value, str):
        text = _plain(value)
        if not _PERCENT.match(text):
            raise ValueError(f"'{value}' går inte att läsa som en procentsats (skriv t.ex. 43 eller \"43 %\")")
        result = float(text.rstrip("%").replace(",", "."))
    else:
        raise ValueError("en procentsats ska vara ett tal")
    if not -1000 <= result <= 1000:
        raise ValueError(_ORIMLIG)
    return result


def _parse_datum(value: object) -> str:
    text = value.isoformat() if hasattr(value, "isoformat") else value
    if isinstance(text, int) and not isinstance(text, bool):
        text = str(text)  # a bare year, 2025
    if not isinstance(text, str) or not _DATE.match(text):
        raise ValueError(f"'{value}' är inget datum; skriv ÅÅÅÅ-MM-DD, ÅÅÅÅ-MM eller ÅÅÅÅ")
    if len(text) == 10:
        try:
            date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"'{value}' är inget datum: dagen finns inte i den månaden") from None
    return text


Belopp = Annotated[
    int,
    BeforeValidator(_parse_belopp),
    Field(json_schema_extra={"description": "Belopp i hela kronor (eller tkr där enhet: tkr)."}),
]
IckeNegativtBelopp = Annotated[Belopp, Field(ge=0)]
Procent = Annotated[
    float,
    BeforeValidator(_parse_procent),
    Field(json_schema_extra={"description": "Procentsats, t.ex. 43 eller \"43 %\"."}),
]
Datum = Annotated[
    str,
    BeforeValidator(_parse_datum),
    Field(json_schema_extra={"description": "Datum ÅÅÅÅ-MM-DD, eller ÅÅÅÅ-MM / ÅÅÅÅ när dokumentet bara anger månad eller år."}),
]
Antal = Annotated[int, Field(ge=0, le=1_000_000)]
Ar = Annotated[int, Field(ge=2004, le=2100)]
Kalla = Annotated[
    str,
    Field(
        min_length=1,
        json_schema_extra={"description": "Var i källdokumentet uppgiften står, t.ex. \"rad 137\" eller \"s. 5\"."},
    ),
]
Text = Annotated[str, Field(min_length=1)]

__all__ = ["Belopp", "IckeNegativtBelopp", "Procent", "Datum", "Antal", "Ar", "Kalla", "Text"]
