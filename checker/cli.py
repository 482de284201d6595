"""The `finsam` command: every subcommand, option and exit code. Every word a user reads is Swedish.

Adding a subcommand: write `_arguments_X(parser)` for its own arguments and `_run_X(args) -> int`,
and add one `Subcommand` to SUBCOMMANDS naming the shared option groups it takes (SHARED).
The work itself belongs to the pipeline's modules; this module only turns flags into calls.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import sys
from pathlib import Path
from typing import Callable

from . import __version__, exitcodes
from .errors import InputError, Problem
from .frozen import Frozen, set_field
from .visible import for_terminal

EPILOG = exitcodes.HELP + """
Exempel:
  finsam validera examples/lekeberg-orebro-2025.yaml
  finsam granska examples/lekeberg-orebro-2025.yaml -o granskning.md
  finsam granska examples/sydnarke-2023.yaml --format html -o granskning.html
  finsam genomlys examples/ -o genomlysning.md
"""

def say(text: object = "", *, err: bool = False) -> None:
    """One message for the terminal; text from a file or an argument never drives the terminal."""
    print("\n".join(for_terminal(line) for line in str(text).split("\n")), file=sys.stderr if err else sys.stdout)


_ARGPARSE_SWEDISH = {
    "the following arguments are required": "följande argument krävs",
    "invalid choice": "ogiltigt val",
    "unrecognized arguments": "okända argument",
    "expected one argument": "ett värde krävs",
    "choose from": "välj bland",
    "invalid int value": "inget heltal",
    "ambiguous option": "tvetydig flagga",
    "could match": "kan betyda",
    "expected at least one argument": "minst ett värde krävs",
    "not allowed with argument": "kan inte kombineras med",
}
_HELP_SWEDISH = {
    "usage:": "användning:",
    "positional arguments:": "argument:",
    "options:": "flaggor:",
    "show this help message and exit": "visa den här hjälpen och avsluta",
}


class SwedishParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:
        message += _did_you_mean(message)
        for english, swedish in _ARGPARSE_SWEDISH.items():
            message = message.replace(english, swedish)
        self.print_usage(sys.stderr)
        self.exit(exitcodes.INPUT, for_terminal(f"{self.prog}: fel: {message}") + "\n")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "användning:")

    def format_help(self) -> str:
        text = super().format_help()
        for english, swedish in _HELP_SWEDISH.items():
            text = text.replace(english, swedish)
        return text


def _did_you_mean(message: str) -> str:
    """' – menade du granska?' for a mistyped subcommand or choice, as git and pip answer."""
    import difflib
    import re

    found = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
    if not found:
        return ""
    choices = re.findall(r"'([^']*)'", found.group(2)) or [c.strip() for c in found.group(2).split(",")]
    close = difflib.get_close_matches(found.group(1), choices, n=1, cutoff=0.5)
    return f" – menade du {close[0]}?" if close else ""


# ---- values ---------------------------------------------------------------------------------

def year(text: str) -> int:
    if not text.isdigit() or not 2004 <= int(text) <= 2100:
        raise argparse.ArgumentTypeError(f"'{text}' är inget räkenskapsår (2004–2100)")
    return int(text)


def report_date(text: str | None) -> str:
    """--datum as ÅÅÅÅ-MM-DD, today when not given."""
    if text is None:
        return dt.date.today().isoformat()
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise InputError([Problem("--datum", None, "", f"'{text}' är inget datum; skriv ÅÅÅÅ-MM-DD")]) from None


def engine_preference(args: argparse.Namespace) -> str:
    """--motor as the pipeline names it; a named engine that cannot run here is an error, not a fallback."""
    if args.motor == "durable":
        from .engine import durable_available

        if not durable_available():
            raise InputError([Problem("--motor", None, "durable",
                "regelmotorn durable-rules är inte installerad (eller går inte att läsa in på denna Python); "
                "installera den med pip install 'finsam-granskning[motor]' (i en klon: pip install '.[motor]'; "
                "kräver C-kompilator och Python före 3.13), eller välj --motor auto eller --motor referens")])
    return "reference" if args.motor == "referens" else "durable"


def note(args: argparse.Namespace, text: str, level: int = 0) -> None:
    """A message about the run, on standard error (never in the report stream), at verbosity `level`."""
    if verbosity(args) >= level:
        say(text, err=True)


def verbosity(args: argparse.Namespace) -> int:
    """-1 with -q/--tyst, 0 by default, 1 and more with -v."""
    return getattr(args, "utforlig", 0) - getattr(args, "tyst", 0)


# ---- shared options, declared once ----------------------------------------------------------

def _shared_katalog(p: argparse.ArgumentParser) -> None:
    p.add_argument("--regler", metavar="MAPP", help="regelkatalog (standard: den som följer med programmet, eller FINSAM_REGLER)")


def _shared_motor(p: argparse.ArgumentParser) -> None:
    p.add_argument("--motor", choices=["auto", "durable", "referens"], default="auto",
                   help="regelmotor: auto = durable-rules om den är installerad, annars ren Python (standard); "
                   "durable = bara durable-rules; referens = ren Python")


def _shared_ut(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--ut", metavar="UTFIL",
                   help="skriv till UTFIL i stället för standard ut (ersätts atomärt, aldrig en indatafil)")


def _shared_utdata(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=["md", "html", "json", "docx"],
                   help="utformat (standard: efter UTFIL:s ändelse .md/.html/.json/.docx, annars md)")
    p.add_argument("--datum", metavar="ÅÅÅÅ-MM-DD", help="rapportens datum (standard: i dag)")


def output_format(args: argparse.Namespace, allowed: tuple[str, ...]) -> str:
    """--format, or the format -o's extension names; the two must agree (no Markdown in a .html)."""
    from .render import EXTENSIONS, format_for

    by_name = format_for(args.ut)
    if args.format is None and by_name is None and args.ut and args.ut != "-" and Path(args.ut).suffix:
        raise InputError([Problem(args.ut, None, "-o", f"okänd filändelse; ange --format eller en av {', '.join(EXTENSIONS)}")])
    if args.format and by_name and args.format != by_name:
        raise InputError([Problem(args.ut, None, "-o", f"filändelsen anger formatet {by_name} men --format är {args.format}; välj ett")])
    chosen = args.format or by_name or "md"
    if chosen not in allowed:
        raise InputError([Problem("--format", None, chosen, f"{args.kommando} skriver {', '.join(allowed)}")])
    if chosen == "docx" and (not args.ut or args.ut == "-") and sys.stdout.isatty():
        raise InputError([Problem("--format", None, "docx", "ett Word-dokument skrivs till en fil: ange -o RAPPORT.docx")])
    return chosen


