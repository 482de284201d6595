"""finsam utkast on the seed texts: the draft validates, and granska finds in it what the
hand-encoded example gives (EK-TAK's outcome and figure; the 2019 balansräkning)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.cli import main
from checker.load import load_report
from checker.pipeline import granska
from checker.utkast import UtkastError, draft
from seeds import SEED, SEEDS, needs_seeds



@pytest.fixture(scope="module")
def drafts(tmp_path_factory):
    out = {}
    base = tmp_path_factory.mktemp("utkast")
    for name, seed in SEED.items():
        d = draft(SEEDS / seed)
        path = base / f"{name}.yaml"
        path.write_text(d.yaml, encoding="utf-8")
        out[name] = (d, path)
    return out


def _verdicts(path: Path) -> dict:
    g = granska(path, prefer="reference")
    from checker.render import RENDERERS, RenderOptions

    data = json.loads(RENDERERS["json"](g, RenderOptions(datum="2026-01-01")))
    return {r["id"]: r for r in data["regler"]}


@needs_seeds
@pytest.mark.parametrize("name", sorted(SEED))
def test_draft_validates_and_cites_its_source(drafts, name):
    d, path = drafts[name]
    report = load_report(path)
    example = load_report(Path("examples") / f"{name}.yaml")
    assert report.rakenskapsar == example.rakenskapsar
    for st in ("resultatrakning", "balansrakning", "kassaflodesanalys"):
        table = getattr(report, st)
        assert table is not None and all(row.kalla for row in table.rader)
    assert all(m.kalla for m in report.medlemmar)
    assert d.summary[0].startswith("Utkast ur") and any(l.startswith("Saknas:") for l in d.summary)


@needs_seeds
@pytest.mark.parametrize("name", sorted(SEED))
def test_granska_on_the_draft_gives_the_examples_ek_tak(drafts, name):
    _, path = drafts[name]
    got = _verdicts(path)["EK-TAK"]
    want = _verdicts(Path("examples") / f"{name}.yaml")["EK-TAK"]
    assert got["utfall"] == want["utfall"]
    # the figure: the same percentage and amounts in the message
    assert got["meddelande"] == want["meddelande"]


@needs_seeds
@pytest.mark.parametrize("name", sorted(SEED))
def test_the_driftredovisnings_unit_heading_is_drafted_as_printed(drafts, name):
    # All three print "Belopp tkr" over the driftredovisning; Sydnärke's amounts are kronor all the same,
    # and the draft, like the example, gives ENHETSRUBRIK's finding for it.
    _, path = drafts[name]
    example = load_report(Path("examples") / f"{name}.yaml").driftredovisning
    got = load_report(path).driftredovisning
    assert (got.enhetsrubrik, got.enhet) == (example.enhetsrubrik, example.enhet) == ("Belopp tkr", got.enhet)
    verdict = _verdicts(path)["ENHETSRUBRIK"]
    if name == "sydnarke-2023":
        assert verdict["utfall"] == "iakttagelse"
        assert "Driftredovisningen: rubriken ”Belopp tkr”: beloppen är i kr, inte i tkr" in verdict["meddelande"]
    else:  # checked and right (2025's verdict is its översikt's, below)
        assert "Driftredovisningen" not in verdict["meddelande"] and verdict["utfall"] != "iakttagelse"


@needs_seeds
def test_the_2025_oversikts_two_tables_keep_their_headings(drafts):
    # "Belopp tkr" 2020–2025 (rad 45) and "Belopp kr" 2021–2025 (rad 62): the kronor table's years are kept.
    _, path = drafts["lekeberg-orebro-2025"]
    years = {o.ar: (o.enhetsrubrik, o.enhet) for o in load_report(path).oversikt}
    assert years == {2025: ("Belopp kr", "kr"), 2024: ("Belopp kr", "kr"), 2023: ("Belopp kr", "kr"),
                     2022: ("Belopp kr", "kr"), 2021: ("Belopp kr", "kr"), 2020: ("Belopp tkr", "tkr")}
    verdict = _verdicts(path)["ENHETSRUBRIK"]
    # the kronor table is checked by 2025 and 2024; the tkr table kept only 2020, which no räkning gives
    assert verdict["utfall"] == "underlag_saknas"
    assert verdict["meddelande"].startswith("Flerårsöversikten 2020: rubriken ”Belopp tkr”: underlag saknas")
    assert "2021" not in verdict["meddelande"]


@needs_seeds
@pytest.mark.parametrize("name", sorted(SEED))
def test_the_years_budget_from_the_driftredovisnings_budget_column(drafts, name):
    # The result row's utfall is the year's result in all three, so its budget column is the budget:
    # 2020 8 003 / −9 021 / −1 018 tkr as the example; 2025 −592 tkr (the text: −591 726 kr); Sydnärke 117 168 kr.
    _, path = drafts[name]
    got, want = load_report(path).budget, load_report(Path("examples") / f"{name}.yaml").budget
    assert got.ar == want.ar
    for key in ("intakter", "kostnader", "resultat"):
        if getattr(got, key) is not None:
            assert abs(getattr(got, key) - getattr(want, key)) <= (1000 if got.enhet == "tkr" else 1), key
    assert got.resultat is not None
    assert "driftredovisningens budgetkolumn" in path.read_text(encoding="utf-8")


@needs_seeds
def test_the_2020_resultat_efter_finansiella_poster_that_does_not_add_up(drafts):
    # Printed −1 480 / −14: the financial items alone. The draft proposes the sum the row's name defines,
    # so RR-SUMMA reports it as for the example, once (årets resultat is summed from the posts).
    _, path = drafts["lekeberg-orebro-2020"]
    got, want = _verdicts(path)["RR-SUMMA"], _verdicts(Path("examples") / "lekeberg-orebro-2020.yaml")["RR-SUMMA"]
    assert got["utfall"] == want["utfall"] == "avvikelse"
    assert got["meddelande"] == want["meddelande"]
    assert "Årets resultat" not in got["meddelande"]


@needs_seeds
def test_sydnarkes_administration_from_the_driftredovisnings_kostnad_column(drafts):
    # No costs note with an administration subtotal; the driftredovisning's row holds the medlemsbidrag as
    # Intäkt (5 222 000), so its Netto (3 829 049) is not the cost: the Kostnad column is, 1 392 951 as the example.
    _, path = drafts["sydnarke-2023"]
    assert load_report(path).kostnadsfordelning.administration == 1_392_951
    assert "Administrationens kostnader, 1 392 951 kr, utgör 28 %" in _verdicts(path)["ADM-ANDEL"]["meddelande"]


@needs_seeds
@pytest.mark.parametrize("name", ["lekeberg-orebro-2025", "sydnarke-2023"])
def test_driftredovisning_rows_are_costs_or_income_by_their_intakt_and_kostnad_columns(drafts, name):
    # Only a row with one of Intäkt and Kostnad says which it is; the rows then count as budget rows.
    _, path = drafts[name]
    got = {p.rad: p.slag for p in load_report(path).driftredovisning.poster}
    want = {p.rad: p.slag for p in load_report(Path("examples") / f"{name}.yaml").driftredovisning.poster}
    drafted = {rad: slag for rad, slag in got.items() if slag is not None}
    assert len(drafted) >= 6
    assert all(want.get(rad) in (slag, None) for rad, slag in drafted.items()), drafted
    if name == "lekeberg-orebro-2025":
        assert "Administration/Kansli: utfallet 1 509 000 kr är 446 000 kr över budgeten 1 063 000 kr" in \
            _verdicts(path)["BUDGET-RAD-OVERSKRIDANDE"]["meddelande"]


@needs_seeds
def test_the_2025_plan_for_an_eget_kapital_over_the_tak(drafts):
    # "Styrelsen har för 2026 antagit en budget med minusresultat uppgående till 998 tkr" (rad 301–303)
    _, path = drafts["lekeberg-orebro-2025"]
    got, want = load_report(path).budget_nasta_ar, load_report(Path("examples") / "lekeberg-orebro-2025.yaml").budget_nasta_ar
    assert (got.ar, got.resultat, got.medlemsbidrag) == (want.ar, want.resultat, want.medlemsbidrag) == (2026, -998_000, 4_000_000)
    assert _verdicts(path)["EK-PLAN"]["meddelande"] == _verdicts(Path("examples") / "lekeberg-orebro-2025.yaml")["EK-PLAN"]["meddelande"]


@needs_seeds
def test_the_2019_balansrakning_that_does_not_balance(drafts):
    _, path = drafts["lekeberg-orebro-2020"]
    got = _verdicts(path)["BR-BALANS"]
    assert got["utfall"] == "avvikelse"
    assert "2019-12-31" in got["meddelande"] and "4 224 578" in got["meddelande"] and "4 244 578" in got["meddelande"]


@needs_seeds
def test_same_input_same_draft():
    path = SEEDS / SEED["lekeberg-orebro-2025"]
    assert draft(path).yaml == draft(path).yaml


@needs_seeds
def test_cli_writes_the_draft_and_a_swedish_summary(tmp_path, capsys):
    out = tmp_path / "utkast.yaml"
    assert main(["utkast", str(SEEDS / SEED["sydnarke-2023"]), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "Hittat:" in err and "Gissat (UTKAST: kontrollera):" in err and "Saknas:" in err
    assert load_report(out).forbund.namn == "Samordningsförbundet Sydnärke"


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "filen är tom"),
        (b"Hej!\nDet h\xc3\xa4r \xc3\xa4r ett brev, ingen \xc3\xa5rsredovisning.\n", "ser inte ut som en årsredovisning"),
        (b"%PDF-1.4\n%broken\n1 0 obj <<>>\n", "PDF-filen är trasig"),
    ],
)
def test_bad_input_exit_3_nothing_written(tmp_path, capsys, content, message):
    src = tmp_path / "in.pdf"
    src.write_bytes(content)
    out = tmp_path / "ut.yaml"
    assert main(["utkast", str(src), "-o", str(out)]) == 3
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not out.exists()
    with pytest.raises(UtkastError):
        draft(src)


@needs_seeds
def test_ocr_text_without_aao_and_with_columns_run_together(tmp_path):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    import syntetisk_ocr

    from checker.utkast.text import fold

    src = tmp_path / "ocr.txt"
    src.write_text(syntetisk_ocr.degrade((SEEDS / SEED["lekeberg-orebro-2025"]).read_text(encoding="utf-8")), encoding="utf-8")
    assert "4 385 7413 551 088" in src.read_text(encoding="utf-8")
    out = tmp_path / "ocr.yaml"
    out.write_text(draft(src).yaml, encoding="utf-8")
    got, want = load_report(out), load_report(Path("examples") / "lekeberg-orebro-2025.yaml")
    for st in ("resultatrakning", "balansrakning", "kassaflodesanalys"):
        rows = {r.nyckel: r for r in getattr(got, st).rader}
        labels = {fold(r.rad): r for r in getattr(got, st).rader}
        for row in getattr(want, st).rader:
            mine = rows.get(row.nyckel) or labels.get(fold(row.rad))
            assert mine is not None and mine.belopp == row.belopp, (st, row.nyckel)
    assert got.medlemsbidrag.totalt == 4_000_000


@needs_seeds
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_fragment_of_a_report_gives_a_valid_draft_or_a_swedish_refusal(tmp_path, data):
    lines = (SEEDS / SEED["sydnarke-2023"]).read_text(encoding="utf-8").split("\n")
    start = data.draw(st.integers(0, len(lines) - 1))
    end = data.draw(st.integers(start, len(lines)))
    noise = data.draw(st.text(max_size=40))
    src = tmp_path / "fragment.txt"
    src.write_text("\n".join(lines[start:end]) + noise, encoding="utf-8")
    try:
        d = draft(src)
    except UtkastError as exc:
        assert str(exc)
        return
    out = tmp_path / "fragment.yaml"
    out.write_text(d.yaml, encoding="utf-8")
    load_report(out)


@needs_seeds
def test_the_2020_sammanstallning_is_drafted_as_the_examples_budget_table(drafts):
    """Budget, utfall and differens of every row, in the example's sections, so the budget rules read it."""
    d, path = drafts["lekeberg-orebro-2020"]
    got = load_report(path).budgettabeller
    want = load_report(Path("examples") / "lekeberg-orebro-2020.yaml").budgettabeller
    assert len(got) == len(want) == 1
    assert (got[0].rubrik, got[0].ar, got[0].avser, got[0].kolumner) == (want[0].rubrik, want[0].ar, want[0].avser, want[0].kolumner)

    def rows(table):
        return [(s.rubrik, [(p.rad, p.budget, p.utfall, p.avvikelse) for p in s.poster],
                 (s.summa.rad, s.summa.budget, s.summa.utfall, s.summa.avvikelse)) for s in table.avsnitt]

    assert rows(got[0]) == rows(want[0])
    assert not any(n.rubrik == want[0].rubrik for n in load_report(path).noter)
    assert any("avser" in line for line in d.summary if line.startswith("Gissat"))
    over = _verdicts(path)["BUDGET-RAD-OVERSKRIDANDE"]
    assert over["utfall"] == "iakttagelse"
    assert "Coachingteam Örebro: utfallet 3 632 870 kr är 870 kr över budgeten 3 632 000 kr" in over["meddelande"]
    assert "Insatskatalogen: utfallet 37 620 kr är 1 620 kr över budgeten 36 000 kr" in over["meddelande"]


