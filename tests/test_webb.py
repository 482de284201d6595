"""finsam webb: the routes in-process, with FastAPI's test client, on the real examples."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="webbsidans tillägg saknas (pip install -e '.[webb]')")
pytest.importorskip("django_htmx", reason="webbsidans tillägg saknas (pip install -e '.[webb]')")

from fastapi.testclient import TestClient  # noqa: E402

from checker.webb.app import create_app  # noqa: E402
from checker.webb.store import Store  # noqa: E402
from seeds import SEEDS, needs_seeds  # noqa: E402

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
LEKEBERG_2025 = EXAMPLES / "lekeberg-orebro-2025.yaml"
LEKEBERG_2020 = EXAMPLES / "lekeberg-orebro-2020.yaml"
SYDNARKE = EXAMPLES / "sydnarke-2023.yaml"


@pytest.fixture()
def app():
    return create_app(Store())


@pytest.fixture()
def client(app):
    with TestClient(app, base_url="http://127.0.0.1") as c:
        yield c


def upload(client, app, *paths: Path, names=None, data=None):
    files = [("filer", ((names or {}).get(p, p.name), p.read_bytes() if data is None else data, "application/octet-stream")) for p in paths]
    return client.post("/ladda", data={"csrf": app.state.store.csrf}, files=files, follow_redirects=False)


def key_of(response) -> str:
    return re.match(r"^/rapport/([^/]+)/", response.headers["location"]).group(1)


def edit(client, app, key, part, name, value, **extra):
    return client.post(f"/rapport/{key}/falt", data={"falt": name, "del": part, name: value, **extra},
                       headers={"X-CSRF-Token": app.state.store.csrf})


def test_start_page_has_the_drop_zone_and_a_csrf_token(client, app):
    r = client.get("/")
    assert r.status_code == 200
    assert "Släpp årsredovisningen här" in r.text
    assert f'name="csrf" value="{app.state.store.csrf}"' in r.text
    assert "default-src 'none'" in r.headers["content-security-policy"]


def test_foreign_host_is_refused(app):
    with TestClient(app, base_url="http://evil.example") as c:
        r = c.get("/")
    assert r.status_code == 400
    assert "127.0.0.1" in r.text
    with TestClient(app, base_url="http://localhost:8000") as c:
        assert c.get("/").status_code == 200


def test_post_without_csrf_token_is_refused(client, app):
    r = client.post("/ladda", files=[("filer", ("a.yaml", LEKEBERG_2025.read_bytes(), "text/plain"))])
    assert r.status_code == 403
    assert not app.state.store.reports


def test_post_from_another_origin_is_refused(client, app):
    r = client.post("/ladda", data={"csrf": app.state.store.csrf}, headers={"Origin": "http://evil.example"},
                    files=[("filer", ("a.yaml", LEKEBERG_2025.read_bytes(), "text/plain"))])
    assert r.status_code == 403


def test_upload_over_the_cap_is_refused_before_parsing(client, app):
    big = b"x" * (20 * 1024 * 1024 + 100 * 1024)
    r = client.post("/ladda", data={"csrf": app.state.store.csrf}, files=[("filer", ("stor.pdf", big, "application/pdf"))])
    assert r.status_code == 413
    assert "20 MB" in r.text
    assert not app.state.store.reports


def test_type_is_read_from_content_not_name(client, app):
    # A report file named .pdf is a report file; a PDF named .yaml is a PDF.
    r = upload(client, app, LEKEBERG_2025, names={LEKEBERG_2025: "arsredovisning.pdf"})
    assert r.status_code == 303
    doc = app.state.store.get(key_of(r))
    assert doc.get(("forbund", "namn")) == "FINSAM Lekeberg och Örebro"
    r = client.post("/ladda", data={"csrf": app.state.store.csrf},
                    files=[("filer", ("rapport.yaml", b"%PDF-1.4\n%\xe2\xe3\n", "text/yaml"))])
    # A broken PDF: the draft reader's own Swedish message, naming the file as the user knows it.
    assert r.status_code == 422
    assert "rapport.yaml" in r.text
    assert "/tmp" not in r.text and "finsam-webb-" not in r.text
    assert not app.state.store.reports or len(app.state.store.reports) == 1
    assert not any(app.state.store.temp_dir().iterdir())


@needs_seeds
def test_text_of_an_arsredovisning_is_drafted_with_finsam_utkast(client, app):
    from checker.utkast import draft

    seed = SEEDS / "001_e3ca5dddb94c2f25.txt"
    r = client.post("/ladda", data={"csrf": app.state.store.csrf},
                    files=[("filer", ("Årsredovisning 2025.txt", seed.read_bytes(), "text/plain"))], follow_redirects=False)
    assert r.status_code == 303
    doc = app.state.store.get(key_of(r))
    expected = draft(seed)
    page = client.get(r.headers["location"]).text
    text = html.unescape(page)
    assert "Utkast ur arsredovisning-2025.txt" in text  # the draft names the file as dropped, not a temporary path
    for line in expected.summary[1:]:
        assert line in text
    assert doc.get(("rakenskapsar",)) == 2025
    # Each amount of a row the draft marked is highlighted where it stands.
    marked = sorted(m for m in doc.marks if re.fullmatch(r"balansrakning\.rader\[\d+\]\.belopp\[\d{4}\]", m))
    assert marked, "the draft of this seed marks balansräkning rows"
    row = int(re.search(r"rader\[(\d+)\]", marked[0]).group(1))
    bal = client.get(f"/rapport/{key_of(r)}/balansrakning").text
    # (one more in the page's explanation of the badge)
    assert bal.count('<span class="mark-badge">kontrollera</span>') == 1 + sum(1 for m in doc.marks if m.startswith("balansrakning."))
    # Every marked amount of the row checked: the row's comment leaves the file.
    amounts = doc.get(("balansrakning", "rader", row, "belopp"))

    def row_line() -> str:
        from ruamel.yaml import YAML

        again = YAML(typ="rt").load(doc.text())
        return doc.text().splitlines()[again["balansrakning"]["rader"][row].lc.key("belopp")[0]]

    assert "UTKAST: kontrollera" in row_line()
    for year in list(amounts):
        edit(client, app, key_of(r), "balansrakning", f"balansrakning/rader/{row}/belopp/{year}", "", kontrollerad="1")
    assert "UTKAST" not in row_line()
    assert doc.get(("balansrakning", "rader", row, "belopp")) == amounts  # checked, not changed
    assert not any(app.state.store.temp_dir().iterdir())


def test_binary_that_is_neither_pdf_nor_text_is_refused(client, app):
    r = client.post("/ladda", data={"csrf": app.state.store.csrf}, files=[("filer", ("bild.yaml", b"\x89PNG\r\n\x1a\n\xff\xfe", "image/png"))])
    assert r.status_code == 422
    assert "varken en PDF" in r.text


def test_broken_yaml_shows_the_validators_message(client, app, tmp_path):
    r = client.post("/ladda", data={"csrf": app.state.store.csrf},
                    files=[("filer", ("trasig.yaml", b"forbund:\n  namn: [Sydn\xc3\xa4rke\n", "text/yaml"))])
    assert r.status_code == 422
    assert "trasig.yaml:2" in r.text


def test_every_part_renders_with_values_and_sources(client, app):
    key = key_of(upload(client, app, LEKEBERG_2025))
    from checker.webb.schemaform import parts

    for slug, title in parts():
        r = client.get(f"/rapport/{key}/{slug}")
        assert r.status_code == 200, slug
        assert f"<h1>{title}</h1>" in r.text
    r = client.get(f"/rapport/{key}/resultatrakning")
    # A printed row: its text, its amount as printed, its source beside it.
    assert 'value="Verksamhetens intäkter"' in r.text
    assert 'value="4 003 894"' in r.text
    assert 'value="rad 1032–1038"' in r.text
    assert "Rapportfilen är giltig" in r.text


def test_swedish_amount_as_typed_is_accepted(client, app):
    key = key_of(upload(client, app, LEKEBERG_2025))
    r = edit(client, app, key, "medlemsbidrag", "medlemsbidrag/region", "1 000 000")
    assert r.status_code == 200
    assert "Rapportfilen är giltig" in r.text
    r = edit(client, app, key, "resultatrakning", "resultatrakning/rader/1/belopp/2025", "\u2212" + "4 787 755")
    assert "Rapportfilen är giltig" in r.text
    assert app.state.store.get(key).problems()[0].resultatrakning.rader[1].belopp[2025] == -4787755


def test_inline_validation_has_the_messages_of_finsam_validera(client, app, tmp_path, capsys):
    key = key_of(upload(client, app, LEKEBERG_2025))
    r = edit(client, app, key, "identitet", "forbund/organisationsnummer", "123")
    assert "'123' är inget organisationsnummer; skriv NNNNNN-NNNN" in html.unescape(r.text)
    # The same line as finsam validera prints for the file the page would download.
    saved = tmp_path / "lekeberg-orebro-2025.yaml"
    saved.write_bytes(client.get(f"/rapport/{key}/rapportfil.yaml").content)
    from checker.cli import main

    assert main(["validera", str(saved)]) == 3
    printed = capsys.readouterr().err.splitlines()[0]
    assert printed.startswith(str(saved) + ":")
    shown = printed.replace(str(saved), "lekeberg-orebro-2025.yaml")
    assert shown in html.unescape(r.text)
    # Typing on: the message goes when the value is right.
    r = edit(client, app, key, "identitet", "forbund/organisationsnummer", "")
    assert "Rapportfilen är giltig" in r.text


def test_subtotal_that_does_not_add_up_is_marked_at_once(client, app):
    key = key_of(upload(client, app, LEKEBERG_2025))
    page = client.get(f"/rapport/{key}/resultatrakning").text
    assert "✗" not in page
    r = edit(client, app, key, "resultatrakning", "resultatrakning/rader/0/belopp/2025", "4 003 994")
    assert 'class="summa bad"' in r.text
    assert "skillnad −100" in r.text
    r = edit(client, app, key, "resultatrakning", "resultatrakning/rader/0/belopp/2025", "4 003 894")
    assert 'class="summa bad"' not in r.text


def test_printed_balance_that_does_not_add_up_shows_in_the_2020_report(client, app):
    # The 2019 column of the 2020 report: tillgångar 4 224 578, the parts sum to 4 244 578.
    key = key_of(upload(client, app, LEKEBERG_2020))
    page = client.get(f"/rapport/{key}/balansrakning").text
    assert 'class="summa bad"' in page
    assert "skillnad" in page


def test_missing_is_not_zero(client, app):
    key = key_of(upload(client, app, LEKEBERG_2025))
    edit(client, app, key, "medlemsbidrag", "medlemsbidrag/region", "")
    doc = app.state.store.get(key)
    assert doc.get(("medlemsbidrag", "region")) is None
    assert "region:" not in doc.text().split("medlemsbidrag:", 2)[2].split("ovriga_intakter", 1)[0]
    page = client.get(f"/rapport/{key}/medlemsbidrag").text
    assert "prövas inte" in page


def test_unknown_field_name_is_refused(client, app):
    key = key_of(upload(client, app, LEKEBERG_2025))
    r = edit(client, app, key, "identitet", "../../etc/passwd", "x")
    assert r.status_code == 400
    r = edit(client, app, key, "identitet", "forbund/hemligt", "x")
    assert r.status_code == 400


def test_marked_values_are_highlighted_and_cleared(client, app, tmp_path):
    text = LEKEBERG_2025.read_text(encoding="utf-8").replace(
        "  region: \"1 000 000\"          # rad 1259", "  region: \"1 000 000\"          # UTKAST: kontrollera (två läsningar)", 1)
    assert "UTKAST: kontrollera" in text
    r = client.post("/ladda", data={"csrf": app.state.store.csrf}, files=[("filer", ("utkast.yaml", text.encode(), "text/yaml"))], follow_redirects=False)
    key = key_of(r)
    page = client.get(f"/rapport/{key}/medlemsbidrag").text
    assert page.count('class="mark-badge"') == 1 + page.count("visar värden som utkastet")
    assert 'title="värden att kontrollera">1<' in page
    assert "Att kontrollera i den här delen (1)" in page
    assert '<a href="#f-medlemsbidrag-region">Medlemsbidrag: Region</a>: <span class="tal-text">1 000 000</span>' in page
    r = edit(client, app, key, "medlemsbidrag", "medlemsbidrag/region", "", kontrollerad="1")
    assert 'title="värden att kontrollera"' not in r.text
    assert "UTKAST: kontrollera" not in client.get(f"/rapport/{key}/rapportfil.yaml").text


def test_granska_shows_the_report_and_every_download(client, app):
    key = key_of(upload(client, app, LEKEBERG_2025))
    r = client.post(f"/rapport/{key}/granska", data={"csrf": app.state.store.csrf}, follow_redirects=True)
    assert r.status_code == 200
    assert "Granskningsrapport FINSAM Lekeberg och Örebro 2025" in r.text
    assert 'src="/granskning/' in r.text
    view = client.get(f"/granskning/{key}/visa")
    assert "EK-TAK" in view.text
    from checker.pipeline import granska
    from checker.render.json_out import render_json

    cli = json.loads(render_json(granska(LEKEBERG_2025)))
    page = json.loads(client.get(f"/granskning/{key}/granskningsrapport.json").text)
    assert [(f["id"], f["utfall"]) for f in page["regler"]] == [(f["id"], f["utfall"]) for f in cli["regler"]]
    md = client.get(f"/granskning/{key}/granskningsrapport.md")
    assert md.headers["content-disposition"] == 'attachment; filename="granskningsrapport-finsam-lekeberg-och-orebro-2025.md"'
    assert "(EK-TAK)" in md.text
    assert client.get(f"/granskning/{key}/granskningsrapport.html").text.startswith("<!DOCTYPE html>")
    yaml = client.get(f"/rapport/{key}/rapportfil.yaml")
    assert yaml.headers["content-disposition"].endswith('filename="finsam-lekeberg-och-orebro-2025.yaml"')
    assert "# Årsredovisning 2025, FINSAM Lekeberg och Örebro." in yaml.text  # comments kept


def test_corrected_value_reaches_the_report(client, app):
    key = key_of(upload(client, app, LEKEBERG_2025))
    before = client.get(f"/granskning/{key}/granskningsrapport.json").json()
    edit(client, app, key, "balansrakning", "balansrakning/rader/0/belopp/2025", "1")
    after = client.get(f"/granskning/{key}/granskningsrapport.json").json()
    outcome = lambda j, rule: next(f["utfall"] for f in j["regler"] if f["id"] == rule)  # noqa: E731
    # Fordringar 1 kr: the printed sum of omsättningstillgångar no longer adds up.
    assert outcome(before, "BR-SUMMA") == "uppfylld"
    assert outcome(after, "BR-SUMMA") == "avvikelse"


def test_invalid_report_cannot_be_granskad_and_says_why(client, app):
    key = key_of(upload(client, app, LEKEBERG_2025))
    edit(client, app, key, "identitet", "rakenskapsar", "tjugo")
    r = client.get(f"/granskning/{key}")
    assert r.status_code == 422
    assert "rakenskapsar: ska vara ett heltal" in r.text


def test_rows_are_added_and_removed(client, app):
    key = key_of(upload(client, app, LEKEBERG_2025))
    doc = app.state.store.get(key)
    n = len(doc.get(("medlemmar",)))
    form = {"csrf": app.state.store.csrf, "del": "identitet"}
    client.post(f"/rapport/{key}/rad", data={**form, "ny": "medlemmar"})
    assert len(doc.get(("medlemmar",))) == n + 1
    assert "medlemmar[5].namn: saknas (obligatoriskt fält)" in client.get(f"/rapport/{key}/identitet").text
    client.post(f"/rapport/{key}/rad", data={**form, "bort": f"medlemmar/{n}"})
    assert len(doc.get(("medlemmar",))) == n
    assert doc.problems()[1] == []


def test_several_reports_make_the_genomlysning_with_charts(client, app):
    r = upload(client, app, LEKEBERG_2020, LEKEBERG_2025, SYDNARKE)
    assert r.headers["location"] == "/"
    start = client.get("/").text
    assert "Genomlys alla 3 rapporter" in start
    r = client.post("/genomlys", data={"csrf": app.state.store.csrf}, follow_redirects=True)
    assert "3 årsredovisningar jämförda" in r.text
    view = client.get("/genomlysning/visa").text
    assert view.count("<svg") >= 3
    assert "Sydnärke" in view
    assert client.get("/genomlysning/genomlysning.json").json()


def test_user_text_is_escaped(client, app):
    key = key_of(upload(client, app, LEKEBERG_2025, names={LEKEBERG_2025: "<script>alert(1)<.yaml"}))
    edit(client, app, key, "identitet", "forbund/lan", '"><img src=x onerror=alert(1)>')
    page = client.get(f"/rapport/{key}/identitet").text
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;" in page


def test_session_end_forgets_everything(app):
    store = app.state.store
    with TestClient(app, base_url="http://127.0.0.1") as c:
        upload(c, app, LEKEBERG_2025)
        folder = store.temp_dir()
        assert folder.is_dir() and store.reports
    assert not store.reports
    assert not folder.exists()


def test_driftredovisning_deviation_is_checked_while_typing(client, app):
    # 2025, tkr: Coachingteam Örebro's printed avvikelse 68 is budget − utfall (2 830 − 2 762); typed as 60 it is 8 tkr off.
    key = key_of(upload(client, app, LEKEBERG_2025))
    page = client.get(f"/rapport/{key}/driftredovisning").text
    assert "✓ går ihop (budget − utfall = 68 tkr)" in page and 'class="summa bad"' not in page
    r = edit(client, app, key, "driftredovisning", "driftredovisning/poster/6/avvikelse", "60")
    assert 'class="summa bad"' in r.text
    assert "✗ går inte ihop: budget − utfall = 68 tkr, skillnad −8 tkr" in r.text
    assert "✗ budget − utfall är 68 tkr (skillnad −8)" in r.text


def test_budget_table_deviation_and_sum_are_checked_while_typing(client, app):
    # The 2020 Sammanställning adds up; Coachingteam Örebro's Differens typed as −880 does not (budget − utfall is −870).
    key = key_of(upload(client, app, LEKEBERG_2020))
    page = client.get(f"/rapport/{key}/driftredovisning").text
    assert "budget − utfall = 46 194 kr" in page and 'class="summa bad"' not in page
    r = edit(client, app, key, "driftredovisning", "budgettabeller/0/avsnitt/0/poster/0/avvikelse", "-880")
    assert 'class="summa bad"' in r.text
    assert "budget − utfall = −870 kr, skillnad −10 kr" in r.text
    assert "✗ budget − utfall är −870 kr (skillnad −10)" in r.text
    assert "342 361 kr, skillnad 10 kr" in r.text  # the section's SUMMA of the Differens column
