"""The granskningsrapport: structure, the figures the KPMG report and the domain brief expect, escaping.

Each example is run through the real command (`finsam granska … -o FILE`), once
as Markdown and once as HTML, and the assertions read the files it wrote.
Assertions about a rule are skipped when that rule is not (yet) in the catalogue.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.cli import main
from checker.pipeline import katalog
from checker.render.html_out import render_html
from checker.render.markdown_out import body_words, md_escape

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = {p.stem: p for p in sorted((ROOT / "examples").glob("*.yaml"))}
DATE = "2026-03-15"
RULE_IDS = {r.id for r in katalog().rules}

HEADINGS = [
    "Sammanfattning",
    "1 Inledning",
    "1.1 Uppdraget",
    "1.2 Syfte och revisionsfrågor",
    "1.3 Metod och avgränsning",
    "1.4 Risk- och väsentlighetsanalys",
    "2 Resultat av granskningen",
    "2.1 Förvaltningsberättelsen",
    "2.2 Redovisningsprinciper",
    "2.3 God ekonomisk hushållning",
    "2.3.1 Finansiella mål och eget kapital",
    "2.3.2 Mål för verksamheten",
    "2.3.3 Ej bedriva rehabiliteringsverksamhet, avtal och lokaler",
    "2.4 Resultaträkningen",
    "2.5 Balansräkningen",
    "2.6 Kassaflödesanalys",
    "2.7 Balanskrav",
    "2.8 Driftredovisning",
    "3 Förvaltningsrevision",
    "3.1 Budget och verksamhetsplan",
    "3.2 Intern styrning och kontroll",
    "3.3 Finansierade insatser",
    "3.4 Attest och delegationsordning",
    "3.5 Finansiell rapportering och protokoll",
    "3.6 Den interna kontrollen i praktiken",
    "3.7 Intervjuer och övriga iakttagelser",
    "4 Slutsats",
    "4.1 Rekommendationer",
    "Källförteckning",
    "Bilaga: Belägg",
]
# The parts a machine cannot try: marked placeholders for the revisor.
PLACEHOLDERS = ["3.4", "3.5", "3.6", "3.7"]


def needs(*rule_ids: str) -> None:
    missing = [r for r in rule_ids if r not in RULE_IDS]
    if missing:
        pytest.skip(f"regeln finns inte i katalogen än: {', '.join(missing)}")


def granska(path: Path, out: Path, *extra: str) -> int:
    return main(["granska", str(path), "--datum", DATE, "-o", str(out), *extra])


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, dict[str, str]]:
    out = tmp_path_factory.mktemp("rapporter")
    result = {}
    for name, path in EXAMPLES.items():
        md, htm, js = out / f"{name}.md", out / f"{name}.html", out / f"{name}.json"
        assert granska(path, md) in (0, 1, 2)
        assert granska(path, htm, "--format", "html") in (0, 1, 2)
        assert granska(path, js, "--format", "json") in (0, 1, 2)
        result[name] = {"md": md.read_text("utf-8"), "html": htm.read_text("utf-8"), "json": json.loads(js.read_text("utf-8"))}
    return result


def section(md: str, number: str) -> str:
    """The text of one numbered section, up to the next heading at its level or above."""
    lines = md.splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(rf"^(#+) {re.escape(number)} ", line))
    level = len(lines[start].split(" ")[0])
    end = next((j for j in range(start + 1, len(lines)) if re.match(rf"^#{{1,{level}}} ", lines[j])), len(lines))
    return "\n".join(lines[start:end])


def finding_block(text: str, rule_id: str) -> str:
    """A finding stated under its requirement: the heading ending in (ID) and what follows, up to the next heading."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("#") and line.endswith(f"({rule_id})"))
    end = next((j for j in range(start + 1, len(lines)) if lines[j].startswith("#")), len(lines))
    return "\n".join(lines[start:end])


def body(md: str) -> str:
    """1 Inledning … 4 Slutsats."""
    return md.split("## 1 Inledning", 1)[1].split("\n## Källförteckning", 1)[0]


