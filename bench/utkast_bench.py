"""Measure `finsam utkast` on the seeds against the hand-encoded examples; print a Markdown table.

    python bench/utkast_bench.py [--seeds DIR] [--pdf]

For each seed: its draft is loaded like any report file and compared with the
example encoded by hand from the same document, part by part. A field is one
value the example holds (an amount per row and year, a note row's amount, a
member's contribution, a driftredovisning column, a förvaltningsberättelse
part, a stated key figure); it is right when the draft holds the same value
for the same row (matched by key, else by its printed text). Invented counts
the draft's amounts that the lines it cites do not print (worse than missing);
sums the draft computes from printed rows (medlemsbidrag totalt, kommunerna)
are counted apart as derived. Time is per report, wall and CPU, the best of three runs.

With --pdf the seeds' statement pages are first rendered to synthetic PDFs
(bench/syntetisk_pdf.py) and the drafts read from those instead.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ruamel.yaml import YAML  # noqa: E402

from checker.load import load_report  # noqa: E402
from checker.utkast import draft  # noqa: E402
from checker.utkast.text import fold, similar  # noqa: E402

SEEDS = {
    "lekeberg-orebro-2020": "000_7e7d819bfdc785f8.txt",
    "lekeberg-orebro-2025": "001_e3ca5dddb94c2f25.txt",
    "sydnarke-2023": "003_676d460a7b20bd12.txt",
}
PARTS = ["statements", "noter", "medlemsbidrag", "driftredovisning", "budgettabeller", "fb_delar", "nyckeltal", "oversikt", "revisorer", "budget", "administration"]
TARGETS = {"statements": 98.0, "noter": 90.0, "medlemsbidrag": 100.0}


def _match(rows, row):
    """The draft's row for an example row: same key, else same printed text, else a close one."""
    for r in rows:
        if r.nyckel == row.nyckel:
            return r
    for r in rows:
        if fold(r.rad) == fold(row.rad):
            return r
    best = max(rows, key=lambda r: similar(fold(r.rad), fold(row.rad)), default=None)
    if best is not None and similar(fold(best.rad), fold(row.rad)) >= 0.85:
        return best
    return None


def _table_fields(want, got) -> tuple[int, int]:
    right = total = 0
    for row in want.rader:
        match = _match(got.rader, row) if got else None
        for year, value in row.belopp.items():
            total += 1
            if match is not None and match.belopp.get(year) == value:
                right += 1
    return right, total


def statements(want, got):
    right = total = 0
    for name in ("resultatrakning", "balansrakning", "kassaflodesanalys"):
        w, g = getattr(want, name), getattr(got, name)
        if w is None:
            continue
        r, t = _table_fields(w, g)
        right, total = right + r, total + t
    return right, total


def noter(want, got):
    right = total = 0
    by_number = {n.nummer: n for n in got.noter}
    for note in want.noter:
        match = by_number.get(note.nummer)
        if match is None:
            cands = [n for n in got.noter if similar(fold(n.rubrik), fold(note.rubrik)) > 0.8]
            match = cands[0] if cands else None
        if not note.rader:
            total += 1  # the note itself (number and heading)
            right += match is not None
            continue
        r, t = _table_fields(note, match)
        right, total = right + r, total + t
    return right, total


def _stem(name: str) -> str:
    words = [w for w in fold(name).split() if w not in ("kommun", "region", "lan", "och")]
    return words[0].rstrip("s") if words else fold(name)


def medlemsbidrag(want, got):
    right = total = 0
    if want.medlemsbidrag:
        for key in ("totalt", "staten", "region", "kommunerna"):
            value = getattr(want.medlemsbidrag, key)
            if value is None:
                continue
            total += 1
            right += got.medlemsbidrag is not None and getattr(got.medlemsbidrag, key) == value
    for m in want.medlemmar:
        total += 1
        match = [g for g in got.medlemmar if g.typ == m.typ and (_stem(g.namn) == _stem(m.namn) or m.typ in ("forsakringskassan", "arbetsformedlingen"))]
        right += bool(match) and match[0].medlemsbidrag == m.medlemsbidrag
    return right, total


def _drift_rows(d):
    rows = list(d.poster)
    for key in ("summa_intakter", "summa_kostnader", "resultat"):
        if getattr(d, key) is not None:
            rows.append((key, getattr(d, key)))
    return rows


