"""Charts as SVG, byte-identical on every run: fixed sizes, fixed ids, no dates.

Made to be read at a whole country's 80 förbund as well as at two: the latest year as
sorted bars (one per förbund, every one named) with the ceiling drawn; the years as
small multiples, one small panel per förbund on shared axes, instead of 80 lines on one.
What needs attention (eget kapital over the ceiling) is coloured and labelled; the rest is
muted. Each chart carries an alt text that says what it shows, for screen readers.

matplotlib's object API with the Agg canvas (no pyplot, no global state but the rc
settings given here).
"""

from __future__ import annotations

import gc
import math
import warnings
from dataclasses import dataclass
from typing import Callable, Optional

from .. import format as fmt
from . import chartlayout as layout
from ..catalogue import Katalog
from ..visible import show_bidi
from .labels import Labels
from .analysis import Chart, Genomlysning
from .collect import Forbund

WIDTH = 8.0  # inches: the page's width at 100 dpi
DPI = 100
BAR_HEIGHT = 0.17  # inches per förbund in a bar chart, so 80 names stay readable
BARS_TOP = 22.56 / 72  # inches above a bar chart's Axes: its title (as tight_layout placed it)
BARS_BOTTOM = 36.76 / 72  # below it: the x axis's labels and its name
BARS_LEGEND = 20.88 / 72  # and a legend below those
PANEL = (1.0, 0.85)  # inches per small multiple
PANEL_COLUMNS = 7
LABEL_MAX = 28  # characters of a förbund's name on an axis or a panel
ALT_NAMED = 10  # förbund named in an alt text before "och N till"
# Förbund drawn in one chart: a country has about 80; beyond a hundred no bar or panel can be read,
# and drawing them all would make the charts, not the reports, the cost of a large genomlysning.
MAX_SHOWN = 100
RC = {
    "svg.hashsalt": "finsam-genomlysning",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "path.simplify": True,
}
HIGHLIGHT = "#b3261e"  # over the ceiling
MUTED = "#9aa5b1"  # within it
LINE = "#41566b"  # a panel's series within the ceiling
CEILING = "#1c2530"
PARTS = [("individ_andel", "Individinriktade insatser", "#1f5f99"), ("struktur_andel", "Strukturövergripande insatser", "#3a8d5c"),
         ("adm_andel", "Administration", "#c2571a"), ("ovrigt", "Övrigt / ej fördelat", "#cfd5db")]


def prepare() -> None:
    """Import what drawing needs (matplotlib's figure, canvas, SVG writer and artists): most of the
    first chart's time, which genomlys spends while its workers still read reports."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.backends.backend_agg  # noqa: F401
    import matplotlib.backends.backend_svg  # noqa: F401
    import matplotlib.figure  # noqa: F401
    import matplotlib.lines  # noqa: F401
    import matplotlib.patches  # noqa: F401
    import matplotlib.ticker  # noqa: F401

    from . import panels, svgtext  # noqa: F401


def _svg(draw: Callable, size: tuple[float, float] = (WIDTH, 4.5)) -> str:
    import matplotlib

    prepare()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from . import svgtext

    # matplotlib warns in English on stderr (e.g. about a glyph missing from the font); the chart is
    # drawn all the same, so nothing of that reaches the user.
    with warnings.catch_warnings(), matplotlib.rc_context(RC):
        warnings.simplefilter("ignore")
        fig = Figure(figsize=size, dpi=DPI)
        FigureCanvasAgg(fig)
        draw(fig)
        svg = svgtext.write_svg(fig, {"Date": None, "Creator": "finsam genomlys"})
    # A figure is a web of cycles (artists, axes, callbacks): freed at once, its memory serves the
    # next chart instead of waiting for a full collection among thousands of kept summaries.
    del fig
    gc.collect()
    return svg


def _capped(items: list, hot: Callable[[object], bool], first: str = "de som ligger över") -> tuple[list, str]:
    """The first MAX_SHOWN, those to look at (hot) first, each group in its given order; and a note saying what was left out."""
    if len(items) <= MAX_SHOWN:
        return items, ""
    ordered = [i for i in items if hot(i)] + [i for i in items if not hot(i)]
    return ordered[:MAX_SHOWN], (f" Diagrammet visar {MAX_SHOWN} av {fmt.antal(len(items), 'förbund', 'förbund')} "
                                 f"(först {first}); alla står i tabellerna.")


def _name(text: str, limit: int = LABEL_MAX) -> str:
    """A name as a label in a chart: shortened, so a long one leaves room for the plot (the tables give it whole)."""
    text = show_bidi(text)
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _percent(axis) -> None:
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda v, _: fmt.procent(v)))


def _listing(items: list[str]) -> str:
    shown = ", ".join(items[:ALT_NAMED])
    return shown + (f" och {len(items) - ALT_NAMED} till" if len(items) > ALT_NAMED else "")


def _latest_year_note(rows: list, latest: int) -> str:
    older = sum(1 for r in rows if r.ar != latest)
    if not older:
        return ""
    return f" För {fmt.antal(older, 'förbund', 'förbund')} utan årsredovisning {latest} visas deras senaste år (året står efter namnet)."


# --- eget kapital ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _EkRow:
    forbund: Forbund
    ar: int
    andel: float
    tak: Optional[float]

    @property
    def over(self) -> bool:
        return self.tak is not None and self.andel > self.tak


def _ek_latest(g: Genomlysning) -> list[_EkRow]:
    """Each förbund's latest report that gives its EK share: highest share first, then by name."""
    rows = []
    for f in g.forbund:
        for s in reversed(f.rapporter):
            andel = s.nyckeltal["ek_andel"].varde
            if andel is not None:
                rows.append(_EkRow(f, s.ar, float(andel), s.nyckeltal["ek_tak"].varde))
                break
    return sorted(rows, key=lambda r: (-r.andel, r.forbund.kortnamn))