def _shared_tal(p: argparse.ArgumentParser) -> None:
    p.add_argument("-q", "--tyst", action="count", default=0, help="skriv bara fel (på standard fel)")
    p.add_argument("-v", "--utförlig", "--utforlig", dest="utforlig", action="count", default=0,
                   help="skriv mer om körningen (på standard fel): motor, regelkatalog, varje fall")


# Every subcommand takes "tal"; the others only where a subcommand names them.
SHARED: dict[str, Callable[[argparse.ArgumentParser], None]] = {
    "tal": _shared_tal,
    "katalog": _shared_katalog,
    "motor": _shared_motor,
    "ut": _shared_ut,
    "utdata": _shared_utdata,
}


# ---- subcommands ----------------------------------------------------------------------------

def _no_arguments(p: argparse.ArgumentParser) -> None:
    pass


class Subcommand(Frozen):
    _fields = ("name", "help", "description", "run", "arguments", "shared", "epilog", "aliases")

    def __init__(self, name: str, help: str, description: str, run: Callable[[argparse.Namespace], int],
                 arguments: Callable[[argparse.ArgumentParser], None] = _no_arguments, shared: tuple[str, ...] = (),
                 epilog: str | None = None, aliases: tuple[str, ...] = ()):
        for key, value in zip(self._fields, (name, help, description, run, arguments, shared, epilog, aliases)):
            set_field(self, key, value)