def driftredovisning(want, got):
    right = total = 0
    if want.driftredovisning is None:
        return 0, 0
    g = got.driftredovisning
    gp = list(g.poster) if g else []
    for item in _drift_rows(want.driftredovisning):
        if isinstance(item, tuple):
            key, post = item
            match = getattr(g, key) if g else None
        else:
            post = item
            match = next((p for p in gp if fold(p.rad) == fold(post.rad)), None)
            if match is None:
                best = max(gp, key=lambda p: similar(fold(p.rad), fold(post.rad)), default=None)
                match = best if best is not None and similar(fold(best.rad), fold(post.rad)) >= 0.8 else None
        for col in ("utfall", "budget", "avvikelse"):
            value = getattr(post, col)
            if value is None:
                continue
            total += 1
            right += match is not None and getattr(match, col) == value
    return right, total


def fb_delar(want, got):
    right = total = 0
    if want.forvaltningsberattelse is None:
        return 0, 0
    for key, value in want.forvaltningsberattelse.model_dump().items():
        if key == "kalla" or value is None:
            continue
        total += 1
        right += got.forvaltningsberattelse is not None and getattr(got.forvaltningsberattelse, key) == value
    return right, total


def _appointed_by(text: str | None) -> set[str]:
    # as the catalogue counts them (conclusionfacts: revisorer_staten, _region, _kommun)
    t = (text or "").lower()
    return {who for who, words in (("staten", ("staten", "försäkringskassan")), ("region", ("region", "landsting")),
                                   ("kommun", ("kommun",))) if any(w in t for w in words)}


def revisorer(want, got):
    """Each revisor of the example: drafted with the same name and appointed by the same party."""
    if want.revision is None:
        return 0, 0
    drafted = {r.namn: r for r in (got.revision.revisorer if got.revision else [])}
    right = sum(r.namn in drafted and _appointed_by(drafted[r.namn].utsedd_av) == _appointed_by(r.utsedd_av)
                for r in want.revision.revisorer)
    return right, len(want.revision.revisorer)


def budget(want, got):
    """The year's budget: intäkter, kostnader and resultat, equal within the printed unit (1 tkr when either is in tkr)."""
    if want.budget is None:
        return 0, 0
    tol = 1000 if "tkr" in (want.budget.enhet, got.budget and got.budget.enhet) else 1
    keys = [k for k in ("intakter", "kostnader", "resultat") if getattr(want.budget, k) is not None]
    right = sum(got.budget is not None and getattr(got.budget, k) is not None
                and abs(getattr(got.budget, k) - getattr(want.budget, k)) <= tol for k in keys)
    return right, len(keys)


def administration(want, got):
    """The administration's costs (kostnadsfördelningen), equal within the printed unit."""
    if want.kostnadsfordelning is None or want.kostnadsfordelning.administration is None:
        return 0, 0
    g = got.kostnadsfordelning.administration if got.kostnadsfordelning else None
    tol = 1000 if "tkr" in (want.kostnadsfordelning.enhet, got.kostnadsfordelning and got.kostnadsfordelning.enhet) else 1
    return int(g is not None and abs(abs(g) - abs(want.kostnadsfordelning.administration)) <= tol), 1


def _figure(text: str | None) -> str | None:
    if text is None:
        return None
    return re.sub(r"\s+", "", text.lower().replace("procent", "%"))


def nyckeltal(want, got):
    right = total = 0
    if want.angivna_nyckeltal is None:
        return 0, 0
    for key in ("ek_andel_av_medlemsbidrag", "soliditet", "administrationsandel", "stegforflyttning"):
        value = getattr(want.angivna_nyckeltal, key)
        if value is None:
            continue
        total += 1
        right += got.angivna_nyckeltal is not None and _figure(getattr(got.angivna_nyckeltal, key)) == _figure(value)
    return right, total


def _budget_rows(table):
    for k, section in enumerate(table.avsnitt):
        for row in section.poster:
            yield (k, fold(row.rad)), row
        if section.summa is not None:
            yield (k, "summa"), section.summa
    if table.summa is not None:
        yield (None, "summa"), table.summa