def finding_lines(text: str, rule_id: str) -> list[str]:
    """The lines naming the rule, and the lines under its heading up to the next heading (its items)."""
    out, under = [], False
    for line in text.splitlines():
        if line.startswith("#"):
            under = line.endswith(f"({rule_id})")
        if under or f"({rule_id})" in line or f"({rule_id}," in line:
            out.append(line)
    return out


def outcome(report: dict, rule_id: str) -> str:
    return next(r["utfall"] for r in report["json"]["regler"] if r["id"] == rule_id)


# --- structure ------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_every_section_heading_is_present_in_markdown_and_html(reports, name):
    md, htm = reports[name]["md"], reports[name]["html"]
    for heading in HEADINGS:
        assert re.search(rf"^#+ {re.escape(heading)}$", md, re.M), heading
        assert f">{html.escape(heading, quote=False)}</h" in htm, heading
    for part in ("2.1", "2.3.1", "2.5", "3.2"):
        text = section(md, part)
        assert "Regelverk" in text and "Vår bedömning" in text, part


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_title_block_states_what_the_report_is(reports, name):
    md = reports[name]["md"]
    head = md.split("## Sammanfattning")[0]
    report = reports[name]["json"]
    assert report["forbund"]["namn"] in head
    assert str(report["rakenskapsar"]) in head
    assert DATE in head
    assert report["katalogversion"] in head
    assert report["motor"] in head
    assert "Automatisk förgranskning" in head and "revisor" in head
    assert "Organisationsnummer" in head


