"""The genomlysning as data: förbund, their reports, trends and comparability."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..catalogue import Katalog
from . import comparability, trends
from .collect import Forbund, LeftOut, Result, Summary, group


@dataclass
class Chart:
    id: str
    titel: str
    svg: str
    fil: Optional[str] = None  # path as referenced from the Markdown, once written
    anmarkning: str = ""
    alt: str = ""  # what the chart shows, in words, for those who cannot see it


@dataclass
class Genomlysning:
    datum: str
    katalogversion: str
    motor: str
    regler: list[tuple[str, str]]  # (id, titel), by id
    forbund: list[Forbund]
    utelamnade: list[LeftOut]
    trender: dict[str, trends.Trend]
    jamforbarhet: dict
    diagram: list[Chart] = field(default_factory=list)

    @property
    def entries(self) -> list[tuple[Forbund, Summary]]:
        """Every report used: by förbund, then year."""
        return [(f, s) for f in self.forbund for s in f.rapporter]

    @property
    def years(self) -> list[int]:
        return sorted({y for t in self.trender.values() for y in t.years})


def build(results: list[Result], left_out: list[LeftOut], katalog: Katalog, datum: str) -> Genomlysning:
    summaries = [r for r in results if isinstance(r, Summary)]
    left = list(left_out) + [r for r in results if isinstance(r, LeftOut)]
    forbund, duplicates = group(summaries)
    left += duplicates
    trender = {f.id: trends.build(f.kortnamn, f.rapporter, katalog) for f in forbund}
    motors = sorted({s.motor for s in summaries})
    versions = sorted({s.katalogversion for s in summaries}) or [katalog.version]
    return Genomlysning(
        datum=datum,
        katalogversion=", ".join(versions),
        motor=", ".join(motors) or "–",
        regler=sorted(((r.id, r.titel) for r in katalog.rules), key=lambda t: t[0]),
        forbund=forbund,
        utelamnade=left,
        trender=trender,
        jamforbarhet=comparability.analyse(forbund, trender),
    )
