"""The bad-input corpus: every way a file, a path or an output target has been found to go wrong.

Data only; tests/test_korpus.py runs each row through the real command and asserts exit
code 3, no traceback, a Swedish message naming the file (and the line, for file contents)
and nothing written over the input.

A report or rule case is a change to a real file: `old` (its first occurrence) is replaced
by `new`; the line expected is the line where `old` stood, or with `line=0` the line after
it, or `line` itself. `old=None` replaces the whole file. `new` may be bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Union

REPORT = "lekeberg-orebro-2025.yaml"  # in examples/
RULE = "eget_kapital/EK-TAK.yaml"  # in rules/; the catalogue copied holds this rule only
PARAMETER = "parametrar/ek_tak.yaml"

NAME = "  namn: FINSAM Lekeberg och Örebro\n"  # the förbund's name, line 8
TOP = "rakenskapsar: 2025\n"


@dataclass(frozen=True)
class Change:
    id: str
    old: Optional[str]
    new: Union[str, bytes]
    words: str  # the message holds these
    line: Optional[int] = None  # None: the line where `old` stands; 0: the line after it
    file: str = ""  # which file of the copied catalogue (rule cases)


def _nested(n: int) -> str:
    return "[" * n + "]" * n


# --- report files --------------------------------------------------------------------------

REPORTS: list[Change] = [
    # YAML syntax
    Change("tabb_i_indrag", NAME, "\tnamn: X\n", "tabb"),
    Change("tabb_fore_kolon_i_okand_nyckel", TOP, TOP + "kommunern\t: 3\n", "okänt fält", line=0),
    Change("oavslutat_dubbelt_citattecken", NAME, '  namn: "Samordningsförbundet\n', "avslutande citattecken"),
    Change("oavslutat_enkelt_citattecken", NAME, "  namn: 'Samordningsförbundet\n", "avslutande citattecken"),
    Change("oavslutad_lista", TOP, "rakenskapsar: [2025\n", "listan inom [ ]"),
    Change("oavslutad_mappning", TOP, "rakenskapsar: {a: 1\n", "mappningen inom { }"),
    Change("kolon_i_varde", NAME, "  namn: Förbundet: Lekeberg\n", "kolon på fel ställe"),
    Change("fel_indrag", NAME, NAME + "   lan: x\n", "ogiltig YAML", line=0),
    Change("okand_escape", NAME, '  namn: "a\\qb"\n', "okänd \\-sekvens"),
    Change("tecken_som_inte_inleder_varde", NAME, "  namn: @förbund\n", "sätt värdet inom citattecken"),
    Change("backtick", NAME, "  namn: `förbund`\n", "sätt värdet inom citattecken"),
    Change("dubbel_nyckel_oversta", TOP, TOP + TOP, "två gånger", line=0),
    Change("dubbel_nyckel_nastlad", NAME, NAME + NAME, "två gånger", line=0),
    Change("dubbel_nyckel_tal_och_text", "medlemsbidrag:\n", "x: {2025: 1, '2025': 2}\nmedlemsbidrag:\n", "två gånger"),
    Change("ankare", NAME, "  namn: &n X\n", "ankare och alias"),
    Change("alias", TOP, TOP + "dokument: *n\n", "ankare och alias", line=0),
    Change("miljard_skratt", None,
           "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b]\n",
           "ankare och alias", line=1),
    Change("tagg_str", NAME, "  namn: !!str X\n", "taggar"),
    Change("tagg_python", NAME, "  namn: !!python/object:os.system X\n", "taggar"),
    Change("tagg_egen", NAME, "  namn: !egen X\n", "taggar"),
    Change("direktiv_yaml_1_1", None, "%YAML 1.1\n---\nforbund: {namn: X}\nrakenskapsar: 2025\nmedlemsbidrag: {totalt: 1:30:00}\n",
           "YAML-direktiv", line=1),
    Change("direktiv_yaml_1_2", None, "%YAML 1.2\n---\nforbund: {namn: X}\nrakenskapsar: 2025\n", "YAML-direktiv", line=1),
    Change("direktiv_tag", None, "%TAG !e! tag:example.com,2000:\n---\nforbund: {namn: X}\n", "YAML-direktiv", line=1),
    Change("flera_dokument", TOP, TOP + "---\nforbund: {namn: Y}\n", "flera YAML-dokument", line=0),
    Change("sammanslagningsnyckel", NAME, "  <<: {namn: X, lan: Y}\n", "'<<'"),
    Change("sammanslagning_med_ankare", TOP, TOP + "x: &m {a: 1}\ny:\n  <<: *m\n", "ankare och alias", line=0),
    Change("sammansatt_nyckel", TOP, TOP + "? [a, b]\n: 1\n", "enkelt namn", line=0),
    Change("nyckel_som_mappning", TOP, TOP + "{a: 1}: 2\n", "enkelt namn", line=0),
    Change("tiotusen_hakparenteser", None, _nested(10_000) + "\n", "för djupt nästlad", line=1),
    Change("tusen_klammerparenteser", None, "a: " + "{a: " * 1000 + "1" + "}" * 1000 + "\n", "för djupt nästlad", line=1),
    Change("femtio_nivaer_mappningar", None, "".join("  " * i + f"n{i}:\n" for i in range(50)) + "  " * 50 + "x: 1\n",
           "för djupt nästlad", line=41),
    Change("tjugotusen_varden", None, "a: [" + "0," * 30_000 + "0]\n", "fler än 20 000 värden", line=1),
    Change("femtusensiffrigt_heltal", "administrationsmal: 24", "administrationsmal: " + "9" * 5000, "5000 siffror"),
    Change("femtusensiffrigt_belopp_som_text", '  totalt: "4 000 000"', '  totalt: "' + "9" * 5000 + '"', "belopp"),
    Change("femtusensiffrigt_antal_som_text", "administrationsmal: 24", "antal_anstallda: '" + "9" * 5000 + "'", "antal_anstallda"),
    Change("tio_upphojt_till_400_procent", "administrationsmal: 24", "administrationsmal: 1" + "0" * 400, "siffror"),
    Change("tio_upphojt_till_400_som_flyttal", "administrationsmal: 24", "administrationsmal: 1e400", "orimlig"),
    Change("procent_nan", "administrationsmal: 24", "administrationsmal: .nan", "orimlig"),
    Change("procent_text", "administrationsmal: 24", "administrationsmal: mycket", "procentsats"),
    Change("procent_stor_som_text", "administrationsmal: 24", 'administrationsmal: "1' + "0" * 400 + ' %"', "procentsats"),
    # characters that do not belong in a text file
    Change("nul", NAME, "  namn: Sam\x00ordning\n", "U+0000 NUL"),
    Change("bel", NAME, "  namn: Sam\x07ordning\n", "U+0007 BEL"),
    Change("esc_titel", NAME, "  namn: \x1b]0;pwned\x07\n", "U+001B ESC"),
    Change("esc_rensa_skarm", TOP, TOP + "\x1b[2J\x1b[H: 1\n", "U+001B ESC", line=0),
    Change("backsteg", NAME, "  namn: Sam\x08\x08\x08ordning\n", "U+0008 BS"),
    Change("del", NAME, "  namn: Sam\x7fordning\n", "U+007F DEL"),
    Change("c1_csi", NAME, "  namn: Sam\x9bordning\n", "U+009B"),
    Change("c1_nel", NAME, "  namn: Sam\x85ordning\n", "U+0085"),
    Change("vertikal_tabb", NAME, "  namn: Sam\x0bordning\n", "U+000B VT"),
    Change("bom_mitt_i", NAME, "  namn: Sam\ufeffordning\n", "U+FEFF"),
    Change("icke_tecken_fffe", NAME, "  namn: Sam\ufffeordning\n", "U+FFFE"),
    Change("escape_e", NAME, '  namn: "\\e[2J"\n', "U+001B ESC"),
    Change("escape_a", NAME, '  namn: "ring\\a"\n', "U+0007 BEL"),
    Change("escape_noll", NAME, '  namn: "a\\0b"\n', "U+0000 NUL"),
    Change("escape_x9b", NAME, '  namn: "a\\x9bb"\n', "U+009B"),
    Change("escape_i_nyckel", TOP, TOP + '"\\e]0;x\\a": 1\n', "U+001B ESC", line=0),
    Change("escape_ogiltig_unicode", NAME, '  namn: "\\U00110000"\n', "\\u"),
    Change("latin1", NAME, "  namn: Förbundet\n".encode("latin-1"), "inte UTF-8"),
    Change("utf16", None, "forbund: {namn: X}\n".encode("utf-16"), "inte UTF-8", line=1),
    Change("binar", None, bytes(range(256)) * 4, "inte UTF-8", line=2),
    Change("binar_ascii", None, bytes(range(128)) * 4, "U+0000 NUL", line=1),
    # the shape of the document
    Change("tom_fil", None, "", "filen är tom", line=1),
    Change("bara_kommentar", None, "# inget här\n", "filen är tom", line=1),
    Change("lista_overst", None, "- forbund\n- rakenskapsar\n", "mappning", line=1),
    Change("skalar_overst", None, "forbund\n", "mappning", line=1),
    Change("okant_falt", TOP, TOP + "medlemsbidarg: 5\n", "okänt fält", line=0),
    Change("okant_falt_med_bidi", TOP, TOP + "\u202eab: 5\n", "okänt fält", line=0),
    Change("heltal_som_nyckel", TOP, TOP + "1: x\n", "fältnamn", line=0),
    Change("tom_nyckel", TOP, TOP + "~: x\n", "fältnamn", line=0),
    Change("bool_som_nyckel", TOP, TOP + "true: x\n", "fältnamn", line=0),
    Change("flyttal_som_nyckel", TOP, TOP + "1.5: x\n", "fältnamn", line=0),
    Change("lista_dar_mappning_ska_vara", "medlemsbidrag:\n", "medlemsbidrag: [1, 2]\nx:\n", "mappning"),
    Change("mappning_dar_lista_ska_vara", "medlemmar:\n", "medlemmar: {a: 1}\nx:\n", "lista"),
    Change("tom_text", NAME, "  namn: ''\n", "får inte vara tom"),
    # values
    Change("ar_i_ord", TOP, "rakenskapsar: tjugo\n", "heltal"),
    Change("ar_sexagesimalt", TOP, "rakenskapsar: 1:30:00\n", "heltal"),
    Change("ar_utanfor", TOP, "rakenskapsar: 1066\n", "mindre än"),
    Change("belopp_ungefar", '  totalt: "4 000 000"', '  totalt: "ca 1,7 mkr"', "belopp"),
    Change("belopp_decimal", '  totalt: "4 000 000"', "  totalt: 12.5", "helt antal kronor"),
    Change("belopp_ja", '  totalt: "4 000 000"', "  totalt: true", "ja/nej"),
    Change("belopp_orimligt", '  totalt: "4 000 000"', "  totalt: 900000000000000", "belopp"),
    Change("belopp_oandligt", '  totalt: "4 000 000"', "  totalt: .inf", "helt antal kronor"),
    Change("belopp_lista", '  totalt: "4 000 000"', "  totalt: [1]", "belopp"),
    Change("okant_falt_med_understreck", TOP, TOP + "dokument_datum_x: 1\n", "okänt fält", line=0),
    Change("enhet_mkr", "medlemsbidrag:\n", "medlemsbidrag:\n  enhet: mkr\n", "kr eller tkr", line=0),
    Change("organisationsnummer", NAME, NAME + "  organisationsnummer: 12345\n", "organisationsnummer", line=0),
    # statements
    Change("summa_av_cirkel", None,
           "forbund: {namn: X}\nrakenskapsar: 2025\nnoter:\n  - nummer: '1'\n    rubrik: A\n"
           "    kolumner: [{ar: 2025, rubrik: '2025'}]\n    rader:\n"
           "      - {nyckel: a, rad: A, summa_av: [b], belopp: {2025: 1}}\n"
           "      - {nyckel: b, rad: B, summa_av: [a], belopp: {2025: 1}}\n",
           "cirkel: a → b → a", line=8),
    Change("summa_av_sig_sjalv", None,
           "forbund: {namn: X}\nrakenskapsar: 2025\nnoter:\n  - nummer: '1'\n    rubrik: A\n"
           "    kolumner: [{ar: 2025, rubrik: '2025'}]\n    rader:\n"
           "      - {nyckel: a, rad: A, summa_av: [a], belopp: {2025: 1}}\n",
           "summerar sig själv", line=8),
    Change("summa_av_okand_rad", None,
           "forbund: {namn: X}\nrakenskapsar: 2025\nnoter:\n  - nummer: '1'\n    rubrik: A\n"
           "    kolumner: [{ar: 2025, rubrik: '2025'}]\n    rader:\n"
           "      - {nyckel: a, rad: A, summa_av: [z], belopp: {2025: 1}}\n",
           "som inte är någon rad", line=8),
    Change("belopp_for_ar_utan_kolumn", None,
           "forbund: {namn: X}\nrakenskapsar: 2025\nnoter:\n  - nummer: '1'\n    rubrik: A\n"
           "    kolumner: [{ar: 2025, rubrik: '2025'}]\n    rader:\n"
           "      - {nyckel: a, rad: A, belopp: {2024: 1}}\n",
           "inte är någon kolumn", line=8),
    Change("samma_ar_i_tva_kolumner", None,
           "forbund: {namn: X}\nrakenskapsar: 2025\nnoter:\n  - nummer: '1'\n    rubrik: A\n"
           "    kolumner: [{ar: 2025, rubrik: '2025'}, {ar: 2025, rubrik: 'x'}]\n",
           "samma år", line=6),
    Change("samma_radnyckel_tva_ganger", None,
           "forbund: {namn: X}\nrakenskapsar: 2025\nnoter:\n  - nummer: '1'\n    rubrik: A\n"
           "    kolumner: [{ar: 2025, rubrik: '2025'}]\n    rader:\n"
           "      - {nyckel: a, rad: A}\n      - {nyckel: a, rad: B}\n",
           "flera rader", line=9),
]


# --- rule files (in a copy of the catalogue holding EK-TAK only) ----------------------------

VILLKOR = "villkor: ek_andel <= ek_tak\n"
TITEL = "titel: Eget kapital inom rekommenderat tak\n"

RULES: list[Change] = [
    Change("villkor_3000_parenteser", VILLKOR, "villkor: " + "(" * 3000 + "ek_andel <= ek_tak" + ")" * 3000 + "\n", "för djupt nästlat"),
    Change("villkor_3000_inte", VILLKOR, "villkor: " + "inte " * 3000 + "ek_andel <= ek_tak\n", "för många"),
    Change("villkor_lang_summa", VILLKOR, "villkor: ek_andel <= " + "1 + " * 3000 + "1\n", "för många"),
    Change("villkor_3000_minus", VILLKOR, "villkor: ek_andel <= " + "-" * 3000 + "1\n", "för många"),
    Change("villkor_tomt", VILLKOR, "villkor: ''\n", "tom"),
    Change("villkor_avbrutet", VILLKOR, "villkor: ek_andel <=\n", "tar slut"),
    Change("villkor_enkelt_likhetstecken", VILLKOR, "villkor: ek_andel = ek_tak\n", "=="),
    Change("villkor_engelska", VILLKOR, "villkor: ek_andel <= ek_tak and ek_andel >= 0\n", "och"),
    Change("villkor_procenttecken", VILLKOR, "villkor: ek_andel <= 20%\n", "procent"),
    Change("villkor_python", VILLKOR, "villkor: __import__('os').system('ls')\n", "villkor"),
    Change("villkor_okant_namn", VILLKOR, "villkor: ek_andl <= ek_tak\n", "ek_andl"),
    Change("harlett_3000_plus", VILLKOR, "harledda:\n  tak_belopp: " + "1 + " * 3000 + "1\n" + VILLKOR, "för många", line=0),
    Change("okant_falt_i_regel", TITEL, TITEL + "titl: x\n", "okänt fält", line=0),
    Change("id_fel", "id: EK-TAK\n", "id: EK-TAKET\n", "filens namn"),
    Change("vid_brist_okand", "vid_brist: avvikelse\n", "vid_brist: katastrof\n", "vid_brist"),
    Change("avsnitt_fel_form", 'avsnitt: "2.3.1"\n', "avsnitt: två\n", "fel form"),
    Change("dubbel_nyckel_i_regel", TITEL, TITEL + TITEL, "två gånger", line=0),
    Change("ankare_i_regel", TITEL, "titel: &t Eget kapital\nkrav2: *t\n", "ankare och alias"),
    Change("direktiv_i_regel", None, "%YAML 1.1\n---\nid: EK-TAK\n", "YAML-direktiv", line=1),
    Change("sammanslagning_i_regel", "meddelande:\n", "meddelande:\n  <<: {uppfylld: a, brist: b}\n", "'<<'", line=0),
    Change("tabb_i_regel", TITEL, "\ttitel: x\n", "tabb"),
    Change("nul_i_regel", TITEL, "titel: Eget\x00kapital\n", "NUL"),
    Change("esc_i_regeltitel", TITEL, 'titel: "\\e]0;x\\a"\n', "U+001B ESC"),
    Change("regel_10000_hakparenteser", None, _nested(10_000) + "\n", "för djupt nästlad", line=1),
    Change("regel_inte_utf8", TITEL, "titel: Eget kapital inom tak är för stort\n".encode("latin-1"), "inte UTF-8"),
    Change("regel_tom", None, "", "tom", line=1),
    Change("regel_lista", None, "- id\n- titel\n", "mappning", line=1),
    Change("fall_heltal_5000_siffror", "      medlemsbidrag: {totalt: 4000000}\n",
           "      medlemsbidrag: {totalt: " + "4" * 5000 + "}\n", "5000 siffror"),
    Change("fall_rapport_ogiltig", "      medlemsbidrag: {totalt: 4000000}\n",
           "      medlemsbidrag: {totalt: mycket}\n", "belopp"),
    Change("fall_for_djupt", "      medlemsbidrag: {totalt: 4000000}\n",
           "      medlemsbidrag: {totalt: " + _nested(60) + "}\n", "för djupt nästlad"),
    Change("parameter_datum_fel", '  "2013-10-02":\n', '  "den andra oktober":\n', "datum", file=PARAMETER),
    Change("parameter_okand_i_regel", "parametrar: [ek_tak]\n", "parametrar: [ek_taket]\n", "ek_taket"),
    Change("parameter_med_direktiv", None, "%TAG ! tag:x,2000:\n---\nnamn: ek_tak\n", "YAML-direktiv", line=1, file=PARAMETER),
    Change("parameter_esc", "enhet: procent\n", 'enhet: "\\e[31m"\n', "U+001B ESC", file=PARAMETER),
    Change("katalog_tagg", None, "version: !!binary aGVq\n", "taggar", line=1, file="katalog.yaml"),
]


# --- paths given on the command line ---------------------------------------------------------

@dataclass(frozen=True)
class PathCase:
    id: str
    setup: str  # how tests/test_korpus.py makes the path
    words: str
    args: tuple[str, ...] = ("validera", "{path}")


PATHS: list[PathCase] = [
    PathCase("finns_inte", "missing", "filen finns inte"),
    PathCase("mapp", "directory", "är en mapp"),
    PathCase("symlank_slinga", "symlink_loop", "slinga"),
    PathCase("symlank_till_ingenting", "dangling_symlink", "filen finns inte"),
    PathCase("behorighet_saknas", "/proc/sys/vm/drop_caches", "saknar behörighet"),
    PathCase("fil_som_mapp", "file_as_directory", "ingen mapp"),
    PathCase("namn_for_langt", "long_name", "för lång"),
    PathCase("dev_zero", "/dev/zero", "för stor"),
    PathCase("dev_null", "/dev/null", "tom"),
    PathCase("fifo_utan_skrivare", "fifo", "tom"),
    PathCase("for_stor_fil", "big_file", "för stor"),
    PathCase("namn_med_esc", "escape_name", "filen finns inte"),
    PathCase("namn_med_bidi", "bidi_name", "filen finns inte"),
    PathCase("granska_symlank_slinga", "symlink_loop", "slinga", ("granska", "{path}")),
    PathCase("regler_finns_inte", "missing", "regelkatalogen finns inte", ("granska", "{example}", "--regler", "{path}")),
    PathCase("regler_ar_en_fil", "example_copy", "regelkatalogen finns inte", ("regler", "--regler", "{path}")),
    PathCase("regler_symlank_slinga", "symlink_loop", "regelkatalogen", ("regler", "--regler", "{path}")),
    PathCase("genomlys_finns_inte", "missing", "finns", ("genomlys", "{path}", "-o", "{out}")),
    PathCase("utkast_dev_zero", "/dev/zero", "för stor", ("utkast", "{path}")),
    PathCase("utkast_mapp", "directory", "är en mapp", ("utkast", "{path}")),
    PathCase("utkast_symlank_slinga", "symlink_loop", "slinga", ("utkast", "{path}")),
]


# --- output targets (-o) -------------------------------------------------------------------

OUTPUTS: list[PathCase] = [
    PathCase("samma_som_indata", "input", "samma fil som indata"),
    PathCase("hardlank_till_indata", "hardlink_to_input", "samma fil som indata"),
    PathCase("symlank_till_indata", "symlink_to_input", "samma fil som indata"),
    PathCase("mapp", "directory", "är en mapp"),
    PathCase("mappen_finns_inte", "missing_folder", "finns inte"),
    PathCase("full_disk", "dev_full_copy", "disken är full"),
    PathCase("fifo_utan_lasare", "fifo", "ingen läser"),
    PathCase("symlank_slinga", "symlink_loop", "slinga"),
    PathCase("blockenhet", "block_device_copy", "blockenhet"),
    PathCase("skrivskyddat_filsystem", "/proc/version", "kan inte"),
    PathCase("namn_med_esc_i_saknad_mapp", "escape_missing_folder", "finns inte"),
    PathCase("format_stammer_inte", "html_name_md_format", "format"),
    PathCase("fel_datum", "datum", "datum"),
    PathCase("standard_ut_full", "stdout_full", "disken är full"),
]