@pytest.mark.parametrize("name", ["lekeberg-orebro-2020", "lekeberg-orebro-2025"])
def test_title_block_says_figures_came_from_tkr(reports, name):
    head = reports[name]["md"].split("## Sammanfattning")[0]
    assert "tusental kronor (tkr)" in head


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_summary_comes_first_with_every_deviation_linked_to_its_section(reports, name):
    md = reports[name]["md"]
    assert re.findall(r"^## .*$", md, re.M)[0] == "## Sammanfattning"
    summary = md.split("## Sammanfattning", 1)[1].split("## 1 Inledning", 1)[0]
    rules = reports[name]["json"]["regler"]
    for rule in rules:
        if rule.get("pekar_pa"):
            # One defect, one finding: a följdfel is named, not listed as a defect of its own.
            assert not any(line.startswith("- ") and f"({rule['id']}, " in line for line in summary.splitlines())
            assert f"{rule['id']} → {rule['pekar_pa'][0]['regel']}" in summary
        elif rule["utfall"] == "avvikelse":
            line = next(line for line in summary.splitlines() if line.startswith("- ") and f"({rule['id']}, " in line)
            nr = re.search(r"\[avsnitt ([\d.]+)\]\(#([^)]+)\)", line)
            assert nr, line
            assert re.search(rf'<h\d id="{re.escape(nr.group(2))}">{re.escape(nr.group(1))} ', reports[name]["html"]), line
    # The weightiest observations (väsentlig first), at most as many as the template allows.
    own = [r for r in rules if r["utfall"] == "iakttagelse" and not r.get("pekar_pa")]
    shown = [r for r in own if f"({r['id']}, " in summary]
    heavy = [r for r in own if r["vikt"] == "väsentlig"]
    assert len(shown) == min(5, len(own))
    assert all(r in shown for r in heavy[:5])
    for question in ("fullständig", "räkenskaperna ihop", "finansiella målen och verksamhetsmålen", "god ekonomisk hushållning"):
        assert re.search(rf"^\| [^|]*{question}[^|]*\| (Ja|Nej|Delvis|I huvudsak|Inte helt|Inte prövat|Kan inte)", summary, re.M), question


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_every_rule_is_stated_once_in_its_section(reports, name):
    md = reports[name]["md"]
    results = md.split("## 2 Resultat av granskningen", 1)[1].split("## 4 Slutsats", 1)[0]
    for rule in reports[name]["json"]["regler"]:
        mentions = [line for line in results.splitlines()
                    if f"({rule['id']})" in line and line.startswith(("#", "- *", "Ej tillämpliga", "Även utan anmärkning", "Krav utan"))
                    and not line.startswith("- **")]
        assert len(mentions) == 1, (rule["id"], mentions)
        single = len(rule["poster"]) == 1 and rule["poster"][0]["post"] == rule["titel"]
        if single and rule["utfall"] in ("avvikelse", "iakttagelse"):
            verdict = " ".join(re.split(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])", rule["meddelande"])[:2])
            assert md.count(md_escape(verdict)) == 1, rule["id"]
        if single and rule["utfall"] == "uppfylld":
            first = re.split(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])", rule["meddelande"])[0]
            assert md.count(md_escape(first)) == (1 if re.search(r"\d kr\b|\d %", first) else 0), rule["id"]
        if rule["utfall"] in ("avvikelse", "iakttagelse", "underlag_saknas"):
            block = finding_block(results, rule["id"])
            assert block.startswith("#") and md_escape(rule["titel"]) in block.splitlines()[0]


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_appendix_holds_evidence_for_what_did_not_pass_and_one_line_per_passed_rule(reports, name):
    appendix = reports[name]["md"].split("## Bilaga: Belägg", 1)[1]
    remarks, passed = appendix.split("### Uppfyllda och ej tillämpliga regler", 1)
    for rule in reports[name]["json"]["regler"]:
        if rule["utfall"] in ("uppfylld", "ej_tillamplig"):
            assert f"- {rule['id']} – " in passed, rule["id"]
            assert f"#### {rule['id']} – " not in appendix
        else:
            assert f"#### {rule['id']} – " in remarks, rule["id"]


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_sources_are_listed_once_and_the_body_does_not_repeat_unverified(reports, name):
    md = reports[name]["md"]
    sources = md.split("## Källförteckning", 1)[1].split("## Bilaga", 1)[0]
    names = {k["namn"] for rule in reports[name]["json"]["regler"] for k in rule["kallor"]}
    for n in names:
        own = [line for line in sources.splitlines() if re.match(rf"- {re.escape(md_escape(n))}( –|: ”| \(brukar)", line)]
        assert len(own) == 1, n
    assert "ej verifierat" not in body(md) and "ej verifierad" not in body(md)
    for rule in reports[name]["json"]["regler"]:
        for k in rule["kallor"]:
            if k.get("citat") and not k["verifierad"]:
                assert f"”{md_escape(k['citat'])}”" not in md, (rule["id"], k["citat"])


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_forvaltningsrevision_leaves_marked_placeholders_for_the_revisor(reports, name):
    md = reports[name]["md"]
    for nr in PLACEHOLDERS:
        text = section(md, nr)
        assert "> **Prövas av revisorn.**" in text and "*Revisorns bedömning:* …" in text, nr


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_recommendations_in_order_of_weight_with_the_verb_their_outcome_calls_for(reports, name):
    recs = section(reports[name]["md"], "4.1")
    rules = {r["id"]: r for r in reports[name]["json"]["regler"]}
    lines = [line for line in recs.splitlines() if re.match(r"^\d+\. ", line)]
    todo = [r for r in rules.values() if r["utfall"] in ("avvikelse", "iakttagelse") and not r.get("pekar_pa")]
    assert len(lines) == len(todo)
    ids = [re.search(r"\(([A-ZÅÄÖ0-9-]+), \[avsnitt", line).group(1) for line in lines]
    weights = [(rules[i]["vikt"] != "väsentlig", rules[i]["utfall"] != "avvikelse") for i in ids]
    assert weights == sorted(weights)
    verbs = {"ratta": "Rätta", "atgarda": "Åtgärda", "overvag": "Överväg"}
    for rid, line in zip(ids, lines):
        assert "Vi rekommenderar styrelsen att" in line
        rec = rules[rid].get("rekommendation")
        expected = verbs[rec["atgard"]] if rec else ("Åtgärda" if rules[rid]["utfall"] == "avvikelse" else "Överväg")
        assert line.split(" ", 1)[1].startswith(f"**{expected}:**"), line


