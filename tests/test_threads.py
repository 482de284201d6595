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


def test_one_report_on_the_page_read_in_threads_stays_valid():
    # The granskning, its frame and the downloads dump the same document at once. Before the
    # document's lock, ruamel.yaml's round-trip dumps interleaved: 17 of 20 reads in 4 threads gave
    # another text, and validating it said "ogiltig YAML: ett '-' på fel ställe".
    from checker.webb.document import Document

    text = EXAMPLES[0].read_text(encoding="utf-8")
    doc = Document.from_text(text, EXAMPLES[0].name)
    alone = doc.text()
    wrong: list = []

    def read() -> None:
        try:
            for _ in range(5):
                if doc.text() != alone:
                    wrong.append("text")
                report, problems = doc.problems()
                if report is None:
                    wrong.append([str(p) for p in problems[:1]])
        except Exception as exc:  # noqa: BLE001 – reported below
            wrong.append(repr(exc))

    threads = [threading.Thread(target=read) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not any(t.is_alive() for t in threads)
    assert wrong == []
