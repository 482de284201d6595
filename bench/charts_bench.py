"""The charts of a genomlysning alone: CPU time and memory of make_charts, per chart.

    python bench/charts_bench.py [--antal 1000] [--mapp MAPP] [--spara FIL | --las FIL] [--upprepa 3]

Collecting thousands of reports takes minutes while the charts take about a second, so the
genomlysning make_charts receives is built once (from bench/generate.py's reports, or from
--mapp) and may be kept with --spara and read again with --las (a pickle: only your own files).
Each run starts with the text layouts forgotten, as a fresh `finsam genomlys` does; the time is
process CPU time (time.process_time), so other work on the machine inflates it less than wall
time; memory is the rise of the process's peak RSS during the charts (Linux: the peak is reset
first through /proc/self/clear_refs).
"""

from __future__ import annotations

import argparse
import gc
import pickle
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _status_mb(key: str) -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(key):
                return int(line.split()[1]) / 1024
    return float("nan")


def _genomlysning(args, katalog):
    from checker.genomlys.analysis import build
    from checker.genomlys.collect import collect, default_jobs, expand

    if args.las:
        with open(args.las, "rb") as fh:
            return pickle.load(fh)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.mapp) if args.mapp else Path(tmp) / "rapporter"
        if not args.mapp:
            import generate

            generate.generate(args.antal, folder)
        files, left = expand([str(folder)])
        start = time.perf_counter()
        g = build(collect(files, None, "durable", default_jobs()), left, katalog, "2026-01-01")
        print(f"insamling: {len(files)} filer på {time.perf_counter() - start:.0f} s", file=sys.stderr)
    if args.spara:
        with open(args.spara, "wb") as fh:
            pickle.dump(g, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return g


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--antal", type=int, default=1000, help="genererade rapporter (utan --mapp/--las)")
    parser.add_argument("--mapp", help="en mapp med rapporter i stället för genererade")
    parser.add_argument("--spara", help="spara genomlysningen (pickle) till FIL")
    parser.add_argument("--las", help="läs en sparad genomlysning i stället för att samla in")
    parser.add_argument("--upprepa", type=int, default=3, help="antal körningar av diagrammen")
    args = parser.parse_args()

    from checker.catalogue import load_catalogue
    from checker.genomlys import charts, svgtext

    katalog = load_catalogue()
    start = time.process_time()
    import matplotlib.figure  # noqa: F401  (imported once per command, not per chart)
    import matplotlib.textpath  # noqa: F401

    imports = time.process_time() - start
    g = _genomlysning(args, katalog)
    gc.collect()
    print(f"{len(g.entries)} årsredovisningar, {len(g.forbund)} förbund; import av matplotlib {imports:.2f} s CPU")
    print("| körning | CPU make_charts | ek-andel | ek-utveckling | kostnad | administration | minne, toppens ökning |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for run in range(1, args.upprepa + 1):
        svgtext.LAYOUTS.clear()
        gc.collect()
        try:
            with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
                fh.write("5")
        except OSError:
            pass
        before = _status_mb("VmRSS:")
        times: list[float] = []
        made = {}
        for name in ("ek_chart", "ek_trend_chart", "cost_chart", "adm_chart"):
            original = getattr(charts, name)

            def timed(*a, _f=original):
                t = time.process_time()
                out = _f(*a)
                times.append(time.process_time() - t)
                return out

            made[name] = (original, timed)
            setattr(charts, name, timed)
        try:
            start = time.process_time()
            charts.make_charts(g, katalog)
            total = time.process_time() - start
        finally:
            for name, (original, _) in made.items():
                setattr(charts, name, original)
        rise = _status_mb("VmHWM:") - before
        print(f"| {run} | {total:.2f} s | " + " | ".join(f"{t:.2f} s" for t in times) + f" | {rise:.0f} MB |")


if __name__ == "__main__":
    main()
