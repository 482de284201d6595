"""The command line: one module declares every subcommand and option; exit codes live in one place."""

from __future__ import annotations

import re
from pathlib import Path

from checker import exitcodes
from checker.cli import SUBCOMMANDS, build_parser

CHECKER = Path(__file__).resolve().parent.parent / "checker"


def test_only_the_cli_module_declares_options():
    declaring = sorted(
        p.relative_to(CHECKER).as_posix() for p in CHECKER.rglob("*.py") if "add_argument(" in p.read_text(encoding="utf-8")
    )
    assert declaring == ["cli.py"]


def test_a_shared_option_reads_the_same_in_every_subcommand():
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "kommando").choices
    helps: dict[str, set[str]] = {}
    for command in SUBCOMMANDS:
        for action in subparsers[command.name]._actions:
            for flag in action.option_strings:
                helps.setdefault(flag, set()).add(action.help)
    assert {"--regler", "--motor", "-o", "--format", "--datum"} <= helps.keys()
    assert all(len(texts) == 1 for texts in helps.values()), helps


def test_the_cli_names_every_exit_code_it_returns():
    text = (CHECKER / "cli.py").read_text(encoding="utf-8")
    assert not re.search(r"\breturn\s+[0-9]+\b|exit\(\s*[0-9]", text)


def test_the_outcome_decides_the_exit_code():
    assert exitcodes.for_counts({"fel": 1, "avvikelse": 1}) == exitcodes.INPUT == 3
    assert exitcodes.for_counts({"avvikelse": 2, "iakttagelse": 1}) == exitcodes.DEVIATION == 2
    assert exitcodes.for_counts({"underlag_saknas": 1}) == exitcodes.NOTE == 1
    assert exitcodes.for_counts({"uppfylld": 9, "ej_tillamplig": 2}) == exitcodes.OK == 0
