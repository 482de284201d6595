"""Each text laid out once, not twice per chart, and the SVG written with those layouts.

With svg.fonttype "path" matplotlib lays out every text twice (its size, then its glyphs) at
about 55 µs a character, which made text most of the charts' time; and the same names,
percentages and tick labels come back in every chart. TextLayouts keeps matplotlib's own layout
and glyph outlines (it is matplotlib's TextToPath) and remembers them per font and string;
write_svg hands it to matplotlib's SVG renderer. The SVG is byte for byte what savefig writes.
"""

from __future__ import annotations

import io
from collections import OrderedDict

from matplotlib.textpath import TextToPath


def _font_key(prop) -> tuple:
    # the font files a FontProperties picks do not depend on its size
    return (tuple(prop.get_family()), prop.get_style(), prop.get_variant(), prop.get_weight(), prop.get_stretch(), prop.get_file())


class TextLayouts(TextToPath):
    """matplotlib's TextToPath, remembering fonts, text sizes and glyph positions (not for math text)."""

    LIMIT = 20_000  # strings remembered; then it starts afresh (a long-lived web server draws many charts)

    def __init__(self) -> None:
        super().__init__()
        self.clear()

    def clear(self) -> None:
        self._fonts: dict[tuple, object] = {}
        self._sizes: dict[tuple, tuple[float, float, float]] = {}
        self._placed: dict[tuple, list] = {}
        self._outlines: dict[str, tuple] = {}

    def _full(self) -> None:
        if len(self._sizes) + len(self._placed) > self.LIMIT:
            self.clear()

    def _get_font(self, prop):
        key = _font_key(prop)
        font = self._fonts.get(key)
        if font is None:
            font = self._fonts[key] = super()._get_font(prop)
        font.set_size(self.FONT_SCALE, self.DPI)
        return font

    def get_text_width_height_descent(self, s, prop, ismath):
        if ismath:
            return super().get_text_width_height_descent(s, prop, ismath)
        key = (_font_key(prop), s)
        size = self._sizes.get(key)
        if size is None:  # at FONT_SCALE, scaled to the asked size below as TextToPath does
            w, h, d = super().get_text_width_height_descent(s, _at_scale(prop, self.FONT_SCALE), ismath)
            self._full()
            size = self._sizes[key] = (w, h, d)
        scale = prop.get_size_in_points() / self.FONT_SCALE
        return size[0] * scale, size[1] * scale, size[2] * scale

    def get_glyphs_with_font(self, font, s, glyph_map=None, return_new_glyphs_only=False, *, features=None, language=None):
        key = (font.fname, s, features, language)
        placed = self._placed.get(key)
        if placed is None:
            self._full()
            everything: OrderedDict = OrderedDict()
            placed, _, _ = super().get_glyphs_with_font(font, s, glyph_map=everything, features=features, language=language)
            self._placed[key] = placed
            for glyph, outline in everything.items():
                self._outlines.setdefault(glyph, outline)
        if glyph_map is None:
            glyph_map = OrderedDict()
        new = OrderedDict() if return_new_glyphs_only else glyph_map
        for glyph, *_ in placed:
            if glyph not in glyph_map and glyph not in new:
                new[glyph] = self._outlines[glyph]
        return list(placed), new, []


def _at_scale(prop, size: float):
    scaled = prop.copy()
    scaled.set_size(size)
    return scaled


LAYOUTS = TextLayouts()


def write_svg(fig, metadata: dict, layouts: TextLayouts = LAYOUTS) -> str:
    """The figure as SVG, as savefig(format="svg") writes it, its texts laid out by `layouts`."""
    from matplotlib.backends.backend_svg import RendererSVG

    buf = io.StringIO()
    dpi = fig.dpi
    fig.dpi = 72  # the SVG renderer works in points
    try:
        width, height = fig.get_size_inches()
        renderer = RendererSVG(width * 72, height * 72, buf, image_dpi=dpi, metadata=metadata)
        renderer._text2path = layouts  # the renderer's own TextToPath, replaced by one that remembers
        fig.draw(renderer)
        renderer.finalize()
    finally:
        fig.dpi = dpi
    return buf.getvalue()