def test_a_budget_table_without_sections_and_with_a_total():
    """Columns in another order (Utfall first), no section headings, a Totalt row: one section, the total kept."""
    from checker.utkast.budgettables import budget_table
    from checker.utkast.source import Line

    text = """Not 7 Insatser, budget och utfall
                      Utfall        Budget      Avvikelse
Arbetsträning          410 000       400 000       -10 000
Motivationsgrupp        95 500       120 000        24 500
Totalt                 505 500       520 000        14 500
"""
    lines = [Line(t, n) for n, t in enumerate(text.splitlines(), start=1)]
    table = budget_table("Insatser, budget och utfall", lines, 2024)
    assert table is not None and table.ar is None
    assert table.kolumner == {"utfall": "Utfall", "budget": "Budget", "avvikelse": "Avvikelse"}
    [section] = table.sections
    assert [(r.label, c) for r, c in section.poster] == [
        ("Arbetsträning", {"utfall": 410000, "budget": 400000, "avvikelse": -10000}),
        ("Motivationsgrupp", {"utfall": 95500, "budget": 120000, "avvikelse": 24500}),
    ]
    assert section.summa[0].label == "Totalt" and section.summa[1]["budget"] == 520000
    # a note with years as its columns is no budget table
    dated = [Line("Not 3 Personalkostnader", 1), Line("                 2024      2023", 2),
             Line("Löner         900 000   850 000", 3)]
    assert budget_table("Personalkostnader", dated, 2024) is None
