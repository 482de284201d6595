"""Many one-line texts drawn by one artist: the names, values and panel titles of the charts.

A matplotlib Text is an artist of its own that, on every draw, looks its font up again, reads
the font's tables and builds its box; with a thousand names, percentages and tick labels in the
four charts that was half the time left. Labels keeps only what each text needs and places it
by the rules Text uses for one line without rotation (the font's ascent and descent as the
least height; left/center/right, baseline/center_baseline/center/top/bottom), then hands it to
the renderer's own draw_text, so the glyphs in the SVG are matplotlib's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from matplotlib.artist import Artist


@dataclass(frozen=True)
class _Label:
    x: float
    y: float
    text: str
    size: float
    colour: str
    weight: str
    ha: str
    va: str
    box: Optional[tuple[str, float, float]]  # (colour, alpha, pad as a share of the font size) behind the text


def _least_extent(prop, dpi: float) -> tuple[float, float]:
    """The font's typographic ascent and descent at the given size, as Text takes them for a line's least height."""
    from matplotlib.font_manager import findfont, get_font

    font = get_font(findfont(prop))
    table = font.get_sfnt_table("OS/2")
    ascent, descent = ("sTypoAscender", "sTypoDescender") if table else ("ascent", "descent")
    table = table or font.get_sfnt_table("hhea")
    scale = prop.get_size_in_points() * dpi / 72 / font.get_sfnt_table("head")["unitsPerEm"]
    return table[ascent] * scale, -table[descent] * scale


class Labels(Artist):
    """One-line texts at points given in the artist's transform."""

    def __init__(self, transform, zorder: float = 3) -> None:
        super().__init__()
        self.set_transform(transform)
        self.set_zorder(zorder)
        self._labels: list[_Label] = []

    def add(self, x: float, y: float, text: str, size: float, colour: str = "black", weight: str = "normal",
            ha: str = "left", va: str = "baseline", box: Optional[tuple[str, float, float]] = None) -> None:
        if text:
            self._labels.append(_Label(x, y, text.replace("\n", " "), size, colour, weight, ha, va, box))

    def draw(self, renderer) -> None:
        from matplotlib.colors import to_rgba
        from matplotlib.font_manager import FontProperties
        from matplotlib.path import Path
        from matplotlib.transforms import IdentityTransform

        if not self.get_visible() or not self._labels:
            return
        dpi = self.get_figure(root=True).dpi
        height = renderer.get_canvas_width_height()[1]
        points = self.get_transform().transform([(lab.x, lab.y) for lab in self._labels])
        fonts: dict[tuple, tuple] = {}
        placed = []
        for lab, (x, y) in zip(self._labels, points):
            key = (lab.size, lab.weight)
            if key not in fonts:
                prop = FontProperties(size=lab.size, weight=lab.weight)
                fonts[key] = (prop, *_least_extent(prop, dpi))
            prop, least_ascent, least_descent = fonts[key]
            w, h, d = renderer.get_text_width_height_descent(lab.text, prop, ismath=False)
            a, d = max(h - d, least_ascent), max(d, least_descent)
            x -= {"left": 0, "right": w, "center": w / 2}[lab.ha]
            y += {"baseline": 0, "center_baseline": -a / 2, "top": -a, "center": -a + (a + d) / 2, "bottom": d}[lab.va]
            placed.append((lab, prop, x, y, w, a, d))
        renderer.open_group("labels", self.get_gid())
        boxes: dict[tuple[str, float], list] = {}
        for lab, _, x, y, w, a, d in placed:  # the boxes first, under their texts
            if lab.box:
                colour, alpha, pad = lab.box
                pad *= lab.size * dpi / 72
                boxes.setdefault((colour, alpha), []).append((x - pad, y - d - pad, x + w + pad, y + a + pad))
        for (colour, alpha), rects in boxes.items():
            vertices, codes = [], []
            for x0, y0, x1, y1 in rects:
                vertices += [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
                codes += [Path.MOVETO, Path.LINETO, Path.LINETO, Path.LINETO, Path.CLOSEPOLY]
            gc = renderer.new_gc()
            gc.set_alpha(alpha)
            gc.set_linewidth(0)
            renderer.draw_path(gc, Path(vertices, codes), IdentityTransform(), to_rgba(colour, alpha))
            gc.restore()
        gc = renderer.new_gc()
        for lab, prop, x, y, *_ in placed:
            gc.set_foreground(lab.colour)
            renderer.draw_text(gc, x, height - y if renderer.flipy() else y, lab.text, prop, 0, ismath=False)
        gc.restore()
        renderer.close_group("labels")
