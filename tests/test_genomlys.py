"""`finsam genomlys` on the real examples: key figures, rule matrix, trends, charts, comparability."""

from __future__ import annotations

import json
import os
import shutil
import sys
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import pytest

from checker import format as fmt
from checker.cli import main
from checker.genomlys import trends
from checker.genomlys.collect import analyse, expand, name_key, short_name
from checker.genomlys.keyfigures import KEY_FIGURES
from checker.load import load_report
from checker.model import Arsredovisning
from checker.pipeline import checker_for, granska, katalog

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DATE = "2026-01-01"
sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402  (bench/generate.py)


def run(args: list[str], capsys) -> tuple[int, str, str]:
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(scope="module")
def outdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("genomlys")


@pytest.fixture(scope="module")
def result(outdir) -> dict:
    """The examples folder as JSON, Markdown (with charts) and HTML."""
    assert main(["genomlys", str(EXAMPLES), "--format", "json", "-o", str(outdir / "g.json"), "--datum", DATE]) == 0
    assert main(["genomlys", str(EXAMPLES), "-o", str(outdir / "g.md"), "--datum", DATE]) == 0
    assert main(["genomlys", str(EXAMPLES), "--format", "html", "-o", str(outdir / "g.html"), "--datum", DATE]) == 0
    return {
        "json": json.loads((outdir / "g.json").read_text(encoding="utf-8")),
        "md": (outdir / "g.md").read_text(encoding="utf-8"),
        "html": (outdir / "g.html").read_text(encoding="utf-8"),
    }


def _row(data: dict, forbund_prefix: str, year: int) -> dict:
    ids = {f["id"] for f in data["forbund"] if f["id"].startswith(forbund_prefix)}
    return next(r for r in data["nyckeltal"]["rader"] if r["forbund"] in ids and r["ar"] == year)


def test_every_example_is_used_and_both_lekeberg_reports_are_one_forbund(result):
    data = result["json"]
    assert len(data["underlag"]) == 3 and data["utelamnade"] == []
    assert len(data["forbund"]) >= 2
    loo = next(f for f in data["forbund"] if f["id"] == "lekeberg-och-örebro")
    assert loo["ar"] == [2020, 2025]
    assert set(loo["namn_i_rapporterna"]) == {"Samordningsförbundet Lekeberg och Örebro", "FINSAM Lekeberg och Örebro"}
    assert loo["organisationsnummer"] == "222000-2493"


def test_trends_span_the_years_of_the_overview_tables(result):
    trend = next(t for t in result["json"]["trender"] if t["forbund"] == "lekeberg-och-örebro")
    years = [y["ar"] for y in trend["ar"]]
    assert years == list(range(2016, 2026))
    by_year = {y["ar"]: y["varden"] for y in trend["ar"]}
    sources = {s["id"]: s for s in trend["kallor"]}
    # 2024 only in the 2025 report's översikt; 2020 from the 2020 report's own figures.
    assert by_year[2024]["eget_kapital"]["varde"] == 2453194
    source = sources[by_year[2024]["eget_kapital"]["kalla"]]
    assert (source["fil"], source["ar"], source["del"]) == (str(EXAMPLES / "lekeberg-orebro-2025.yaml"), 2025, "oversikt")
    assert sources[by_year[2020]["arets_resultat"]["kalla"]]["del"] == "arets"
    assert sources[by_year[2020]["arets_resultat"]["kalla"]]["ar"] == 2020
    assert by_year[2020]["arets_resultat"]["varde"] == -566021  # the report's own kronor, not the översikt's −566 tkr
    sydnarke = next(t for t in result["json"]["trender"] if t["forbund"] == "sydnärke")
    assert [y["ar"] for y in sydnarke["ar"]] == [2019, 2020, 2021, 2022, 2023]


