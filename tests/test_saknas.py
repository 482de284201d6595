"""What "underlag saknas" names: what the årsredovisning lacks, in words a reader acts on."""

import pytest

from checker.pipeline import granska
from checker.render import RENDERERS, RenderOptions

from utfall import LOO_2020, LOO_2025, SYDNARKE_2023, finding


def test_a_missing_derived_fact_is_named_by_the_input_the_report_lacks():
    # Sydnärke 2023 prints no budgeted costs: both budget rules say so, not "budget_overskridande".
    for rule_id in ("BUDGET-OVERSKRIDANDE", "BUDGET-UTFALL"):
        f = finding(SYDNARKE_2023, rule_id)
        assert f.utfall == "underlag_saknas"
        assert f.saknas == ["budget_kostnader"], f.saknas


def test_a_collection_missing_is_named_by_its_registry_label():
    text = RENDERERS["md"](granska(SYDNARKE_2023), RenderOptions(datum="2026-01-01"))
    assert "anger inte budgeterade kostnader." in text
    assert "anger inte justeringar av tidigare år." in text


@pytest.mark.parametrize("example", [LOO_2020, LOO_2025, SYDNARKE_2023], ids=lambda p: p.stem)
def test_the_report_names_every_missing_fact_in_words_its_key_only_beside_them(example):
    g = granska(example)
    text = RENDERERS["md"](g, RenderOptions(datum="2026-01-01"))
    # The evidence appendix adds the keys after the labels, for a revisor looking them up in docs/regler.md.
    prose = "\n".join(row for row in text.splitlines() if not row.startswith("**Underlag som saknas:**"))
    for f in g.findings:
        for name in (n for n in f.saknas if "_" in n):
            assert name.replace("_", "\\_") not in prose, name


@pytest.mark.parametrize("example", [LOO_2020, LOO_2025, SYDNARKE_2023], ids=lambda p: p.stem)
def test_no_message_prints_a_placeholder_for_a_missing_value(example):
    text = RENDERERS["json"](granska(example), RenderOptions(datum="2026-01-01"))
    assert "[saknas]" not in text


def test_a_printed_figure_that_is_no_percentage_is_said_so_without_the_comparison_it_cannot_have():
    # Lekeberg och Örebro 2020's översikt prints amounts in its Soliditet row; no balance sheet for 2016–2018.
    items = {i.label: i for i in finding(LOO_2020, "ANGIVNA-NYCKELTAL").poster}
    assert items["Soliditet 2016 i flerårsöversikten"].utfall == "avvikelse"
    assert items["Soliditet 2016 i flerårsöversikten"].meddelande == (
        "Soliditet 2016 i flerårsöversikten anges som ”4 552”, vilket inte är någon procentsats.")
    assert "nyckeltalet 44,3 %" in items["Soliditet 2019 i flerårsöversikten"].meddelande
