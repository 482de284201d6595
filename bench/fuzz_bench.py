"""Fuzz the checker with mutants of the real examples, in-process; print figures as Markdown.

    python bench/fuzz_bench.py [--antal 10000] [--fro 1] [--spara MAPP]

Each mutant is one to three seeded changes to one of examples/*.yaml: a line deleted,
doubled, swapped or re-indented, a character inserted (quotes, brackets, colons, tabs,
control and bidi characters …) or deleted, a number or a value replaced by an odd one
(10^400, 5 000 digits, .nan, 1:30:00, [], ~ …), a key misspelt, the file cut short or
nested deep. Every mutant is read and validated in this process; a valid one is examined by
durable-rules and by the reference evaluator. With `--var N` every N-th mutant also goes
through `finsam validera` (main()), whose exit code and messages must be the ones
the reading gave, and a valid one is rendered as Markdown and JSON. A mutant fails when
- anything raises (a traceback, whatever the exception),
- an exit code is not 0–3,
- a message lacks the file or the line, holds English, or a raw control or bidi character,
- the two evaluators disagree on any rule or item.

tests/test_fuzz.py runs the same loop on 2 000 mutants in the normal test run.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import random
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))

ENGLISH = re.compile(r"\b(expected|found|should|required|invalid|error|not allowed|must|Input|Field|value is|"
                     r"Permission|denied|No such|Exceeds|limit|digits|unacceptable|character|position|"
                     r"cannot|could not|while|scanning|parsing|felslag)\b")
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

CHARS = list(":-\"'[]{}#&*!|>%@`,.\\ \t\n0123456789aäö") + ["\x00", "\x07", "\x1b", "\x7f", "\u202e", "\u2066", "\ufeff", "\u00a0", "−"]
NUMBERS = ["0", "-1", "1e400", "1" + "0" * 400, "9" * 5000, "99999999999999999999", ".nan", ".inf", "-.inf", "1_000",
           "0x10", "0o17", "010", "1:30:00", "12.5", "-0", "1e3", "2025-02-30", '"1 735 435"', '"−717 759"', "'43 %'"]
VALUES = ["", "~", "[]", "{}", "true", "no", "'x'", '"\\e[2J"', '"\\x07"', "[1, [2, [3]]]", "{a: 1}", "ja", "2025-13-01",
          "&a x", "*a", "!!str x", "<<", '"\u202eabc"', "- x", "|\n  text", "'a: b'", "\"unterminated"]
NUMBER = re.compile(r"(?<![\w.])-?\d[\d ]*(?:[.,]\d+)?(?![\w.])")
KEY = re.compile(r"^(\s*-?\s*)([A-Za-z_][A-Za-z0-9_]*)(\s*:)")


def _lines(text: str) -> list[str]:
    return text.split("\n")


def delete_line(rng, text):
    lines = _lines(text)
    del lines[rng.randrange(len(lines))]
    return "\n".join(lines)


def duplicate_line(rng, text):
    lines = _lines(text)
    i = rng.randrange(len(lines))
    lines.insert(i, lines[i])
    return "\n".join(lines)


def swap_lines(rng, text):
    lines = _lines(text)
    if len(lines) < 2:
        return insert_char(rng, text)
    i = rng.randrange(len(lines) - 1)
    lines[i], lines[i + 1] = lines[i + 1], lines[i]
    return "\n".join(lines)


def reindent(rng, text):
    lines = _lines(text)
    i = rng.randrange(len(lines))
    if rng.random() < 0.5 and lines[i].startswith(" "):
        lines[i] = lines[i][rng.choice((1, 2)):]
    else:
        lines[i] = " " * rng.choice((1, 2, 4)) + lines[i]
    return "\n".join(lines)


def insert_char(rng, text):
    i = rng.randrange(len(text) + 1)
    return text[:i] + rng.choice(CHARS) + text[i:]


def delete_char(rng, text):
    if not text:
        return insert_char(rng, text)
    i = rng.randrange(len(text))
    return text[:i] + text[i + 1:]


def replace_number(rng, text):
    found = list(NUMBER.finditer(text))
    if not found:
        return insert_char(rng, text)
    m = rng.choice(found)
    return text[:m.start()] + rng.choice(NUMBERS) + text[m.end():]


def replace_value(rng, text):
    lines = _lines(text)
    candidates = [i for i, line in enumerate(lines) if KEY.match(line)]
    if not candidates:  # cut short or broken beyond keys
        return insert_char(rng, text)
    i = rng.choice(candidates)
    m = KEY.match(lines[i])
    lines[i] = m.group(0) + " " + rng.choice(VALUES)
    return "\n".join(lines)


def rename_key(rng, text):
    lines = _lines(text)
    candidates = [i for i, line in enumerate(lines) if KEY.match(line)]
    if not candidates:  # cut short or broken beyond keys
        return insert_char(rng, text)
    i = rng.choice(candidates)
    m = KEY.match(lines[i])
    key = m.group(2)
    new = rng.choice([key[:-1] or "x", key + "x", key.upper(), "<<", "1", "~", "true", "? " + key])
    lines[i] = m.group(1) + new + lines[i][m.end(2):]
    return "\n".join(lines)


def truncate(rng, text):
    if not text:
        return insert_char(rng, text)
    return text[: rng.randrange(len(text))]


def nest(rng, text):
    i = rng.randrange(len(text) + 1)
    depth = rng.choice((5, 50, 500, 5000))
    return text[:i] + rng.choice(("[", "{", "- ")) * depth + text[i:]


MUTATIONS = [delete_line, duplicate_line, swap_lines, reindent, insert_char, insert_char, delete_char, replace_number,
             replace_number, replace_value, replace_value, rename_key, truncate, nest]


def mutants(count: int, seed: int):
    """(number, example, mutation names, text): deterministic for a seed."""
    rng = random.Random(seed)
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in EXAMPLES]
    for n in range(count):
        name, text = texts[n % len(texts)]
        steps = rng.choices(MUTATIONS, k=rng.choice((1, 1, 2, 3)))
        for step in steps:
            text = step(rng, text)
        yield n, name, [s.__name__ for s in steps], text


@dataclass
class Result:
    mutants: int = 0
    valid: int = 0
    refused: int = 0
    codes: dict = field(default_factory=dict)
    failures: list = field(default_factory=list)  # (number, example, mutations, what)
    seconds: float = 0.0


def run(count: int, seed: int = 1, keep: Path | None = None, every: int = 1) -> Result:
    """Every mutant read, checked and evaluated by both engines; every `every`-th one also
    through the command line (`finsam validera`) and, if valid, rendered."""
    from checker.facts import derive
    from checker.pipeline import checker_for

    durable, reference = checker_for(None, "durable"), checker_for(None, "reference")
    result = Result()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mutant.yaml"
        for n, example, steps, text in mutants(count, seed):
            result.mutants += 1
            path.write_text(text, encoding="utf-8", errors="surrogatepass")
            try:
                failed = _one(path, derive, durable, reference, result, full=n % every == 0)
            except BaseException as exc:  # noqa: BLE001 — every escape is what is looked for
                failed = f"{type(exc).__name__}: {exc}"[:300]
            if failed:
                result.failures.append((n, example, steps, failed))
                if keep is not None:
                    keep.mkdir(parents=True, exist_ok=True)
                    (keep / f"mutant-{seed}-{n}.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    result.seconds = time.perf_counter() - started
    return result


def _problems_wrong(path: Path, lines: list[str]) -> str | None:
    for p in lines:
        if RAW.search(p):
            return f"rått styrtecken: {p[:200]!r}"
        if not re.match(re.escape(str(path)) + r":\d+: ", p):
            return f"meddelande utan fil och rad: {p[:200]}"
        if ENGLISH.search(p):
            return f"meddelande på engelska: {p[:200]}"
    return None


def _one(path: Path, derive, durable, reference, result: Result, full: bool) -> str | None:
    from checker.errors import InputError
    from checker.load import load_report

    try:
        report = load_report(path)
        problems: list[str] = []
    except InputError as exc:
        report, problems = None, [str(p) for p in exc.problems]
    code = 3 if report is None else None
    if full:
        from checker.cli import main

        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            cli_code = main(["validera", str(path)])
        result.codes[cli_code] = result.codes.get(cli_code, 0) + 1
        if cli_code != (3 if report is None else 0):
            return f"validera: slutkod {cli_code}"
        if RAW.search(out.getvalue() + err.getvalue()):
            return "validera: rått styrtecken på terminalen"
        if report is None and [p for p in err.getvalue().splitlines() if not re.fullmatch(r"\d+ fel", p)] != problems:
            return "validera skrev andra meddelanden än inläsningen gav"
    if report is None:
        result.refused += 1
        return _problems_wrong(path, problems)
    result.valid += 1
    facts = derive(report)
    g_durable = durable.run(facts, {"forbund": "x"})
    g_reference = reference.run(facts, {"forbund": "x"})
    if _outcomes(g_durable) != _outcomes(g_reference):
        return "motorerna är oense: " + _difference(g_durable, g_reference)
    code = g_durable.exit_code()
    result.codes[f"granska {code}"] = result.codes.get(f"granska {code}", 0) + 1
    if code not in (0, 1, 2, 3):
        return f"granska: slutkod {code}"
    if full:
        from checker.render import RENDERERS, RenderOptions

        for fmt in ("md", "json"):
            if RAW.search(RENDERERS[fmt](g_durable, RenderOptions(datum="2026-03-15"))):
                return f"{fmt}: rått styrtecken i rapporten"
    return None


def _outcomes(g) -> list[tuple]:
    return [(f.id, f.utfall, f.meddelande, tuple((i.label, i.utfall) for i in f.poster)) for f in g.findings]


def _difference(a, b) -> str:
    for x, y in zip(_outcomes(a), _outcomes(b)):
        if x != y:
            return f"{x[0]}: {x[1]} / {y[1]}"
    return "olika antal regler"


def reader_times() -> list[tuple[str, float]]:
    """Median seconds (of 5) to read one file and report on it, valid or bad."""
    import statistics

    from checker.errors import InputError
    from checker.load import load_report

    example = (ROOT / "examples" / "sydnarke-2023.yaml").read_text(encoding="utf-8")
    files = {
        "ett verkligt exempel (56 kB), giltigt": example,
        "samma med ett okänt fält på sista raden": example + "okant_falt: 1\n",
        "samma med ett YAML-fel på sista raden": example + "x: [1\n",
        "10 000 nästlade [ (20 kB)": "[" * 10_000 + "]" * 10_000,
        "1 MB med 170 000 värden (över gränsen 20 000)": "a: [" + "0," * 170_000 + "0]\n",
    }
    out = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "r.yaml"
        for label, text in files.items():
            path.write_text(text, encoding="utf-8")
            times = []
            for _ in range(5):
                started = time.perf_counter()
                try:
                    load_report(path)
                except InputError:
                    pass
                times.append(time.perf_counter() - started)
            out.append((label, statistics.median(times)))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description="Fuzza kontrollen med muterade exempel.")
    parser.add_argument("--antal", type=int, default=10_000, help="antal mutanter (standard 10 000)")
    parser.add_argument("--fro", type=int, default=1, help="slumpfrö (standard 1)")
    parser.add_argument("--var", type=int, default=1, help="kör var N:e mutant genom kommandoraden och renderingen (standard 1: alla)")
    parser.add_argument("--spara", type=Path, help="spara mutanter som fallerar i denna mapp")
    args = parser.parse_args()
    r = run(args.antal, args.fro, args.spara, args.var)
    rate = r.mutants / r.seconds if r.seconds else 0
    print(f"| mått | värde |\n| --- | --- |")
    print(f"| mutanter (frö {args.fro}; var {args.var}:e genom kommandoraden och renderingen) | {r.mutants} |")
    print(f"| giltiga (prövade av båda motorerna) | {r.valid} |")
    print(f"| avvisade med slutkod 3 | {r.refused} |")
    print(f"| slutkoder (validera; granska på giltiga) | {', '.join(f'{k}: {v}' for k, v in sorted(r.codes.items(), key=str))} |")
    print(f"| fel (undantag, fel slutkod, meddelande utan fil/rad eller på engelska, oeniga motorer) | {len(r.failures)} |")
    print(f"| tid | {r.seconds:.1f} s ({rate:.0f} mutanter/s, {1000 * r.seconds / max(r.mutants, 1):.1f} ms per mutant) |")
    print("\n| inläsning och besked (median av 5) | tid |\n| --- | ---: |")
    for label, seconds in reader_times():
        print(f"| {label} | {1000 * seconds:.0f} ms |")
    for n, example, steps, what in r.failures[:20]:
        print(f"- mutant {n} ({example}, {'+'.join(steps)}): {what}", file=sys.stderr)
    return 1 if r.failures else 0


if __name__ == "__main__":
    sys.exit(main())
