"""The compiled catalogue on disk: used when nothing changed, read anew when anything did, never a condition."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checker import katalogcache
from checker.catalogue import load_catalogue

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "lekeberg-orebro-2025.yaml"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("FINSAM_CACHE", str(folder))
    return folder


@pytest.fixture
def catalogue(tmp_path):
    copy = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", copy)
    return copy


def _granska_json(catalogue, cache_env):
    env = {**os.environ, "FINSAM_CACHE": cache_env}
    done = subprocess.run([sys.executable, "-m", "checker", "granska", str(EXAMPLE), "--regler", str(catalogue),
                           "--format", "json", "--datum", "2026-01-01"], capture_output=True, env=env)
    assert done.returncode == 2, done.stderr.decode()
    return done.stdout


def test_the_report_from_a_cached_catalogue_is_byte_identical(tmp_path, catalogue):
    uncached = _granska_json(catalogue, "0")
    built = _granska_json(catalogue, str(tmp_path / "c"))
    assert list((tmp_path / "c").glob("katalog-*.pickle"))
    read_back = _granska_json(catalogue, str(tmp_path / "c"))
    assert uncached == built == read_back
    assert b'"EK-TAK"' in read_back


def test_a_loaded_catalogue_is_stored_and_read_back_with_the_same_findings(cache, catalogue):
    first = load_catalogue(catalogue)
    entries = list(cache.glob("katalog-*.pickle"))
    assert len(entries) == 1
    second = load_catalogue(catalogue)
    assert [r.id for r in second.rules] == [r.id for r in first.rules]
    assert second.parameters.keys() == first.parameters.keys()
    assert second.version == first.version


def test_an_edited_rule_file_is_read_anew(cache, catalogue):
    before = load_catalogue(catalogue)
    path = catalogue / "eget_kapital" / "EK-TAK.yaml"
    text = path.read_text(encoding="utf-8")
    krav = next(r for r in before.rules if r.id == "EK-TAK").krav
    path.write_text(text.replace(krav.split()[0], "Ändrat", 1), encoding="utf-8")
    after = load_catalogue(catalogue)
    assert next(r for r in after.rules if r.id == "EK-TAK").krav != krav
    assert len(list(cache.glob("katalog-*.pickle"))) == 2


def test_a_broken_catalogue_is_never_cached(cache, catalogue):
    from checker.errors import InputError

    (catalogue / "eget_kapital" / "EK-TAK.yaml").write_text("id: [\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(InputError):
            load_catalogue(catalogue)
    assert not list(cache.glob("katalog-*.pickle"))


def test_a_cache_folder_that_cannot_be_made_is_no_error(tmp_path, monkeypatch, catalogue):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("FINSAM_CACHE", str(blocker / "cache"))
    assert load_catalogue(catalogue).rules


def test_a_damaged_entry_is_read_anew_and_replaced(cache, catalogue):
    load_catalogue(catalogue)
    (entry,) = cache.glob("katalog-*.pickle")
    entry.write_bytes(b"\x80\x05 not a pickle")
    assert load_catalogue(catalogue).rules
    assert entry.read_bytes()[:1] == b"\x80" and len(entry.read_bytes()) > 1000


def test_an_entry_others_may_write_is_not_trusted(cache, catalogue):
    load_catalogue(catalogue)
    (entry,) = cache.glob("katalog-*.pickle")
    entry.write_bytes(b"\x80\x05 planted")
    os.chmod(entry, 0o666)
    assert load_catalogue(catalogue).rules  # the planted file was not unpickled


def test_finsam_cache_0_turns_it_off(tmp_path, monkeypatch, catalogue):
    monkeypatch.setenv("FINSAM_CACHE", "0")
    assert katalogcache.cache_dir() is None
    assert load_catalogue(catalogue).rules


def test_old_entries_are_pruned(cache, catalogue, monkeypatch):
    monkeypatch.setattr(katalogcache, "KEEP", 2)
    path = catalogue / "katalog.yaml"
    original = path.read_text(encoding="utf-8")
    for i in range(4):
        path.write_text(original + f"\n# version {i}\n", encoding="utf-8")
        load_catalogue(catalogue)
    assert len(list(cache.glob("katalog-*.pickle"))) == 2


def test_a_changed_module_of_the_package_gives_another_key(tmp_path, monkeypatch, catalogue):
    package = tmp_path / "checker"
    shutil.copytree(ROOT / "checker", package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(katalogcache, "_PACKAGE", package)
    sources = [catalogue]
    first = katalogcache.key(sources)
    assert katalogcache.key(sources) == first
    module = package / "facts.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# ändrad\n", encoding="utf-8")
    assert katalogcache.key(sources) == first  # a process keys by the code it saw first, the code it runs
    katalogcache._code.cache_clear()  # as the next command sees it
    edited = katalogcache.key(sources)
    assert edited != first
    stat = module.stat()
    os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # touched, same size
    katalogcache._code.cache_clear()
    touched = katalogcache.key(sources)
    assert touched != edited
    # Bytecode and files that are not modules are no code of the package.
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "facts.cpython-311.pyc").write_bytes(b"bytecode")
    (package / "webb.css").write_text("a {}", encoding="utf-8")
    katalogcache._code.cache_clear()
    assert katalogcache.key(sources) == touched


def _conditions(katalog):
    found = {}
    for rule in katalog.rules:
        found[rule.id] = rule.condition
        if rule.applicability is not None:
            found[f"{rule.id}#tillamplig"] = rule.applicability
    return found


def test_the_engines_ruleset_from_the_cache_is_the_one_written_anew(cache, catalogue):
    from checker import engine

    conditions = _conditions(load_catalogue(catalogue))
    built = engine._plan(conditions)
    first = katalogcache.cached("motor", [], lambda: engine._plan(conditions), extra=repr(conditions))
    (entry,) = cache.glob("motor-*.pickle")
    read_back = katalogcache.cached("motor", [], lambda: pytest.fail("built again"), extra=repr(conditions))
    assert first == read_back == built
    assert '"r0+"' in built[3] and len(built[0]) == len(conditions)


def test_an_edited_condition_gives_another_ruleset(cache, catalogue):
    from checker import engine

    path = catalogue / "eget_kapital" / "EK-TAK.yaml"
    before = _conditions(load_catalogue(catalogue))
    path.write_text(path.read_text(encoding="utf-8").replace("ek_andel <= ek_tak", "ek_andel < ek_tak", 1), encoding="utf-8")
    after = _conditions(load_catalogue(catalogue))
    assert repr(before) != repr(after)
    plans = [katalogcache.cached("motor", [], lambda c=c: engine._plan(c), extra=repr(c)) for c in (before, after)]
    assert len(list(cache.glob("motor-*.pickle"))) == 2
    assert plans[0][3] != plans[1][3] and plans[1][3] == engine._plan(after)[3]