def test_an_outcome_of_the_year_is_not_something_to_correct(reports):
    needs("EK-TAK")
    recs = section(reports["lekeberg-orebro-2025"]["md"], "4.1")
    line = next(line for line in recs.splitlines() if "(EK-TAK, " in line)
    assert "**Åtgärda:**" in line and "Rätta" not in line


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_body_is_at_most_4000_words_and_the_readme_states_the_count(reports, name):
    words = body_words(reports[name]["md"])
    assert 1000 < words <= 4000
    readme = (ROOT / "README.md").read_text("utf-8")
    row = re.search(rf"^\| `examples/{re.escape(name)}.yaml` \| ([\d ]+) \|", readme, re.M)
    assert row, f"README saknar ordräkningen för {name}"
    assert int(row.group(1).replace(" ", "")) == words


def test_json_is_complete_whatever_the_appendix(tmp_path):
    path = EXAMPLES["lekeberg-orebro-2025"]
    outs = {}
    for choice in ("brister", "full", "ingen"):
        out = tmp_path / f"{choice}.json"
        granska(path, out, "--bilaga", choice)
        outs[choice] = json.loads(out.read_text("utf-8"))
    assert outs["brister"] == outs["full"] == outs["ingen"]
    assert all(r["poster"] for r in outs["full"]["regler"] if r["utfall"] == "uppfylld")


def test_full_appendix_folds_passed_rules_in_html_and_none_leaves_it_out(tmp_path):
    path = EXAMPLES["lekeberg-orebro-2025"]
    full, none, default = tmp_path / "full.html", tmp_path / "ingen.md", tmp_path / "brister.html"
    granska(path, full, "--bilaga", "full")
    granska(path, none, "--bilaga", "ingen")
    granska(path, default)
    htm = full.read_text("utf-8")
    report = json.loads(subprocess.run(
        [sys.executable, "-m", "checker", "granska", str(path), "--format", "json"], cwd=ROOT, capture_output=True, check=False,
    ).stdout)
    passed = [r for r in report["regler"] if r["utfall"] in ("uppfylld", "ej_tillamplig")]
    assert htm.count('<details class="belagg"><summary>') == len(passed)
    assert "<details" not in default.read_text("utf-8")
    assert "## Bilaga" not in none.read_text("utf-8") and "## Källförteckning" in none.read_text("utf-8")


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_rerun_is_byte_identical_also_in_a_fresh_process(reports, name, tmp_path):
    again = tmp_path / "igen.md"
    assert granska(EXAMPLES[name], again) in (0, 1, 2)
    assert again.read_text("utf-8") == reports[name]["md"]
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    fresh = tmp_path / "ny.html"
    subprocess.run(
        [sys.executable, "-m", "checker", "granska", str(EXAMPLES[name]), "--datum", DATE, "--format", "html", "-o", str(fresh)],
        cwd=ROOT, env=env, capture_output=True, check=False,
    )
    assert fresh.read_bytes() == reports[name]["html"].encode("utf-8")


# --- Lekeberg och Örebro 2020: what KPMG found, and what it did not ----------------------------


def test_loo_2020_equity_16_percent_in_231(reports):
    needs("EK-TAK")
    text = section(reports["lekeberg-orebro-2020"]["md"], "2.3.1")
    line = next(line for line in finding_lines(text, "EK-TAK") if line.startswith("- *Eget kapital inom"))
    assert "1 305 161 kr" in line and "16 %" in line and "8 000 000 kr" in line


def test_loo_2020_agreements_for_all_insatser_in_233(reports):
    needs("AVTAL-INSATS")
    report = reports["lekeberg-orebro-2020"]
    text = section(report["md"], "2.3.3")
    assert [line for line in finding_lines(text, "AVTAL-INSATS") if "anmärkning" in line]
    assert outcome(report, "AVTAL-INSATS") != "avvikelse"
    rule = next(r for r in report["json"]["regler"] if r["id"] == "AVTAL-INSATS")
    stated = [b["varde"] for p in rule["poster"] for b in p["bevis"] if b["namn"] == "avtal"]
    assert stated and set(stated) == {"finns"}


