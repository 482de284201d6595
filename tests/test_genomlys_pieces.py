"""The genomlysning's Markdown is made and written a section at a time: the same bytes as the whole text at once."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from checker.catalogue import load_catalogue
from checker.cli import main
from checker.genomlys import render
from checker.genomlys.analysis import build
from checker.genomlys.collect import collect, expand
from checker.output import write_output

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DATE = "2026-01-01"
sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402  (bench/generate.py)


def _whole(blocks: list[list[str]]) -> str:
    return "\n".join(line for block in blocks for line in block).rstrip() + "\n"


@pytest.mark.parametrize("blocks", [
    [["a", ""], ["b"]],
    [["a", "", ""], [""], [], ["", "b", " "], ["  ", ""]],
    [[""], ["", " "], ["x"]],
    [["x \t"], [], [""]],
    [[], [""]],
    [["a"], ["\u2003"], ["b\n", ""]],
])
def test_the_pieces_join_to_the_whole_text(blocks):
    assert "".join(render._joined(iter(blocks))) == _whole(blocks)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """The examples and more generated reports than fit as columns (so one row per report), some faulty."""
    folder = tmp_path_factory.mktemp("stycken") / "in"
    shutil.copytree(EXAMPLES, folder)
    generate.generate(40, folder / "gen")
    return folder


@pytest.mark.parametrize("subset", ["examples", "all"])
def test_the_markdown_in_pieces_is_the_markdown_of_all_lines_at_once(folder, subset):
    files, left = expand([str(folder if subset == "all" else EXAMPLES)])  # the examples: one column per report
    g = build(collect(files, None, "durable", 1), left, load_catalogue(), DATE)
    pieces = list(render.markdown_pieces(g))
    assert len(pieces) > 5  # really in pieces
    assert "".join(pieces) == render.render_markdown(g) == _whole(list(render._blocks(g, False)))
    assert "## 4 Utveckling över åren" in render.render_markdown(g) and "## 6 Jämförbarhet" in render.render_markdown(g)


def test_the_command_writes_the_same_markdown_to_a_file_and_to_standard_output(folder, tmp_path, monkeypatch, capsysbinary):
    monkeypatch.chdir(tmp_path)  # the charts' links are relative to the file's folder, or to this one
    assert main(["genomlys", str(folder), "-o", "g.md", "--diagram", "d", "--datum", DATE, "-q"]) == 0
    capsysbinary.readouterr()
    assert main(["genomlys", str(folder), "-o", "-", "--diagram", "d", "--datum", DATE, "-q"]) == 0
    written = (tmp_path / "g.md").read_bytes()
    assert capsysbinary.readouterr().out == written
    assert written.count(b"| ") > 1000 and written.endswith(b".\n")


def test_pieces_are_written_as_the_whole_text_with_bidi_controls_shown(tmp_path, capsys):
    pieces = ["Förbund \u202e", "rätt\n", "", "slut\u2066\n"]
    write_output(iter(pieces), str(tmp_path / "a.md"), [])
    write_output("".join(pieces), str(tmp_path / "b.md"), [])
    assert (tmp_path / "a.md").read_bytes() == (tmp_path / "b.md").read_bytes()
    assert "⟨U+202E⟩" in (tmp_path / "a.md").read_text(encoding="utf-8")
    write_output(iter(pieces), "-", [])
    assert capsys.readouterr().out == (tmp_path / "b.md").read_text(encoding="utf-8")