def _ceilings(g: Genomlysning, katalog: Katalog) -> Callable[[Forbund, int], Optional[float]]:
    """The ceiling for a förbund and a year with an EK share: the one the rules read for a report's
    own year, else the one its flerårsöversikt's years were given (the latest report wins).

    Worked out per förbund when first asked: the chart asks every förbund about its latest year
    (nearly always a report's own) but only the panels it draws about the others."""
    own: dict[str, dict[int, Optional[float]]] = {}
    seen: dict[str, dict[int, float]] = {}

    def ceiling(f: Forbund, y: int) -> Optional[float]:
        if f.id not in own:
            own[f.id] = {r.ar: r.nyckeltal["ek_tak"].varde for r in f.rapporter}
        if y in own[f.id]:
            return own[f.id][y]
        if f.id not in seen:
            seen[f.id] = {y: tak for r in sorted(f.rapporter, key=lambda r: r.ar) for y, tak in r.oversikt_tak.items()}
        return seen[f.id].get(y)

    return ceiling


def _margins(fig, ax, widest: float, bottom: float) -> None:
    """A bar chart's Axes placed as tight_layout placed it: room for the names, the title, the x axis and its last label."""
    left = layout.PAD + widest + 2 * layout.NAME_TICK
    layout.place(fig, ax, left, layout.PAD, BARS_TOP, bottom)
    layout.place(fig, ax, left, layout.PAD + layout.right_overhang(ax, 8), BARS_TOP, bottom)


def _bars_size(n: int) -> tuple[float, float]:
    return (WIDTH, max(2.6, 1.3 + BAR_HEIGHT * n))