def budgettabeller(want, got):
    """Every printed budget, utfall and avvikelse of the budget tables, row by row in its section."""
    right = total = 0
    mine = {fold(t.rubrik): dict(_budget_rows(t)) for t in got.budgettabeller}
    for table in want.budgettabeller:
        rows = mine.get(fold(table.rubrik), {})
        for key, row in _budget_rows(table):
            match = rows.get(key)
            for col in ("budget", "utfall", "avvikelse"):
                value = getattr(row, col)
                if value is None:
                    continue
                total += 1
                right += match is not None and getattr(match, col) == value
    return right, total


def oversikt(want, got):
    """The flerårsöversikt's figures per year (amounts in kronor after tkr, stated figures as printed)."""
    right = total = 0
    mine = {o.ar: o for o in got.oversikt}
    for o in want.oversikt:
        g = mine.get(o.ar)
        for key in ("medlemsbidrag", "intakter", "kostnader", "arets_resultat", "eget_kapital", "antal_anstallda",
                    "individinriktade", "strukturovergripande", "administration", "deltagare"):
            value = getattr(o, key)
            if value is None:
                continue
            total += 1
            right += g is not None and getattr(g, key) == value
        for key in ("ek_andel_angiven", "soliditet_angiven"):
            value = getattr(o, key)
            if value is None:
                continue
            total += 1
            right += g is not None and _figure(getattr(g, key)) == _figure(value)
    return right, total


SCORERS = {"administration": administration, "budget": budget, "revisorer": revisorer, "statements": statements, "noter": noter, "medlemsbidrag": medlemsbidrag,
           "driftredovisning": driftredovisning, "budgettabeller": budgettabeller, "fb_delar": fb_delar, "nyckeltal": nyckeltal,
           "oversikt": oversikt}

# --- invented: amounts the cited lines do not print ------------------------------------------


def _cited_lines(kalla: str, pages: dict) -> list[str]:
    out = []
    for m in re.finditer(r"(?:s\. (\d+) )?rad (\d+)(?:–(\d+))?", kalla):
        page = int(m.group(1)) if m.group(1) else None
        a = int(m.group(2))
        b = int(m.group(3) or a)
        lines = pages.get(page, [])
        out.extend(lines[a - 1 : b])
    return out


def _printed(value, texts: list[str]) -> bool:
    digits = re.sub(r"[\u00a0\u202f\u2009 ]", " ", " ".join(texts))
    # OCR's letters for digits ("4 357 TTT") count as the digits the reader takes them for (it marks them)
    from checker.utkast.numbers import _CONFUSABLE, _TO_DIGIT

    digits = re.sub(r"(?<=\d )[A-Za-z]{3}(?= \d)", lambda m: m.group(0).translate(_TO_DIGIT) if _CONFUSABLE.fullmatch(m.group(0)) else m.group(0), digits)
    if value in (0, "0"):
        return bool(re.search(r"(?<![\d])0(?![\d])|(?:^|\s)[-–−](?:\s|$)", digits))
    text = str(value).replace("-", "").strip()
    number = re.sub(r"\s", "", text)
    spaced = f"{int(number):,}".replace(",", " ")
    squeezed = re.sub(r"\s+", "", digits)
    return spaced in re.sub(r"\s+", " ", digits) or number in squeezed


