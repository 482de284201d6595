"""Examples and reports name documents by their title, never by a path only the project has."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checker.cli import main

ROOT = Path(__file__).resolve().parent.parent
INTERNAL = re.compile(r"seeds?[/ _]|/work/|\b00\d_[0-9a-f]{6,}|\.txt\b")
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES + sorted((ROOT / "rules").rglob("*.yaml")), ids=lambda p: p.name)
def test_no_internal_path_in_examples_or_rules(path):
    assert not INTERNAL.search(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_the_report_header_names_the_document_by_title(example, tmp_path, capsys):
    out = tmp_path / "r.md"
    main(["granska", str(example), "-o", str(out), "-q"])
    text = out.read_text(encoding="utf-8")
    assert not INTERNAL.search(text)
    header = next(line for line in text.splitlines() if line.startswith("| Granskat dokument"))
    assert re.search(r"Årsredovisning 20\d\d, (FINSAM|Samordningsförbundet) ", header)
    # Each amount in the report cites where in the document it stands.
    assert re.search(r"\| rad \d+", text)
