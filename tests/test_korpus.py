"""Bad input never harms: every row of the corpus (tests/korpus.py) through the real command.

Each case asserts exit code 3, no traceback, no raw control or bidi character on the
terminal, a Swedish message naming the file (and, for what a file holds, the line), and
that nothing in the folder changed: the input is untouched and no file was left behind.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import korpus  # noqa: E402
from checker.cli import main  # noqa: E402
from checker.visible import for_terminal  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / korpus.REPORT
ENGLISH = re.compile(r"\b(expected|found|should|required|invalid|error|not allowed|must|Input|Field|value is|"
                     r"Permission|denied|No such|Too many|levels|symbolic|Exceeds|limit|digits|unacceptable|"
                     r"character|position|cannot|could not|while|scanning|parsing|felslag)\b")
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def snapshot(folder: Path) -> dict:
    """Every entry below the folder: its kind, and a regular file's bytes."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            info = os.lstat(p)
            content = p.read_bytes() if stat.S_ISREG(info.st_mode) else None
            out[str(p.relative_to(folder))] = (stat.S_IFMT(info.st_mode), content, info.st_rdev)
    return out


def run(capsys, args: list[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def assert_refused(code: int, out: str, err: str, file: str, words: str, line: int | None = None) -> None:
    assert code == 3, f"slutkod {code}, väntade 3:\n{err}"
    assert "Traceback" not in out + err
    assert not RAW.search(out + err), repr(err)
    shown = for_terminal(file)
    lines = [re.sub(r"^finsam \w+: ", "", p) for p in err.splitlines()]  # utkast names itself first
    problems = [p for p in lines if p.startswith(shown + ":") or p.startswith(shown + " ")]
    assert problems, f"inget meddelande nämner {shown!r}:\n{err}"
    where = f"{shown}:{line}:" if line else shown
    assert any(p.startswith(where) and words in p for p in problems), f"väntade {where!r} … {words!r}, fick:\n{err}"
    for problem in problems:
        assert not ENGLISH.search(problem), problem


def changed(original: bytes, change: korpus.Change) -> tuple[bytes, int | None]:
    """The changed file's bytes and the line the message should name."""
    new = change.new if isinstance(change.new, bytes) else change.new.encode("utf-8")
    if change.old is None:
        return new, change.line
    old = change.old.encode("utf-8")
    at = original.index(old)
    line = original[:at].count(b"\n") + 1
    if change.line == 0:
        line += 1
    elif change.line is not None:
        line = change.line
    return original[:at] + new + original[at + len(old):], line


# --- report files --------------------------------------------------------------------------

@pytest.mark.parametrize("change", korpus.REPORTS, ids=[c.id for c in korpus.REPORTS])
def test_a_bad_report_file(change, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    content, line = changed(EXAMPLE.read_bytes(), change)
    Path("rapport.yaml").write_bytes(content)
    before = snapshot(tmp_path)
    for args in (["validera", "rapport.yaml"], ["granska", "rapport.yaml", "-o", "ut.md"]):
        code, out, err = run(capsys, args)
        assert_refused(code, out, err, "rapport.yaml", change.words, line)
        assert snapshot(tmp_path) == before


# --- rule files ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def one_rule_catalogue(tmp_path_factory) -> Path:
    """The catalogue with EK-TAK as its only rule: quick to load, and a real rule file to break."""
    folder = tmp_path_factory.mktemp("katalog") / "rules"
    shutil.copytree(ROOT / "rules", folder)
    keep = folder / korpus.RULE
    for path in folder.rglob("*.yaml"):
        parts = path.relative_to(folder).parts
        if parts[0] not in ("parametrar", "mallar", "fakta") and parts != ("katalog.yaml",) and path != keep:
            path.unlink()
    return folder


def test_the_one_rule_catalogue_is_valid(one_rule_catalogue, capsys):
    assert main(["regler", "--regler", str(one_rule_catalogue), "--testa"]) == 0


@pytest.mark.parametrize("change", korpus.RULES, ids=[c.id for c in korpus.RULES])
def test_a_bad_rule_file(change, one_rule_catalogue, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(one_rule_catalogue, "rules")
    target = Path("rules") / (change.file or korpus.RULE)
    content, line = changed(target.read_bytes(), change)
    target.write_bytes(content)
    Path("rapport.yaml").write_bytes(EXAMPLE.read_bytes())
    before = snapshot(tmp_path)
    for args in (["regler", "--regler", "rules"], ["granska", "rapport.yaml", "--regler", "rules", "-o", "ut.md"]):
        code, out, err = run(capsys, args)
        assert_refused(code, out, err, str(target), change.words, line)
        assert snapshot(tmp_path) == before


# --- paths ---------------------------------------------------------------------------------

def make_path(setup: str, folder: Path) -> str:
    """The path a case names, made in the folder (or a system path, used as it is)."""
    if setup.startswith("/"):
        return setup
    if setup == "missing":
        return "finns-inte.yaml"
    if setup == "directory":
        Path("mapp.yaml").mkdir()
        return "mapp.yaml"
    if setup == "symlink_loop":
        os.symlink("b.yaml", "a.yaml")
        os.symlink("a.yaml", "b.yaml")
        return "a.yaml"
    if setup == "dangling_symlink":
        os.symlink("ingenting.yaml", "lank.yaml")
        return "lank.yaml"
    if setup == "file_as_directory":
        shutil.copy(EXAMPLE, "r.yaml")
        return "r.yaml/x.yaml"
    if setup == "long_name":
        return "x" * 300 + ".yaml"
    if setup == "fifo":
        os.mkfifo("f.yaml")
        return "f.yaml"
    if setup == "big_file":
        Path("stor.yaml").write_bytes(b"a: b\n" * 300_000)
        return "stor.yaml"
    if setup == "escape_name":
        return "\x1b]0;x\x07\x1b[2J.yaml"
    if setup == "bidi_name":
        return "rapport\u202elmay.yaml"
    if setup == "example_copy":
        shutil.copy(EXAMPLE, "r.yaml")
        return "r.yaml"
    raise AssertionError(setup)


@pytest.mark.parametrize("case", korpus.PATHS, ids=[c.id for c in korpus.PATHS])
def test_a_bad_path(case, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    shutil.copy(EXAMPLE, "exempel.yaml")
    path = make_path(case.setup, tmp_path)
    before = snapshot(tmp_path)
    args = [a.format(path=path, example="exempel.yaml", out="ut.md") for a in case.args]
    code, out, err = run(capsys, args)
    assert_refused(code, out, err, path, case.words)
    assert snapshot(tmp_path) == before


# --- output targets ------------------------------------------------------------------------

def make_target(setup: str, monkeypatch) -> tuple[str, list[str]]:
    """The -o target a case names, and any further arguments."""
    if setup.startswith("/"):
        return setup, []
    if setup == "input":
        return "rapport.yaml", ["--format", "md"]
    if setup == "hardlink_to_input":
        os.link("rapport.yaml", "lank.md")
        return "lank.md", []
    if setup == "symlink_to_input":
        os.symlink("rapport.yaml", "lank.md")
        return "lank.md", []
    if setup == "directory":
        Path("ut.md").mkdir()
        return "ut.md", []
    if setup == "missing_folder":
        return "saknas/ut.md", []
    if setup in ("dev_full_copy", "block_device_copy"):
        kind, device = (stat.S_IFCHR, os.makedev(1, 7)) if setup == "dev_full_copy" else (stat.S_IFBLK, os.makedev(7, 0))
        try:
            os.mknod("enhet", kind | 0o666, device)
        except PermissionError:
            pytest.skip("mknod kräver root")
        return "enhet", ["--format", "md"]
    if setup == "fifo":
        os.mkfifo("ut.md")
        return "ut.md", []
    if setup == "symlink_loop":
        os.symlink("b.md", "a.md")
        os.symlink("a.md", "b.md")
        return "a.md", []
    if setup == "escape_missing_folder":
        return "\x1b[2J\x1b]0;x\x07/ut.md", []
    if setup == "html_name_md_format":
        return "ut.html", ["--format", "md"]
    if setup == "datum":
        return "ut.md", ["--datum", "2025-13-45"]
    if setup == "stdout_full":
        monkeypatch.setattr(sys, "stdout", open("/dev/full", "w", encoding="utf-8"))
        return "-", []
    raise AssertionError(setup)


NAMED = {"html_name_md_format": "ut.html", "datum": "--datum", "stdout_full": "standard ut"}


@pytest.mark.parametrize("case", korpus.OUTPUTS, ids=[c.id for c in korpus.OUTPUTS])
def test_a_bad_output_target(case, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    shutil.copy(EXAMPLE, "rapport.yaml")
    target, extra = make_target(case.setup, monkeypatch)
    before = snapshot(tmp_path)
    code, out, err = run(capsys, ["granska", "rapport.yaml", "-o", target, *extra])
    assert_refused(code, out, err, NAMED.get(case.setup, target), case.words)
    assert snapshot(tmp_path) == before
