"""genomlys charts read at many förbund: the over-ceiling ones named, sizes grow with the count, alt texts, tables that scroll."""

from __future__ import annotations

import html
import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from checker.genomlys.charts import ALT_NAMED, BAR_HEIGHT, PANEL_COLUMNS

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    """A synthetic region (bench/generate.py) of some 15 förbund, as JSON, Markdown and HTML."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import generate
    finally:
        sys.path.pop(0)
    base = tmp_path_factory.mktemp("region")
    generate.generate(50, base / "in", 5, 0.2)
    (base / "in" / "manifest.json").unlink()
    # One collection for the three formats (the CLI's own run is tested in test_genomlys).
    from checker.catalogue import load_catalogue
    from checker.genomlys.analysis import build
    from checker.genomlys.charts import make_charts
    from checker.genomlys.collect import collect, expand
    from checker.genomlys.render import render_html, render_json, render_markdown

    katalog = load_catalogue()
    files, left = expand([str(base / "in")])
    g = build(collect(files), left, katalog, "2026-12-01")
    g.diagram = make_charts(g, katalog)
    (base / "diagram").mkdir()
    for c in g.diagram:
        (base / "diagram" / f"{c.id}.svg").write_text(c.svg, encoding="utf-8")
        c.fil = f"diagram/{c.id}.svg"
    out = {"json": json.loads(render_json(g)), "md": render_markdown(g), "html": render_html(g), "base": base, "g": g}
    (base / "g.html").write_text(out["html"], encoding="utf-8")
    return out


def _latest_shares(doc: dict) -> dict[str, tuple[float, float]]:
    names = {f["id"]: f["kortnamn"] for f in doc["forbund"]}
    latest: dict[str, tuple[int, float, float]] = {}
    for row in doc["nyckeltal"]["rader"]:
        andel, tak = row["varden"]["ek_andel"].get("varde"), row["varden"]["ek_tak"].get("varde")
        if andel is not None and (row["forbund"] not in latest or row["ar"] > latest[row["forbund"]][0]):
            latest[row["forbund"]] = (row["ar"], andel, tak)
    return {names[k]: (a, t) for k, (_, a, t) in latest.items()}


def test_the_bar_chart_names_every_forbund_over_the_ceiling(region):
    shares = _latest_shares(region["json"])
    over = sorted((n for n, (a, t) in shares.items() if t is not None and a > t), key=lambda n: (-shares[n][0], n))
    chart = next(c for c in region["json"]["diagram"] if c["id"] == "ek-andel")
    assert over, "the synthetic region has förbund over the ceiling"
    assert f"{len(over)} förbund över taket" in chart["alt"]
    for name in over[:ALT_NAMED]:  # highest first
        assert name in chart["alt"]
    if len(over) > ALT_NAMED:
        assert f"och {len(over) - ALT_NAMED} till" in chart["alt"]
    assert f"för {len(shares)} förbund, senaste året, högst först" in chart["alt"]
    assert "Röda staplar: över taket" in chart["anmarkning"]


def _height_in(svg: str) -> float:
    return float(re.search(r'<svg[^>]*height="([\d.]+)pt"', svg).group(1)) / 72


def test_the_charts_grow_with_the_number_of_forbund(region):
    n = len(region["json"]["forbund"])
    folder = region["base"] / "diagram"
    assert _height_in((folder / "ek-andel.svg").read_text(encoding="utf-8")) >= n * BAR_HEIGHT
    assert _height_in((folder / "kostnadsfordelning.svg").read_text(encoding="utf-8")) >= n * BAR_HEIGHT
    rows = -(-n // PANEL_COLUMNS)
    assert _height_in((folder / "ek-utveckling.svg").read_text(encoding="utf-8")) >= rows * 0.85


def test_small_multiples_one_panel_per_forbund(region):
    n = len(region["json"]["forbund"])
    charts = {c["id"]: c for c in region["json"]["diagram"]}
    assert f"ett per förbund ({n} förbund)" in charts["ek-utveckling"]["alt"]
    assert "Varje ruta är ett förbund" in charts["administration"]["anmarkning"]


def _texts(svg: str) -> list[str]:
    """The texts drawn in a chart: with svg.fonttype path each is glyph outlines, preceded by its text as a comment."""
    return [html.unescape(t) for t in re.findall(r"<!-- (.*?) -->", svg)]


@pytest.mark.parametrize("chart, figure", [("ek-utveckling", "ek_andel"), ("administration", "adm_andel")])
def test_each_panel_has_its_title_and_every_value_of_its_series(region, chart, figure):
    from checker.genomlys.charts import _name

    g = region["g"]
    svg = (region["base"] / "diagram" / f"{chart}.svg").read_text(encoding="utf-8")
    series = [(f, g.trender[f.id].series(figure)) for f in g.forbund]
    series = [(f, s) for f, s in series if s]
    assert len(series) > PANEL_COLUMNS  # more than one row of panels
    texts = _texts(svg)
    for f, _ in series:
        assert _name(f.kortnamn, 18) in texts
    # one dot per year with a value, in every panel (a dot is a round marker; tick marks are straight ones)
    dots = {m for m, d in re.findall(r'<path id="(m[0-9a-f]+)" d="([^"]*)"', svg) if re.search(r"\bC\b", d)}
    assert sum(1 for m in re.findall(r'<use xlink:href="#(m[0-9a-f]+)"', svg) if m in dots) == sum(len(s) for _, s in series)
    assert "0 %" in texts and any(re.fullmatch(r"’\d\d", t) for t in texts)  # the shared scales' labels


def test_the_bar_charts_name_every_forbund_and_give_its_share(region):
    svg = (region["base"] / "diagram" / "ek-andel.svg").read_text(encoding="utf-8")
    texts = _texts(svg)
    from checker.format import procent

    for name, (andel, _) in _latest_shares(region["json"]).items():
        assert any(t.startswith(name) for t in texts), name
        assert procent(andel) in texts
    costs = _texts((region["base"] / "diagram" / "kostnadsfordelning.svg").read_text(encoding="utf-8"))
    assert "100 %" in costs and "andel av totala kostnader" in costs


def test_html_charts_carry_their_alt_text(region):
    page = region["html"]
    alts = {c["id"]: c["alt"] for c in region["json"]["diagram"]}
    labels = re.findall(r'<svg[^>]*role="img" aria-label="([^"]*)"', page)
    assert len(labels) == 4
    assert {html.unescape(x) for x in labels} == set(alts.values())
    assert page.count("<title>") >= 5  # the page's and one per chart


def test_markdown_images_carry_the_alt_text(region):
    for c in region["json"]["diagram"]:
        assert "![" + c["alt"][:40] in region["md"]


def test_every_html_table_is_in_a_box_that_scrolls_sideways(region):
    page = region["html"]
    assert page.count("<table>") == page.count('<div class="tabell') > 10
    assert re.search(r"\.tabell \{[^}]*overflow-x: auto", page)


def _browser():
    playwright = pytest.importorskip("playwright.sync_api")
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    return playwright, chromium


@pytest.mark.parametrize("width", [390, 800, 1280, 1920])
def test_no_table_runs_off_the_page_in_a_browser(region, width):
    playwright, chromium = _browser()
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto((region["base"] / "g.html").as_uri())
            found = page.evaluate("""() => {
              const doc = document.documentElement;
              const boxes = [...document.querySelectorAll('table')].map(t => t.parentElement);
              return {
                pageOverflow: doc.scrollWidth - doc.clientWidth,
                offPage: boxes.filter(b => b.getBoundingClientRect().right > doc.clientWidth + 1).length,
                clipped: boxes.filter(b => b.scrollWidth > b.clientWidth + 1 && getComputedStyle(b).overflowX !== 'auto').length,
                wide: boxes.filter(b => b.scrollWidth > b.clientWidth + 1).length,
                charts: [...document.querySelectorAll('figure.diagram svg')].filter(s => s.getBoundingClientRect().right > doc.clientWidth + 1).length,
              };
            }""")
        finally:
            browser.close()
    assert found["pageOverflow"] == 0 and found["offPage"] == 0 and found["clipped"] == 0 and found["charts"] == 0, found
    if width <= 800:
        assert found["wide"] > 0  # there are wide tables, and they scroll in their box



def test_beyond_a_hundred_forbund_the_charts_show_a_hundred_and_say_so(region, monkeypatch):
    """A large genomlysning draws at most MAX_SHOWN förbund per chart, those over the ceiling first, and says so."""
    from checker.catalogue import load_catalogue
    from checker.genomlys import charts
    from checker.genomlys.analysis import build
    from checker.genomlys.collect import collect, expand

    monkeypatch.setattr(charts, "MAX_SHOWN", 4)
    files, left = expand([str(region["base"] / "in")])
    katalog = load_catalogue()
    g = build(collect(files), left, katalog, "2026-12-01")
    shares = _latest_shares(region["json"])
    over = sorted((n for n, (a, t) in shares.items() if t is not None and a > t), key=lambda n: -shares[n][0])
    assert len(shares) > 4 and over
    made = {c.id: c for c in charts.make_charts(g, katalog)}
    for chart in made.values():
        assert re.search(r"Diagrammet visar 4 av \d+ förbund", chart.anmarkning), chart.id
        assert re.search(r"Diagrammet visar 4 av \d+ förbund", chart.alt), chart.id
    # The bar chart keeps the highest shares, so every förbund over the ceiling (up to four) is in it.
    for name in over[:4]:
        assert name in made["ek-andel"].alt