def _arguments_validera(p: argparse.ArgumentParser) -> None:
    p.add_argument("filer", nargs="+", metavar="FIL", help="rapportfil(er) i YAML, eller - för standard in")


def _run_validera(args: argparse.Namespace) -> int:
    from .format import antal
    from .load import load_report

    problems = []
    for name in args.filer:
        try:
            report = load_report(Path(name))
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        if verbosity(args) < 0:
            continue
        say(
            f"{'standard in' if name == '-' else name}: giltig – {report.forbund.namn} {report.rakenskapsar}, "
            f"{antal(len(report.insatser), 'insats', 'insatser')}, {antal(len(report.noter), 'not', 'noter')}"
        )
    for problem in problems:
        say(problem, err=True)
    if problems:
        say(f"{len(problems)} fel", err=True)
        return exitcodes.INPUT
    return exitcodes.OK


def _arguments_granska(p: argparse.ArgumentParser) -> None:
    p.add_argument("filer", nargs="+", metavar="FIL|MAPP",
                   help="rapportfil(er) i YAML, mappar med rapportfiler (läses med undermappar), eller - för standard in; "
                   "flera rapporter skrivs en fil var i mappen som -o UTMAPP anger")
    p.add_argument("--bilaga", choices=["brister", "full", "ingen"], default="brister",
                   help="bilagans omfång: brister = belägg för det som inte är uppfyllt, uppfyllda regler en rad var "
                   "(standard); full = alla belägg (i HTML hopfällda); ingen = utan bilaga. JSON är alltid fullständig")


STDIN = "-"


def _report_files(given: list[str]) -> list[tuple[str, Path]]:
    """Each report file to check, with the name its report gets in an output folder (folders mirrored)."""
    found: list[tuple[str, Path]] = []
    for item in given:
        path = Path(item)
        if item != STDIN and path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.suffix.lower() in (".yaml", ".yml") and p.is_file())
            if not inside:
                raise InputError([Problem(item, None, "", "mappen innehåller inga rapportfiler (.yaml, .yml)")])
            found.extend((str(p), p.relative_to(path).with_suffix("")) for p in inside)
        else:
            found.append((item, Path("standard-in" if item == STDIN else path.stem)))
    return found


def _one_report_summary(c: dict[str, int]) -> str:
    from .format import antal

    return (
        f"{antal(c['avvikelse'], 'avvikelse', 'avvikelser')}, "
        f"{antal(c['iakttagelse'], 'iakttagelse', 'iakttagelser')}, "
        f"{antal(c['underlag_saknas'], 'regel', 'regler')} utan underlag, "
        f"{antal(c['uppfylld'], 'uppfylld', 'uppfyllda')}, {c['fel']} fel"
        + (f", {antal(c['foljdfel'], 'följdfel', 'följdfel')} av redan angivna fel" if c.get("foljdfel") else "")
    )


