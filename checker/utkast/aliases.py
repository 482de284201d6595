"""The alias table (data/etiketter.yaml), folded once for matching."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ruamel.yaml import YAML

from .text import fold

DATA = Path(__file__).parent / "data" / "etiketter.yaml"


@lru_cache(maxsize=1)
def table() -> dict:
    raw = YAML(typ="safe").load(DATA.read_text(encoding="utf-8"))
    return {
        "rubriker": {k: [fold(x) for x in v] for k, v in raw["rubriker"].items()},
        "kolumnhuvud": {fold(x) for x in raw["kolumnhuvud"]},
        "nycklar": {st: {fold(k): v for k, v in rows.items()} for st, rows in raw["nycklar"].items()},
        "summarader": [fold(x) for x in raw["summarader"]],
        "fb_delar": {k: [fold(x) for x in v] for k, v in raw["fb_delar"].items()},
        "medlemmar": {k: [fold(x) for x in v] for k, v in raw["medlemmar"].items()},
        "uppfoljningssystem": {k: [fold(x) for x in v] for k, v in raw["uppfoljningssystem"].items()},
        "administration": [fold(x) for x in raw["administration"]],
    }


def headings(kind: str) -> list[str]:
    return table()["rubriker"][kind]


def key_for(statement: str, label: str) -> str | None:
    return table()["nycklar"].get(statement, {}).get(fold(label))


def is_sum_label(label: str) -> bool:
    folded = fold(label)
    return any(folded.startswith(s) for s in table()["summarader"])
