"""Read every report given, each through the same pipeline as `finsam granska`.

A file that cannot be read or validated is left out with its problems (file,
line, field, what is wrong) and the run goes on. Each usable report is reduced
to a small summary; on many files the work is shared among processes.
"""

from __future__ import annotations

import gc
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional, TextIO, Union

from ..errors import InputError
from ..load import load_report
from ..model import Arsredovisning
from . import compact, trends
from .keyfigures import Cell, cells

SUFFIXES = (".yaml", ".yml")


@dataclass(slots=True)  # thousands are kept (see compact.py)
class Summary:
    """What the genomlysning needs of one report."""

    fil: str
    namn: str
    organisationsnummer: Optional[str]
    lan: Optional[str]
    ar: int
    dokument: Optional[str]
    motor: str
    katalogversion: str
    nyckeltal: dict[str, Cell]
    utfall: dict[str, str]  # rule id → outcome
    egna: trends.Figures  # the report's own figures for its year
    oversikt: dict[int, trends.Figures]  # its flerårsöversikt
    fb_delar: Optional[dict[str, Optional[bool]]]  # None: the förvaltningsberättelse is not described
    fb_rubriker: dict[str, str]  # the required parts in force for the year: field → heading
    oversikt_tak: dict[int, float]  # the ceiling in force for each year of the flerårsöversikt
    angivna: dict[str, str]  # key figures as the förbund states them
    adm_mal: Optional[float]
    delar_saknas: list[str]  # parts of the report that are absent
    tkr_delar: list[str]  # parts given in tkr
    brister: dict[str, int] = field(default_factory=dict)  # defects per outcome (Granskning.counts)

    def count(self, utfall: str) -> int:
        if utfall in self.brister:
            return self.brister[utfall]  # one defect once, as the report counts it
        return sum(1 for u in self.utfall.values() if u == utfall)


@dataclass
class LeftOut:
    fil: str
    problem: list[str]  # each as printed on stderr
    skal: str  # one line for the summary


Result = Union[Summary, LeftOut]

# Parts whose absence makes reports less comparable (key → name in the report).
PARTS = {
    "forvaltningsberattelse": "förvaltningsberättelse (delarna angivna)",
    "resultatrakning": "resultaträkning",
    "balansrakning": "balansräkning",
    "kassaflodesanalys": "kassaflödesanalys",
    "driftredovisning": "driftredovisning",
    "kostnadsfordelning": "kostnadsfördelning (individinriktat/strukturövergripande/administration)",
    "medlemsbidrag": "medlemsbidrag per part",
    "budget": "årets budget",
    "oversikt": "flerårsöversikt",
    "angivna_nyckeltal": "angivna nyckeltal",
    "balanskrav": "balanskravsutredning",
}
TKR_PARTS = {
    "medlemsbidrag": "medlemsbidrag",
    "ovriga_intakter": "övriga intäkter",
    "resultatrakning": "resultaträkning",
    "balansrakning": "balansräkning",
    "kassaflodesanalys": "kassaflödesanalys",
    "driftredovisning": "driftredovisning",
    "kostnadsfordelning": "kostnadsfördelning",
    "oversikt": "flerårsöversikt",
}


# --- input files -----------------------------------------------------------------


def expand(inputs: Iterable[str]) -> tuple[list[str], list[LeftOut]]:
    """Folders become their YAML files (sorted, subfolders included); a path that is missing is left out."""
    files: list[str] = []
    left: list[LeftOut] = []
    seen: set[str] = set()
    for name in inputs:
        path = Path(name)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*")
                if p.suffix.lower() in SUFFIXES and p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                left.append(LeftOut(name, [f"{name}: mappen innehåller inga YAML-filer (.yaml, .yml)"], "mappen innehåller inga YAML-filer"))
            candidates = [str(p) for p in found]
        elif path.exists():
            candidates = [name]
        else:
            left.append(LeftOut(name, [f"{name}: filen finns inte"], "filen finns inte"))
            continue
        for c in candidates:
            key = os.path.realpath(c)
            if key not in seen:
                seen.add(key)
                files.append(c)
    return files, left


# --- one report -----------------------------------------------------------------------




# Stated key figures (comparability's names) and the facts that hold them.
_STATED_FACTS = {
    "ek_andel_av_medlemsbidrag": "angiven_ek_andel",
    "soliditet": "angiven_soliditet",
    "administrationsandel": "angiven_administrationsandel",
    "stegforflyttning": "angiven_stegforflyttning",
}