def _run_granska(args: argparse.Namespace) -> int:
    # The modules and the compiled catalogue live as long as the command: the cyclic collector
    # would only scan them again and again while they are built. Built, they are frozen out of
    # its way (Checker), and it runs as usual for the reports.
    collecting = gc.isenabled()
    gc.disable()
    try:
        from .format import antal, heltal
        from .output import write_output
        from .pipeline import checker_for, granska
        from .render import RENDERERS, RenderOptions

        datum = report_date(args.datum)
        chosen = output_format(args, tuple(RENDERERS))
        preference = engine_preference(args)
        files = _report_files(args.filer)
        if args.filer.count(STDIN) > 1:
            raise InputError([Problem(STDIN, None, "", "standard in kan bara läsas en gång")])
        single = len(args.filer) == 1 and (args.filer[0] == STDIN or not Path(args.filer[0]).is_dir())
        checker = checker_for(args.regler, preference)  # a broken catalogue stops the run before any report
    finally:
        if collecting:
            gc.enable()
    note(args, f"regelkatalog {checker.katalog.directory}, motor: {checker.engine.name}", 1)
    options = RenderOptions(datum=datum, bilaga=args.bilaga)
    if single:
        source = files[0][0]
        g = granska(source, args.regler, preference)
        write_output(RENDERERS[chosen](g, options), args.ut, [Path(source)])
        if args.ut and args.ut != "-":
            note(args, f"{args.ut}: {_one_report_summary(g.counts())}")
        return g.exit_code()

    if not args.ut or args.ut == "-":
        raise InputError([Problem("-o", None, "", "flera rapporter skrivs en fil var: ange en mapp med -o UTMAPP")])
    folder = Path(args.ut)
    if folder.exists() and not folder.is_dir():
        raise InputError([Problem(args.ut, None, "-o", "är en fil; flera rapporter skrivs i en mapp")])
    targets = [folder / f"{name.as_posix()}.{chosen}" for _, name in files]
    twice = sorted({str(t) for t in targets if targets.count(t) > 1})
    if twice:
        raise InputError([Problem(t, None, "-o", "två rapportfiler skulle ge samma utfil; byt namn på den ena") for t in twice])
    inputs = [Path(src) for src, _ in files]
    worst, counts = exitcodes.OK, {"utan fynd": 0, "med fynd": 0, "felaktiga": 0}
    for (source, _), target in zip(files, targets):
        try:
            g = granska(source, args.regler, preference)
            target.parent.mkdir(parents=True, exist_ok=True)
            write_output(RENDERERS[chosen](g, options), str(target), inputs)
        except InputError as exc:
            for problem in exc.problems:
                say(problem, err=True)
            worst = max(worst, exitcodes.INPUT)
            counts["felaktiga"] += 1
            continue
        code = g.exit_code()
        worst = max(worst, code)
        counts["utan fynd" if code == exitcodes.OK else "med fynd"] += 1
        note(args, f"{target}: {_one_report_summary(g.counts())}", 1)
    written = counts["utan fynd"] + counts["med fynd"]
    summary = (
        f"{folder}: {antal(written, 'granskningsrapport skriven', 'granskningsrapporter skrivna')} "
        f"({heltal(counts['utan fynd'])} utan fynd, {heltal(counts['med fynd'])} med fynd)"
    )
    if counts["felaktiga"]:
        summary += f"; {antal(counts['felaktiga'], 'rapportfil kunde inte läsas', 'rapportfiler kunde inte läsas')}"
    note(args, f"{summary}; slutkod {worst}")
    return worst


def _arguments_regler(p: argparse.ArgumentParser) -> None:
    p.add_argument("--år", "--ar", dest="ar", type=year, metavar="ÅR",
                   help="visa parametrarna som gäller detta räkenskapsår (standard: innevarande år)")
    p.add_argument("--testa", action="store_true", help="kör reglernas egna fall och visa resultatet")