def ek_chart(g: Genomlysning, katalog: Katalog) -> Chart:
    rows, left_out = _capped(_ek_latest(g), lambda r: r.over)
    latest = max((r.ar for r in rows), default=0)
    over = [r for r in rows if r.over]
    ceilings = sorted({r.tak for r in rows if r.tak is not None})
    one_ceiling = ceilings[0] if len(ceilings) == 1 else None

    def label(r: _EkRow) -> str:
        return _name(r.forbund.kortnamn) + ("" if r.ar == latest else f" ({r.ar})")

    def draw(fig) -> None:
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        ax = fig.add_subplot(111)
        positions = list(range(len(rows)))
        for colour, which in ((HIGHLIGHT, True), (MUTED, False)):
            chosen = [(p, r.andel) for p, r in zip(positions, rows) if r.over == which]
            layout.bars(ax, [p for p, _ in chosen], [0.0] * len(chosen), [a for _, a in chosen], 0.72, colour)
        top = max([r.andel for r in rows] + ceilings + [1.0])
        values = Labels(ax.transData)
        for p, r in zip(positions, rows):  # on a white box, so the ceiling's line does not run through the number
            values.add(r.andel + top * 0.008, p, fmt.procent(r.andel), 6.5, HIGHLIGHT if r.over else "#4d5661",
                       "bold" if r.over else "normal", va="center", box=("white", 0.85, 0.05))
        ax.add_artist(values)
        if one_ceiling is not None:
            ax.axvline(one_ceiling, color=CEILING, linestyle="--", linewidth=1.1)
        else:  # a scale by medlemsbidrag: each förbund's own ceiling, as a tick on its bar
            ax.scatter([r.tak for r in rows if r.tak is not None], [p for p, r in zip(positions, rows) if r.tak is not None],
                       marker="|", s=60, color=CEILING, linewidths=1.4, zorder=3)
        widest = layout.names(ax, positions, [(label(r), HIGHLIGHT, "bold") if r.over else (label(r), "black", "normal") for r in rows], 7)
        ax.set_ylim(len(rows) - 0.5, -0.5)  # highest first
        ax.set_xlim(0, top * 1.12)
        ax.set_xlabel("eget kapital i procent av årets medlemsbidrag")
        _percent(ax.xaxis)
        ax.grid(axis="y", visible=False)
        year = f" {latest}" if latest else ""
        ax.set_title(f"Eget kapital i procent av medlemsbidraget{year}, högst först", loc="left", fontsize=9.5)
        ceiling_label = f"tak {fmt.procent(one_ceiling)}" if one_ceiling is not None else "förbundets tak (trappa efter medlemsbidraget)"
        handles = [
            Patch(color=HIGHLIGHT, label=f"över taket ({fmt.antal(len(over), 'förbund', 'förbund')})"),
            Patch(color=MUTED, label="inom taket"),
            Line2D([], [], color=CEILING, linestyle="--" if one_ceiling is not None else "none",
                   marker=None if one_ceiling is not None else "|", markersize=9, label=ceiling_label),
        ]
        ax.legend(handles=handles, loc="lower right", frameon=True, framealpha=0.95, edgecolor="#d6dce3", fontsize=7)
        _margins(fig, ax, widest, BARS_BOTTOM)

    if not rows:
        alt = "Inget förbund ger både eget kapital och medlemsbidrag."
        note = "Inget förbund ger både eget kapital och medlemsbidrag för något år."
    else:
        tak_text = f"taket {fmt.procent(one_ceiling)}" if one_ceiling is not None else "förbundets tak"
        alt = (f"Liggande stapeldiagram: eget kapital i procent av medlemsbidraget för "
               f"{fmt.antal(len(rows), 'förbund', 'förbund')}, senaste året, högst först; "
               f"{tak_text} är utritat. ")
        alt += (f"{fmt.antal(len(over), 'förbund', 'förbund')} över taket: "
                + _listing([f"{show_bidi(r.forbund.kortnamn)} {fmt.procent(r.andel)}" for r in over]) + ". ") if over else "Inget förbund är över taket. "
        alt += f"Lägst: {show_bidi(rows[-1].forbund.kortnamn)} {fmt.procent(rows[-1].andel)}."
        note = (f"Röda staplar: över taket; grå: inom. Streckad linje: taket {fmt.procent(one_ceiling)} enligt regelkatalogens parameter ek_tak."
                if one_ceiling is not None else "Röda staplar: över taket; grå: inom. Taket är en trappa efter medlemsbidraget: strecket på varje stapel är förbundets tak.")
        note += _latest_year_note(rows, latest) + left_out
        alt += left_out
    return Chart("ek-andel", "Eget kapital i procent av medlemsbidraget, senaste året", _svg(draw, _bars_size(len(rows))), anmarkning=note, alt=alt)


def _panels_size(n: int) -> tuple[float, float]:
    columns = min(PANEL_COLUMNS, max(1, n))
    rows = math.ceil(max(1, n) / columns)
    # Few förbund: wider panels, so also taller ones (up to about a third of the page width).
    row_height = max(PANEL[1], min(2.4, WIDTH / columns * 0.45))
    return (WIDTH, 1.0 + row_height * rows)


