"""The straight pipeline for one report: load → validate → facts → findings.

`examine` is the one call that turns a validated report into its facts and
findings; `finsam granska`, the genomlysning and the rule cases all go through it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .catalogue import Katalog, load_catalogue
from .evaluate import Checker
from .facts import Facts, derive
from .findings import Granskning
from .frozen import Record
from .load import load_report
from .model import Arsredovisning


@lru_cache(maxsize=4)
def checker_for(rules_dir: str | None = None, prefer: str = "durable") -> Checker:
    """One compiled catalogue per process: the engine cannot re-register rulesets."""
    return Checker(load_catalogue(Path(rules_dir) if rules_dir else None), prefer=prefer)


class Examined(Record):
    """One report's facts and the findings on them."""

    _fields = ("report", "facts", "granskning")

    def __init__(self, report: Arsredovisning, facts: Facts, granskning: Granskning):
        self.report = report
        self.facts = facts
        self.granskning = granskning


def identity(report: Arsredovisning) -> dict:
    return {
        "forbund": report.forbund.namn,
        "organisationsnummer": report.forbund.organisationsnummer,
        "dokument": report.dokument,
    }


def examine(report: Arsredovisning, checker: Checker, who: dict | None = None) -> Examined:
    facts = derive(report, checker.katalog)
    return Examined(report, facts, checker.run(facts, who or identity(report)))


def granska(path: str | Path, rules_dir: str | None = None, prefer: str = "durable") -> Granskning:
    # The catalogue first: a broken rule is reported before any report is read.
    checker = checker_for(rules_dir, prefer)
    return examine(load_report(Path(path), checker.katalog), checker).granskning


def katalog(rules_dir: str | None = None) -> Katalog:
    return checker_for(rules_dir).katalog