def _run_regler(args: argparse.Namespace) -> int:
    from . import format as fmt
    from .pipeline import checker_for

    checker = checker_for(args.regler)
    kat = checker.katalog
    shown_year = dt.date.today().year if args.ar is None else args.ar
    if args.testa:
        from .cases import run_cases

        results = run_cases(kat, checker)
        failed = [r for r in results if not r.ok]
        note(args, f"regelkatalog {kat.directory}, motor: {checker.engine.name}", 1)
        for r in results:
            if r.ok and verbosity(args) < 1:
                continue  # pytest-style: a passing case is shown with -v
            mark = "ok " if r.ok else "FEL"
            say(f"{mark} {r.rule}: {r.case}: väntat {r.expected}, fick {r.actual}")
            for text in r.missing_text:
                say(f"      meddelandet saknar '{text}': {r.message}")
            for text in r.wrong_facts:
                say(f"      ger_fakta: {text}")
        passed = len(results) - len(failed)
        if failed or verbosity(args) >= 0:
            say(f"{fmt.antal(passed, 'fall godkänt', 'fall godkända')}, "
                  f"{fmt.antal(len(failed), 'underkänt', 'underkända')}")
        return exitcodes.INPUT if failed else exitcodes.OK
    say(f"Regelkatalog {kat.version} – {len(kat.rules)} regler, parametrar som gäller {shown_year}. Motor: {checker.engine.name}\n")
    for rule in sorted(kat.rules, key=lambda r: r.id):
        say(f"{rule.id}  {rule.titel}  [avsnitt {rule.avsnitt}, {rule.vid_brist} vid brist, {rule.vikt}]")
        for k in rule.kallor:
            say(f"    källa: {k.namn}{'' if k.verifierad else ' (citatet ej verifierat mot källan)'}")
        if (rule.giltig_fran and shown_year < rule.giltig_fran) or (rule.giltig_till and shown_year > rule.giltig_till):
            say(f"    gäller inte {shown_year}")
        for name in rule.parametrar:
            param = kat.parameters[name]
            found = param.in_force(shown_year)
            if found is None:
                say(f"    parameter {name}: inget värde gäller {shown_year}")
                continue
            start, pv = found
            if pv.trappa is not None:
                steps = ", ".join(f"från {fmt.tal(s.fran)}: {fmt.tal(s.varde)}" for s in pv.trappa)
                value = f"trappa efter {param.trappa_efter} ({steps})"
            else:
                value = fmt.tal(pv.varde)
            say(f"    parameter {name} = {value} {param.enhet} (gäller från {start}) – {param.beskrivning}")
    return exitcodes.OK


def _arguments_genomlys(p: argparse.ArgumentParser) -> None:
    p.add_argument("indata", nargs="+", metavar="MAPP|FIL", help="mappar med rapportfiler (.yaml, .yml) eller enskilda rapportfiler")
    p.add_argument(
        "--diagram", metavar="MAPP",
        help="skriv diagrammen som SVG i MAPP (md: standard är UTFIL:s namn + '-diagram' bredvid utfilen, "
        "eller genomlysning-diagram/; html: diagrammen bäddas alltid in; json: bara med --diagram)",
    )
    p.add_argument("--jobb", type=int, metavar="N", help="antal processer vid många filer (standard: antalet kärnor, högst 8)")
    p.add_argument("--förlopp", "--forlopp", dest="forlopp", action="store_true",
                   help="visa förloppet på standard fel även när det inte är en terminal")


def _chart_dir(args: argparse.Namespace) -> Path | None:
    if args.diagram:
        return Path(args.diagram)
    if args.format == "md":
        if args.ut and args.ut != "-":
            out = Path(args.ut)
            return out.with_name(out.stem + "-diagram")
        return Path("genomlysning-diagram")
    return None


def _write_charts(g, directory: Path, md_base: Path, inputs: list[Path]) -> None:
    from .output import write_output

    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError([Problem(str(directory), None, "--diagram", f"mappen kan inte skapas ({exc.strerror})")]) from None
    for c in g.diagram:
        path = directory / f"{c.id}.svg"
        write_output(c.svg, str(path), inputs)
        c.fil = Path(os.path.relpath(path, md_base)).as_posix()


MEANWHILE_MAX_FILES = 2000


def _prepare_genomlys_output() -> None:
    from .genomlys import charts, render  # noqa: F401

    charts.prepare()


