"""What a command loads at start: no more than it uses, and the same answers as without the shortcuts.

Each run is a fresh interpreter, as a command is: what is imported depends on what ran before.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from checker import engine

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "lekeberg-orebro-2025.yaml"


def fresh(code: str, **env: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "FINSAM_CACHE": "0", **env}, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_granska_reads_no_package_metadata_and_names_the_engine_as_installed(tmp_path):
    out = tmp_path / "g.json"
    shown = fresh(
        "import sys\nfrom checker.cli import main\n"
        f"code = main(['granska', {str(EXAMPLE)!r}, '--datum', '2026-01-01', '-o', {str(out)!r}])\n"
        "print(code, sorted(m for m in ('importlib.metadata', 'email', 'zipfile', 'csv') if m in sys.modules))"
    )
    assert shown.split(maxsplit=1) == ["2", "[]\n"]  # the example has avvikelser: exit code 2
    motor = json.loads(out.read_text(encoding="utf-8"))["motor"]
    if engine._durable is not None:
        assert motor == f"durable-rules {metadata.version('durable_rules')}"


# After `finsam validera`: the model classes whose validator was built, and how many there are.
VALIDATORS_BUILT = (
    "from checker.cli import main\n"
    f"main(['validera', '-q', {str(EXAMPLE)!r}])\n"
    "from checker import model\n"
    "from pydantic import BaseModel\n"
    "kinds = [c for c in vars(model).values() if isinstance(c, type) and issubclass(c, BaseModel) and c is not BaseModel]\n"
    "print(sorted(c.__name__ for c in kinds if c.__pydantic_complete__), len(kinds))"
)


def test_validera_builds_one_validator_for_the_report_and_none_for_its_parts():
    shown = fresh(VALIDATORS_BUILT)
    built, count = shown.rsplit(" ", 1)
    assert built == "['Arsredovisning']" and int(count) > 30


@pytest.mark.parametrize("setting", ["__all__", "1", "true"])
def test_the_stand_in_loader_finds_no_plugins_when_they_are_disabled(setting):
    shown = fresh(
        "import sys\nfrom checker.plugins import stand_in_for_the_loader\nstand_in_for_the_loader()\n"
        "from pydantic.plugin._loader import get_plugins\n"
        "print(list(get_plugins()), 'importlib.metadata' in sys.modules)",
        PYDANTIC_DISABLE_PLUGINS=setting,
    )
    assert shown == "[] False\n"


def test_the_stand_in_loader_asks_the_real_one_when_plugins_are_allowed():
    code = (
        "import sys\nfrom checker.plugins import stand_in_for_the_loader\nstand_in_for_the_loader()\n"
        "from pydantic.plugin._loader import get_plugins\n"
        "found = list(get_plugins())\n"
        "import pydantic.plugin._loader as loader\n"
        "print(len(found), type(loader).__name__, loader.PYDANTIC_ENTRY_POINT_GROUP)"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    plugins = len(list(metadata.entry_points(group="pydantic")))
    assert done.stdout == f"{plugins} module pydantic\n"


def test_the_catalogue_parts_the_checker_keeps_are_dumped_as_pydantic_dumps_them():
    from checker.catalogue import load_catalogue
    from checker.evaluate import _dumped

    katalog = load_catalogue()
    kallor = [k for r in katalog.rules for k in r.kallor]
    assert any(k.citat is None or k.anmarkning is None for k in kallor)  # exclude_none has something to leave out
    for kalla in kallor:
        assert _dumped(kalla, exclude_none=True) == kalla.model_dump(exclude_none=True)
    recommendations = [r.rekommendation for r in katalog.rules if r.rekommendation]
    assert recommendations
    for rekommendation in recommendations:
        assert _dumped(rekommendation) == rekommendation.model_dump()


def test_validera_with_the_schema_kept_builds_no_validator_of_the_model_classes(tmp_path):
    code = VALIDATORS_BUILT
    cache = str(tmp_path / "cache")
    first = fresh(code, FINSAM_CACHE=cache)
    assert first.startswith("['Arsredovisning'] ")  # built, and its schema kept
    assert list((tmp_path / "cache").glob("modell-*.pickle"))
    built, count = fresh(code, FINSAM_CACHE=cache).rsplit(" ", 1)
    assert built == "[]" and int(count) > 30


def test_granska_with_the_cache_warm_reads_no_rule_file_and_parses_no_condition(tmp_path):
    out = tmp_path / "g.md"
    code = (
        "import sys\nfrom checker.cli import main\n"
        f"code = main(['granska', {str(EXAMPLE)!r}, '--datum', '2026-01-01', '-q', '-o', {str(out)!r}])\n"
        "print(code, sorted(m for m in ('lark', 'checker.grammar', 'checker.namecheck') if m in sys.modules))"
    )
    cache = str(tmp_path / "cache")
    assert fresh(code, FINSAM_CACHE=cache).split()[0] == "2"  # reads the catalogue and keeps it
    warm = out.read_bytes()
    assert fresh(code, FINSAM_CACHE=cache) == "2 []\n"
    assert out.read_bytes() == warm
