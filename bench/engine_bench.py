"""Time per report: durable-rules against the plain-Python reference evaluator.

25 conditions like the catalogue's, 1 000 simulated reports of 40 checks each.
Run: /work/venv/bin/python bench/engine_bench.py
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from checker import engine  # noqa: E402
from checker.expr import Bool, Compare, Str, parse  # noqa: E402
from checker.reference import check  # noqa: E402

CONDITIONS = {
    "EK-TAK": "ek_andel <= ek_tak",
    "EK-TAK-BUDGET": "ek_andel_efter_budget <= ek_tak",
    "RR-SUMMA": "abs(differens) <= tolerans",
    "BR-SUMMA": "abs(differens) <= tolerans_kr",
    "BR-BALANS": "abs(balans_differens) <= tolerans_kr",
    "KF-AVSTAMNING": "abs(forandring_likvida) <= tolerans_kr eller forklarad == sant",
    "DRIFT": "abs(drift_differens) <= tolerans_kr eller abs(drift_differens_finansnetto) <= tolerans_kr",
    "ADM": "adm_andel <= adm_mal",
    "AVTAL": 'avtal == "finns"',
    "AVTAL-T": 'avtal_text != ""',
    "BUDGET-FORBR": "budget_forbrukning >= budget_forbrukning_min",
    "FASTSTALLD": "faststalld_dagar_efter_frist <= 0",
    "HUVUDMAN": "huvudman_ar_forbundet == falskt och forbundets_personal_i_insatsen == falskt",
    "HUVUDMAN-T": "huvudman_ar_forbundet == falskt",
    "MAL": "inte (forbundet_anger_uppfyllt == sant och uppnatt == falskt)",
    "IK": "internkontrollplan == sant och internkontroll_aterrapporterad == sant",
    "KONS": "konsuppdelad == sant",
    "RUBRIK": "rubrik_stammer == sant",
    "VP": "verksamhetsplan_beslutad_fore_aret == sant och budget_beslutad_fore_aret == sant",
    "BALANSKRAV": "balanskrav_redovisat == sant och abs(differens_balanskrav) <= tolerans_kr "
                  "och (balanskravsresultat >= 0 eller synnerliga_skal == sant eller atgardsplan == sant)",
    "PROCENT": "ar_procent == sant och angiven <= beraknad + tolerans_procentenheter och angiven >= beraknad - tolerans_procentenheter",
    "MEDLEM": "abs(avvikelse_staten) <= tolerans_procentenheter",
    "EK-TAK-NASTA": "ek_efter_budget <= budget_nasta_medlemsbidrag * ek_tak / 100",
    "LOKAL": "forbundet_hyr_lokaler == falskt",
    "NOT": "abs(not_differens) <= tolerans_kr",
}
REPORTS, CHECKS_PER_REPORT = 1000, 40


def _value(name: str, kind: str, rng: random.Random) -> object:
    if kind == "text":
        return rng.choice(["finns", "saknas", "", "Förbundet har ett avtal."])
    if kind == "flag":
        return rng.random() < 0.8
    if name.startswith("tolerans"):
        return 1 if name.endswith("kr") else 0.5
    return rng.choice([rng.randint(-2_000_000, 5_000_000), round(rng.uniform(0, 100), 2)])


def _kinds(conditions: dict) -> dict[str, str]:
    """What each name is compared with: text, sant/falskt, or a number."""
    kinds = {}
    for expr in conditions.values():
        for node in _comparisons(expr):
            kind = "text" if isinstance(node.right, Str) else "flag" if isinstance(node.right, Bool) else "number"
            kinds[node.left.name] = kind
            for name in node.right.names:
                kinds.setdefault(name, "number")
    return kinds


def _comparisons(expr):
    if isinstance(expr, Compare):
        yield expr
    for child in expr.children():
        yield from _comparisons(child)


def _reports(conditions: dict, rng: random.Random) -> list[list[tuple[str, dict]]]:
    keys, kinds = sorted(conditions), _kinds(conditions)
    reports = []
    for _ in range(REPORTS):
        checks = []
        for _ in range(CHECKS_PER_REPORT):
            key = rng.choice(keys)
            checks.append((key, {n: _value(n, kinds[n], rng) for n in sorted(conditions[key].names)}))
        reports.append(checks)
    return reports


def _time(evaluator, reports) -> list[float]:
    times = []
    for checks in reports:
        start = time.perf_counter()
        evaluator.evaluate(checks)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    conditions = {key: parse(text) for key, text in CONDITIONS.items()}
    reports = _reports(conditions, random.Random(2026))
    start = time.perf_counter()
    durable = engine.DurableEvaluator(conditions)
    built = time.perf_counter() - start
    reference = engine.ReferenceEvaluator(conditions)
    answers = [durable.evaluate(r) for r in reports[:50]]
    assert answers == [reference.evaluate(r) for r in reports[:50]]
    assert all(isinstance(a, bool) for r in answers for a in r)

    print(f"{len(conditions)} villkor, {REPORTS} rapporter × {CHECKS_PER_REPORT} prövningar")
    print(f"  durable-rules: regelmängden byggd på {built * 1000:.1f} ms")
    results = {}
    for label, evaluator in (("durable-rules", durable), ("referens (Python)", reference)):
        times = _time(evaluator, reports)
        results[label] = sum(times)
        print(f"  {label:18} totalt {sum(times):6.3f} s   per rapport medel {statistics.mean(times) * 1e3:6.3f} ms"
              f"   median {statistics.median(times) * 1e3:6.3f} ms   per prövning {sum(times) / (REPORTS * CHECKS_PER_REPORT) * 1e6:5.1f} µs")
    start = time.perf_counter()
    for checks in reports:
        for key, values in checks:
            check(conditions[key], values)
    guard = time.perf_counter() - start
    print(f"  varav Pythonkontrollen före motorn: {guard:6.3f} s")
    print(f"  durable-rules / referens: {results['durable-rules'] / results['referens (Python)']:.1f}×")


if __name__ == "__main__":
    main()