def _small_multiples(fig, panels: list[tuple[Forbund, list[tuple[int, float]]]], reference: Callable[[Forbund, int], Optional[float]],
                     alarm: Callable[[Forbund, list[tuple[int, float]]], bool], title: str, legend: tuple[str, str, str]) -> None:
    """One small panel per förbund, on shared axes: its series, its reference line (ceiling or own goal)."""
    from matplotlib.lines import Line2D

    from . import panels as small

    columns = min(PANEL_COLUMNS, max(1, len(panels)))
    drawn = [small.Panel(_name(f.kortnamn, 18 if columns > 4 else 40), s,
                         [(y, r) for y, _ in s if (r := reference(f, y)) is not None], alarm(f, s)) for f, s in panels]
    few = len(panels) <= 3
    small.draw(fig, drawn, columns, (HIGHLIGHT, LINE, CEILING), "#1c2530", 6.5 if columns > 4 else 8,
               lambda y: str(y) if few else f"’{y % 100:02d}")
    hot_label, calm_label, ref_label = legend
    handles = [Line2D([], [], color=HIGHLIGHT, linewidth=1.4, label=hot_label), Line2D([], [], color=LINE, linewidth=1.0, label=calm_label),
               Line2D([], [], color=CEILING, linestyle="--", linewidth=0.7, label=ref_label)]
    height = fig.get_size_inches()[1]
    fig.suptitle(title, x=0.01, y=1 - 0.08 / height, ha="left", va="top", fontsize=9.5)
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.01, 1 - 0.34 / height), ncol=3, frameon=False, fontsize=7)


def ek_trend_chart(g: Genomlysning, katalog: Katalog) -> Chart:
    panels = [(f, g.trender[f.id].series("ek_andel")) for f in g.forbund]
    panels = [(f, s) for f, s in panels if s]
    ceiling = _ceilings(g, katalog)

    def over_latest(f: Forbund, s: list) -> bool:
        y, v = s[-1]
        tak = ceiling(f, y)
        return tak is not None and v > tak

    panels, left_out = _capped(panels, lambda p: over_latest(*p))

    hot = [show_bidi(f.kortnamn) for f, s in panels if over_latest(f, s)]

    def draw(fig) -> None:
        _small_multiples(fig, panels, ceiling, over_latest,
                         "Eget kapital i procent av medlemsbidraget över åren, ett förbund per ruta",
                         ("över taket det senaste året", "inom taket", "taket"))

    years = sorted({y for _, s in panels for y, _ in s})
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "")
    if panels:
        alt = (f"Små diagram, ett per förbund ({fmt.antal(len(panels), 'förbund', 'förbund')}), med samma axlar: eget kapital i procent "
               f"av medlemsbidraget {span}, med taket som streckad linje. ")
        alt += (f"Rött: över taket det senaste året ({fmt.antal(len(hot), 'förbund', 'förbund')}): {_listing(hot)}.") if hot else "Inget förbund är över taket det senaste året."
        note = "Varje ruta är ett förbund (samma skala i alla). Röd linje och rubrik: över taket det senaste året. Streckad linje: taket." + left_out
        alt += left_out
    else:
        alt = note = "Inget förbund ger både eget kapital och medlemsbidrag för något år."
    return Chart("ek-utveckling", "Eget kapital över åren, per förbund", _svg(draw, _panels_size(len(panels))), anmarkning=note, alt=alt)


# --- costs ----------------------------------------------------------------------------------


