"""Reading report files: every bad input is refused with file, line, field and a Swedish
message (exit code 3, never a traceback); good input is read exactly; nothing is written."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from checker.cli import main
from checker.errors import InputError
from checker.load import load_report
from checker.model import Arsredovisning
from checker.template import render_template
from checker.yamlread import Lines, load_yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
FILE = "rapport.yaml"

# Words that would mean a message leaked through untranslated.
ENGLISH = re.compile(r"\b(expected|found|should|required|invalid|error|not allowed|must|Input|Field|value is)\b")

HEAD = "forbund:\n  namn: Samordningsförbundet Test\nrakenskapsar: 2025\n"

RAKNING = """\
resultatrakning:
  kolumner:
    - {ar: 2025, rubrik: "2025"}
    - {ar: 2024, rubrik: "2024"}
  rader:
    - nyckel: verksamhetens_intakter
      rad: Verksamhetens intäkter
      belopp: {2025: "4 050 000", 2024: "3 950 000"}
"""


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# (id, file content, line, field path or "" for a problem with the file as a whole, words the message holds)
BAD: list[tuple[str, str | bytes, int, str, str]] = [
    # --- broken YAML ---------------------------------------------------------------
    ("indrag_for_djupt_i_mappning",
     "forbund:\n  namn: Test\n    lan: Örebro län\nrakenskapsar: 2025\n",
     3, "forbund.namn", "ett kolon på fel ställe"),
    ("indrag_for_grunt_pa_oversta_nivan",
     "forbund:\n  namn: Test\n rakenskapsar: 2025\n",
     3, "", "fel indrag"),
    ("indrag_i_lista",
     HEAD + "medlemmar:\n  - namn: Region Test\n  typ: region\n",
     6, "medlemmar[0]", "fel indrag"),
    ("oavslutat_dubbelt_citattecken",
     'forbund:\n  namn: "Samordningsförbundet Test\nrakenskapsar: 2025\n',
     2, "forbund.namn", "citattecknet avslutas aldrig"),
    ("oavslutat_enkelt_citattecken",
     HEAD + "dokument: 'Årsredovisning 2025\n",
     4, "dokument", "citattecknet avslutas aldrig"),
    ("tabb_som_indrag",
     "forbund:\n\tnamn: Test\nrakenskapsar: 2025\n",
     2, "forbund", "tabb-tecken är inte tillåtna"),
    ("oavslutad_lista_inom_hakparentes",
     HEAD + "anmarkningar: [en, två\nlokaler: {}\n",
     4, "anmarkningar", "listan inom [ ] avslutas inte"),
    ("flera_dokument_i_filen",
     HEAD + "---\n" + HEAD,
     4, "", "flera YAML-dokument"),
    ("tagg_pa_ett_varde",
     "forbund:\n  namn: !!python/object:os.system Test\nrakenskapsar: 2025\n",
     2, "forbund.namn", "taggar"),
    ("yaml_bomb_med_ankare_och_alias",
     HEAD
     + 'anmarkningar: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
     + "".join(f"x{i}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)),
     4, "anmarkningar", "ankare och alias"),
    ("dubblerad_nyckel_pa_oversta_nivan",
     HEAD + "rakenskapsar: 2024\n",
     4, "rakenskapsar", "förekommer två gånger (första gången på rad 3)"),
    ("dubblerad_nyckel_i_avsnitt",
     "forbund:\n  namn: Test\n  lan: Örebro län\n  namn: Test igen\nrakenskapsar: 2025\n",
     4, "forbund.namn", "förekommer två gånger (första gången på rad 2)"),
    # --- wrong types -----------------------------------------------------------------
    ("text_dar_en_lista_ska_sta",
     HEAD + "medlemmar: Försäkringskassan\n",
     4, "medlemmar", "ska vara en lista"),
    ("lista_dar_en_mappning_ska_sta",
     "forbund:\n  - namn: Test\nrakenskapsar: 2025\n",
     1, "forbund", "ska vara en mappning"),
    ("text_dar_ja_eller_nej_ska_sta",
     HEAD + "revision:\n  tillstyrker_ansvarsfrihet: kanske\n",
     5, "revision.tillstyrker_ansvarsfrihet", "ska vara true eller false"),
    ("decimaltal_som_antal",
     HEAD + "antal_anstallda: 2.5\n",
     4, "antal_anstallda", "ska vara ett heltal"),
    ("decimaltal_som_antal_deltagare",
     HEAD + "insatser:\n  - namn: Steg\n    typ: individinriktad\n    deltagare:\n      kvinnor: 12.5\n",
     8, "insatser[0].deltagare.kvinnor", "ska vara ett heltal"),
    ("okant_varde_i_val",
     HEAD + "insatser:\n  - namn: Steg\n    typ: individ\n",
     6, "insatser[0].typ", "ska vara ett av: individinriktad eller strukturovergripande"),
    ("rakenskapsar_utanfor_rimligt_spann",
     "forbund:\n  namn: Test\nrakenskapsar: 1999\n",
     3, "rakenskapsar", "får inte vara mindre än 2004"),
    # --- unknown keys ------------------------------------------------------------------
    ("okand_nyckel_pa_oversta_nivan",
     HEAD + "medlemsbidarg:\n  totalt: 100\n",
     4, "medlemsbidarg", "okänt fält (felstavat?)"),
    ("felstavad_nyckel_i_lista",
     HEAD + "medlemmar:\n  - namn: Region Test\n    typ: region\n    medlemsbidarg: 1000\n",
     7, "medlemmar[0].medlemsbidarg", "okänt fält (felstavat?)"),
    # --- amounts -----------------------------------------------------------------------
    ("negativt_medlemsbidrag",
     HEAD + 'medlemsbidrag:\n  totalt: "-4 000 000"\n',
     5, "medlemsbidrag.totalt", "får inte vara mindre än 0"),
    ("negativt_medlemsbidrag_for_en_medlem",
     HEAD + "medlemmar:\n  - namn: Region Test\n    typ: region\n    medlemsbidrag: −1000\n",
     7, "medlemmar[0].medlemsbidrag", "får inte vara mindre än 0"),
    ("orimligt_stort_belopp",
     HEAD + "medlemsbidrag:\n  totalt: 10000000000000\n",
     5, "medlemsbidrag.totalt", "orimligt stort"),
    ("orimligt_stort_belopp_efter_omrakning_fran_tkr",
     HEAD + "medlemsbidrag:\n  enhet: tkr\n  totalt: 1000000000\n",
     6, "medlemsbidrag.totalt", "orimligt stort"),
    ("okand_enhet_mkr",
     HEAD + "medlemsbidrag:\n  enhet: mkr\n  totalt: 4\n",
     5, "medlemsbidrag.enhet", "ska vara ett av: kr eller tkr"),
    ("belopp_med_decimaler",
     HEAD + "medlemsbidrag:\n  totalt: 12.5\n",
     5, "medlemsbidrag.totalt", "12.5 är inte ett helt antal kronor"),
    ("belopp_i_ord_ca_mkr",
     HEAD + 'medlemsbidrag:\n  totalt: "ca 1,7 mkr"\n',
     5, "medlemsbidrag.totalt", "'ca 1,7 mkr' går inte att läsa som ett belopp"),
    ("belopp_som_ja_eller_nej",
     HEAD + "medlemsbidrag:\n  totalt: true\n",
     5, "medlemsbidrag.totalt", "inte ja/nej"),
    # --- identity ------------------------------------------------------------------------
    ("forbundets_namn_saknas",
     "forbund:\n  lan: Örebro län\nrakenskapsar: 2025\n",
     1, "forbund.namn", "saknas (obligatoriskt fält)"),
    ("rakenskapsar_saknas",
     "forbund:\n  namn: Test\n",
     1, "rakenskapsar", "saknas (obligatoriskt fält)"),
    ("forbund_saknas",
     "rakenskapsar: 2025\n",
     1, "forbund", "saknas (obligatoriskt fält)"),
    ("tomt_forbundsnamn",
     'forbund:\n  namn: ""\nrakenskapsar: 2025\n',
     2, "forbund.namn", "får inte vara tom"),
    ("organisationsnummer_fel_form",
     'forbund:\n  namn: Test\n  organisationsnummer: "2220001586"\nrakenskapsar: 2025\n',
     3, "forbund.organisationsnummer", "är inget organisationsnummer; skriv NNNNNN-NNNN"),
    ("organisationsnummer_fel_kontrollsiffra",
     "forbund:\n  namn: Test\n  organisationsnummer: 222000-1587\nrakenskapsar: 2025\n",
     3, "forbund.organisationsnummer", "fel kontrollsiffra"),
    # --- the file itself ---------------------------------------------------------------
    ("latin1_kodad_fil",
     "forbund:\n  namn: Samordningsförbundet Test\nrakenskapsar: 2025\n".encode("latin-1"),
     2, "", "filen är inte UTF-8"),
    ("tom_fil", "", 1, "", "filen är tom"),
    ("bara_kommentarer", "# inget här\n", 1, "", "filen är tom"),
    ("lista_pa_oversta_nivan", "- forbund\n- rakenskapsar\n", 1, "", "mappning (nyckel: värde) på översta nivån"),
    ("text_pa_oversta_nivan", "Samordningsförbundet Test\n", 1, "", "mappning (nyckel: värde) på översta nivån"),
    # --- statements ----------------------------------------------------------------------
    ("belopp_for_ett_ar_som_inte_ar_en_kolumn",
     HEAD + RAKNING.replace('2024: "3 950 000"', '2023: "3 950 000"'),
     11, "resultatrakning.rader[0].belopp[2023]", "har belopp för 2023, som inte är någon kolumn"),
    ("summa_av_en_rad_som_inte_finns",
     HEAD + RAKNING
     + "    - nyckel: verksamhetens_resultat\n      rad: Verksamhetens resultat\n"
     + "      summa_av: [verksamhetens_intakter, verksamhetens_kostnader]\n"
     + '      belopp: {2025: "100 000"}\n',
     14, "resultatrakning.rader[1].summa_av[1]", "summerar 'verksamhetens_kostnader', som inte är någon rad"),
    ("samma_radnyckel_tva_ganger",
     HEAD + RAKNING + "    - nyckel: verksamhetens_intakter\n      rad: Intäkter igen\n",
     12, "resultatrakning.rader[1].nyckel", "används på flera rader"),
    ("samma_ar_i_tva_kolumner",
     HEAD + RAKNING.replace('{ar: 2024, rubrik: "2024"}', '{ar: 2025, rubrik: "2024"}').replace(', 2024: "3 950 000"', ""),
     7, "resultatrakning.kolumner[1].ar", "samma år finns i flera kolumner"),
    ("radnyckel_med_mellanslag",
     HEAD + RAKNING.replace("nyckel: verksamhetens_intakter", "nyckel: Verksamhetens intäkter"),
     9, "resultatrakning.rader[0].nyckel", "har fel form"),
    ("rakning_utan_rader",
     HEAD + "balansrakning:\n  kolumner:\n    - {ar: 2025, rubrik: \"2025\"}\n  rader: []\n",
     7, "balansrakning.rader", "får inte vara tom"),
    ("budget_nasta_ar_fel_ar",
     HEAD + "budget_nasta_ar:\n  ar: 2027\n",
     5, "budget_nasta_ar.ar", "nästa år är 2026"),
    ("tva_noter_med_samma_nummer",
     HEAD + 'noter:\n  - {nummer: "2", rubrik: Intäkter}\n  - {nummer: "2", rubrik: Kostnader}\n',
     6, "noter[1].nummer", "flera noter har nummer 2"),
    # --- dates -----------------------------------------------------------------------------
    ("datum_som_inte_finns",
     HEAD + "revision:\n  datum: 2025-02-30\n",
     5, "revision.datum", "'2025-02-30' är inget datum"),
    ("datum_med_manad_13",
     HEAD + 'revision:\n  datum: "2025-13-01"\n',
     5, "revision.datum", "är inget datum; skriv ÅÅÅÅ-MM-DD"),
    ("datum_i_ord",
     HEAD + "styrning:\n  budget_beslutad: 20 november 2024\n",
     5, "styrning.budget_beslutad", "är inget datum"),
]


@pytest.mark.parametrize("content,line,path,words", [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_bad_input_is_refused_with_file_line_field_and_swedish_message(tmp_path, monkeypatch, capsys, content, line, path, words):
    monkeypatch.chdir(tmp_path)
    target = Path(FILE)
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content, encoding="utf-8")

    code, out, err = run(capsys, "validera", FILE)

    assert code == 3
    assert "Traceback" not in err and out == ""
    where = f"{FILE}:{line}: {path}: " if path else f"{FILE}:{line}: "
    problems = [p for p in err.splitlines() if p.startswith(f"{FILE}:")]
    assert any(p.startswith(where) and words in p for p in problems), f"väntade {where!r} … {words!r}, fick:\n{err}"
    for problem in problems:
        assert not ENGLISH.search(problem), problem
    assert err.rstrip().endswith(f"{len(problems)} fel")


def test_yaml_bomb_is_refused_before_anything_expands(tmp_path):
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 12)]
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(Exception) as caught:
        load_yaml(bomb)
    assert "ankare och alias" in str(caught.value)


def test_a_file_that_does_not_exist_is_reported_by_name(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "validera", "finns-inte.yaml")
    assert code == 3
    assert "Traceback" not in err
    assert "finns-inte.yaml: filen finns inte" in err


def test_a_directory_is_reported_as_not_a_file(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mapp.yaml").mkdir()
    code, out, err = run(capsys, "validera", "mapp.yaml")
    assert code == 3
    assert "Traceback" not in err
    assert "mapp.yaml: är en mapp, inte en fil" in err


def test_every_problem_in_a_file_is_reported_at_once(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    Path(FILE).write_text(
        "forbund:\n  lan: Örebro län\nrakenskapsar: 2025\nantal_anstallda: -1\nmedlemsbidarg: 5\n", encoding="utf-8"
    )
    code, out, err = run(capsys, "validera", FILE)
    assert code == 3
    assert err.splitlines() == [
        f"{FILE}:1: forbund.namn: saknas (obligatoriskt fält)",
        f"{FILE}:4: antal_anstallda: får inte vara mindre än 0",
        f"{FILE}:5: medlemsbidarg: okänt fält (felstavat?)",
        "3 fel",
    ]


def test_one_bad_file_among_good_ones_still_gives_exit_code_3(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    Path("bra.yaml").write_text(HEAD, encoding="utf-8")
    Path("dalig.yaml").write_text(HEAD + "medlemsbidarg: 5\n", encoding="utf-8")
    code, out, err = run(capsys, "validera", "bra.yaml", "dalig.yaml")
    assert code == 3
    assert out.startswith("bra.yaml: giltig")
    assert "dalig.yaml:4: medlemsbidarg: okänt fält" in err


# --- good input is read exactly -----------------------------------------------------------


def _report(tmp_path: Path, text: str) -> Arsredovisning:
    path = tmp_path / FILE
    path.write_text(text, encoding="utf-8")
    return load_report(path)


@pytest.mark.parametrize(
    "written,expected",
    [
        ('"1 735 435"', 1735435),
        ('"−717 759"', -717759),  # U+2212 MINUS SIGN
        ('"–717 759"', -717759),  # U+2013 EN DASH, as some PDFs print it
        ('"1\u00a0735\u00a0435"', 1735435),  # no-break space
        ('"1\u202f735\u202f435"', 1735435),  # narrow no-break space
        ('"-1\u202f735\u202f435"', -1735435),
        ("1735435", 1735435),
        ("1735435.0", 1735435),
        ("0", 0),
    ],
)
def test_amounts_copied_from_a_pdf_are_read_as_whole_kronor(tmp_path, written, expected):
    report = _report(tmp_path, HEAD + f"resultatrakning:\n  kolumner: [{{ar: 2025, rubrik: \"2025\"}}]\n"
                     f"  rader:\n    - {{nyckel: arets_resultat, rad: Årets resultat, belopp: {{2025: {written}}}}}\n")
    assert report.resultatrakning.rader[0].belopp == {2025: expected}


def test_enhet_tkr_multiplies_every_amount_of_that_part_by_1000(tmp_path):
    report = _report(
        tmp_path,
        HEAD
        + 'medlemsbidrag:\n  enhet: tkr\n  totalt: "4 000"\n  staten: 2000\n'
        + 'driftredovisning:\n  enhet: tkr\n  poster:\n    - {rad: Medlemsbidrag, budget: "4 000", utfall: "−3"}\n'
        + 'ovriga_intakter:\n  poster:\n    - {rad: Övrigt, belopp: "4 000"}\n',
    )
    assert report.medlemsbidrag.totalt == 4_000_000
    assert report.medlemsbidrag.staten == 2_000_000
    assert report.driftredovisning.poster[0].budget == 4_000_000
    assert report.driftredovisning.poster[0].utfall == -3_000
    # A part without enhet: tkr is in kronor, even next to one in tkr.
    assert report.ovriga_intakter.poster[0].belopp == 4_000


def test_enhet_tkr_in_a_statement_scales_its_rows(tmp_path):
    report = _report(tmp_path, HEAD + RAKNING.replace("resultatrakning:\n", "resultatrakning:\n  enhet: tkr\n")
                     .replace('"4 050 000"', '"4 050"').replace('"3 950 000"', '"3 950"'))
    assert report.resultatrakning.rader[0].belopp == {2025: 4_050_000, 2024: 3_950_000}


def test_what_is_missing_stays_missing_and_is_never_zero(tmp_path):
    report = _report(
        tmp_path,
        HEAD + 'medlemsbidrag:\n  totalt: "4 000 000"\n'
        + RAKNING.replace(', 2024: "3 950 000"', "")
        + "insatser:\n  - {namn: Steg, typ: individinriktad}\n",
    )
    assert report.medlemsbidrag.region is None
    assert report.medlemsbidrag.kommunerna is None
    assert report.resultatrakning.rader[0].belopp == {2025: 4_050_000}
    assert 2024 not in report.resultatrakning.rader[0].belopp
    assert report.insatser[0].budget is None and report.insatser[0].deltagare is None
    assert report.balansrakning is None and report.antal_anstallda is None
    assert report.forbund.organisationsnummer is None


def test_dates_may_be_a_day_a_month_or_a_year(tmp_path):
    report = _report(tmp_path, HEAD + "styrning:\n  verksamhetsplan_beslutad: 2024-11-20\n"
                     "  budget_beslutad: 2024-11\n  arsredovisning_faststalld: 2026\n")
    assert report.styrning.verksamhetsplan_beslutad == "2024-11-20"
    assert report.styrning.budget_beslutad == "2024-11"
    assert report.styrning.arsredovisning_faststalld == "2026"


def test_a_valid_organisationsnummer_is_accepted(tmp_path):
    report = _report(tmp_path, HEAD.replace("  namn:", "  organisationsnummer: 222000-1586\n  namn:"))
    assert report.forbund.organisationsnummer == "222000-1586"


def test_line_numbers_follow_the_file_through_comments_and_flow_style(tmp_path):
    path = tmp_path / FILE
    path.write_text("# kommentar\n\n" + HEAD + "# mer\nnoter:\n  - {nummer: \"1\", rubrik: A}\n", encoding="utf-8")
    _, lines = load_yaml(path)
    assert isinstance(lines, Lines)
    assert lines.line(("rakenskapsar",)) == 5
    assert lines.line(("noter", 0, "rubrik")) == 8
    assert lines.line(("forbund", "namn")) == 4


# --- the real examples and the template ----------------------------------------------------


@pytest.mark.skipif(not EXAMPLES, reason="examples/ har inga rapportfiler ännu")
@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_every_example_validates_with_a_one_line_summary(capsys, example):
    code, out, err = run(capsys, "validera", str(example))
    assert code == 0, err
    assert err == ""
    assert len(out.splitlines()) == 1
    assert re.match(rf"^{re.escape(str(example))}: giltig – .+ \d{{4}}, \d+ insatser, \d+ noter$", out.strip())


def test_template_starts_with_the_schema_line_and_is_deterministic(capsys):
    code, out, _ = run(capsys, "mall")
    assert code == 0
    assert out.splitlines()[0] == "# yaml-language-server: $schema=../schema/arsredovisning.schema.json"
    assert out == render_template()
    assert (ROOT / "schema" / "arsredovisning.schema.json").exists()


def test_template_as_printed_validates(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    _, text, _ = run(capsys, "mall")
    Path("mall.yaml").write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "validera", "mall.yaml")
    assert code == 0, err
    assert out.startswith("mall.yaml: giltig – Samordningsförbundet Exempel 2025")


def _fields(cls: type[BaseModel], prefix: str = "") -> list[tuple[str, str]]:
    """Every (path, key) of the model, lists and optionals looked through."""
    out = []
    hints = typing.get_type_hints(cls, include_extras=True)
    for name, field in cls.model_fields.items():
        key = field.alias or name
        path = f"{prefix}{key}"
        out.append((path, key))
        stack = [hints[name]]
        while stack:
            tp = stack.pop()
            if isinstance(tp, type) and issubclass(tp, BaseModel):
                out += _fields(tp, path + ".")
            else:
                stack += [a for a in typing.get_args(tp) if not isinstance(a, (str, int))]
    return out


def test_template_shows_every_field_of_the_model_with_a_comment():
    text = render_template()
    lines = text.splitlines()
    for path, key in _fields(Arsredovisning):
        pattern = re.compile(rf"^\s*(# )?(- )?{re.escape(key)}:( |$)")
        found = [i for i, line in enumerate(lines) if pattern.match(line)]
        assert found, f"mallen saknar {path}"
        # Some occurrence of the key is preceded by its comment (ending in the required/optional mark).
        assert any(
            re.search(r"\((obligatoriskt|valfritt)[^)]*\)$", lines[i - 1]) for i in found
        ), f"mallen kommenterar inte {path}"


def test_template_lists_enum_choices_and_marks_required_fields():
    text = render_template()
    assert "ett av: forsakringskassan, arbetsformedlingen, region, kommun" in text
    assert "ett av: uppfyllt, delvis, ej_uppfyllt, kan_ej_bedomas" in text
    assert "# Förbundets namn som i dokumentet. (obligatoriskt; text)" in text
    assert "(valfritt, utelämnat = kr; ett av: kr, tkr)" in text
    assert 'belopp: {2025: "4 050 000", 2024: "3 950 000"}' in text


def test_template_statements_add_up():
    report = Arsredovisning.model_validate(load_yaml_text(render_template()))
    statements = [report.resultatrakning, report.balansrakning, report.kassaflodesanalys] + list(report.noter)
    checked = 0
    for statement in statements:
        rows = {r.nyckel: r for r in statement.rader}
        for row in statement.rader:
            if row.summa_av:
                for year, printed in row.belopp.items():
                    assert printed == sum(rows[k].belopp[year] for k in row.summa_av), (row.nyckel, year)
                    checked += 1
    assert checked >= 20
    bal = {r.nyckel: r.belopp for r in report.balansrakning.rader}
    kf = {r.nyckel: r.belopp for r in report.kassaflodesanalys.rader}
    assert bal["summa_tillgangar"] == bal["summa_eget_kapital_och_skulder"]
    assert kf["likvida_medel_vid_arets_slut"] == bal["kassa_och_bank"]


def load_yaml_text(text: str):
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mall.yaml"
        path.write_text(text, encoding="utf-8")
        data, _ = load_yaml(path)
    return data


# --- validation only reads ---------------------------------------------------------------


def test_validation_never_writes_anything(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    good, bad = Path("bra.yaml"), Path("dalig.yaml")
    good.write_text(HEAD, encoding="utf-8")
    bad.write_text(HEAD + "medlemsbidarg: 5\n", encoding="utf-8")
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in (good, bad)}
    listing = sorted(p.name for p in tmp_path.iterdir())

    assert run(capsys, "validera", "bra.yaml")[0] == 0
    assert run(capsys, "validera", "dalig.yaml")[0] == 3

    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in (good, bad)} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == listing


# --- the one reader reads what a YAML 1.2 library reads ------------------------------------

def _library(path):
    """ruamel.yaml's own safe YAML 1.2 loader, timestamps kept as text: the reference."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.constructor.add_constructor("tag:yaml.org,2002:timestamp", lambda self, node: self.construct_scalar(node))
    return yaml.load(path.read_text(encoding="utf-8"))