@pytest.mark.parametrize("name,forbund,year,share", [
    ("lekeberg-orebro-2025.yaml", "lekeberg", 2025, "43 %"),
    ("lekeberg-orebro-2020.yaml", "lekeberg", 2020, "16 %"),
    ("sydnarke-2023.yaml", "sydnärke", 2023, "15 %"),
])
def test_key_figures_agree_with_the_single_report_findings(result, name, forbund, year, share):
    g = granska(EXAMPLES / name)
    row = _row(result["json"], forbund, year)
    assert fmt.procent(row["varden"]["ek_andel"]["varde"]) == share
    ek_tak = g.finding("EK-TAK")
    assert share in ek_tak.meddelande
    for kf in KEY_FIGURES:
        cell = row["varden"][kf.id]
        if kf.fact and kf.fact in g.scalars:
            assert cell["varde"] == pytest.approx(g.scalars[kf.fact].value), kf.id
        elif kf.fact and kf.fact != "ek_tak":  # the parameter the EK-TAK finding used: below
            assert cell["varde"] is None and cell["saknas"], kf.id
    # The ceiling is the parameter the rule used, and the amount over it the one fact the rule shows as evidence.
    used = {p.namn: p.varde for p in ek_tak.parametrar}
    assert row["varden"]["ek_tak"]["varde"] == used["ek_tak"] == 20
    shown = {b.name: b.value for post in ek_tak.poster for b in post.bevis}
    assert row["varden"]["ek_over_tak"]["varde"] == pytest.approx(shown["ek_over_tak_belopp"])


def test_the_amount_over_the_ceiling_is_the_one_the_report_states(result):
    assert _row(result["json"], "lekeberg", 2025)["varden"]["ek_over_tak"]["varde"] == 935435  # seed 001 line 137


def test_a_figure_a_report_cannot_give_is_missing_with_its_fact_never_zero(result):
    cell = _row(result["json"], "sydnärke", 2023)["varden"]["ovriga_intakter"]
    assert cell["varde"] is None
    assert cell["saknas"] == ["ovriga_intakter"]
    md = result["md"]
    assert "–¹" in md and "(ovriga_intakter)" in md.split("–¹", 1)[1]


def test_the_rule_matrix_has_every_rule_of_the_catalogue_with_the_single_report_outcomes(result):
    data = result["json"]
    ids = sorted(r.id for r in katalog().rules)
    assert [r["id"] for r in data["regelutfall"]["regler"]] == ids
    files = {u["forbund"] + str(u["ar"]): u["fil"] for u in data["underlag"]}
    for row in data["regelutfall"]["rader"]:
        assert sorted(row["utfall"]) == ids
        g = granska(files[row["forbund"] + str(row["ar"])])
        assert row["utfall"] == {f.id: f.utfall for f in g.findings}
        assert row["avvikelser"] == g.counts()["avvikelse"]
        assert row["iakttagelser"] == g.counts()["iakttagelse"]
    section = result["md"].split("## 3 Regelutfall", 1)[1].split("## 4", 1)[0]
    for rule_id in ids:
        assert rule_id in section


def test_charts_are_written_next_to_the_markdown_and_referenced(result, outdir):
    md = result["md"]
    for chart in ("ek-andel", "ek-utveckling", "kostnadsfordelning", "administration"):
        ref = f"g-diagram/{chart}.svg"
        assert f"](<{ref}>)" in md
        svg = outdir / ref
        ET.fromstring(svg.read_bytes())  # well-formed SVG
        assert "<dc:date>" not in svg.read_text(encoding="utf-8")


def test_html_embeds_the_charts_inline_and_fetches_nothing(result):
    page = result["html"]
    assert page.count("<svg") == 4
    assert "<img" not in page
    assert "g-diagram/" not in page


def test_comparability_names_what_the_reports_lack(result):
    comp = result["json"]["jamforbarhet"]
    assert any("Balanskravsresultat" in k and "Lekeberg och Örebro 2020" in k for k in comp["krav"])
    assert any("organisationsnumret" in k for k in comp["krav"])  # the 2025 report gives none
    assert "## 6 Jämförbarhet" in result["md"]


