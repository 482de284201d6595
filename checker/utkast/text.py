"""Folding printed Swedish for matching: OCR loses å/ä/ö, case and punctuation vary."""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache

_NUMBERING = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[IVX]+\.)\s+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """'3. Balansräkning' → 'balansrakning'; 'SUMMA TILLGÅNGAR' → 'summa tillgangar'."""
    text = _NUMBERING.sub("", text)
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return text.strip()


def slug(text: str) -> str:
    """A row key from its printed label: 'Övrigt eget kapital' → 'ovrigt_eget_kapital'."""
    key = fold(text).replace(" ", "_")
    key = re.sub(r"_+", "_", key).strip("_")
    if not key or not key[0].isalpha():
        key = "rad_" + key if key else "rad"
    return key[:60].rstrip("_")


def similar(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b).ratio()


def heading_matches(line: str, names: list[str], threshold: float = 0.86) -> bool:
    """The line is one of the headings (folded, OCR-tolerant), not a sentence mentioning it."""
    folded = fold(line)
    if not folded or len(folded) > max(len(n) for n in names) + 12:
        return False
    for name in names:
        if folded == name:
            return True
        if abs(len(folded) - len(name)) > len(name) * 0.3:
            continue
        m = SequenceMatcher(None, folded, name)
        if m.real_quick_ratio() >= threshold and m.quick_ratio() >= threshold and m.ratio() >= threshold:
            return True
    return False


_OCR_LETTERS = {"å": "[åa]", "ä": "[äa]", "ö": "[öo]", "Å": "[ÅA]", "Ä": "[ÄA]", "Ö": "[ÖO]", "é": "[ée]"}


def ocr_pattern(pattern: str, flags: int = 0) -> re.Pattern:
    """A regular expression that also matches OCR'd text where å/ä/ö came out as a/a/o."""
    out, in_class, escaped = [], False, False
    for ch in pattern:
        if escaped:
            out.append(ch)
            escaped = False
        elif ch == "\\":
            out.append(ch)
            escaped = True
        elif ch == "[" and not in_class:
            in_class = True
            out.append(ch)
        elif ch == "]" and in_class:
            in_class = False
            out.append(ch)
        elif not in_class and ch in _OCR_LETTERS:
            out.append(_OCR_LETTERS[ch])
        else:
            out.append(ch)
    return re.compile("".join(out), flags)


# "Belopp tkr", "Belopp i kr.", "Belopp kr" at the start of a line: the unit as printed over a table.
_UNIT_HEADING = re.compile(r"^\s*(belopp\s+(?:i\s+)?(?:tkr|kr|tusentals?\s+kronor|kronor)\b\.?)", re.I)


def unit_heading(text: str) -> str | None:
    """The unit heading a line begins with, as printed ('Belopp tkr'); None when it begins with none."""
    m = _UNIT_HEADING.match(text)
    return " ".join(m.group(1).split()) if m else None
