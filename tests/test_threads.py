"""The web page checks reports in threads (the page, its frame, the downloads at once): the same verdicts as one at a time."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from checker.load import load_report
from checker.pipeline import checker_for, examine
from checker.render import RENDERERS, RenderOptions

EXAMPLES = sorted(Path("examples").glob("*.yaml"))


@pytest.mark.parametrize("prefer", ["durable", "reference"])
def test_reports_checked_in_threads_get_the_verdicts_they_get_alone(prefer):
    # Before: the engine's evaluator state and the derivation's table names were shared by all threads,
    # and about 60 % of concurrent runs on the engine (2 % on the reference evaluator) gave other verdicts.
    reports = [load_report(p) for p in EXAMPLES]

    def as_json(r) -> str:
        return RENDERERS["json"](examine(r, checker_for(prefer=prefer)).granskning, RenderOptions(datum="2026-01-01"))

    alone = [as_json(r) for r in reports]
    differing, errors = [], []

    def run(first: int) -> None:
        try:
            for k in range(6):
                i = (first + k) % len(reports)
                if as_json(reports[i]) != alone[i]:
                    differing.append(EXAMPLES[i].name)
        except Exception as exc:  # noqa: BLE001 – reported below, with the thread's report
            errors.append(repr(exc))

    threads = [threading.Thread(target=run, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not any(t.is_alive() for t in threads)
    assert errors == [] and differing == []