def summarise(path: str, report: Arsredovisning, rules_dir: Optional[str], prefer: str) -> Summary:
    """What the genomlysning needs of one report: read from its facts and findings only."""
    from ..pipeline import checker_for, examine

    checker = checker_for(rules_dir, prefer)
    examined = examine(report, checker)
    facts, g = examined.facts, examined.granskning
    fb_items = facts.collections.get("fb_delar", [])
    fb_parts = None
    if "forvaltningsberattelse" not in _absent(facts):
        fb_parts = {i.facts["falt"].value: (i.facts["finns"].value if "finns" in i.facts else None) for i in fb_items}
    parts = {i.label: i.facts for i in facts.collections.get("rapportens_delar", [])}
    ceilings = {i.facts["ar"].value: i.facts["ek_tak_procent"].value
                for i in facts.collections.get("oversikt", []) if "ek_tak_procent" in i.facts}
    return Summary(
        fil=path,
        namn=g.forbund,
        organisationsnummer=g.organisationsnummer,
        lan=facts.value("lan"),
        ar=g.rakenskapsar,
        dokument=g.dokument,
        motor=g.motor,
        katalogversion=g.katalogversion,
        nyckeltal=cells(facts, checker.katalog.fakta),
        utfall={f.id: f.utfall for f in g.findings},
        brister=g.counts(),
        egna=trends.own_figures(facts),
        oversikt=trends.overview_figures(facts),
        fb_delar=fb_parts,
        fb_rubriker={i.facts["falt"].value: i.label for i in fb_items},
        oversikt_tak=ceilings,
        angivna={k: facts.value(n) for k, n in _STATED_FACTS.items() if facts.value(n) is not None},
        adm_mal=facts.value("adm_mal"),
        delar_saknas=[k for k in PARTS if k in parts and not parts[k]["finns"].value],
        tkr_delar=[k for k in TKR_PARTS if k in parts and parts[k]["i_tkr"].value],
    )


def _absent(facts) -> set[str]:
    return {i.label for i in facts.collections.get("rapportens_delar", []) if not i.facts["finns"].value}


def analyse(path: str, rules_dir: Optional[str] = None, prefer: str = "durable") -> Result:
    from ..pipeline import checker_for

    try:
        report = load_report(path, checker_for(rules_dir, prefer).katalog)
    except InputError as exc:
        problems = [str(p) for p in exc.problems]
        first = exc.problems[0]
        where = f"rad {first.line}: " if first.line else ""
        more = f" (och {len(problems) - 1} fel till)" if len(problems) > 1 else ""
        what = f"{first.path}: {first.message}" if first.path else first.message
        return LeftOut(path, problems, f"{where}{what}{more}")
    try:
        return summarise(path, report, rules_dir, prefer)
    except InputError:
        raise  # the rule catalogue itself is broken: nothing can be assessed
    except Exception as exc:  # a fault of the checker, not of the file: say so, go on
        text = f"{type(exc).__name__}: {exc}"
        return LeftOut(path, [f"{path}: kunde inte granskas (internt fel, rapportera det): {text}"], f"internt fel: {text}")


def _analyse_args(args: tuple) -> Result:
    return analyse(*args)


# A report makes some hundred thousand objects that live until it is done, and the collector's
# youngest generation is scanned every 700: with 20 000, 3 % fewer instructions a report
# (callgrind, 30 generated reports). A report's garbage is freed by reference counting; the few
# cycles wait a little longer.
YOUNG_THRESHOLD = 20_000


def _fewer_collections() -> tuple[int, int, int]:
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], YOUNG_THRESHOLD), before[1], before[2])
    return before


# --- many reports -----------------------------------------------------------------------


