"""What the wheel carries: the catalogue, the template and the schemas, mapped from the top-level folders."""

from __future__ import annotations

import os
import runpy
from pathlib import Path

import setuptools

from checker.resources import data_dir, rules_dir

ROOT = Path(__file__).resolve().parent.parent


def _setup_arguments(monkeypatch) -> dict:
    captured: dict = {}
    monkeypatch.setattr(setuptools, "setup", lambda **kw: captured.update(kw))
    monkeypatch.chdir(ROOT)
    runpy.run_path(str(ROOT / "setup.py"))
    return captured


def test_every_file_under_rules_and_schema_goes_into_the_wheel(monkeypatch):
    kw = _setup_arguments(monkeypatch)
    carried = set()
    for package, folder in kw["package_dir"].items():
        for pattern in kw["package_data"][package]:
            carried |= {p.relative_to(ROOT).as_posix() for p in (ROOT / folder).glob(pattern) if p.is_file()}
    wanted = {p.relative_to(ROOT).as_posix() for top in ("rules", "schema") for p in (ROOT / top).rglob("*") if p.is_file()}
    assert wanted and wanted <= carried
    assert kw["package_dir"]["checker.data.rules"] == "rules"
    assert kw["package_dir"]["checker.data.rules.eget_kapital"] == "rules/eget_kapital"


def test_every_python_package_is_in_the_wheel(monkeypatch):
    kw = _setup_arguments(monkeypatch)
    on_disk = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "checker").rglob("__init__.py")
    }
    assert on_disk <= set(kw["packages"])


def test_the_catalogue_given_wins_then_finsam_regler_then_the_one_that_comes_along(monkeypatch, tmp_path):
    monkeypatch.setenv("FINSAM_REGLER", str(tmp_path / "miljo"))
    assert rules_dir(tmp_path / "flagga") == tmp_path / "flagga"
    assert rules_dir() == tmp_path / "miljo"
    monkeypatch.delenv("FINSAM_REGLER")
    assert rules_dir() == data_dir("rules")
    assert (rules_dir() / "katalog.yaml").is_file()
    assert (data_dir("schema") / "granskning.schema.json").is_file()


def test_no_copy_of_the_catalogue_is_kept_inside_the_package():
    assert not (ROOT / "checker" / "data").exists() or not any((ROOT / "checker" / "data").rglob("*.yaml"))
    assert "/checker/data/" in (ROOT / ".gitignore").read_text(encoding="utf-8")
    assert os.path.isdir(ROOT / "rules")
