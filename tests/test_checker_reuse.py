"""One Checker serves many reports: what it keeps between them changes no report's verdicts.

It keeps the parameters in force per rule and year (where no fact of the report chooses a
step), and on the engine one session per thread. Reports of several years, checked one after
another in two orders, must each give exactly what a Checker that saw no other report gives.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from checker.catalogue import load_catalogue
from checker.evaluate import Checker
from checker.load import load_report
from checker.pipeline import examine
from checker.render import RENDERERS, RenderOptions

ROOT = Path(__file__).resolve().parent.parent


def _reports(tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import generate
    finally:
        sys.path.pop(0)
    generate.generate(6, tmp_path, 5, 0.5)
    paths = sorted(ROOT.glob("examples/*.yaml")) + sorted(tmp_path.glob("**/*.yaml"))[:6]
    katalog = load_catalogue()
    return katalog, [load_report(p, katalog) for p in paths]


@pytest.mark.parametrize("prefer", ["durable", "reference"])
def test_a_checker_reused_gives_each_report_what_a_fresh_one_gives(tmp_path, prefer):
    katalog, reports = _reports(tmp_path)
    assert len({r.rakenskapsar for r in reports}) >= 3  # the parameters in force differ by year

    def outputs(checker, report) -> tuple[str, str]:
        g = examine(report, checker).granskning
        options = RenderOptions(datum="2026-01-01")
        return RENDERERS["json"](g, options), RENDERERS["md"](g, options)

    reused = Checker(katalog, prefer)
    forward = [outputs(reused, r) for r in reports]
    backward = [outputs(reused, r) for r in reversed(reports)][::-1]
    fresh = [outputs(Checker(katalog, prefer), r) for r in reports]
    assert forward == fresh
    assert backward == fresh
