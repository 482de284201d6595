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


# ---- conventions users know from other tools ------------------------------------------------

import json
import shutil
import subprocess
import sys

import pytest

from checker.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
LOO_2025 = EXAMPLES / "lekeberg-orebro-2025.yaml"
SYD_2023 = EXAMPLES / "sydnarke-2023.yaml"


def test_a_mistyped_subcommand_is_answered_with_the_closest_one(capsys):
    with pytest.raises(SystemExit) as info:
        main(["granksa", str(LOO_2025)])
    assert info.value.code == 3
    assert "menade du granska?" in capsys.readouterr().err


def test_a_mistyped_choice_is_answered_too(capsys):
    with pytest.raises(SystemExit):
        main(["granska", str(LOO_2025), "--motor", "referns"])
    assert "menade du referens?" in capsys.readouterr().err


def test_nothing_close_suggests_nothing(capsys):
    with pytest.raises(SystemExit):
        main(["xyzzy"])
    assert "menade du" not in capsys.readouterr().err


def test_ar_has_an_ascii_alias(capsys):
    assert main(["regler", "--ar", "2020"]) == 0
    assert "parametrar som gäller 2020" in capsys.readouterr().out
    assert main(["regler", "--år", "2020"]) == 0
    assert "parametrar som gäller 2020" in capsys.readouterr().out


def test_quiet_and_verbose_on_regler_testa(capsys):
    assert main(["regler", "--testa"]) == 0
    default = capsys.readouterr()
    assert "ok " not in default.out and "fall godkända, 0 underkända" in default.out
    assert main(["regler", "--testa", "-v"]) == 0
    verbose = capsys.readouterr()
    assert verbose.out.count("\nok ") > 50 and "motor:" in verbose.err
    assert main(["regler", "--testa", "--tyst"]) == 0
    assert capsys.readouterr().out == ""


def test_the_report_stream_holds_only_the_report(capsys):
    assert main(["granska", str(LOO_2025), "--format", "json", "-v"]) == 2
    captured = capsys.readouterr()
    assert json.loads(captured.out)["forbund"]["namn"]
    assert "motor:" in captured.err


def test_quiet_granska_writes_the_report_and_says_nothing(tmp_path, capsys):
    out = tmp_path / "r.md"
    assert main(["granska", str(LOO_2025), "-o", str(out), "-q"]) == 2
    assert out.read_text(encoding="utf-8").startswith("# Granskningsrapport")
    assert capsys.readouterr().err == ""
    assert main(["granska", str(LOO_2025), "-o", str(out)]) == 2
    assert "3 avvikelser" in capsys.readouterr().err


def test_motor_durable_when_it_is_missing_is_an_error_naming_the_install(monkeypatch, capsys):
    from checker import engine

    monkeypatch.setattr(engine, "_durable", None)
    assert main(["granska", str(LOO_2025), "--motor", "durable"]) == 3
    err = capsys.readouterr().err
    assert "durable-rules är inte installerad" in err and "pip install 'finsam-granskning[motor]'" in err
    assert main(["genomlys", str(LOO_2025), "--motor", "durable", "-o", "-"]) == 3
    assert "pip install" in capsys.readouterr().err


def test_motor_auto_is_the_default_and_falls_back_when_the_engine_is_missing(monkeypatch, capsys):
    from checker import engine, pipeline

    monkeypatch.setattr(engine, "_durable", None)
    pipeline.checker_for.cache_clear()
    try:
        assert main(["granska", str(LOO_2025), "--format", "json"]) == 2
        assert json.loads(capsys.readouterr().out)["motor"].startswith("referens")
    finally:
        pipeline.checker_for.cache_clear()


