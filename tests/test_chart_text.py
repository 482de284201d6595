"""The charts' own text drawing against matplotlib's: the same SVG as savefig, texts placed where Text places them."""

from __future__ import annotations

import io
import re

import pytest

matplotlib = pytest.importorskip("matplotlib")

from checker.genomlys.charts import RC  # noqa: E402
from checker.genomlys.labels import Labels  # noqa: E402
from checker.genomlys.svgtext import TextLayouts, write_svg  # noqa: E402

TEXTS = ["Lekeberg och Örebro", "Sydnärke (2023)", "43 %", "’24", "Åmål–Säffle", "gjpq ÅÄÖ"]
ALIGN = [(ha, va) for ha in ("left", "center", "right") for va in ("baseline", "center_baseline", "center", "top", "bottom")]


def _figure():
    from matplotlib.figure import Figure

    return Figure(figsize=(4, 3), dpi=100)


def _savefig(fig) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    return buf.getvalue()


def _placements(svg: str) -> list[tuple[str, str]]:
    """Each drawn text (its comment) and the translate that puts its glyphs in place."""
    return re.findall(r"<!-- (.*?) -->\s*<g (?:style=\"[^\"]*\" )?transform=\"translate\(([^)]*)\)", svg)


def test_the_remembered_layouts_write_what_savefig_writes():
    layouts = TextLayouts()
    with matplotlib.rc_context(RC):
        for _ in range(2):  # the second time from what was remembered
            fig = _figure()
            ax = fig.add_subplot(111)
            ax.set_title("Eget kapital i procent av medlemsbidraget 2025", fontsize=9.5)
            for i, t in enumerate(TEXTS):
                ax.text(0.1, i / 7, t, fontsize=6 + i, fontweight="bold" if i % 2 else "normal")
            assert write_svg(fig, {"Date": None}, layouts) == _savefig(fig)


@pytest.mark.parametrize("size, weight", [(7, "normal"), (6.5, "bold"), (5.5, "normal")])
def test_labels_are_placed_where_text_places_them(size, weight):
    with matplotlib.rc_context(RC):
        fig = _figure()
        own = Labels(fig.dpi_scale_trans)
        for i, (ha, va) in enumerate(ALIGN):
            x, y = 0.2 + (i % 3) * 1.2, 0.2 + (i // 3) * 0.5
            text = TEXTS[i % len(TEXTS)]
            fig.text(x, y, text, transform=fig.dpi_scale_trans, fontsize=size, fontweight=weight, ha=ha, va=va)
            own.add(x, y, text, size, weight=weight, ha=ha, va=va)
        reference = _placements(write_svg(fig, {"Date": None}))
        fig.texts.clear()
        fig.add_artist(own)
        drawn = _placements(write_svg(fig, {"Date": None}))
    assert len(reference) == len(ALIGN)
    assert drawn == reference
