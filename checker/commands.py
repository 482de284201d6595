"""Subcommands that run the pipeline: granska, regler, genomlys."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path


def add_commands(sub) -> None:
    p = sub.add_parser(
        "granska",
        help="granska en årsredovisning och skriv granskningsrapporten",
        description="Prövar rapportfilen mot hela regelkatalogen och skriver granskningsrapporten "
        "(Markdown, HTML eller JSON). Slutkod 0: allt uppfyllt, 1: iakttagelser eller underlag saknas, "
        "2: avvikelser, 3: felaktig indata.",
    )
    p.add_argument("fil", metavar="FIL", help="rapportfil i YAML")
    p.add_argument("--format", choices=["md", "html", "json"], default="md", help="utformat (standard: md)")
    p.add_argument("-o", "--ut", metavar="UTFIL", help="skriv till UTFIL i stället för standard ut (ersätts atomärt, aldrig indatafilen)")
    p.add_argument("--datum", metavar="ÅÅÅÅ-MM-DD", help="rapportens datum (standard: i dag)")
    p.add_argument("--regler", metavar="MAPP", help="regelkatalog (standard: rules/ i projektet)")
    p.add_argument("--motor", choices=["durable", "referens"], default="durable", help="regelmotor (standard: durable-rules; referens = ren Python)")
    p.set_defaults(run=run_granska)

    p = sub.add_parser("regler", help="lista regelkatalogen", description="Listar reglerna: id, titel, källa och de parametrar som gäller året.")
    p.add_argument("--år", dest="ar", type=_year, metavar="ÅR", help="visa parametrarna som gäller detta räkenskapsår (standard: innevarande år)")
    p.add_argument("--regler", metavar="MAPP", help="regelkatalog (standard: rules/ i projektet)")
    p.add_argument("--testa", action="store_true", help="kör reglernas egna fall och visa resultatet")
    p.set_defaults(run=run_regler)

    from .genomlys.command import add_genomlys

    add_genomlys(sub)


def _year(text: str) -> int:
    if not text.isdigit() or not 2004 <= int(text) <= 2100:
        raise argparse.ArgumentTypeError(f"'{text}' är inget räkenskapsår (2004–2100)")
    return int(text)


def _date(text: str | None) -> str:
    if text is None:
        return dt.date.today().isoformat()
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        from .errors import InputError, Problem

        raise InputError([Problem("--datum", None, "", f"'{text}' är inget datum; skriv ÅÅÅÅ-MM-DD")])


def run_granska(args: argparse.Namespace) -> int:
    from .output import write_output
    from .pipeline import granska

    report_date = _date(args.datum)
    prefer = "reference" if args.motor == "referens" else "durable"
    g = granska(args.fil, args.regler, prefer)
    if args.format == "json":
        from .render.json_out import render_json

        text = render_json(g)
    else:
        from .render.markdown_out import render_markdown

        text = render_markdown(g, report_date)
        if args.format == "html":
            from .render.html_out import render_html

            text = render_html(text, title=f"Granskningsrapport {g.forbund} {g.rakenskapsar}")
    write_output(text, args.ut, [Path(args.fil)])
    if args.ut:
        c = g.counts()
        from .format import antal

        print(
            f"{args.ut}: {antal(c['avvikelse'], 'avvikelse', 'avvikelser')}, "
            f"{antal(c['iakttagelse'], 'iakttagelse', 'iakttagelser')}, "
            f"{antal(c['underlag_saknas'], 'regel', 'regler')} utan underlag, "
            f"{antal(c['uppfylld'], 'uppfylld', 'uppfyllda')}, {c['fel']} fel",
            file=sys.stderr,
        )
    return g.exit_code()


def run_regler(args: argparse.Namespace) -> int:
    from . import format as fmt
    from .pipeline import checker_for

    checker = checker_for(args.regler)
    kat = checker.katalog
    year = dt.date.today().year if args.ar is None else args.ar
    if args.testa:
        from .cases import run_cases

        results = run_cases(kat, checker)
        failed = [r for r in results if not r.ok]
        for r in results:
            mark = "ok " if r.ok else "FEL"
            print(f"{mark} {r.rule}: {r.case}: väntat {r.expected}, fick {r.actual}")
            for text in r.missing_text:
                print(f"      meddelandet saknar '{text}': {r.message}")
        print(f"{len(results) - len(failed)} fall godkända, {len(failed)} underkända")
        return 3 if failed else 0
    print(f"Regelkatalog {kat.version} – {len(kat.rules)} regler, parametrar som gäller {year}. Motor: {checker.engine.name}\n")
    for rule in sorted(kat.rules, key=lambda r: r.id):
        print(f"{rule.id}  {rule.titel}  [avsnitt {rule.avsnitt}, {rule.vid_brist} vid brist, {rule.vikt}]")
        for k in rule.kallor:
            print(f"    källa: {k.namn}{'' if k.verifierad else ' (citatet ej verifierat mot källan)'}")
        if (rule.giltig_fran and year < rule.giltig_fran) or (rule.giltig_till and year > rule.giltig_till):
            print(f"    gäller inte {year}")
        for name in rule.parametrar:
            param = kat.parameters[name]
            found = param.in_force(year)
            if found is None:
                print(f"    parameter {name}: inget värde gäller {year}")
                continue
            start, pv = found
            if pv.trappa is not None:
                steps = ", ".join(f"från {fmt.tal(s.fran)}: {fmt.tal(s.varde)}" for s in pv.trappa)
                shown = f"trappa efter {param.trappa_efter} ({steps})"
            else:
                shown = fmt.tal(pv.varde)
            print(f"    parameter {name} = {shown} {param.enhet} (gäller från {start}) – {param.beskrivning}")
    return 0