def test_loo_2020_no_own_rehabilitation_and_no_premises_in_233(reports):
    needs("EGEN-REHAB", "LOKALER")
    report = reports["lekeberg-orebro-2020"]
    text = section(report["md"], "2.3.3")
    assert finding_lines(text, "EGEN-REHAB")
    assert outcome(report, "EGEN-REHAB") != "avvikelse"
    # The förbund left, during the year, a lease it held for an insats (seed 000 line 1737).
    assert "**Avvikelse** Förbundet hyr" in finding_block(text, "LOKALER") or outcome(report, "LOKALER") != "avvikelse"


def test_loo_2020_statements_add_up_for_2020(reports):
    needs("BR-BALANS", "BR-SUMMA", "KF-AVSTAMNING", "EK-FORANDRING", "RR-SUMMA")
    md = reports["lekeberg-orebro-2020"]["md"]
    balance = section(md, "2.5")
    deviations = [line for line in balance.splitlines() if line.startswith("- **Avvikelse**")]
    assert deviations and all("2019" in line and "2020-12-31" not in line for line in deviations)
    assert "Eget kapital förändras med årets resultat (EK-FORANDRING)" in balance and outcome(reports["lekeberg-orebro-2020"], "EK-FORANDRING") == "uppfylld"
    assert "**Avvikelse**" not in section(md, "2.6")
    # In the resultaträkning the only 2020 fault is the mislabelled row that holds the finansnetto.
    income = [line for line in section(md, "2.4").splitlines() if line.startswith("- **Avvikelse**") and "2020" in line.split(":")[0]]
    assert all("Resultat efter finansiella poster" in line for line in income)


def test_loo_2020_prior_year_balance_sheet_does_not_balance_in_25(reports):
    needs("BR-BALANS")
    text = section(reports["lekeberg-orebro-2020"]["md"], "2.5")
    line = next(line for line in finding_lines(text, "BR-BALANS") if line.startswith("- **Avvikelse**"))
    assert "2019-12-31" in line and "−20 000 kr" in line


def test_loo_2020_soliditet_row_holds_amounts_in_21(reports):
    needs("ANGIVNA-NYCKELTAL")
    text = section(reports["lekeberg-orebro-2020"]["md"], "2.1")
    lines = [line for line in finding_lines(text, "ANGIVNA-NYCKELTAL") if line.startswith("- **Avvikelse**") and "Soliditet" in line]
    assert any("1 305" in line and "procentsats" in line for line in lines)


def test_loo_2020_summary_names_the_misprinted_totals_with_their_amounts(reports):
    needs("RR-SUMMA", "BR-BALANS")
    summary = reports["lekeberg-orebro-2020"]["md"].split("## 1 Inledning")[0]
    rr = next(line for line in summary.splitlines() if "(RR-SUMMA, " in line)
    assert "−1 480 kr" in rr and "−566 021 kr" in rr
    # The 2019 balance sheet does not balance because of a misprinted subtotal: one defect, stated once.
    br = next(line for line in summary.splitlines() if "(BR-SUMMA, " in line)
    assert "Summa omsättningstillgångar anges till 4 224 578 kr" in br
    assert "BR-BALANS → BR-SUMMA" in summary and not any(line.startswith("- ") and "(BR-BALANS, " in line for line in summary.splitlines())
    assert re.search(r"\| Går räkenskaperna ihop\? \| Nej: \d+ avvikelser? ", summary)


# --- Lekeberg och Örebro 2025 -----------------------------------------------------------------