def invented(yaml_text: str, pages: dict) -> tuple[int, int, int, list[str]]:
    """(amounts checked, not printed where cited, derived sums, examples of the first)."""
    data = YAML(typ="safe").load(yaml_text)
    checked = bad = derived = 0
    examples: list[str] = []

    def check(value, kalla, what):
        nonlocal checked, bad
        checked += 1
        if not _printed(value, _cited_lines(kalla or "", pages)):
            bad += 1
            if len(examples) < 5:
                examples.append(f"{what}={value} ({kalla})")

    for st in ("resultatrakning", "balansrakning", "kassaflodesanalys"):
        for row in (data.get(st) or {}).get("rader", []):
            for year, v in row.get("belopp", {}).items():
                check(v, row.get("kalla"), f"{st}.{row['nyckel']}.{year}")
    for note in data.get("noter") or []:
        for row in note.get("rader", []):
            for year, v in row.get("belopp", {}).items():
                check(v, row.get("kalla"), f"not {note['nummer']}.{row['nyckel']}.{year}")
    for m in data.get("medlemmar") or []:
        if "medlemsbidrag" in m:
            check(m["medlemsbidrag"], m.get("kalla"), f"medlem {m['namn']}")
    mb = data.get("medlemsbidrag") or {}
    for key in ("staten", "region"):
        if key in mb:
            check(mb[key], mb.get("kalla"), f"medlemsbidrag.{key}")
    derived += sum(1 for key in ("totalt", "kommunerna") if key in mb)
    drift = data.get("driftredovisning") or {}
    posts = list(drift.get("poster", [])) + [drift[k] for k in ("summa_intakter", "summa_kostnader", "resultat") if k in drift]
    for p in posts:
        for col in ("utfall", "budget", "avvikelse"):
            if col in p:
                check(p[col], p.get("kalla"), f"drift {p['rad']}.{col}")
    for t in data.get("budgettabeller") or []:
        rows = [r for s in t.get("avsnitt", []) for r in s.get("poster", []) + ([s["summa"]] if "summa" in s else [])]
        for r in rows + ([t["summa"]] if "summa" in t else []):
            for col in ("budget", "utfall", "avvikelse"):
                if col in r:
                    check(r[col], r.get("kalla"), f"budgettabell {r['rad']}.{col}")
    for o in data.get("oversikt") or []:
        for key in ("medlemsbidrag", "intakter", "kostnader", "arets_resultat", "eget_kapital"):
            if key in o:
                check(o[key], o.get("kalla"), f"oversikt {o['ar']}.{key}")
    bk = data.get("balanskrav") or {}
    for key in ("arets_resultat", "balanskravsresultat"):
        if key in bk:
            check(bk[key], bk.get("kalla"), f"balanskrav.{key}")
    return checked, bad, derived, examples


def _pages(path: Path, ocr: bool = False) -> dict:
    if path.suffix.lower() == ".pdf":
        from checker.utkast.source import read_source

        src = read_source(path, ocr=ocr)
        pages: dict = {}
        for line in src.lines:
            pages.setdefault(line.page, []).append(line.text)
        return pages
    return {None: path.read_text(encoding="utf-8").split("\n")}


