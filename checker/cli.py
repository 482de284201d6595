"""The `finsam` command. Every word a user reads here is Swedish."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__
from .errors import InputError

EXIT_OK, EXIT_NOTE, EXIT_DEVIATION, EXIT_INPUT = 0, 1, 2, 3

EPILOG = """\
Slutkoder:
  0  allt uppfyllt (eller ej tillämpligt)
  1  iakttagelser eller underlag saknas
  2  minst en avvikelse
  3  felaktig indata (rapportfil eller regelfil) eller en regel som inte kunde prövas

Exempel:
  finsam validera examples/lekeberg-orebro-2025.yaml
  finsam granska examples/lekeberg-orebro-2025.yaml -o granskning.md
  finsam granska examples/sydnarke-2023.yaml --format html -o granskning.html
  finsam genomlys examples/ -o genomlysning.md
"""


class SwedishParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:
        translations = {
            "the following arguments are required": "följande argument krävs",
            "invalid choice": "ogiltigt val",
            "unrecognized arguments": "okända argument",
            "expected one argument": "ett värde krävs",
            "argument": "argument",
            "choose from": "välj bland",
            "invalid int value": "inget heltal",
            "ambiguous option": "tvetydig flagga",
            "could match": "kan betyda",
            "expected at least one argument": "minst ett värde krävs",
            "not allowed with argument": "kan inte kombineras med",
        }
        for english, swedish in translations.items():
            message = message.replace(english, swedish)
        self.print_usage(sys.stderr)
        self.exit(EXIT_INPUT, f"{self.prog}: fel: {message}\n")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "användning:")

    def format_help(self) -> str:
        text = super().format_help()
        for english, swedish in {
            "usage:": "användning:",
            "positional arguments:": "argument:",
            "options:": "flaggor:",
            "show this help message and exit": "visa den här hjälpen och avsluta",
        }.items():
            text = text.replace(english, swedish)
        return text


def build_parser() -> argparse.ArgumentParser:
    parser = SwedishParser(
        prog="finsam",
        description="Förgranskning av ett samordningsförbunds årsredovisning (Finsam) mot lag, "
        "nationella rekommendationer och god revisionssed.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"finsam-granskning {__version__}", help="visa versionen")
    sub = parser.add_subparsers(dest="kommando", metavar="KOMMANDO", parser_class=SwedishParser)

    p = sub.add_parser("validera", help="kontrollera att en rapportfil är korrekt ifylld", description="Läser rapportfilen och anger varje fel med fil, rad och fält.")
    p.add_argument("filer", nargs="+", metavar="FIL", help="rapportfil(er) i YAML")

    sub.add_parser("mall", help="skriv ut en kommenterad mall för en rapportfil", description="Skriver ut en kommenterad YAML-mall som täcker varje del av modellen.")
    p = sub.add_parser("schema", help="skriv ut JSON Schema för rapportfiler", description="Skriver ut rapportfilernas JSON Schema (för editorer med YAML language server).")
    p.add_argument("--regel", action="store_true", help="skriv i stället ut JSON Schema för regelfiler i rules/")

    from .commands import add_commands

    add_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.kommando:
        parser.print_help()
        return EXIT_OK
    try:
        return args.run(args) if hasattr(args, "run") else _builtin(args)
    except InputError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("avbrutet", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (finsam regler | head): stop quietly, as Unix tools do.
        sys.stdout = open(os.devnull, "w")
        return 141


def _builtin(args: argparse.Namespace) -> int:
    if args.kommando == "validera":
        return _validera(args.filer)
    if args.kommando == "mall":
        from .template import render_template

        sys.stdout.write(render_template())
        return EXIT_OK
    if args.kommando == "schema":
        from .schema import rule_schema_text, schema_text

        sys.stdout.write(rule_schema_text() if args.regel else schema_text())
        return EXIT_OK
    raise AssertionError(args.kommando)


def _validera(files: list[str]) -> int:
    from .format import antal
    from .load import load_report

    problems = []
    for name in files:
        try:
            report = load_report(Path(name))
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        print(
            f"{name}: giltig – {report.forbund.namn} {report.rakenskapsar}, "
            f"{antal(len(report.insatser), 'insats', 'insatser')}, {antal(len(report.noter), 'not', 'noter')}"
        )
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} fel", file=sys.stderr)
        return EXIT_INPUT
    return EXIT_OK
