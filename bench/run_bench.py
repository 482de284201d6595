"""Measure the checker on this machine against its targets; print a Markdown table.

    python bench/run_bench.py [--antal 1000] [--profil]

1. `finsam granska` on one real example, end to end: median of 5 subprocess runs.
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
TARGETS = {"granska": 0.5, "genomlys_s": 10.0, "genomlys_mb": 500.0, "katalog_ms": 5.0}


def _command(*args: str) -> list[str]:
    if FINSAM.exists():
        return [str(FINSAM), *args]
    return [sys.executable, "-m", "checker", *args]


def bench_granska(runs: int = 5) -> tuple[float, list[float]]:
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(runs):
            start = time.perf_counter()
            done = subprocess.run(_command("granska", str(EXAMPLE), "-o", f"{tmp}/g{i}.md", "--datum", "2026-01-01"),
                                  capture_output=True, text=True)
            times.append(time.perf_counter() - start)
            if done.returncode not in (0, 1, 2):
                raise SystemExit(f"finsam granska misslyckades ({done.returncode}): {done.stderr}")
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mät finsam på den här maskinen mot målen.")
    parser.add_argument("--antal", type=int, default=1000, help="antal syntetiska rapporter för genomlys (standard 1000)")
    parser.add_argument("--jobb", type=int, help="skickas till finsam genomlys --jobb")
    parser.add_argument("--motor", choices=["durable", "referens"], default="durable", help="skickas till finsam genomlys --motor")
    parser.add_argument("--profil", action="store_true", help="profilera även om målen nås")
    args = parser.parse_args(argv)

    load_before = os.getloadavg()
    print(f"Maskin: {os.cpu_count()} kärnor, Python {sys.version.split()[0]}, belastning före {load_before[0]:.2f}", file=sys.stderr)
    g_median, g_runs = bench_granska()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "syntetiska"
        generate.generate(args.antal, folder)
        extra = (["--jobb", str(args.jobb)] if args.jobb else []) + ["--motor", args.motor]
        gl = bench_genomlys(folder, extra)
        cat = bench_catalogue(folder)
        rows = [
            ("`finsam granska` på ett verkligt exempel (median av 5)", f"{g_median:.2f} s", f"≤ {TARGETS['granska']} s", g_median <= TARGETS["granska"]),
            (f"`finsam genomlys` på {args.antal} syntetiska rapporter (motor {args.motor}), tid", f"{gl['wall']:.1f} s (cpu {gl['cpu']:.1f} s)", f"≤ {TARGETS['genomlys_s']:.0f} s", gl["wall"] <= TARGETS["genomlys_s"]),
            (f"`finsam genomlys` på {args.antal}, minne (hela processträdet)", f"{gl['tree_mb']:.0f} MB", f"≤ {TARGETS['genomlys_mb']:.0f} MB", gl["tree_mb"] <= TARGETS["genomlys_mb"]),
            (f"`finsam genomlys` på {args.antal}, minne (största processen)", f"{gl['max_process_mb']:.0f} MB", f"≤ {TARGETS['genomlys_mb']:.0f} MB", gl["max_process_mb"] <= TARGETS["genomlys_mb"]),
            (f"Katalogen ({cat['rules']} regler) per rapport, regelmotorn ({cat['durable'][1]})", f"{cat['durable'][0]:.2f} ms", f"≤ {TARGETS['katalog_ms']:.0f} ms", cat["durable"][0] <= TARGETS["katalog_ms"]),
            (f"Katalogen per rapport, referensutvärderaren ({cat['reference'][1]})", f"{cat['reference'][0]:.2f} ms", f"≤ {TARGETS['katalog_ms']:.0f} ms", cat["reference"][0] <= TARGETS["katalog_ms"]),
        ]
        load_after = os.getloadavg()
        print("| mätning | resultat | mål | nått |")
        print("| --- | ---: | ---: | :---: |")
        for name, value, target, ok in rows:
            print(f"| {name} | {value} | {target} | {'ja' if ok else '**nej**'} |")
        print()
        print(f"Körningar av granska: {', '.join(f'{t:.2f}' for t in g_runs)} s. Katalogen mätt på {cat['reports']} rapporter.")
        print(f"Kommandot: `{gl['command']}`")
        print(f"Maskin: {os.cpu_count()} kärnor; belastning (1 min) före {load_before[0]:.2f}, efter {load_after[0]:.2f}.")
        if args.profil or not all(ok for *_, ok in rows[1:4]):
            print()
            print(profile_genomlys(folder, min(args.antal, 200)))
        if args.profil or not rows[4][3]:
            print()
            print(profile_catalogue(folder))
    return 0


if __name__ == "__main__":
    sys.exit(main())
