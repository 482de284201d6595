"""The straight pipeline for one report file: load → validate → facts → findings."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .catalogue import Katalog, load_catalogue
from .evaluate import Checker
from .facts import derive
from .findings import Granskning
from .load import load_report


@lru_cache(maxsize=4)
def checker_for(rules_dir: str | None = None, prefer: str = "durable") -> Checker:
    """One compiled catalogue per process: the engine cannot re-register rulesets."""
    return Checker(load_catalogue(Path(rules_dir) if rules_dir else None), prefer=prefer)


def granska(path: str | Path, rules_dir: str | None = None, prefer: str = "durable") -> Granskning:
    report = load_report(Path(path))
    checker = checker_for(rules_dir, prefer)
    identity = {
        "forbund": report.forbund.namn,
        "organisationsnummer": report.forbund.organisationsnummer,
        "dokument": report.dokument,
    }
    return checker.run(derive(report), identity)


def katalog(rules_dir: str | None = None) -> Katalog:
    return checker_for(rules_dir).katalog
