"""Seeded fuzzing in the normal test run: 2 000 mutants of the real examples, in-process.

The loop is bench/fuzz_bench.py's (its own run takes 10 000): no mutant may raise, give an
exit code outside 0–3, a message without file and line or in English, a raw control or
bidi character on the terminal or in a report, or findings on which durable-rules and the
reference evaluator disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import fuzz_bench  # noqa: E402  (bench/fuzz_bench.py)

MUTANTS, SEED = 2000, 20261201


def test_two_thousand_mutants_of_the_examples_never_harm():
    result = fuzz_bench.run(MUTANTS, SEED, every=10)
    shown = "\n".join(f"mutant {n} ({ex}, {'+'.join(steps)}): {what}" for n, ex, steps, what in result.failures[:10])
    assert not result.failures, f"{len(result.failures)} mutanter fallerade:\n{shown}"
    assert result.mutants == MUTANTS
    # Both doors are exercised: files refused (exit 3) and files examined by both engines.
    assert result.refused > MUTANTS // 10 and result.valid > MUTANTS // 10
    assert set(result.codes) <= {0, 3, "granska 0", "granska 1", "granska 2", "granska 3"}


def test_the_mutants_are_the_same_for_a_seed():
    first = [(n, ex, steps, hash(text)) for n, ex, steps, text in fuzz_bench.mutants(50, SEED)]
    again = [(n, ex, steps, hash(text)) for n, ex, steps, text in fuzz_bench.mutants(50, SEED)]
    assert first == again
    assert len({h for *_, h in first}) > 40  # and they differ from one another


def test_a_stated_percentage_of_a_thousand_digits_is_no_percentage(tmp_path, capsys):
    """Found by the fuzzer (seed 1, mutant 677): it read as infinity and the report crashed."""
    from checker.cli import main

    example = Path(__file__).resolve().parent.parent / "examples" / "sydnarke-2023.yaml"
    text = example.read_text(encoding="utf-8")
    assert 'soliditet: "19 %"' in text
    path = tmp_path / "r.yaml"
    path.write_text(text.replace('soliditet: "19 %"', 'soliditet: "' + "9" * 1000 + ' %"'), encoding="utf-8")
    code = main(["granska", str(path), "--bilaga", "full", "-o", str(tmp_path / "ut.md")])
    assert code in (1, 2)
    report = (tmp_path / "ut.md").read_text(encoding="utf-8")
    assert "9" * 1000 in report.replace("\\", "")  # the text is shown as stated, not as a number
