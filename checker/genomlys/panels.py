"""Small multiples drawn straight onto the figure: one panel per förbund, laid out here.

A hundred matplotlib Axes (each with its axis, ticks, spines and tight_layout's measuring) cost
seconds and some 60 MB; the panels need none of that machinery. Each panel is a rectangle in
inches; its series, reference line, grid, spines and ticks go into a handful of collections for
all panels together, and the few labels are text. Geometry, tick choice and styles follow what the
Axes version drew (matplotlib's own locator picks the percent ticks), so the chart reads the same.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

from .. import format as fmt
from .chartlayout import PAD, PT, text_width
from .labels import Labels
TICK = 2 * PT  # tick length
TICK_PAD = 1 * PT  # between a tick and its label
TICK_SIZE = 5.5  # tick labels, points
W_GAP = (0.3 * 8 + 2) * PT  # between panels side by side: tight_layout's w_pad and the next panel's ticks
H_GAP = (0.6 * 8 + 2 + 2) * PT  # between rows, besides the title: h_pad, the ticks below, the title's pad
TOP = 0.62 + 0.225  # inches above the first row's titles: the heading and the legend, and the space tight_layout left below them
BOTTOM = PAD + TICK + TICK_PAD + 1.03 * TICK_SIZE * PT
GRID = {"color": "#b0b0b0", "alpha": 0.25, "linewidth": 0.8}


@dataclass(frozen=True)
class Panel:
    title: str
    series: list[tuple[int, float]]
    reference: list[tuple[int, float]]  # (year, value) where a reference line is drawn
    hot: bool


class _Path:
    """Pieces of line in inches, kept as one Line2D's data with a break between pieces."""

    def __init__(self) -> None:
        self.xs: list[float] = []
        self.ys: list[float] = []

    def extend(self, point: tuple[float, float]) -> None:
        self.xs.append(point[0])
        self.ys.append(point[1])

    def add(self, points: list[tuple[float, float]]) -> None:
        for p in points:
            self.extend(p)
        if self.xs and self.xs[-1] == self.xs[-1]:  # one break, not two (NaN is not equal to itself)
            self.extend((math.nan, math.nan))

    def draw(self, fig, transform, **style) -> None:
        from matplotlib.lines import Line2D

        if self.xs:
            fig.add_artist(Line2D(self.xs, self.ys, transform=transform, **style))


def _y_ticks(top: float, height: float) -> list[float]:
    """The ticks matplotlib's AutoLocator picks for 0..top on an axis `height` inches tall."""
    from matplotlib.ticker import MaxNLocator

    bins = min(9, max(1, math.floor(height * 72 / (TICK_SIZE * 2))))
    ticks = MaxNLocator(nbins=bins, steps=[1, 2, 2.5, 5, 10]).tick_values(0, top)
    return [float(t) for t in ticks if -1e-9 * top <= t <= top * (1 + 1e-9)]


def draw(fig, panels: list[Panel], columns: int, colours: tuple[str, str, str], title_colour: str, title_size: float,
         year_label: Callable[[int], str]) -> None:
    """Draw the panels on `fig` (its size already fits them), `columns` side by side, on shared scales.

    colours: a hot panel's series and title, a calm one's series, the reference line; title_colour: a calm panel's title.
    """
    hot_colour, calm_colour, ref_colour = colours
    width, height = fig.get_size_inches()
    rows = max(1, math.ceil(len(panels) / columns))
    years = sorted({y for p in panels for y, _ in p.series})
    top = max([v for p in panels for _, v in p.series] + [r for p in panels for _, r in p.reference] + [1.0]) * 1.1
    x0, x1 = (years[0] - 0.5, years[-1] + 0.5) if years else (-0.5, 0.5)
    step = 1 if len(years) <= 4 else 3 if len(years) > 8 else 2
    x_ticks = [y for y in range(years[0], years[-1] + 1) if (y - years[0]) % step == 0] if years else []

    title_height = 1.114 * title_size * PT
    panel_top = TOP + title_height + 2 * PT
    ph = (height - panel_top - BOTTOM - (rows - 1) * (H_GAP + title_height)) / rows
    y_ticks = _y_ticks(top, ph)
    y_labels = [fmt.procent(t) for t in y_ticks]
    left = PAD + max((text_width(s, TICK_SIZE) for s in y_labels), default=0) + TICK + TICK_PAD
    pw = (width - left - PAD - (columns - 1) * W_GAP) / columns

    # Each kind of line is one path with breaks (NaN) between its pieces: one SVG element, not thousands.
    grid, spines, ticks, refs = _Path(), _Path(), _Path(), _Path()
    series = {True: _Path(), False: _Path()}
    texts = Labels(fig.dpi_scale_trans)
    for i, p in enumerate(panels):
        row, col = divmod(i, columns)
        bx = left + col * (pw + W_GAP)
        by = height - panel_top - row * (ph + H_GAP + title_height) - ph

        def at(x: float, y: float) -> tuple[float, float]:
            return bx + (x - x0) / (x1 - x0) * pw, by + y / top * ph

        for t in y_ticks:
            y = by + t / top * ph
            grid.add([(bx, y), (bx + pw, y)])
            ticks.add([(bx - TICK, y), (bx, y)])
        for t in x_ticks:
            x = at(t, 0)[0]
            grid.add([(x, by), (x, by + ph)])
            ticks.add([(x, by - TICK), (x, by)])
        spines.add([(bx, by + ph), (bx, by), (bx + pw, by)])
        for y, r in p.reference:  # a segment a year wide for each year, so a lone year shows its line too
            refs.add([at(y - 0.5, r), at(y + 0.5, r)])
        for j, (y, v) in enumerate(p.series):
            if j and y - p.series[j - 1][0] > 1:  # no line bridges a missing year
                series[p.hot].add([])
            series[p.hot].extend(at(y, v))
        series[p.hot].add([])
        texts.add(bx + pw / 2, by + ph + 2 * PT, p.title, title_size, hot_colour if p.hot else title_colour,
                  "bold" if p.hot else "normal", ha="center")
        if col == 0:
            for t, s in zip(y_ticks, y_labels):
                texts.add(bx - TICK - TICK_PAD, by + t / top * ph, s, TICK_SIZE, ha="right", va="center_baseline")
        if i + columns >= len(panels):  # nothing below it: this panel shows the years
            for t in x_ticks:
                texts.add(at(t, 0)[0], by - TICK - TICK_PAD, year_label(t), TICK_SIZE, ha="center", va="top")

    inches = fig.dpi_scale_trans
    # zorders as on an Axes: grid and ticks below the data, spines above it, text on top
    grid.draw(fig, inches, zorder=1.5, **GRID)
    ticks.draw(fig, inches, zorder=1.5, color="black", linewidth=0.8)
    refs.draw(fig, inches, zorder=2, color=ref_colour, linestyle="--", linewidth=0.7)
    for hot, path in series.items():
        path.draw(fig, inches, zorder=2, color=hot_colour if hot else calm_colour, linewidth=1.4 if hot else 1.0, marker="o", markersize=1.8)
    spines.draw(fig, inches, zorder=2.5, color="black", linewidth=0.8)
    fig.add_artist(texts)
