"""Render a hand-encoded example's statements and noter to a synthetic PDF.

    python bench/syntetisk_pdf.py NAMN UT.pdf      (NAMN: an example in examples/, e.g. sydnarke-2023)

No real PDF of the seed reports is at hand, so this stands in for a born-digital
årsredovisning: the resultaträkning, balansräkning, kassaflödesanalys and noter
as printed in the example (labels, note numbers, column headings), amounts
right-aligned in their columns as reports print them. Every page says it is
synthetic. The tests and `bench/utkast_bench.py --pdf` read these with
`finsam utkast`; nothing here is the förbund's own document.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from fpdf import FPDF

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.load import load_report  # noqa: E402

TITLES = {"resultatrakning": "Resultaträkning", "balansrakning": "Balansräkning", "kassaflodesanalys": "Kassaflödesanalys"}
LABEL_W, NOTE_X, COL_RIGHT = 95.0, 112.0, (150.0, 188.0)


def _latin1(text: str) -> str:
    return text.replace("\u2212", "-").replace("\u2013", "-").replace("\u2014", "-").encode("latin-1", "replace").decode("latin-1")


def _amount(value: int, unit: int) -> str:
    v = value // unit if unit > 1 else value
    s = f"{abs(v):,}".replace(",", " ")
    return ("-" if v < 0 else "") + s


class _Pdf(FPDF):
    def __init__(self, marking: str):
        super().__init__(format="A4")
        self.marking = marking
        self.set_auto_page_break(True, margin=18)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", size=7)
        self.cell(0, 5, _latin1(f"{self.marking} - sida {self.page_no()}"), align="C")


def _table(pdf: _Pdf, kolumner, rader, unit: int, heading: str | None = None) -> None:
    pdf.set_font("Helvetica", size=9)
    pdf.set_x(20)
    pdf.cell(LABEL_W, 6, _latin1("Belopp i kr" if unit == 1 else "Belopp i tkr"))
    pdf.set_x(NOTE_X - 6)
    pdf.cell(10, 6, "Not" if heading is None else "", align="R")
    for k, col in enumerate(kolumner[:2]):
        pdf.set_x(COL_RIGHT[k] - 30)
        pdf.cell(30, 6, _latin1(col.rubrik), align="R")
    pdf.ln(8)
    for row in rader:
        if pdf.get_y() > 270:
            pdf.add_page()
        bold = row.summa_av is not None
        pdf.set_font("Helvetica", style="B" if bold else "", size=9)
        pdf.set_x(20)
        # an encoder's parenthetical note with figures is not part of the printed label
        pdf.cell(LABEL_W, 5.5, _latin1(re.sub(r"\s*\([^)]*\d[^)]*\)?", "", row.rad)[:60]))
        if row.not_:
            pdf.set_x(NOTE_X - 6)
            pdf.cell(10, 5.5, _latin1(row.not_), align="R")
        for k, col in enumerate(kolumner[:2]):
            if col.ar in row.belopp:
                pdf.set_x(COL_RIGHT[k] - 30)
                pdf.cell(30, 5.5, _amount(row.belopp[col.ar], unit), align="R")
        pdf.ln(5.5)
    pdf.ln(4)


def render(name: str, out: Path) -> Path:
    report = load_report(ROOT / "examples" / f"{name}.yaml")
    marking = f"SYNTETISK PDF återgiven ur examples/{name}.yaml - inte förbundets egen årsredovisning"
    pdf = _Pdf(marking)
    pdf.add_page()
    pdf.set_font("Helvetica", style="B", size=14)
    pdf.cell(0, 10, _latin1(f"{report.forbund.namn} - Årsredovisning {report.rakenskapsar}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=9)
    pdf.multi_cell(0, 5, _latin1(marking + "."), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for key, title in TITLES.items():
        table = getattr(report, key)
        if table is None:
            continue
        if key != "resultatrakning":
            pdf.add_page()
        pdf.set_font("Helvetica", style="B", size=13)
        pdf.cell(0, 9, _latin1(title), new_x="LMARGIN", new_y="NEXT")
        _table(pdf, table.kolumner, table.rader, 1000 if table.enhet == "tkr" else 1)
    pdf.add_page()
    pdf.set_font("Helvetica", style="B", size=13)
    pdf.cell(0, 9, "Noter", new_x="LMARGIN", new_y="NEXT")
    for note in report.noter:
        if pdf.get_y() > 240:
            pdf.add_page()
        pdf.set_font("Helvetica", style="B", size=10)
        label = f"Not {note.nummer} {note.rubrik}" if note.nummer.isdigit() else f"Not {note.rubrik}"
        pdf.cell(0, 7, _latin1(label), new_x="LMARGIN", new_y="NEXT")
        if note.rader and note.kolumner:
            _table(pdf, note.kolumner, note.rader, 1000 if note.enhet == "tkr" else 1, heading=note.rubrik)
        else:
            pdf.ln(3)
    pdf.output(str(out))
    return out


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(3)
    render(sys.argv[1], Path(sys.argv[2]))
