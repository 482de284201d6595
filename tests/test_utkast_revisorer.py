"""finsam utkast: the revisorer from the årsredovisning's signature page."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.load import load_report
from checker.utkast import draft
from checker.utkast.revisorer import read_revisorer
from checker.utkast.source import Line, read_source
from seeds import SEED, SEEDS, needs_seeds



def _lines(text: str) -> list[Line]:
    return [Line(t, i) for i, t in enumerate(text.split("\n"), start=1)]


@needs_seeds
@pytest.mark.parametrize("name", sorted(SEED))
def test_the_drafts_revisorer_are_the_examples(tmp_path, name):
    path = tmp_path / "utkast.yaml"
    path.write_text(draft(SEEDS / SEED[name]).yaml, encoding="utf-8")
    got = load_report(path).revision.revisorer
    want = load_report(Path("examples") / f"{name}.yaml").revision.revisorer
    assert sorted(r.namn for r in got) == sorted(r.namn for r in want)


@needs_seeds
def test_the_bundles_own_signature_page_not_another_forbunds():
    # 000 holds SOFINT's revisionsberättelse (Hällefors, Nora …) before Lekeberg och Örebro's årsredovisning
    signatures, page = read_revisorer(read_source(SEEDS / SEED["lekeberg-orebro-2020"]).lines)
    assert [(s.namn, s.utsedd_av) for s in signatures] == [
        ("Nils Nordqvist", "staten"), ("Gunilla Karlsson", "Regionen"), ("Gunvor Lindkvist", "kommunerna")]
    assert page[0].number == 3187 and all("Nora" not in l.text for l in page)


def test_two_signatures_side_by_side_with_titles_before_utsedd():
    text = ("Årsredovisning\n 9. Revisorernas påteckning\n\n_______________ _______________\n"
            "Gunilla Karlsson  Gunvor Lindkvist\n"
            "Revisor utsedd av Region Örebro län Auktoriserad revisor, utsedd av staten\n 10. Bilagor\n"
            "Per Persson\nutsedd av kommunerna\n")
    signatures, page = read_revisorer(_lines(text))
    assert [(s.namn, s.utsedd_av, s.titel) for s in signatures] == [
        ("Gunilla Karlsson", "Region Örebro län", "Revisor"), ("Gunvor Lindkvist", "staten", "Auktoriserad revisor")]
    assert [l.number for l in page][-1] == 6  # the page ends at the next numbered part


def test_a_name_line_that_does_not_split_into_the_signatures_is_not_guessed():
    text = "Revisionens underskrift\nGunilla Karlsson Gunvor Lindkvist\nUtsedd av regionen    Utsedd av kommunerna\n"
    assert read_revisorer(_lines(text))[0] == []
    assert read_revisorer(_lines("Ingen sådan sida\nPer Persson\nUtsedd av staten\n")) == ([], [])