def test_several_files_give_one_report_each_a_summary_and_the_highest_exit_code(tmp_path, capsys):
    clean = tmp_path / "in" / "ren.yaml"
    clean.parent.mkdir()
    shutil.copy(SYD_2023, clean)
    broken = tmp_path / "in" / "trasig.yaml"
    broken.write_text("forbund: 3\n", encoding="utf-8")
    out = tmp_path / "ut"
    code = main(["granska", str(LOO_2025), str(clean), str(broken), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 3  # the broken file's exit code is the highest
    assert sorted(p.name for p in out.iterdir()) == ["lekeberg-orebro-2025.md", "ren.md"]
    assert "trasig.yaml:1: forbund:" in err
    assert "2 granskningsrapporter skrivna (0 utan fynd, 2 med fynd); 1 rapportfil kunde inte läsas; slutkod 3" in err


def test_a_folder_is_checked_file_by_file_into_an_output_folder(tmp_path, capsys):
    src = tmp_path / "arsredovisningar"
    (src / "sydnarke").mkdir(parents=True)
    shutil.copy(LOO_2025, src / "loo.yaml")
    shutil.copy(SYD_2023, src / "sydnarke" / "2023.yaml")
    out = tmp_path / "rapporter"
    assert main(["granska", str(src), "-o", str(out), "--format", "json"]) == 2
    assert json.loads((out / "sydnarke" / "2023.json").read_text(encoding="utf-8"))["rakenskapsar"] == 2023
    assert (out / "loo.json").is_file()
    assert "2 granskningsrapporter skrivna" in capsys.readouterr().err


def test_several_reports_need_an_output_folder(tmp_path, capsys):
    assert main(["granska", str(LOO_2025), str(SYD_2023)]) == 3
    assert "ange en mapp med -o UTMAPP" in capsys.readouterr().err
    target = tmp_path / "fil.md"
    target.write_text("x", encoding="utf-8")
    assert main(["granska", str(LOO_2025), str(SYD_2023), "-o", str(target)]) == 3
    assert "är en fil" in capsys.readouterr().err and target.read_text() == "x"


def test_one_summary_of_one_report_is_singular(tmp_path, capsys):
    assert main(["granska", str(SYD_2023), str(SYD_2023.parent), "-o", str(tmp_path / "x")]) == 3
    assert "samma utfil" in capsys.readouterr().err
    assert main(["granska", str(EXAMPLES), "-o", str(tmp_path / "ut"), "-q"]) == 2
    assert capsys.readouterr().err == ""
    one = tmp_path / "one"
    one.mkdir()
    shutil.copy(SYD_2023, one)
    assert main(["granska", str(one), "-o", str(tmp_path / "ut1")]) == 2
    assert "1 granskningsrapport skriven (0 utan fynd, 1 med fynd)" in capsys.readouterr().err


def _finsam(*args: str, stdin: bytes) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checker", *args], input=stdin, capture_output=True, check=False)


def test_standard_input_for_granska_and_validera():
    done = _finsam("granska", "-", "--format", "json", stdin=SYD_2023.read_bytes())
    assert done.returncode == 2 and json.loads(done.stdout)["rakenskapsar"] == 2023
    done = _finsam("validera", "-", stdin=SYD_2023.read_bytes())
    assert done.returncode == 0
    assert done.stdout.decode().startswith("standard in: giltig – Samordningsförbundet Sydnärke 2023")


def test_bad_standard_input_is_named_as_such():
    done = _finsam("validera", "-", stdin=b"forbund: 3\n")
    assert done.returncode == 3 and "standard in:1: forbund:" in done.stderr.decode()
    assert "Traceback" not in done.stderr.decode()


def test_genomlys_summary_is_singular_for_one(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SYD_2023, folder)
    (folder / "trasig.yaml").write_text("forbund: 3\n", encoding="utf-8")
    assert main(["genomlys", str(folder), "-o", str(tmp_path / "g.md")]) == 0
    err = capsys.readouterr().err
    assert "1 årsredovisning från 1 förbund; 1 fil utelämnad:" in err


def _subparsers(parser):
    return next(a for a in parser._actions if a.dest == "kommando").choices


def test_a_parser_built_for_one_subcommand_reads_and_shows_it_as_the_whole_parser_does():
    whole = build_parser()
    assert whole.format_help() == build_parser(only="granska").format_help()
    for command in SUBCOMMANDS:
        for name in (command.name, *command.aliases):
            alone = build_parser(only=name)
            assert _subparsers(alone)[name].format_help() == _subparsers(whole)[name].format_help()
    examples = [
        ["granska", "examples/lekeberg-orebro-2025.yaml", "-o", "g.md", "-q", "--datum", "2026-01-01"],
        ["granska", "a.yaml", "--format", "html", "--motor", "referens"],
        ["validera", "-q", "a.yaml", "b.yaml"],
        ["genomlys", "examples/", "-o", "g.md", "--jobb", "2"],
    ]
    for argv in examples:
        assert vars(build_parser(only=argv[0]).parse_args(argv)) == vars(whole.parse_args(argv))


def test_only_the_named_subcommand_gets_its_arguments():
    from checker.cli import _subcommand

    assert _subcommand(["granska", "x.yaml"]) == "granska"
    assert _subcommand(["--help"]) is None and _subcommand([]) is None and _subcommand(["gransk"]) is None
    parsers = _subparsers(build_parser(only="granska"))
    assert len(parsers["granska"]._actions) > 5 and len(parsers["validera"]._actions) == 1  # -h only
