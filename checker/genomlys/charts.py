"""Charts as SVG, byte-identical on every run: fixed size, fixed ids, no dates.

matplotlib's object API with the Agg canvas (no pyplot, no global state but
the rc settings given here): eget kapital's share over the years with the
ceiling, the cost split per förbund and year, administration's share.
"""

from __future__ import annotations

import io
import warnings
from typing import Callable

from .. import format as fmt
from ..catalogue import Katalog
from ..visible import show_bidi
from .analysis import Chart, Genomlysning

SIZE = (8.0, 4.5)  # inches
DPI = 100
LEGEND_MAX = 12  # more förbund than this: no legend, the tables name them
LABEL_MAX = 32  # characters of a förbund's name in a legend or on an axis
RC = {
    "svg.hashsalt": "finsam-genomlysning",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "path.simplify": True,
}
COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"]
PARTS = [("individ_andel", "Individinriktade insatser", "#1f77b4"), ("struktur_andel", "Strukturövergripande insatser", "#2ca02c"),
         ("adm_andel", "Administration", "#d62728"), ("ovrigt", "Övrigt / ej fördelat", "#c7c7c7")]


def _svg(draw: Callable) -> str:
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    # matplotlib warns in English on stderr (e.g. "Tight layout not applied" when a name is very
    # long); the chart is drawn all the same, so nothing of that reaches the user.
    with warnings.catch_warnings(), matplotlib.rc_context(RC):
        warnings.simplefilter("ignore")
        fig = Figure(figsize=SIZE, dpi=DPI)
        FigureCanvasAgg(fig)
        draw(fig)
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": "finsam genomlys"})
    return buf.getvalue()


def _name(text: str) -> str:
    """A name as a label in a chart: shortened, so a long one leaves room for the plot (the tables give it whole)."""
    text = show_bidi(text)
    return text if len(text) <= LABEL_MAX else text[:LABEL_MAX - 1].rstrip() + "…"


def _percent(axis) -> None:
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda v, _: fmt.procent(v)))


def _years_axis(ax, years: list[int]) -> None:
    if not years:
        return
    span = list(range(min(years), max(years) + 1))
    ax.set_xticks(span)
    ax.set_xticklabels([str(y) for y in span], rotation=45 if len(span) > 10 else 0)
    ax.set_xlim(span[0] - 0.5, span[-1] + 0.5)


def _gapped(series: list[tuple[int, float]]) -> tuple[list[int], list[float]]:
    """Years and values with a break (NaN) where a year is missing, so no line bridges a gap."""
    xs, ys = [], []
    for i, (y, v) in enumerate(series):
        if i and y - series[i - 1][0] > 1:
            xs.append(y - 1)
            ys.append(float("nan"))
        xs.append(y)
        ys.append(v)
    return xs, ys


def _many(ax, series: list) -> None:
    """Very many förbund: one thin line for all of them (colours could not be told apart anyway)."""
    xs: list[float] = []
    ys: list[float] = []
    for _, s in series:
        x, y = _gapped(s)
        xs += x + [float("nan")]
        ys += y + [float("nan")]
    ax.plot(xs, ys, color=COLOURS[0], linewidth=0.5, alpha=0.6, marker="o", markersize=1.2)


def _legend(ax, count: int) -> None:
    if 0 < count <= LEGEND_MAX:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)


def ek_chart(g: Genomlysning, katalog: Katalog) -> Chart:
    series = [(f, g.trender[f.id].series("ek_andel")) for f in g.forbund]
    series = [(f, s) for f, s in series if s]
    years = sorted({y for _, s in series for y, _ in s})
    ceilings: dict[tuple[str, int], float] = {}
    for f, s in series:
        own = {r.ar: r.nyckeltal["ek_tak"].varde for r in f.rapporter}  # the ceiling the rules read
        seen = {y: tak for r in sorted(f.rapporter, key=lambda r: r.ar) for y, tak in r.oversikt_tak.items()}  # the latest report wins
        for y, _ in s:
            if y in own:
                if own[y] is not None:
                    ceilings[(f.id, y)] = own[y]
            elif y in seen:
                ceilings[(f.id, y)] = seen[y]
    distinct = sorted(set(ceilings.values()))
    note = ""

    def draw(fig) -> None:
        ax = fig.add_subplot(111)
        if len(series) > LEGEND_MAX:
            _many(ax, series)
        else:
            for i, (f, s) in enumerate(series):
                ax.plot(*_gapped(s), marker="o", linewidth=1.5, markersize=4, color=COLOURS[i % len(COLOURS)], label=_name(f.kortnamn))
        if len(distinct) == 1:
            ax.axhline(distinct[0], color="black", linestyle="--", linewidth=1, label=f"tak {fmt.procent(distinct[0])}")
        else:
            for i, (f, s) in enumerate(series):
                pts = [(y, ceilings[(f.id, y)]) for y, _ in s if (f.id, y) in ceilings]
                if pts:
                    ax.step([y for y, _ in pts], [v for _, v in pts], where="mid", color=COLOURS[i % len(COLOURS)], linestyle="--", linewidth=0.8)
        ax.set_title("Eget kapital i procent av årets medlemsbidrag")
        ax.set_ylabel("andel av medlemsbidraget")
        ax.set_ylim(bottom=0)
        _percent(ax.yaxis)
        _years_axis(ax, years)
        _legend(ax, len(series) + (1 if len(distinct) == 1 else 0))
        fig.tight_layout()

    if not series:
        note = "Inget förbund ger både eget kapital och medlemsbidrag för något år."
    elif len(distinct) > 1:
        note = "Taket är en trappa efter medlemsbidraget: streckade linjer visar varje förbunds tak."
    else:
        note = f"Streckad linje: taket {fmt.procent(distinct[0])} enligt regelkatalogens parameter ek_tak." if distinct else ""
    return Chart("ek-andel", "Eget kapital i procent av medlemsbidraget", _svg(draw), anmarkning=note)