def test_loo_2025_equity_43_percent_935_435_over(reports):
    needs("EK-TAK")
    md = reports["lekeberg-orebro-2025"]["md"]
    block = finding_block(section(md, "2.3.1"), "EK-TAK")
    assert block.splitlines()[0].endswith("Eget kapital inom rekommenderat tak (EK-TAK)")
    assert "**Avvikelse** Det egna kapitalet, 1 735 435 kr, utgör 43 %" in block and "935 435 kr över taket" in block
    summary = md.split("## 1 Inledning")[0]
    line = next(line for line in summary.splitlines() if "(EK-TAK, " in line)
    assert "1 735 435 kr" in line and "43 %" in line and "935 435 kr över" in line


def test_loo_2025_administration_32_against_24_percent(reports):
    needs("ADM-ANDEL")
    block = finding_block(section(reports["lekeberg-orebro-2025"]["md"], "2.3.1"), "ADM-ANDEL")
    assert "**Avvikelse**" in block and "32 %" in block and "24 %" in block and "359 636 kr" in block


def test_loo_2025_goal_table_in_232(reports):
    needs("MAL-BEDOMNING")
    text = section(reports["lekeberg-orebro-2025"]["md"], "2.3.2")
    assert "| Mål | Målvärde | Utfall | Förbundets bedömning | Vår bedömning |" in text
    assert "| 1 000–1 500 tkr | 1 735 tkr (ej nått) |" in text
    summary = reports["lekeberg-orebro-2025"]["md"].split("## 1 Inledning")[0]
    rule = next(r for r in reports["lekeberg-orebro-2025"]["json"]["regler"] if r["id"] == "MAL-BEDOMNING")
    reached = [b["varde"] for p in rule["poster"] for b in p["bevis"] if b["namn"] == "uppnatt"]
    # The conclusion in the summary counts the same goals as the table: financial and verksamhetsmål.
    answer = next(row for row in summary.splitlines() if "finansiella målen och verksamhetsmålen" in row)
    assert answer.startswith("| Är resultatet förenligt") and "| Nej. " in answer
    fin = re.search(r"(\d+) av (\d+) finansiella mål är inte nådda", answer)
    verk = re.search(r"(\d+) av (\d+) mål för verksamheten med målvärde och utfall är inte nådda", answer)
    assert int(fin[1]) + int(verk[1]) == len(reached) - sum(reached)
    assert int(fin[2]) + int(verk[2]) == len(reached)
    assert text.count("(nått)") == sum(reached)


# --- Sydnärke 2023 -----------------------------------------------------------------------------


def test_sydnarke_premises_deviation_in_233(reports):
    needs("LOKALER")
    block = finding_block(section(reports["sydnarke-2023"]["md"], "2.3.3"), "LOKALER")
    assert block.splitlines()[0].endswith("Förbundet hyr inte lokaler för insatserna (LOKALER)")
    assert "**Avvikelse** Förbundet hyr självt lokaler" in block


def test_sydnarke_mislabelled_heading_weighs_less_than_a_missed_requirement(reports):
    needs("KOLUMNRUBRIK", "MAL-BEDOMNING")
    recs = section(reports["sydnarke-2023"]["md"], "4.1")
    order = [i for i in ("LOKALER", "MAL-BEDOMNING", "KOLUMNRUBRIK") if f"({i}, " in recs]
    assert order == sorted(order, key=lambda i: recs.index(f"({i}, "))
    assert "**Rätta:** Vi rekommenderar styrelsen att rätta kolumnrubrikerna" in recs


# --- HTML ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_html_is_one_self_contained_file_with_badges_and_print_styles(reports, name):
    htm = reports[name]["html"]
    assert htm.startswith("<!DOCTYPE html>") and '<html lang="sv">' in htm
    assert not re.search(r"<(script|link|img|iframe|object)\b", htm, re.I)
    assert not re.search(r"(src|href)=\"(https?:)?//", htm)
    assert "@media print" in htm and "size: A4" in htm and "break-before: page" in htm
    for kind in ("avvikelse", "uppfylld"):
        if any(r["utfall"] == kind for r in reports[name]["json"]["regler"]):
            assert f'class="utfall utfall-{kind}"' in htm
    assert '<nav class="innehall"' in htm