def test_a_broken_file_is_reported_and_the_run_goes_on(tmp_path, capsys):
    folder = tmp_path / "in"
    shutil.copytree(EXAMPLES, folder)
    (folder / "trasig.yaml").write_text('forbund:\n  namn: Trasigt\nrakenskapsar: tjugo\n', encoding="utf-8")
    code, _, err = run(["genomlys", str(folder), "--format", "json", "-o", str(tmp_path / "g.json"), "--datum", DATE], capsys)
    assert code == 0
    assert f"{folder / 'trasig.yaml'}:3: rakenskapsar: ska vara ett heltal" in err
    data = json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))
    assert len(data["underlag"]) == 3
    assert [x["fil"] for x in data["utelamnade"]] == [str(folder / "trasig.yaml")]
    assert "rad 3" in data["utelamnade"][0]["skal"]


def test_no_usable_file_gives_exit_code_3_and_no_report(tmp_path, capsys):
    (tmp_path / "a.yaml").write_text("a: [\n", encoding="utf-8")
    code, _, err = run(["genomlys", str(tmp_path), "-o", str(tmp_path / "g.md")], capsys)
    assert code == 3
    assert "ingen rapportfil" in err
    assert not (tmp_path / "g.md").exists()


def test_a_rerun_is_byte_identical(tmp_path, capsys):
    outputs = []
    for n in (1, 2):
        out = tmp_path / f"run{n}"
        out.mkdir()
        assert main(["genomlys", str(EXAMPLES), "-o", str(out / "g.md"), "--datum", DATE]) == 0
        assert main(["genomlys", str(EXAMPLES), "--format", "html", "-o", str(out / "g.html"), "--datum", DATE]) == 0
        assert main(["genomlys", str(EXAMPLES), "--format", "json", "-o", str(out / "g.json"), "--datum", DATE]) == 0
        outputs.append({p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    capsys.readouterr()
    assert len(outputs[0]) == 7 and outputs[0] == outputs[1]  # md, html, json and four charts


# --- the parts ----------------------------------------------------------------------------------


def _summary(ar: int, fil: str, egna: dict, oversikt: dict) -> SimpleNamespace:
    return SimpleNamespace(ar=ar, fil=fil, egna=egna, oversikt=oversikt)


def test_a_reports_own_year_beats_an_overview_and_the_later_overview_beats_the_earlier():
    r2023 = _summary(2023, "a.yaml", {"eget_kapital": (500, False)}, {2022: {"eget_kapital": (400, False)}})
    r2024 = _summary(2024, "b.yaml", {}, {2023: {"eget_kapital": (510, False)}, 2022: {"eget_kapital": (401, False)}})
    r2025 = _summary(2025, "c.yaml", {}, {2023: {"eget_kapital": (520, False)}, 2022: {"eget_kapital": (402, False)}})
    t = trends.build("X", [r2024, r2025, r2023])
    by_key = {s.key: s for s in t.sources}
    assert t.years[2023]["eget_kapital"].varde == 500
    assert by_key[t.years[2023]["eget_kapital"].kalla].fil == "a.yaml"
    assert t.years[2022]["eget_kapital"].varde == 402
    assert by_key[t.years[2022]["eget_kapital"].kalla].fil == "c.yaml"
    # Figures that disagree beyond rounding are listed; 400/401/402 kr are too.
    assert [(c.ar, c.figur) for c in t.conflicts] == [(2022, "eget_kapital"), (2023, "eget_kapital")]


def test_forbund_names_are_matched_without_their_prefix():
    assert short_name("Samordningsförbundet Sydnärke") == "Sydnärke"
    assert short_name("Samordningsförbundet i Gävle") == "Gävle"
    assert name_key("FINSAM Lekeberg och Örebro") == name_key("Samordningsförbundet Lekeberg och Örebro")


def test_a_folder_is_read_with_its_subfolders_and_a_missing_path_is_left_out(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.yaml").write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "b.yml").write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("x: 1\n", encoding="utf-8")
    files, left = expand([str(tmp_path), str(tmp_path / "saknas.yaml")])
    assert files == [str(tmp_path / "b.yml"), str(tmp_path / "sub" / "a.yaml")]
    assert [x.skal for x in left] == ["filen finns inte"]


# --- the generator ----------------------------------------------------------------------------------


def test_generated_reports_are_valid_deterministic_and_some_are_faulty(tmp_path):
    paths = generate.generate(24, tmp_path / "a", seed=7, faulty=0.5)
    again = generate.generate(24, tmp_path / "b", seed=7, faulty=0.5)
    assert [p.read_bytes() for p in paths] == [p.read_bytes() for p in again]
    for p in paths:
        assert isinstance(load_report(p), Arsredovisning)  # raises InputError on an invalid file
    manifest = json.loads((tmp_path / "a" / "manifest.json").read_text(encoding="utf-8"))
    faulty = {name: m["fel"] for name, m in manifest.items() if m["fel"]}
    assert faulty and len(faulty) < len(paths)
    for name, faults in faulty.items():
        result = analyse(str(tmp_path / "a" / name))
        if "obalans" in faults:
            assert result.utfall["BR-BALANS"] == "avvikelse", name
        if "avtal_saknas" in faults:
            assert result.utfall["AVTAL-INSATS"] == "avvikelse", name
    clean = [name for name, m in manifest.items() if not m["fel"]]
    for name in clean[:5]:
        result = analyse(str(tmp_path / "a" / name))
        assert result.utfall["BR-BALANS"] == "uppfylld" and result.utfall["RR-SUMMA"] == "uppfylld", name


def test_processes_give_the_same_summaries_as_one_process_in_the_same_order(tmp_path):
    from checker.genomlys.collect import collect

    paths = [str(p) for p in generate.generate(20, tmp_path, seed=3)]
    serial = collect(paths, jobs=1)
    calls = []
    parallel = collect(paths, jobs=2, meanwhile=lambda: calls.append(os.getpid()))  # 20 files ≥ 8 per process: a pool of two
    assert calls == [os.getpid()]  # once, here, while the workers read
    assert [s.fil for s in parallel] == paths
    assert [(s.fil, s.utfall, {k: c.as_dict() for k, c in s.nyckeltal.items()}, s.oversikt) for s in parallel] == \
        [(s.fil, s.utfall, {k: c.as_dict() for k, c in s.nyckeltal.items()}, s.oversikt) for s in serial]


def test_a_second_file_for_the_same_forbund_and_year_is_left_out_with_the_reason(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLES / "sydnarke-2023.yaml", folder / "a.yaml")
    shutil.copy(EXAMPLES / "sydnarke-2023.yaml", folder / "b.yaml")
    code, _, err = run(["genomlys", str(folder), "--format", "json", "-o", str(tmp_path / "g.json"), "--datum", DATE, "--förlopp"], capsys)
    assert code == 0
    assert "genomlyser [" in err  # the progress bar, asked for although stderr is no terminal
    data = json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))
    assert [u["fil"] for u in data["underlag"]] == [str(folder / "a.yaml")]
    assert data["utelamnade"][0]["fil"] == str(folder / "b.yaml")
    assert "samma förbund och år (2023)" in data["utelamnade"][0]["skal"]


def test_a_total_read_from_the_resultatrakning_says_so():
    from checker.facts import derive
    from checker.genomlys.keyfigures import cells

    report = Arsredovisning.model_validate({
        "forbund": {"namn": "Testförbundet"}, "rakenskapsar": 2024,
        "resultatrakning": {"kolumner": [{"ar": 2024, "rubrik": "2024"}],
                            "rader": [{"nyckel": "verksamhetens_kostnader", "rad": "Verksamhetens kostnader", "belopp": {2024: -1000}}]},
    })
    row = cells(derive(report))
    assert row["total_kostnad"].varde == 1000
    assert "ingen kostnadsfördelning" in row["total_kostnad"].anm
    assert row["adm_andel"].missing and row["adm_andel"].saknas == ["adm_kostnad"]
    assert row["ek_tak"].saknas == ["medlemsbidrag"]  # the ceiling is a scale by medlemsbidrag


def test_a_long_name_a_list_like_name_and_a_path_with_spaces(tmp_path, capsys):
    """Names are escaped like the granskningsrapport's, charts link in angle brackets, stderr stays Swedish."""
    folder = tmp_path / "in"
    folder.mkdir()
    text = (EXAMPLES / "sydnarke-2023.yaml").read_text(encoding="utf-8")
    long_name = "1. Samordningsförbundet " + "med ett mycket långt namn " * 12
    assert "namn: Samordningsförbundet Sydnärke\n" in text
    (folder / "a.yaml").write_text(text.replace("namn: Samordningsförbundet Sydnärke\n", f"namn: {long_name.strip()}\n"), encoding="utf-8")
    other = text.replace("namn: Samordningsförbundet Sydnärke\n", "namn: '- Streck'\n").replace('  organisationsnummer: "222000-2600"\n', "")
    (folder / "b.yaml").write_text(other, encoding="utf-8")
    out = tmp_path / "min rapport.md"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        code, _, err = run(["genomlys", str(folder), "-o", str(out), "--datum", DATE], capsys)
    assert code == 0, err
    assert "utelämnade" not in err  # two förbund, both used
    assert [str(w.message) for w in caught] == []  # no English "Tight layout not applied" on stderr
    md = out.read_text(encoding="utf-8")
    assert "](<min rapport-diagram/ek-andel.svg>)" in md
    assert (tmp_path / "min rapport-diagram" / "ek-andel.svg").is_file()
    assert "\n### 1\\. Samordningsförbundet med" in md  # not an ordered list
    assert "\n### \\- Streck" in md  # not a bullet


def test_a_chart_that_matplotlib_cannot_lay_out_is_drawn_without_a_warning():
    from checker.genomlys.charts import _svg

    def draw(fig) -> None:
        ax = fig.add_subplot(111)
        ax.set_ylabel("ett namn " * 200)
        ax.plot([1, 2], [1, 2], label="ett namn " * 200)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
        fig.tight_layout()

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        svg = _svg(draw)
    assert svg.lstrip().startswith("<?xml") and caught == []


def test_the_ceiling_and_the_amount_over_it_are_facts_or_say_why_not():
    from checker.facts import derive
    from checker.genomlys.keyfigures import cells

    def row(year: int) -> dict:
        report = Arsredovisning.model_validate({
            "forbund": {"namn": "Testförbundet"}, "rakenskapsar": year, "medlemsbidrag": {"totalt": 4000},
            "balansrakning": {"kolumner": [{"ar": year, "rubrik": str(year)}],
                              "rader": [{"nyckel": "summa_eget_kapital", "rad": "Summa eget kapital", "belopp": {year: 1000}}]},
        })
        return cells(derive(report))

    assert (row(2024)["ek_tak"].varde, row(2024)["ek_over_tak"].varde) == (20, 200)
    before = row(2010)  # the recommendation is from 2013: no ceiling, and the footnote says so
    assert before["ek_tak"].missing and "inget värde för 2010" in before["ek_tak"].reason()
    assert before["ek_over_tak"].reason() == before["ek_tak"].reason()


def test_json_without_a_chart_folder_draws_no_chart_and_names_none(tmp_path, monkeypatch):
    from checker.genomlys import charts

    with_charts = tmp_path / "med.json"
    assert main(["genomlys", str(EXAMPLES), "--format", "json", "-o", str(with_charts), "--diagram", str(tmp_path / "d"), "--datum", DATE]) == 0
    named = json.loads(with_charts.read_text(encoding="utf-8"))["diagram"]
    assert [c["id"] for c in named] == ["ek-andel", "ek-utveckling", "kostnadsfordelning", "administration"]

    def refused(*_args):
        raise AssertionError("a chart drawn that nothing shows")

    monkeypatch.setattr(charts, "make_charts", refused)
    plain = tmp_path / "utan.json"
    assert main(["genomlys", str(EXAMPLES), "--format", "json", "-o", str(plain), "--datum", DATE]) == 0
    data = json.loads(plain.read_text(encoding="utf-8"))
    assert data["diagram"] == []
    assert {k: v for k, v in data.items() if k != "diagram"} == \
        {k: v for k, v in json.loads(with_charts.read_text(encoding="utf-8")).items() if k != "diagram"}