class Progress:
    """A one-line progress bar on stderr; silent when disabled."""

    def __init__(self, total: int, enabled: bool, stream: Optional[TextIO] = None, label: str = "genomlyser"):
        self.total, self.enabled, self.label = total, enabled and total > 0, label
        self.stream = stream if stream is not None else sys.stderr
        self.done, self._last, self._start = 0, 0.0, time.monotonic()

    def step(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if self.enabled and (now - self._last >= 0.1 or self.done == self.total):
            self._last = now
            width = 30
            filled = int(width * self.done / self.total)
            bar = "#" * filled + "." * (width - filled)
            seconds = f"{now - self._start:.1f}".replace(".", ",")
            self.stream.write(f"\r{self.label} [{bar}] {self.done}/{self.total} filer, {seconds} s")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def collect(files: list[str], rules_dir: Optional[str] = None, prefer: str = "durable", jobs: int = 1,
            progress: Optional[Progress] = None, meanwhile: Optional[Callable[[], None]] = None) -> list[Result]:
    """One result per file, in the order given.

    `meanwhile` is called once in this process while worker processes read the reports (after the
    first result: they have started, so nothing it imports is copied into them): this process
    otherwise only waits, so work done there, such as importing what comes after, costs no time.
    """
    progress = progress or Progress(len(files), False)
    results: list[Result] = []
    # Processes pay off only on many files: each compiles the catalogue once.
    if jobs > 1 and len(files) >= 8 * jobs:
        import multiprocessing as mp

        ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
        chunk = max(1, min(16, len(files) // (jobs * 8)))
        with ctx.Pool(jobs, initializer=_fewer_collections) as pool, _LongLived() as keep:
            for result in pool.imap(_analyse_args, [(f, rules_dir, prefer) for f in files], chunksize=chunk):
                keep(results, result)
                progress.step()
                if meanwhile is not None:
                    meanwhile, then = None, meanwhile
                    then()
    else:
        with _LongLived() as keep:
            for f in files:
                keep(results, analyse(f, rules_dir, prefer))
                progress.step()
    progress.close()
    return results


class _LongLived:
    """Keeps the summaries compactly (compact.py) and out of the cyclic collector's way while they accumulate.

    Every full collection rescans every tracked object, so with thousands of summaries kept the
    run grew faster than linearly (12.7 ms a report at 1 000, 18.6 at 10 000). Now and then the
    young garbage is collected and what survives, the summaries, is frozen: each collection then
    only scans what the last few reports made.
    """

    EVERY = 64

    def __enter__(self):
        self.count = 0
        self.threshold = _fewer_collections()
        return self

    def __call__(self, results: list, result) -> None:
        results.append(compact.summary(result) if isinstance(result, Summary) else result)
        self.count += 1
        if self.count % self.EVERY == 0:
            gc.collect()
            gc.freeze()

    def __exit__(self, *exc) -> None:
        gc.unfreeze()
        gc.set_threshold(*self.threshold)


# --- förbund ------------------------------------------------------------------------------

_PREFIX = re.compile(r"^(samordningsförbundet|samordningsförbund|finsamförbundet|finsam|förbundet)(\s+i)?\s+", re.IGNORECASE)


def short_name(name: str) -> str:
    """'Samordningsförbundet Sydnärke' → 'Sydnärke'; 'FINSAM Lekeberg och Örebro' → 'Lekeberg och Örebro';
    'Samordningsförbundet i Gävle' → 'Gävle'."""
    text = re.sub(r"\s+", " ", name.strip())
    while True:
        stripped = _PREFIX.sub("", text)
        if stripped == text or not stripped:
            return text
        text = stripped


def name_key(name: str) -> str:
    return re.sub(r"[^\wåäö]+", " ", short_name(name).lower()).strip()


@dataclass
class Forbund:
    id: str
    namn: str  # as the latest report writes it
    kortnamn: str
    namn_i_rapporterna: list[str]
    organisationsnummer: Optional[str]
    rapporter: list[Summary] = field(default_factory=list)  # by year


def group(summaries: list[Summary]) -> tuple[list[Forbund], list[LeftOut]]:
    """Reports of one förbund: the same organisationsnummer or the same name (without 'Samordningsförbundet', 'FINSAM')."""
    parent = list(range(len(summaries)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    orgs: dict[int, set[str]] = {i: ({s.organisationsnummer} if s.organisationsnummer else set()) for i, s in enumerate(summaries)}

    def union(i: int, j: int) -> None:
        a, b = sorted((find(i), find(j)))
        if a == b or len(orgs[a] | orgs[b]) > 1:
            return  # two different organisationsnummer: two förbund, whatever their names
        parent[b] = a
        orgs[a] |= orgs[b]

    by_org: dict[str, int] = {}
    for i, s in enumerate(summaries):
        if s.organisationsnummer:
            if s.organisationsnummer in by_org:
                union(by_org[s.organisationsnummer], i)
            else:
                by_org[s.organisationsnummer] = i
    by_name: dict[str, list[int]] = {}
    for i, s in enumerate(summaries):
        by_name.setdefault(name_key(s.namn), []).append(i)
    for members in by_name.values():
        for i in members[1:]:
            union(members[0], i)
        for i in members[1:]:  # one without a number joins whichever cluster it can
            for j in members:
                union(j, i)
    clusters: dict[int, list[Summary]] = {}
    for i, s in enumerate(summaries):
        clusters.setdefault(find(i), []).append(s)
    out: list[Forbund] = []
    left: list[LeftOut] = []
    for members in clusters.values():
        members.sort(key=lambda s: (s.ar, s.fil))
        kept: list[Summary] = []
        for s in members:
            same = next((k for k in kept if k.ar == s.ar), None)
            if same is not None:
                text = f"samma förbund och år ({s.ar}) som {same.fil}, som används"
                left.append(LeftOut(s.fil, [f"{s.fil}: {text}"], text))
                continue
            kept.append(s)
        latest = kept[-1]
        orgnr = next((s.organisationsnummer for s in reversed(kept) if s.organisationsnummer), None)
        names = sorted({s.namn for s in kept})
        out.append(Forbund(
            id=name_key(latest.namn).replace(" ", "-"),
            namn=latest.namn,
            kortnamn=short_name(latest.namn),
            namn_i_rapporterna=names,
            organisationsnummer=orgnr,
            rapporter=kept,
        ))
    out.sort(key=lambda f: (f.kortnamn.lower(), f.id))
    ids: dict[str, int] = {}
    for f in out:  # two förbund with one short name but different numbers keep apart
        n = ids.get(f.id, 0)
        ids[f.id] = n + 1
        if n:
            f.id = f"{f.id}-{n + 1}"
    return out, left
