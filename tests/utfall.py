"""Shared by the rule tests on the examples: each example reviewed once, a finding looked up by rule id."""

from pathlib import Path

from checker.pipeline import granska

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
LOO_2025 = EXAMPLES / "lekeberg-orebro-2025.yaml"
LOO_2020 = EXAMPLES / "lekeberg-orebro-2020.yaml"
SYDNARKE_2023 = EXAMPLES / "sydnarke-2023.yaml"

_CACHE: dict[Path, object] = {}


def finding(path: Path, rule_id: str):
    if path not in _CACHE:
        _CACHE[path] = granska(path)
    return _CACHE[path].finding(rule_id)


def check(path: Path, rule_id: str, utfall: str, *texts: str) -> None:
    f = finding(path, rule_id)
    assert f.utfall == utfall, f"{rule_id}: {f.utfall}: {f.meddelande}"
    for text in texts:
        assert text in f.meddelande, f"{rule_id}: '{text}' saknas i: {f.meddelande}"