def _run_genomlys(args: argparse.Namespace) -> int:
    from .catalogue import load_catalogue
    from .genomlys.analysis import build
    from .genomlys.collect import Progress, collect, default_jobs, expand
    from .output import write_output

    datum = report_date(args.datum)
    args.format = output_format(args, ("md", "html", "json"))
    preference = engine_preference(args)
    katalog = load_catalogue(Path(args.regler) if args.regler else None)
    note(args, f"regelkatalog {katalog.directory}", 1)
    files, left = expand(args.indata)
    if args.jobb is not None and args.jobb < 1:
        raise InputError([Problem("--jobb", None, "", "ska vara minst 1")])
    progress = Progress(len(files), verbosity(args) >= 0 and (args.forlopp or sys.stderr.isatty()))
    # matplotlib imported while the workers read is ~30 MB beside the summaries at their largest:
    # worth it where its seconds are a share of the run, not at thousands of reports.
    directory = _chart_dir(args)
    # JSON names only the charts written beside it (--diagram): without that none is drawn.
    charts = args.format != "json" or directory is not None
    meanwhile = _prepare_genomlys_output if charts and len(files) <= MEANWHILE_MAX_FILES else None
    results = collect(files, args.regler, preference, args.jobb or default_jobs(), progress, meanwhile=meanwhile)
    g = build(results, left, katalog, datum)
    for x in g.utelamnade:
        for line in x.problem:
            say(line, err=True)
    if not g.entries:
        say("genomlys: ingen rapportfil gick att använda; ingen rapport skrevs", err=True)
        return exitcodes.INPUT

    from .genomlys.charts import make_charts
    from .genomlys.render import html_pieces, json_pieces, markdown_pieces

    g.diagram = make_charts(g, katalog) if charts else []
    inputs = [Path(f) for f in files]
    if directory is not None:
        base = Path(args.ut).resolve().parent if args.ut and args.ut != "-" else Path.cwd()
        _write_charts(g, directory, base, inputs)
    renderers = {"json": json_pieces, "html": html_pieces, "md": markdown_pieces}
    write_output(renderers[args.format](g), args.ut, inputs)
    from .format import antal

    counts = f"{antal(len(g.entries), 'årsredovisning', 'årsredovisningar')} från {antal(len(g.forbund), 'förbund', 'förbund')}"
    if g.utelamnade:
        counts += f"; {antal(len(g.utelamnade), 'fil utelämnad', 'filer utelämnade')}: " + ", ".join(x.fil for x in g.utelamnade[:5])
        counts += " …" if len(g.utelamnade) > 5 else ""
    if args.ut or g.utelamnade:
        note(args, f"{args.ut or 'genomlys'}: {counts}")
    return exitcodes.OK


def _arguments_utkast(p: argparse.ArgumentParser) -> None:
    p.add_argument("fil", metavar="FIL", help="årsredovisningen som PDF eller text")
    p.add_argument("--ocr", action="store_true", help="läs en inskannad PDF med Tesseract (svenska); kräver tesseract-ocr och tesseract-ocr-swe")


def _run_utkast(args: argparse.Namespace) -> int:
    from .output import write_output
    from .utkast import UtkastError, draft

    try:
        result = draft(Path(args.fil), ocr=args.ocr)
    except UtkastError as exc:
        say(f"finsam utkast: {exc}", err=True)
        return exitcodes.INPUT
    write_output(result.yaml, args.ut, [Path(args.fil)])
    for line in result.summary:
        note(args, line)
    if args.ut:
        note(args, f"Utkastet skrevs till {args.ut}; kontrollera det med: finsam validera {args.ut}")
    return exitcodes.OK


