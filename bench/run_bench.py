"""Measure the checker on this machine against its targets; print a Markdown table.

    python bench/run_bench.py [--antal 1000] [--profil] [--bara-granska]

1. `finsam granska` on one real example, end to end: median of 7 subprocess runs, with the
   catalogue cache (its own folder, warmed first) and without it (FINSAM_CACHE=0).
2. `finsam genomlys` on N synthetic reports (bench/generate.py, fixed seed):
   wall time, and peak memory both of the largest process (wait4) and of the
   whole process tree (RSS summed over the command and its workers, sampled).
3. The catalogue through the rule engine and through the reference evaluator:
   Checker.run per report, in one batch of already derived facts.

With --profil (or when a target is missed) genomlys is profiled in-process on
one core and the time is summed per package, so it shows where the time goes.
"""

from __future__ import annotations

import argparse
import compileall
import cProfile
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import generate  # noqa: E402

EXAMPLE = ROOT / "examples" / "lekeberg-orebro-2025.yaml"
FINSAM = Path(sys.executable).with_name("finsam")
# Issue 16's targets: per-report cost at the large size within 10 % of the small one.
TARGETS = {"granska": 0.15, "genomlys_1000_s": 5.0, "linjaritet": 1.10, "genomlys_mb": 250.0}


def _command(*args: str) -> list[str]:
    if FINSAM.exists():
        return [str(FINSAM), *args]
    return [sys.executable, "-m", "checker", *args]


def bench_granska(runs: int = 7, cache: bool = True) -> tuple[float, list[float]]:
    """Median wall time of `finsam granska` as a user runs it: the package's bytecode compiled (as
    pip does on install, whatever PYTHONDONTWRITEBYTECODE says), the catalogue cache in a folder of
    its own (warmed by one run not counted), or off with cache=False."""
    compileall.compile_dir(str(ROOT / "checker"), quiet=1)
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "FINSAM_CACHE": f"{tmp}/cache" if cache else "0"}

        def once(i: int) -> float:
            start = time.perf_counter()
            done = subprocess.run(_command("granska", str(EXAMPLE), "-o", f"{tmp}/g{i}.md", "--datum", "2026-01-01"),
                                  capture_output=True, text=True, env=env)
            if done.returncode not in (0, 1, 2):
                raise SystemExit(f"finsam granska misslyckades ({done.returncode}): {done.stderr}")
            return time.perf_counter() - start

        once(-1)
        times = [once(i) for i in range(runs)]
    return statistics.median(times), times