def test_the_reader_gives_the_values_a_yaml_library_gives_for_every_example():
    for path in EXAMPLES:
        assert load_yaml(path)[0] == _library(path)


@pytest.mark.parametrize("text,words", [
    ("forbund: &f\n  namn: X\nrakenskapsar: 2020\nx: *f\n", "ankare och alias"),
    ("forbund:\n  namn: X\nrakenskapsar: 2020\nrakenskapsar: 2021\n", "två gånger (första gången på rad 3)"),
    ("forbund:\n  namn: !!str X\nrakenskapsar: 2020\n", "taggar"),
    ("%YAML 1.1\n---\nforbund: {namn: X}\n", "YAML-direktiv"),
    ("? [a, b]\n: 1\n", "enkelt namn"),
    ("forbund:\n  <<: {namn: X}\n", "'<<'"),
])
def test_anchors_tags_duplicates_directives_and_merge_keys_are_refused(tmp_path, text, words):
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_yaml(path)
    assert words in str(caught.value)


def test_dates_stay_text(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text("dokument: 2024-12-31\n", encoding="utf-8")
    assert load_yaml(path)[0] == _library(path) == {"dokument": "2024-12-31"}


def test_a_note_is_checked_like_a_statement(tmp_path, capsys):
    path = tmp_path / "rapport.yaml"
    path.write_text(
        "forbund: {namn: X}\nrakenskapsar: 2025\nnoter:\n  - nummer: '1'\n    rubrik: Intäkter\n"
        "    kolumner: [{ar: 2025, rubrik: '2025'}]\n    rader:\n"
        "      - {nyckel: a, rad: A, belopp: {2025: 1}}\n"
        "      - {nyckel: summa, rad: Summa, summa_av: [a, finns_inte], belopp: {2025: 1}}\n",
        encoding="utf-8",
    )
    assert main(["validera", str(path)]) == 3
    err = capsys.readouterr().err
    assert "noter[0].rader[1].summa_av[1]" in err and "finns_inte" in err and "Traceback" not in err


def test_a_goal_value_must_be_a_finite_number(tmp_path, capsys):
    path = tmp_path / "rapport.yaml"
    path.write_text("forbund: {namn: X}\nrakenskapsar: 2025\nverksamhetsmal:\n  - {mal: M, malvarde: .nan}\n", encoding="utf-8")
    assert main(["validera", str(path)]) == 3
    err = capsys.readouterr().err
    assert "verksamhetsmal[0].malvarde: ska vara ett ändligt tal" in err


def test_without_the_c_parser_the_same_values_and_lines(monkeypatch):
    from checker import yamlread

    path = EXAMPLES[0]
    with_c = load_yaml(path)
    monkeypatch.setattr(yamlread, "CParser", None)
    without = load_yaml(path)
    assert without[0] == with_c[0]
    assert without[1].line(("insatser", 3, "namn")) == with_c[1].line(("insatser", 3, "namn"))


# Files that only the full walk may judge, beside every file of BAD: the fast path must send them there.
TRICKY = [
    HEAD + "x:\n  2025: 1\n  '2025': 2\n",  # 2025 and '2025' are one key
    HEAD + "x:\n  '2025': 1\n  2025: 2\n",
    HEAD + "x:\n  010: 1\n  10: 2\n",
    HEAD + "x:\n  +5: 1\n  5: 2\n",  # +5 is the number 5
    HEAD + "x:\n  '<<': 1\n",  # a quoted '<<' is an ordinary (unknown) key
    HEAD + "x: {? a}\n",
    HEAD + "x: !!int 5\n",
    HEAD + "x: &a 5\ny: *a\n",
    HEAD + "x: [&a 5]\n",
    HEAD + 'x: "a\\x01b"\n',
    HEAD + "x: " + "9" * 31 + "\n",
    HEAD + "x: .inf\n",
    HEAD + "~: 1\n",
    HEAD + "true: 1\n",
    HEAD + "1.5: 1\n",
    HEAD + "x: " + "[" * 45 + "]" * 45 + "\n",
    HEAD + "---\nforbund: {namn: Y}\n",
    "%TAG ! tag:example.com,2000:\n---\n" + HEAD,
    HEAD + "x: [1, 2\n",
    "", "# bara en kommentar\n", "- a\n", "5\n",
]


@pytest.mark.parametrize("content", [c[1] for c in BAD if isinstance(c[1], str)] + TRICKY + [p.read_text(encoding="utf-8") for p in EXAMPLES])
def test_a_report_read_without_lines_gives_what_the_full_walk_gives(tmp_path, content):
    from checker.load import _validated, report_context
    from checker.pipeline import katalog
    from checker.yamlread import parse_text

    path = tmp_path / FILE
    path.write_text(content, encoding="utf-8")
    context = report_context(katalog())

    def outcome(read):
        try:
            return read().model_dump()
        except InputError as exc:
            return [str(p) for p in exc.problems]

    full = outcome(lambda: _validated(*parse_text(str(path), content), str(path), Arsredovisning, context)[0])
    assert outcome(lambda: load_report(path, katalog())) == full
