"""What the chosen libraries alone cost on this machine, beside issue 16's targets.

    python bench/floor_bench.py [--antal 1000] [--upprepa 15]

The targets are ≤ 0,15 s for `finsam granska` and ≤ 5 s for `finsam genomlys --jobb 2` on 1 000
reports. Neither can be beaten by the project's own code alone: Python has to start, pydantic v2
(the validation stage) and ruamel.yaml (the reader) have to be imported, every report has to go
through libyaml's events and pydantic's validator. This measures exactly those, with nothing of
the checker's own code:

1. start-up, as medians of subprocess runs of the interpreter finsam runs on: `pass`; the import
   of pydantic's BaseModel; BaseModel and ruamel.yaml's C parser together (the least a validated
   YAML read needs); and `finsam granska` itself for comparison;
2. per report, in one process over N generated reports (bench/generate.py, same seed as
   run_bench): the file read and drained through ruamel's C parser (no values built), and
   pydantic's validation of the already read values (the report model's compiled validator);
3. the floor of a genomlys run: (start-up of the command and of its second process) + N × the
   per-report library cost / 2 processes.

Printed as a Markdown table; the numbers are the machine's, so the table says when and how loaded.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import generate  # noqa: E402
from run_bench import EXAMPLE, TARGETS, _command  # noqa: E402

STARTS = {
    "`python -c pass`": "pass",
    "import av pydantic.BaseModel": "from pydantic import BaseModel",
    "import av BaseModel och ruamel.yamls C-läsare": "from pydantic import BaseModel\nfrom _ruamel_yaml import CParser",
}


def _median_run(cmd: list[str], runs: int, env: dict | None = None) -> tuple[float, float]:
    times = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - start)
    times = times[1:]  # the first warms the file cache
    return statistics.median(times), min(times)


def start_up(runs: int) -> dict[str, tuple[float, float]]:
    out = {name: _median_run([sys.executable, "-c", code], runs) for name, code in STARTS.items()}
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "FINSAM_CACHE": f"{tmp}/cache"}
        cmd = _command("granska", str(EXAMPLE), "-o", f"{tmp}/g.md", "--datum", "2026-01-01")
        out["`finsam granska` (hela kommandot)"] = _median_run(cmd, runs, env)
    return out


def per_report(folder: Path) -> dict[str, float]:
    """CPU seconds per report of the libraries' own work: reading, events, validation."""
    from _ruamel_yaml import CParser
    from ruamel.yaml.events import StreamEndEvent

    from checker.load import report_context
    from checker.pipeline import checker_for
    from checker.schemacache import validate_report
    from checker.yamlread import plain_values

    files = sorted(folder.glob("*.yaml"))
    context = report_context(checker_for().katalog)
    texts = [f.read_text(encoding="utf-8") for f in files]
    values = [plain_values(t) for t in texts]
    validate_report(values[0], context)  # the validator compiled before the clock starts

    start = time.process_time()
    for f in files:
        f.read_bytes().decode("utf-8")
    read = time.process_time() - start

    start = time.process_time()
    for text in texts:
        get = CParser(text).get_event
        while type(get()) is not StreamEndEvent:
            pass
    events = time.process_time() - start

    start = time.process_time()
    for data in values:
        validate_report(data, context)
    validation = time.process_time() - start
    n = len(files)
    return {"läsa filen": read / n, "ruamel.yamls händelser": events / n, "pydantics validering": validation / n}


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}".replace(".", ",") + " ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--antal", type=int, default=1000)
    parser.add_argument("--upprepa", type=int, default=15, help="körningar per startmätning (median)")
    args = parser.parse_args(argv)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "rapporter"
        generate.generate(args.antal, folder)
        starts = start_up(args.upprepa)
        libs = per_report(folder)
    print(f"Maskin: {os.cpu_count()} kärnor, Python {sys.version.split()[0]}, "
          f"{time.strftime('%Y-%m-%d %H.%M', time.gmtime())} UTC, belastning före {load_before:.2f}, "
          f"efter {os.getloadavg()[0]:.2f}.")
    print()
    print(f"| start (median av {args.upprepa}; minsta) | tid |")
    print("| --- | ---: |")
    for name, (median, least) in starts.items():
        print(f"| {name} | {_ms(median)} ({_ms(least)}) |")
    print()
    print(f"Målet för `finsam granska` är {TARGETS['granska']:.2f} s".replace(".", ",") + "; importen av BaseModel och ruamel.yamls "
          "C-läsare tar ensam " + _ms(starts["import av BaseModel och ruamel.yamls C-läsare"][0]) + ".")
    print()
    print(f"| per rapport, {args.antal} genererade, CPU | tid |")
    print("| --- | ---: |")
    for name, seconds in libs.items():
        print(f"| {name} | {_ms(seconds)} |")
    total = sum(libs.values())
    print(f"| summa | {_ms(total)} |")
    print()
    fixed = starts["import av BaseModel och ruamel.yamls C-läsare"][0]
    floor = fixed + args.antal * total / 2
    print(f"Golv för `genomlys --jobb 2` på {args.antal} rapporter, bara biblioteken: start "
          f"{_ms(fixed)} + {args.antal} × {_ms(total)} / 2 = {floor:.1f} s".replace(".", ",")
          + f" (mål {TARGETS['genomlys_1000_s'] * args.antal / 1000:.0f} s), före fakta, regler, motor och diagram.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
