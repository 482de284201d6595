"""Margins computed, not searched for: the few measurements the charts' layout needs.

tight_layout drew every chart once more to measure it and made matplotlib build a Tick (two
lines, two texts, a grid line) for each of a hundred names; here a name is measured from the
font's metrics and drawn as a plain text beside a tick mark, and the Axes is placed by its margins.
"""

from __future__ import annotations

PT = 1 / 72  # a point in inches
PAD = 1.08 * 8 * PT  # the margin tight_layout kept round the figure at font size 8
NAME_TICK = 3.5 * PT  # a name's tick mark, and the gap between it and the name (matplotlib's default)


def text_width(text: str, size: float, weight: str = "normal") -> float:
    """A text's width in inches as matplotlib measures it (and remembers it for drawing)."""
    from matplotlib.font_manager import FontProperties

    from .svgtext import LAYOUTS

    width, _, _ = LAYOUTS.get_text_width_height_descent(text, FontProperties(size=size, weight=weight), False)
    return width * PT


def bars(ax, positions: list[float], lefts: list[float], widths: list[float], height: float, colour: str, label=None) -> None:
    """Horizontal bars of one colour as one filled path: what barh draws, without an artist per bar."""
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path

    if not positions:
        return
    vertices, codes = [], []
    for p, x, w in zip(positions, lefts, widths):
        bottom, top = p - height / 2, p + height / 2
        vertices += [(x, bottom), (x + w, bottom), (x + w, top), (x, top), (x, bottom)]
        codes += [Path.MOVETO, Path.LINETO, Path.LINETO, Path.LINETO, Path.CLOSEPOLY]
    # add_artist, not add_patch: the limits are set by the chart, so no walk over every rectangle for them
    ax.add_artist(PathPatch(Path(vertices, codes), facecolor=colour, linewidth=0, label=label))


def place(fig, ax, left: float, right: float, top: float, bottom: float) -> None:
    """Put the Axes `left`, `right`, `top`, `bottom` inches in from the figure's edges."""
    width, height = fig.get_size_inches()
    ax.set_position([left / width, bottom / height, (width - left - right) / width, (height - top - bottom) / height])


def right_overhang(ax, size: float) -> float:
    """How far (inches) the last x tick label reaches past the Axes' right edge; 0 if it does not."""
    from matplotlib.transforms import Bbox

    lo, hi = ax.get_xlim()
    ticks = [t for t in ax.xaxis.get_majorticklocs() if lo <= t <= hi]
    if not ticks:
        return 0.0
    last = ticks[-1]
    label = ax.xaxis.get_major_formatter()(last, len(ticks) - 1)
    width = Bbox.unit().transformed(ax.transAxes - ax.get_figure().dpi_scale_trans).width
    return max(0.0, text_width(label, size) / 2 - (hi - last) / (hi - lo) * width)


def names(ax, positions: list[float], labels: list[tuple[str, str, str]], size: float) -> float:
    """Names on the y axis at `positions` (label, colour, weight): a tick mark and a text each, as a Tick would draw them.

    Returns the widest name's width in inches, for the left margin.
    """
    from matplotlib.lines import Line2D
    from matplotlib.markers import TICKLEFT
    from matplotlib.transforms import ScaledTranslation, blended_transform_factory

    from .labels import Labels

    ax.set_yticks([])
    edge = blended_transform_factory(ax.transAxes, ax.transData)
    ax.add_line(Line2D([0] * len(positions), positions, transform=edge, linestyle="none", marker=TICKLEFT,
                       markersize=3.5, markeredgewidth=0.8, color="black", clip_on=False))
    names = Labels(edge + ScaledTranslation(-2 * NAME_TICK, 0, ax.get_figure().dpi_scale_trans))
    for p, (text, colour, weight) in zip(positions, labels):
        names.add(0, p, text, size, colour, weight, ha="right", va="center_baseline")
    ax.add_artist(names)
    return max((text_width(t, size, w) for t, _, w in labels), default=0.0)