class _Tables(HTMLParser):
    """Cells per row of every table, and all visible text."""

    def __init__(self):
        super().__init__()
        self.tables: list[list[int]] = []
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append(0)
        elif tag in ("td", "th"):
            self.tables[-1][-1] += 1

    def handle_data(self, data):
        self.text.append(data)


EVIL = "Samordningsförbundet <script>alert(1)</script> *fet* _kursiv_ [länk](javascript:alert(2)) `kod` | rör | # Rubrik {: .x} &lt; \\ slut"


def test_hostile_forbund_name_is_shown_as_text_and_breaks_nothing(tmp_path):
    source = (ROOT / "examples" / "lekeberg-orebro-2025.yaml").read_text("utf-8")
    hostile, n = re.subn(r"(?m)^(forbund:\n  namn: ).*$", lambda m: m.group(1) + json.dumps(EVIL, ensure_ascii=False), source, count=1)
    assert n == 1
    src = tmp_path / "fientlig.yaml"
    src.write_text(hostile, "utf-8")
    md_file, html_file = tmp_path / "r.md", tmp_path / "r.html"
    assert granska(src, md_file) == 2
    assert granska(src, html_file, "--format", "html") == 2
    md, htm = md_file.read_text("utf-8"), html_file.read_text("utf-8")

    assert "<script" not in md.lower()
    assert "<script" not in htm.lower() and "</script" not in htm.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in htm
    assert "javascript:" not in re.findall(r'href="([^"]*)"', htm).__str__()
    assert "<em>fet</em>" not in htm and "<code>kod</code>" not in htm and "<em>kursiv</em>" not in htm
    assert 'class="x"' not in htm

    parser = _Tables()
    parser.feed(htm)
    for cells in parser.tables:
        assert len(set(cells)) == 1, cells  # every row as wide as the header
    text = "".join(parser.text)  # HTMLParser has already decoded the entities
    assert EVIL in " ".join(text.split())  # shown exactly as written, in the tables and headings
    # The <title> is escaped too.
    title = re.search(r"<title>(.*?)</title>", htm, re.S).group(1)
    assert "<" not in title and html.unescape(title).startswith("Granskningsrapport Samordningsförbundet <script>")
    # In the Markdown the name sits in the title block table without adding cells.
    row = next(line for line in md.splitlines() if line.startswith("| Förbund |"))
    assert row.count(" | ") == 1 and row.endswith(" |")


def test_render_html_escapes_raw_html_and_unsafe_links_in_any_markdown():
    htm = render_html(
        "# Rubrik\n\n<script>alert(1)</script>\n\n<div onclick=\"x()\">a</div> <b>b</b>\n\n"
        "[klicka](javascript:alert(1)) ![bild](javascript:alert(2)) [ok](https://example.se)\n",
        title="</title><script>alert(3)</script>",
    )
    assert "<script" not in htm.lower() and "<div onclick" not in htm and "<b>" not in htm
    assert "javascript:" not in htm
    assert 'href="https://example.se"' in htm
    assert "<title>&lt;/title&gt;&lt;script&gt;" in htm


_SPECIAL = st.text(alphabet="ab *_`[](){}<>|#&;!-+.=~\\1\t\n:\"'é", max_size=40)
_STRUCTURE = {"main", "div", "p", "ul", "li", "table", "thead", "tbody", "tr", "th", "td"}  # div: the scroll box around each table


@settings(max_examples=300, deadline=None)
@given(_SPECIAL)
def test_md_escape_shows_text_exactly_as_written(text):
    """Escaped text, in a paragraph, a list item or a table cell, renders to exactly its own characters."""
    expected = " ".join(text.split())
    escaped = md_escape(text)
    cell = escaped or "–"
    for md in (f"{cell}\n", f"Före {escaped} efter\n", f"- {cell}\n", f"| a | b |\n| --- | --- |\n| {cell} | x |\n"):
        body = render_html(md, title="t").split("<main", 1)[1]
        parser = _Tables()
        parser.feed("<main" + body)
        assert set(parser.tags) <= _STRUCTURE, (text, escaped, parser.tags)
        for cells in parser.tables:
            assert len(set(cells)) == 1, (text, escaped)
        visible = " ".join("".join(parser.text).split())
        assert expected in visible, (text, escaped, visible)