def _port(text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' är ingen port (0–65535)")
    return int(text)


def _arguments_webb(p: argparse.ArgumentParser) -> None:
    p.add_argument("--port", type=_port, default=0, metavar="PORT", help="port att lyssna på (standard: en ledig port)")
    p.add_argument("--ingen-webblasare", "--ingen-webbläsare", dest="ingen_webblasare", action="store_true",
                   help="öppna inte webbläsaren, skriv bara ut adressen")


def _run_webb(args: argparse.Namespace) -> int:
    from .webb.command import run

    return run(args)


def _run_mall(args: argparse.Namespace) -> int:
    from .template import render_template

    sys.stdout.write(render_template())
    return exitcodes.OK


def _arguments_schema(p: argparse.ArgumentParser) -> None:
    which = p.add_mutually_exclusive_group()
    which.add_argument("--regel", action="store_true", help="skriv i stället ut JSON Schema för regelfiler i rules/")
    which.add_argument("--granskning", action="store_true",
                       help="skriv i stället ut JSON Schema för granskningsrapporten som JSON (docs/json.md)")


def _run_schema(args: argparse.Namespace) -> int:
    from .schema import rule_schema_text, schema_text

    if args.granskning:
        from .resources import data_dir

        sys.stdout.write((data_dir("schema") / "granskning.schema.json").read_text(encoding="utf-8"))
    else:
        sys.stdout.write(rule_schema_text() if args.regel else schema_text())
    return exitcodes.OK


SUBCOMMANDS: list[Subcommand] = [
    Subcommand(
        "validera", "kontrollera att en rapportfil är korrekt ifylld",
        "Läser rapportfilen och anger varje fel med fil, rad och fält.",
        _run_validera, _arguments_validera,
    ),
    Subcommand(
        "granska", "granska en årsredovisning och skriv granskningsrapporten",
        "Prövar rapportfilen mot hela regelkatalogen och skriver granskningsrapporten "
        "(Markdown, HTML eller JSON). Slutkod 0: allt uppfyllt, 1: iakttagelser eller underlag saknas, "
        "2: avvikelser, 3: felaktig indata.",
        _run_granska, _arguments_granska, ("ut", "utdata", "katalog", "motor"),
    ),
    Subcommand(
        "regler", "lista regelkatalogen",
        "Listar reglerna: id, titel, källa och de parametrar som gäller året.",
        _run_regler, _arguments_regler, ("katalog",),
    ),
    Subcommand(
        "genomlys", "jämför förbund och år sida vid sida (regionens genomlysning)",
        "Läser alla rapportfiler som anges (mappar läses med undermappar) och skriver en "
        "genomlysning: nyckeltal per förbund och år räknade på samma sätt för alla, "
        "regelkatalogens utfall som en matris, utvecklingen över åren ur flerårsöversikterna, "
        "diagram och det som hindrar jämförelser. En fil som inte går att läsa anges med sina "
        "fel på standard fel och i rapportens underlag; körningen fortsätter med de övriga. "
        "Slutkod 0: rapporten skrevs; 3: ingen fil gick att använda (eller felaktig regelkatalog).",
        _run_genomlys, _arguments_genomlys, ("ut", "utdata", "katalog", "motor"),
        epilog="Exempel:\n  finsam genomlys examples/ -o genomlysning.md\n  finsam genomlys examples/ --format html -o genomlysning.html\n"
        "  finsam genomlys a.yaml b.yaml --format json --diagram diagram/",
    ),
    Subcommand(
        "utkast", "skriv ett utkast till rapportfil ur årsredovisningens PDF eller text",
        "Läser årsredovisningen (PDF med text, inskannad PDF med --ocr, eller en textfil) och skriver "
        "en rapportfil att granska och komplettera: varje värde med sin källa (kalla), värden som valts "
        "bland flera läsningar märkta '# UTKAST: kontrollera', det som inte hittades utelämnat. "
        "En sammanfattning (hittat, gissat, saknas) skrivs på standard fel. Slutkod 3: filen gick inte att läsa "
        "eller är ingen årsredovisning; då skrivs inget.",
        _run_utkast, _arguments_utkast, ("ut",),
        epilog="Exempel:\n  finsam utkast arsredovisning.pdf -o utkast.yaml\n  finsam validera utkast.yaml\n"
        "  finsam granska utkast.yaml -o granskning.md",
    ),
    Subcommand(
        "webb", "öppna granskningen som en webbsida på den här datorn",
        "Startar en webbsida på den här datorn (bara 127.0.0.1, ingen annan dator når den) och öppnar "
        "den i webbläsaren. Släpp årsredovisningen (PDF eller text) eller en rapportfil (YAML) på sidan, "
        "gå igenom uppgifterna del för del, granska och ladda ner rapporten. Inget sparas när sidan "
        "stängs, utom det du laddar ner. Avsluta med Ctrl-C.",
        _run_webb, _arguments_webb,
        epilog="Exempel:\n  finsam webb\n  finsam webb --port 8080 --ingen-webblasare",
    ),
    Subcommand(
        "mall", "skriv ut en kommenterad mall för en rapportfil",
        "Skriver ut en kommenterad YAML-mall som täcker varje del av modellen.",
        _run_mall,
    ),
    Subcommand(
        "schema", "skriv ut JSON Schema för rapportfiler",
        "Skriver ut rapportfilernas JSON Schema (för editorer med YAML language server).",
        _run_schema, _arguments_schema,
    ),
]


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with `only`, a subcommand's own arguments are added for that one alone.

    The others still stand in the list of subcommands with their help, as `finsam --help` shows
    them, but nothing parses or shows their arguments: adding them all was a few per cent of a
    command's start.
    """
    parser = SwedishParser(
        prog="finsam",
        description="Förgranskning av ett samordningsförbunds årsredovisning (Finsam) mot lag, "
        "nationella rekommendationer och god revisionssed.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"finsam-granskning {__version__}", help="visa versionen")
    sub = parser.add_subparsers(dest="kommando", metavar="KOMMANDO", parser_class=SwedishParser)
    for command in SUBCOMMANDS:
        p = sub.add_parser(
            command.name, help=command.help, description=command.description, epilog=command.epilog,
            aliases=list(command.aliases),
            # An epilog holds examples, one a line: keep its line breaks.
            formatter_class=argparse.RawDescriptionHelpFormatter if command.epilog else argparse.HelpFormatter,
        )
        if only is None or only == command.name or only in command.aliases:
            command.arguments(p)
            for group in ("tal", *command.shared):
                SHARED[group](p)
        p.set_defaults(run=command.run)
    return parser


def _subcommand(argv: list[str]) -> str | None:
    """The subcommand named first, when it is the first argument (else None: the whole parser)."""
    if argv and any(argv[0] == c.name or argv[0] in c.aliases for c in SUBCOMMANDS):
        return argv[0]
    return None


def main(argv: list[str] | None = None) -> int:
    # The same validation whatever else is installed: a pydantic plugin would see (and could
    # change) every validation, and looking for one reads every installed package's metadata.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from .plugins import stand_in_for_the_loader

    stand_in_for_the_loader()
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(only=_subcommand(argv))
    args = parser.parse_args(argv)
    if not args.kommando:
        parser.print_help()
        return exitcodes.OK
    try:
        return args.run(args)
    except InputError as exc:
        for problem in exc.problems:
            say(problem, err=True)
        return exitcodes.INPUT
    except KeyboardInterrupt:
        say("avbrutet", err=True)
        return exitcodes.INTERRUPTED
    except BrokenPipeError:
        # The reader went away (finsam regler | head): stop quietly, as Unix tools do.
        sys.stdout = open(os.devnull, "w")
        return exitcodes.BROKEN_PIPE
    except OSError as exc:
        # A place the operating system refused (a folder that cannot be listed, …): said in Swedish.
        from .errors import os_message

        say(Problem(str(exc.filename or "finsam"), None, "", os_message(exc)), err=True)
        return exitcodes.INPUT