def _tree_rss_kb(pid: int) -> int:
    """RSS of a process and all its descendants, from /proc."""
    total, stack, seen = 0, [pid], set()
    while stack:
        p = stack.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            with open(f"/proc/{p}/status", encoding="ascii", errors="replace") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children", encoding="ascii") as fh:
                    stack.extend(int(c) for c in fh.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def bench_genomlys(folder: Path, extra: list[str]) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        cmd = _command("genomlys", str(folder), "-o", f"{tmp}/genomlysning.md", "--datum", "2026-01-01", *extra)
        peak_tree = 0
        stop = threading.Event()
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

        def sample() -> None:
            nonlocal peak_tree
            while not stop.is_set():
                peak_tree = max(peak_tree, _tree_rss_kb(proc.pid))
                stop.wait(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        stderr = proc.stderr.read() if proc.stderr else b""
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        stop.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            raise SystemExit(f"finsam genomlys misslyckades ({proc.returncode}): {stderr.decode()[-2000:]}")
        return {"wall": wall, "max_process_mb": usage.ru_maxrss / 1024, "tree_mb": peak_tree / 1024,
                "cpu": usage.ru_utime + usage.ru_stime, "command": " ".join(cmd)}


def bench_catalogue(folder: Path, count: int = 300, passes: int = 3) -> dict:
    from checker.catalogue import load_catalogue
    from checker.evaluate import Checker
    from checker.facts import derive
    from checker.load import load_report as load

    files = sorted(folder.glob("*.yaml"))[:count] + sorted((ROOT / "examples").glob("*.yaml"))
    facts = [derive(load(str(f))) for f in files]
    kat = load_catalogue()
    out = {}
    for prefer in ("durable", "reference"):
        checker = Checker(kat, prefer=prefer)
        for f in facts[:5]:  # warm up
            checker.run(f, {"forbund": "x"})
        best = []
        for _ in range(passes):
            start = time.perf_counter()
            for f in facts:
                checker.run(f, {"forbund": "x"})
            best.append((time.perf_counter() - start) / len(facts) * 1000)
        out[prefer] = (statistics.median(best), checker.engine.name)
    out["reports"] = len(facts)
    out["rules"] = len(kat.rules)
    return out


def _grouped(prof: cProfile.Profile, title: str, top: int = 25) -> str:
    """Time per package (own time), then the top functions by cumulative time."""
    import io

    stats = pstats.Stats(prof)
    groups: dict[str, float] = {}
    total = 0.0
    for (filename, _, _), (_, _, tottime, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        total += tottime
        if "/checker/genomlys/" in filename:
            key = "checker.genomlys (genomlysningen)"
        elif "/checker/" in filename:
            key = "checker." + filename.split("/checker/")[-1].replace(".py", "").replace("/", ".")
        elif "site-packages/" in filename:
            key = filename.split("site-packages/")[-1].split("/")[0]
        elif filename.startswith("~") or filename.startswith("<"):
            key = "inbyggt/C (bl.a. YAML-parsern, durable-motorn)"
        else:
            key = "standardbiblioteket (bl.a. json, re)"
        groups[key] = groups.get(key, 0.0) + tottime
    lines = [f"{title}, {total:.1f} s under cProfile", "", "| del | tid (s) | andel |", "| --- | ---: | ---: |"]
    for key, t in sorted(groups.items(), key=lambda kv: -kv[1])[:14]:
        lines.append(f"| {key} | {t:.2f} | {100 * t / total:.0f} % |")
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(top)
    body = buf.getvalue()
    body = body[body.find("   ncalls"):] if "   ncalls" in body else body
    return "\n".join(lines) + "\n\n```\n" + body.strip() + "\n```\n"


def profile_genomlys(folder: Path, count: int) -> str:
    """genomlys in-process on one core."""
    from checker.cli import main

    files = sorted(folder.glob("*.yaml"))[:count]
    with tempfile.TemporaryDirectory() as tmp:
        prof = cProfile.Profile()
        prof.enable()
        main(["genomlys", *map(str, files), "-o", f"{tmp}/g.md", "--datum", "2026-01-01", "--jobb", "1"])
        prof.disable()
    return _grouped(prof, f"Profil: finsam genomlys på {len(files)} rapporter i en process (--jobb 1)")


def profile_catalogue(folder: Path, count: int = 200) -> str:
    """Checker.run on the rule engine over already derived facts."""
    from checker.catalogue import load_catalogue
    from checker.evaluate import Checker
    from checker.facts import derive
    from checker.load import load_report as load

    facts = [derive(load(str(f))) for f in sorted(folder.glob("*.yaml"))[:count]]
    checker = Checker(load_catalogue(), prefer="durable")
    checker.run(facts[0], {"forbund": "x"})
    prof = cProfile.Profile()
    prof.enable()
    for f in facts:
        checker.run(f, {"forbund": "x"})
    prof.disable()
    return _grouped(prof, f"Profil: Checker.run med regelmotorn på {len(facts)} rapporter", top=15)


def _measure(args: argparse.Namespace, folders: dict[int, Path]) -> dict[str, float]:
    """One pass over every figure; a figure's key names what it is."""
    out: dict[str, float] = {}
    out["granska_s"], _ = bench_granska(runs=7)
    out["granska_utan_cache_s"], _ = bench_granska(runs=7, cache=False)
    if args.bara_granska:
        return out
    for jobs in (1, 2):
        for n, folder in sorted(folders.items()):
            gl = bench_genomlys(folder, ["--jobb", str(jobs), "--motor", args.motor])
            out[f"genomlys_{n}_j{jobs}_s"] = gl["wall"]
            out[f"genomlys_{n}_j{jobs}_ms_per_rapport"] = gl["wall"] / n * 1000
            out[f"genomlys_{n}_j{jobs}_mb"] = gl["tree_mb"]
    cat = bench_catalogue(folders[min(folders)])
    out["katalog_durable_ms"] = cat["durable"][0]
    out["katalog_referens_ms"] = cat["reference"][0]
    return out


def _rows(m: dict[str, float], small: int, large: int) -> list[tuple[str, str, str, bool | None]]:
    rows = [("`finsam granska` på ett verkligt exempel, median av 7", f"{m['granska_s']:.3f} s",
             f"≤ {TARGETS['granska']} s", m["granska_s"] <= TARGETS["granska"]),
            ("– samma utan katalogcache (FINSAM_CACHE=0)", f"{m['granska_utan_cache_s']:.3f} s", "–", None)]
    if "katalog_durable_ms" not in m:
        return rows
    for jobs in (1, 2):
        a, b = m[f"genomlys_{small}_j{jobs}_ms_per_rapport"], m[f"genomlys_{large}_j{jobs}_ms_per_rapport"]
        rows.append((f"`genomlys --jobb {jobs}`: per rapport vid {small} / {large}", f"{a:.1f} / {b:.1f} ms (kvot {b / a:.2f})",
                     f"kvot ≤ {TARGETS['linjaritet']}", b / a <= TARGETS["linjaritet"]))
    t = m[f"genomlys_{small}_j2_s"]
    rows.append((f"`genomlys --jobb 2` på {small} rapporter", f"{t:.1f} s", f"≤ {TARGETS['genomlys_1000_s']:.0f} s",
                 t <= TARGETS["genomlys_1000_s"] * small / 1000))
    mb = max(m[f"genomlys_{large}_j1_mb"], m[f"genomlys_{large}_j2_mb"])
    rows.append((f"minne, hela processträdet, vid {large}", f"{mb:.0f} MB", f"≤ {TARGETS['genomlys_mb']:.0f} MB",
                 mb <= TARGETS["genomlys_mb"]))
    d, r = m["katalog_durable_ms"], m["katalog_referens_ms"]
    rows.append(("katalogen per rapport: regelmotorn / referensutvärderaren", f"{d:.2f} / {r:.2f} ms", "–", None))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mät finsam på den här maskinen mot målen.")
    parser.add_argument("--antal", type=int, default=1000, help="den lilla genomlysningen (standard 1000 rapporter)")
    parser.add_argument("--stor", type=int, default=10000, help="den stora genomlysningen (standard 10000 rapporter)")
    parser.add_argument("--upprepa", type=int, default=2, help="hela mätningen så många gånger; kvoten mellan körningarna visar bruset")
    parser.add_argument("--motor", choices=["durable", "referens"], default="durable", help="skickas till finsam genomlys --motor")
    parser.add_argument("--spara", type=Path, help="skriv mätvärdena som JSON hit")
    parser.add_argument("--jamfor", type=Path, help="jämför med mätvärden som sparats med --spara (kvot ny/gammal)")
    parser.add_argument("--profil", action="store_true", help="profilera genomlys och katalogen efteråt")
    parser.add_argument("--bara-granska", action="store_true", help="mät bara finsam granska (ingen genomlysning)")
    args = parser.parse_args(argv)

    import json

    load_before = os.getloadavg()
    print(f"Maskin: {os.cpu_count()} kärnor, Python {sys.version.split()[0]}, belastning före {load_before[0]:.2f}", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        folders = {}
        for n in [] if args.bara_granska else sorted({args.antal, args.stor}):
            folders[n] = Path(tmp) / f"syntetiska-{n}"
            generate.generate(n, folders[n])
        runs = [_measure(args, folders) for _ in range(max(1, args.upprepa))]
        best = {k: min(r[k] for r in runs) for k in runs[0]}
        print("| mätning | resultat | mål | nått |")
        print("| --- | ---: | ---: | :---: |")
        for name, value, target, ok in _rows(best, args.antal, args.stor):
            print(f"| {name} | {value} | {target} | {'–' if ok is None else 'ja' if ok else '**nej**'} |")
        print()
        print("Varje värde är det bästa av", len(runs), "körningar av samma bygge; kvoten största/minsta visar bruset:")
        print()
        print("| mätvärde | " + " | ".join(f"körning {i + 1}" for i in range(len(runs))) + " | kvot |")
        print("| --- |" + " ---: |" * (len(runs) + 1))
        for k in runs[0]:
            values = [r[k] for r in runs]
            print(f"| {k} | " + " | ".join(f"{v:.3f}" for v in values) + f" | {max(values) / min(values):.2f} |")
        if args.jamfor and args.jamfor.exists():
            old = json.loads(args.jamfor.read_text(encoding="utf-8"))
            print()
            print(f"Mot {args.jamfor} (kvot ny/gammal; över 1 är långsammare):")
            for k in best:
                if k in old.get("varden", {}):
                    print(f"- {k}: {best[k]:.3f} mot {old['varden'][k]:.3f}, kvot {best[k] / old['varden'][k]:.2f}")
        if args.spara:
            args.spara.write_text(json.dumps({"varden": best, "korningar": runs}, indent=1, sort_keys=True), encoding="utf-8")
        load_after = os.getloadavg()
        print()
        print(f"Maskin: {os.cpu_count()} kärnor; belastning (1 min) före {load_before[0]:.2f}, efter {load_after[0]:.2f}.")
        if args.profil and folders:
            print()
            print(profile_genomlys(folders[args.antal], min(args.antal, 200)))
            print()
            print(profile_catalogue(folders[args.antal]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