def _rasterise(pdf: Path, out: Path) -> Path:
    """The PDF as a scan would give it: one 300 dpi greyscale image per page, no text layer."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    images = [page.render(scale=300 / 72).to_pil().convert("L") for page in doc]
    images[0].save(out, save_all=True, append_images=images[1:], resolution=300)
    return out


def measure(name: str, source: Path, ocr: bool = False) -> dict:
    # best of three runs (one with OCR, which is slow): the machine is shared
    wall = cpu = float("inf")
    for _ in range(1 if ocr else 3):
        t0, c0 = time.perf_counter(), time.process_time()
        d = draft(source, ocr=ocr)
        wall, cpu = min(wall, time.perf_counter() - t0), min(cpu, time.process_time() - c0)
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False, encoding="utf-8") as f:
        f.write(d.yaml)
    try:
        got = load_report(f.name)
        same, rules, differ = _same_outcomes(Path(f.name), ROOT / "examples" / f"{name}.yaml")
    finally:
        os.unlink(f.name)
    want = load_report(ROOT / "examples" / f"{name}.yaml")
    scores = {part: SCORERS[part](want, got) for part in PARTS}
    checked, bad, derived, examples = invented(d.yaml, _pages(source, ocr))
    marks = d.yaml.count("UTKAST: kontrollera")
    return {"scores": scores, "checked": checked, "invented": bad, "derived": derived, "examples": examples,
            "wall": wall, "cpu": cpu, "marks": marks, "same": same, "rules": rules, "differ": differ}


def _same_outcomes(draft_file: Path, example: Path) -> tuple[int, int, list[str]]:
    """How many rules of the catalogue give the draft the outcome they give the hand-encoded example."""
    from checker.pipeline import granska

    a = {f.rule_id if hasattr(f, "rule_id") else f.id: f for f in _findings(granska(draft_file, prefer="reference"))}
    b = {f.rule_id if hasattr(f, "rule_id") else f.id: f for f in _findings(granska(example, prefer="reference"))}
    differ = sorted(k for k in b if k not in a or _status(a[k]) != _status(b[k]))
    return len(b) - len(differ), len(b), differ


def _findings(g):
    import json

    from checker.render import RENDERERS, RenderOptions

    data = json.loads(RENDERERS["json"](g, RenderOptions(datum="2026-01-01")))
    from types import SimpleNamespace

    return [SimpleNamespace(id=r["id"], utfall=r["utfall"]) for r in data["regler"]]


def _status(f) -> str:
    return f.utfall


def _pct(r: int, t: int) -> str:
    return "–" if t == 0 else f"{100 * r / t:.1f} % ({r}/{t})"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    beside = ROOT.parent / "shared" / "seeds"  # ../shared beside the clone, as CI has it
    ap.add_argument("--seeds", default=os.environ.get("FINSAM_SEEDS") or (beside if beside.is_dir() else "/work/shared/seeds"))
    ap.add_argument("--pdf", action="store_true", help="read synthetic PDFs of the statement pages instead of the texts")
    ap.add_argument("--ocr-text", action="store_true", help="read the texts as OCR leaves them (bench/syntetisk_ocr.py)")
    ap.add_argument("--ocr", action="store_true", help="rasterise the synthetic PDFs (300 dpi) and read them with --ocr (Tesseract)")
    args = ap.parse_args()
    seeds = Path(args.seeds)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, seed in SEEDS.items():
            source = seeds / seed
            sys.path.insert(0, str(ROOT / "bench"))
            if args.pdf or args.ocr:
                import syntetisk_pdf

                source = syntetisk_pdf.render(name, Path(tmp) / f"{name}.pdf")
                if args.ocr:
                    source = _rasterise(source, Path(tmp) / f"{name}-skannad.pdf")
            elif args.ocr_text:
                import syntetisk_ocr

                degraded = Path(tmp) / f"{name}.txt"
                degraded.write_text(syntetisk_ocr.degrade(source.read_text(encoding="utf-8")), encoding="utf-8")
                source = degraded
            results[name] = measure(name, source, ocr=args.ocr)
    kind = ("syntetiska PDF:er rastrerade och lästa med Tesseract (bara räkningar och noter)" if args.ocr
            else "syntetiska PDF:er (bara räkningar och noter)" if args.pdf
            else "källtexterna som OCR lämnar dem (å/ä/ö → a/a/o, kolumner ihopskrivna)" if args.ocr_text else "källtexterna")
    print(f"### finsam utkast mot de handkodade exemplen ({kind})\n")
    print("| del | " + " | ".join(results) + " | totalt | mål |")
    print("|---|" + "---|" * (len(results) + 2))
    for part in PARTS:
        cells = [_pct(*results[n]["scores"][part]) for n in results]
        r = sum(results[n]["scores"][part][0] for n in results)
        t = sum(results[n]["scores"][part][1] for n in results)
        target = f"≥ {TARGETS[part]:.0f} %" if part in TARGETS else ""
        print(f"| {part} | " + " | ".join(cells) + f" | {_pct(r, t)} | {target} |")
    print("| påhittade belopp (källraden trycker dem inte) | " + " | ".join(f"{results[n]['invented']} av {results[n]['checked']}" for n in results)
          + f" | {sum(results[n]['invented'] for n in results)} | 0 |")
    print("| härledda summor (medlemsbidrag totalt, kommunerna) | " + " | ".join(str(results[n]["derived"]) for n in results) + " | | |")
    print("| regler med samma utfall som för exemplet (`finsam granska`) | " + " | ".join(f"{results[n]['same']} av {results[n]['rules']}" for n in results) + " | | |")
    print("| märkta `UTKAST: kontrollera` | " + " | ".join(str(results[n]["marks"]) for n in results) + " | | |")
    print("| tid per rapport, vägg / CPU | " + " | ".join(f"{results[n]['wall']:.2f} s / {results[n]['cpu']:.2f} s" for n in results)
          + f" | max {max(results[n]['wall'] for n in results):.2f} s | ≤ 2 s |")
    for n in results:
        if results[n]["differ"]:
            print(f"\n{n}: annat utfall än för exemplet: " + ", ".join(results[n]["differ"]))
    for n in results:
        if results[n]["examples"]:
            print(f"\n{n}: påhittade t.ex. " + "; ".join(results[n]["examples"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
