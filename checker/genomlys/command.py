"""`finsam genomlys`: every förbund and year given, in one report for the region."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

EXIT_OK, EXIT_INPUT = 0, 3


def add_genomlys(sub) -> None:
    p = sub.add_parser(
        "genomlys",
        help="jämför förbund och år sida vid sida (regionens genomlysning)",
        description=(
            "Läser alla rapportfiler som anges (mappar läses med undermappar) och skriver en "
            "genomlysning: nyckeltal per förbund och år räknade på samma sätt för alla, "
            "regelkatalogens utfall som en matris, utvecklingen över åren ur flerårsöversikterna, "
            "diagram och det som hindrar jämförelser. En fil som inte går att läsa anges med sina "
            "fel på standard fel och i rapportens underlag; körningen fortsätter med de övriga. "
            "Slutkod 0: rapporten skrevs; 3: ingen fil gick att använda (eller felaktig regelkatalog)."
        ),
        epilog="Exempel:\n  finsam genomlys examples/ -o genomlysning.md\n  finsam genomlys examples/ --format html -o genomlysning.html\n"
        "  finsam genomlys a.yaml b.yaml --format json --diagram diagram/",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("indata", nargs="+", metavar="MAPP|FIL", help="mappar med rapportfiler (.yaml, .yml) eller enskilda rapportfiler")
    p.add_argument("--format", choices=["md", "html", "json"], default="md", help="utformat (standard: md)")
    p.add_argument("-o", "--ut", metavar="UTFIL", help="skriv till UTFIL i stället för standard ut (ersätts atomärt, aldrig en indatafil)")
    p.add_argument("--datum", metavar="ÅÅÅÅ-MM-DD", help="rapportens datum (standard: i dag)")
    p.add_argument(
        "--diagram", metavar="MAPP",
        help="skriv diagrammen som SVG i MAPP (md: standard är UTFIL:s namn + '-diagram' bredvid utfilen, "
        "eller genomlysning-diagram/; html: diagrammen bäddas alltid in; json: bara med --diagram)",
    )
    p.add_argument("--regler", metavar="MAPP", help="regelkatalog (standard: rules/ i projektet)")
    p.add_argument("--motor", choices=["durable", "referens"], default="durable", help="regelmotor (standard: durable-rules; referens = ren Python)")
    p.add_argument("--jobb", type=int, metavar="N", help="antal processer vid många filer (standard: antalet kärnor, högst 8)")
    p.add_argument("--förlopp", "--forlopp", dest="forlopp", action="store_true",
                   help="visa förloppet på standard fel även när det inte är en terminal")
    p.set_defaults(run=run_genomlys)


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
    from ..errors import InputError, Problem
    from ..output import write_output

    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError([Problem(str(directory), None, "--diagram", f"mappen kan inte skapas ({exc.strerror})")]) from None
    for c in g.diagram:
        path = directory / f"{c.id}.svg"
        write_output(c.svg, str(path), inputs)
        c.fil = Path(os.path.relpath(path, md_base)).as_posix()


def run_genomlys(args: argparse.Namespace) -> int:
    from ..catalogue import load_catalogue
    from ..commands import _date
    from ..output import write_output
    from .analysis import build
    from .collect import Progress, collect, default_jobs, expand

    datum = _date(args.datum)
    prefer = "reference" if args.motor == "referens" else "durable"
    katalog = load_catalogue(Path(args.regler) if args.regler else None)
    files, left = expand(args.indata)
    if args.jobb is not None and args.jobb < 1:
        from ..errors import InputError, Problem

        raise InputError([Problem("--jobb", None, "", "ska vara minst 1")])
    progress = Progress(len(files), args.forlopp or sys.stderr.isatty())
    results = collect(files, args.regler, prefer, args.jobb or default_jobs(), progress)
    g = build(results, left, katalog, datum)
    for x in g.utelamnade:
        for line in x.problem:
            print(line, file=sys.stderr)
    if not g.entries:
        print("genomlys: ingen rapportfil gick att använda; ingen rapport skrevs", file=sys.stderr)
        return EXIT_INPUT

    from .charts import make_charts
    from .render import render_html, render_json, render_markdown

    g.diagram = make_charts(g, katalog)
    inputs = [Path(f) for f in files]
    directory = _chart_dir(args)
    if directory is not None:
        base = Path(args.ut).resolve().parent if args.ut and args.ut != "-" else Path.cwd()
        _write_charts(g, directory, base, inputs)
    if args.format == "json":
        text = render_json(g)
    elif args.format == "html":
        text = render_html(g)
    else:
        text = render_markdown(g)
    write_output(text, args.ut, inputs)
    counts = f"{len(g.entries)} årsredovisningar från {len(g.forbund)} förbund"
    if g.utelamnade:
        counts += f"; {len(g.utelamnade)} fil{'er' if len(g.utelamnade) != 1 else ''} utelämnade: " + ", ".join(x.fil for x in g.utelamnade[:5])
        counts += " …" if len(g.utelamnade) > 5 else ""
    if args.ut or g.utelamnade:
        print(f"{args.ut or 'genomlys'}: {counts}", file=sys.stderr)
    return EXIT_OK