def cost_chart(g: Genomlysning) -> Chart:
    entries = g.entries
    latest_only = len(entries) > LEGEND_MAX * 2
    if latest_only:
        entries = [(f, f.rapporter[-1]) for f in g.forbund]
    bars, lacking = [], []
    for f, s in entries:
        values = {k: s.nyckeltal[k].varde for k, _, _ in PARTS[:3]}
        if any(v is None for v in values.values()):
            lacking.append(f"{f.kortnamn} {s.ar}")
            continue
        values["ovrigt"] = max(0.0, 100 - sum(values.values()))
        bars.append((f"{_name(f.kortnamn)} {s.ar}", values))

    if len(bars) > 40:  # unnamed bars read best in order
        bars.sort(key=lambda b: (b[1]["adm_andel"], b[0]))

    def draw(fig) -> None:
        ax = fig.add_subplot(111)
        labels = [b[0] for b in bars]
        positions = list(range(len(bars)))
        left = [0.0] * len(bars)
        for key, label, colour in PARTS:
            widths = [b[1][key] for b in bars]
            if key == "ovrigt" and not any(w >= 0.5 for w in widths):
                continue
            ax.barh(positions, widths, left=left, color=colour, label=label, height=0.6 if len(bars) <= 40 else 1.0, linewidth=0)
            if len(bars) <= LEGEND_MAX * 2:
                for p, l_, w in zip(positions, left, widths):
                    if w >= 6:
                        ax.text(l_ + w / 2, p, fmt.procent(w), ha="center", va="center", fontsize=7, color="white" if key != "ovrigt" else "black")
            left = [a + b for a, b in zip(left, widths)]
        if len(bars) <= 40:
            ax.set_yticks(positions)
            ax.set_yticklabels(labels, fontsize=8)
        else:  # too many to name: the key figure table names them
            ax.set_yticks([])
            ax.set_ylabel(f"{len(bars)} förbund, efter administrationens andel")
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        _percent(ax.xaxis)
        ax.set_title("Kostnadsfördelning: andel av totala kostnader")
        ax.grid(axis="y", visible=False)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=2, frameon=False, fontsize=8)
        fig.tight_layout()

    notes = []
    if latest_only:
        notes.append("Varje förbunds senaste år.")
    if lacking:
        shown = ", ".join(lacking[:8]) + (f" m.fl. ({len(lacking)} st.)" if len(lacking) > 8 else "")
        notes.append(f"Utan fullständig kostnadsfördelning (visas inte): {shown}.")
    return Chart("kostnadsfordelning", "Kostnadsfördelning per förbund och år", _svg(draw), anmarkning=" ".join(notes))


def adm_chart(g: Genomlysning) -> Chart:
    series = [(f, g.trender[f.id].series("adm_andel")) for f in g.forbund]
    series = [(f, s) for f, s in series if s]
    years = sorted({y for _, s in series for y, _ in s})
    targets = {f.id: f.rapporter[-1].adm_mal for f, _ in series if f.rapporter[-1].adm_mal is not None}

    def draw(fig) -> None:
        ax = fig.add_subplot(111)
        many = len(series) > LEGEND_MAX
        if many:
            _many(ax, series)
        for i, (f, s) in enumerate(series if not many else []):
            colour = COLOURS[i % len(COLOURS)]
            ax.plot(*_gapped(s), marker="o", color=colour, label=_name(f.kortnamn), linewidth=1.5, markersize=4)
            if f.id in targets:
                ax.axhline(targets[f.id], color=colour, linestyle=":", linewidth=1, label=f"mål {_name(f.kortnamn)} {fmt.procent(targets[f.id])}")
        ax.set_title("Administrationens andel av kostnaderna")
        ax.set_ylabel("andel av kostnaderna")
        ax.set_ylim(bottom=0)
        _percent(ax.yaxis)
        _years_axis(ax, years)
        _legend(ax, len(series) + (len(targets) if not many else 0))
        fig.tight_layout()

    note = "Prickad linje: förbundets eget mål (senaste årsredovisningen)." if targets and len(series) <= LEGEND_MAX else ""
    if not series:
        note = "Inget förbund ger administrationens kostnader."
    return Chart("administration", "Administrationens andel av kostnaderna", _svg(draw), anmarkning=note)


def make_charts(g: Genomlysning, katalog: Katalog) -> list[Chart]:
    return [ek_chart(g, katalog), cost_chart(g), adm_chart(g)]