# --- output safety -------------------------------------------------------------------------------


def test_output_never_overwrites_the_input(tmp_path, capsys):
    src = tmp_path / "rapport.yaml"
    shutil.copy(EXAMPLES["sydnarke-2023"], src)
    before = src.read_bytes()
    assert granska(src, src) == 3
    assert granska(src, src, "--format", "html") == 3
    assert src.read_bytes() == before
    link = tmp_path / "lank.yaml"
    link.symlink_to(src)
    assert granska(src, link) == 3
    assert src.read_bytes() == before
    assert "samma fil som indata" in capsys.readouterr().err


def test_output_format_follows_the_extension_and_a_mismatch_is_refused(tmp_path, capsys):
    path = EXAMPLES["lekeberg-orebro-2025"]
    htm, js = tmp_path / "r.html", tmp_path / "r.json"
    assert granska(path, htm) == 2
    assert htm.read_text("utf-8").startswith("<!DOCTYPE html>")
    assert granska(path, js) == 2
    assert json.loads(js.read_text("utf-8"))["rakenskapsar"] == 2025
    wrong = tmp_path / "fel.html"
    assert granska(path, wrong, "--format", "md") == 3
    assert not wrong.exists()
    assert "filändelsen anger formatet html men --format är md" in capsys.readouterr().err
    assert granska(path, tmp_path / "r.txt") == 3
    assert "okänd filändelse" in capsys.readouterr().err


# --- Word -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def word(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("word")
    files = {}
    for name, path in EXAMPLES.items():
        files[name] = out / f"{name}.docx"
        assert granska(path, files[name]) in (0, 1, 2)
    return files


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_docx_has_real_headings_tables_with_header_rows_and_page_numbers(reports, word, name):
    import docx
    from docx.oxml.ns import qn

    doc = docx.Document(str(word[name]))
    md = reports[name]["md"]
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert [t for s, t in headings if s == "Heading 1"] == [h[3:].replace("\\", "") for h in re.findall(r"^## .*$", md, re.M)]
    assert [t for s, t in headings if s == "Heading 2"] == [h[4:].replace("\\", "") for h in re.findall(r"^### .*$", md, re.M)]
    assert len(doc.tables) == reports[name]["html"].count("<table")
    for table in doc.tables:
        first = table.rows[0]._tr
        assert first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None
        assert all(r.bold for r in table.rows[0].cells[0].paragraphs[0].runs)
    footer = doc.sections[0].footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    # Links between sections point at bookmarks that exist.
    body = doc.element.body.xml
    anchors = set(re.findall(r'w:anchor="([^"]+)"', body))
    marks = set(re.findall(r'w:bookmarkStart [^>]*w:name="([^"]+)"', body)) | set(re.findall(r'w:name="([^"]+)"[^>]*w:id', body))
    assert anchors and anchors <= marks
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Vi rekommenderar styrelsen att" in text or not any(r["utfall"] in ("avvikelse", "iakttagelse") for r in reports[name]["json"]["regler"])
    assert "Prövas av revisorn." in text


def test_docx_is_byte_identical_on_a_rerun(word, tmp_path):
    again = tmp_path / "igen.docx"
    granska(EXAMPLES["lekeberg-orebro-2025"], again)
    assert again.read_bytes() == word["lekeberg-orebro-2025"].read_bytes()


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice finns inte")
def test_default_2025_report_prints_on_at_most_15_pages(word, tmp_path):
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf", "--outdir", str(tmp_path),
         str(word["lekeberg-orebro-2025"])],
        capture_output=True, check=True, timeout=300,
    )
    pdf = (tmp_path / "lekeberg-orebro-2025.pdf").read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 5 <= pages <= 15