def cost_chart(g: Genomlysning) -> Chart:
    bars, lacking = [], []
    for f in g.forbund:
        s = f.rapporter[-1]
        values = {k: s.nyckeltal[k].varde for k, _, _ in PARTS[:3]}
        if any(v is None for v in values.values()):
            lacking.append(f"{f.kortnamn} {s.ar}")
            continue
        values["ovrigt"] = max(0.0, 100 - sum(values.values()))
        bars.append((f, s.ar, values))
    bars.sort(key=lambda b: (-b[2]["adm_andel"], b[0].kortnamn))
    bars, left_out = _capped(bars, lambda b: False, "de med störst administrationsandel")
    latest = max((b[1] for b in bars), default=0)

    def draw(fig) -> None:
        ax = fig.add_subplot(111)
        positions = list(range(len(bars)))
        left = [0.0] * len(bars)
        values = Labels(ax.transData)
        for key, label, colour in PARTS:
            widths = [b[2][key] for b in bars]
            if key == "ovrigt" and not any(w >= 0.5 for w in widths):
                continue
            layout.bars(ax, positions, left, widths, 0.72, colour, label)
            for p, l_, w in zip(positions, left, widths):
                if w >= 7:
                    values.add(l_ + w / 2, p, fmt.procent(w), 6, "white" if key != "ovrigt" else "black", ha="center", va="center")
            left = [a + b for a, b in zip(left, widths)]
        ax.add_artist(values)
        widest = layout.names(ax, positions, [(_name(f.kortnamn) + ("" if ar == latest else f" ({ar})"), "black", "normal")
                                              for f, ar, _ in bars], 7)
        ax.set_ylim(len(bars) - 0.5, -0.5)
        ax.set_xlim(0, 100)
        _percent(ax.xaxis)
        ax.set_xlabel("andel av totala kostnader")
        ax.set_title(f"Kostnadsfördelning{' ' + str(latest) if latest else ''}, störst administrationsandel först", loc="left", fontsize=9.5)
        ax.grid(axis="y", visible=False)
        fig.legend(*ax.get_legend_handles_labels(), loc="lower center", ncol=4, frameon=False, fontsize=7)
        _margins(fig, ax, widest, BARS_BOTTOM + BARS_LEGEND)

    notes = ["Varje förbunds senaste år." + left_out]
    if lacking:
        shown = ", ".join(lacking[:8]) + (f" m.fl. ({len(lacking)} st.)" if len(lacking) > 8 else "")
        notes.append(f"Utan fullständig kostnadsfördelning (visas inte): {shown}.")
    if bars:
        high = bars[0]
        alt = (f"Liggande staplade staplar för {fmt.antal(len(bars), 'förbund', 'förbund')}, senaste året: individinriktade insatser, "
               f"strukturövergripande insatser, administration och övrigt i procent av totala kostnader, störst administrationsandel först. "
               f"Störst administrationsandel: {show_bidi(high[0].kortnamn)} {fmt.procent(high[2]['adm_andel'])}; "
               f"minst: {show_bidi(bars[-1][0].kortnamn)} {fmt.procent(bars[-1][2]['adm_andel'])}.")
        alt += left_out
    else:
        alt = "Inget förbund ger en fullständig kostnadsfördelning."
    size = _bars_size(len(bars))
    return Chart("kostnadsfordelning", "Kostnadsfördelning per förbund, senaste året", _svg(draw, (size[0], size[1] + 0.4)),
                 anmarkning=" ".join(notes), alt=alt)


def adm_chart(g: Genomlysning) -> Chart:
    panels = [(f, g.trender[f.id].series("adm_andel")) for f in g.forbund]
    panels = [(f, s) for f, s in panels if s]
    targets = {f.id: f.rapporter[-1].adm_mal for f, _ in panels if f.rapporter[-1].adm_mal is not None}

    def over_goal(f: Forbund, s: list) -> bool:
        return f.id in targets and s[-1][1] > targets[f.id]

    panels, left_out = _capped(panels, lambda p: over_goal(*p))

    hot = [show_bidi(f.kortnamn) for f, s in panels if over_goal(f, s)]

    def draw(fig) -> None:
        _small_multiples(fig, panels, lambda f, y: targets.get(f.id), over_goal,
                         "Administrationens andel av kostnaderna över åren, ett förbund per ruta",
                         ("över det egna målet det senaste året", "inom målet eller inget mål", "förbundets eget mål"))

    if panels:
        alt = (f"Små diagram, ett per förbund ({fmt.antal(len(panels), 'förbund', 'förbund')}), med samma axlar: administrationens andel "
               f"av kostnaderna över åren; förbundets eget mål som streckad linje där det anges ({fmt.antal(len(targets), 'förbund', 'förbund')}). ")
        alt += f"Rött: över det egna målet det senaste året: {_listing(hot)}." if hot else "Inget förbund är över sitt eget mål det senaste året."
        note = "Varje ruta är ett förbund (samma skala i alla). Streckad linje: förbundets eget mål (senaste årsredovisningen); röd: över målet det senaste året." + left_out
        alt += left_out
    else:
        alt = note = "Inget förbund ger administrationens kostnader."
    return Chart("administration", "Administrationens andel av kostnaderna, per förbund", _svg(draw, _panels_size(len(panels))), anmarkning=note, alt=alt)


def make_charts(g: Genomlysning, katalog: Katalog) -> list[Chart]:
    # What exists now (the summaries of thousands of reports) outlives the charts: frozen, it is not
    # rescanned by the collection after each chart, which then only frees the figure just drawn.
    gc.freeze()
    try:
        return [ek_chart(g, katalog), ek_trend_chart(g, katalog), cost_chart(g), adm_chart(g)]
    finally:
        gc.unfreeze()
