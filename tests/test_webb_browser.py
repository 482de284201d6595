"""finsam webb in a real browser: Debian's chromium, driven by Playwright's Python package.

The whole way a förbundschef goes: drop the file on the page, find the printed
subtotal that does not add up, correct it, granska, download. Screenshots of
each step go to $FINSAM_SKARMBILDER when it is set.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="webbsidans tillägg saknas (pip install -e '.[webb]')")
playwright = pytest.importorskip("playwright.sync_api", reason="Playwright saknas (pip install -e '.[test]')")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debians chromium saknas (apt-get install chromium); .ci/run installerar den")

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "lekeberg-orebro-2020.yaml"


@pytest.fixture()
def server():
    proc = subprocess.Popen([sys.executable, "-m", "checker", "webb", "--ingen-webblasare"],
                            stderr=subprocess.PIPE, text=True, encoding="utf-8")
    line = proc.stderr.readline()
    match = re.search(r"http://127\.0\.0\.1:\d+/", line)
    assert match, line
    yield match.group(0), proc
    if proc.poll() is None:
        proc.terminate()
        proc.wait(timeout=10)


def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("FINSAM_SKARMBILDER") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_drop_correct_granska_download(server, tmp_path):
    url, proc = server
    folder = shots(tmp_path)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        # Generous waits: on a loaded 2-core machine one review takes seconds (this is no speed test).
        page.set_default_timeout(120_000)
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(url)
        page.screenshot(path=folder / "1-start.png")

        # 1 Drop the report file on the drop zone, as from the file manager.
        content = EXAMPLE.read_text(encoding="utf-8")
        transfer = page.evaluate_handle(
            "text => { const dt = new DataTransfer(); dt.items.add(new File([text], 'lekeberg-orebro-2020.yaml')); return dt; }",
            content,
        )
        page.dispatch_event(".slapp-yta", "drop", {"dataTransfer": transfer})
        page.wait_for_url(re.compile(r"/rapport/[^/]+/identitet$"))
        assert page.locator("#f-forbund-namn").input_value() == "Samordningsförbundet Lekeberg och Örebro"
        page.screenshot(path=folder / "2-forbund.png")

        # 2 The balansräkning: the 2019 column's printed sum of omsättningstillgångar is marked at once.
        page.click("nav.delar >> text=Balansräkning")
        cell = page.locator("#f-balansrakning-rader-3-belopp-2019")
        status = page.locator("#s-f-balansrakning-rader-3-belopp-2019")
        assert "summa bad" in status.get_attribute("class")
        assert "skillnad −20 000" in status.inner_text()
        cell.scroll_into_view_if_needed()
        page.screenshot(path=folder / "3-summa-gar-inte-ihop.png")

        # 3 Correct the value as it would be typed, with Swedish grouping: the mark turns at once.
        cell.fill("4 244 578")
        page.wait_for_selector("#s-f-balansrakning-rader-3-belopp-2019.ok")
        assert "går ihop" in status.inner_text()
        # A value the validator refuses says so beside the field, with finsam validera's words.
        page.fill("#f-balansrakning-rader-0-belopp-2019", "ca 1,7 mkr")
        message = page.locator("#e-f-balansrakning-rader-0-belopp-2019")
        message.wait_for(state="visible")
        assert "går inte att läsa som ett belopp i hela kronor" in message.inner_text()
        page.screenshot(path=folder / "4-rattat-och-fel-i-falt.png")
        page.fill("#f-balansrakning-rader-0-belopp-2019", "")
        page.wait_for_selector("#e-f-balansrakning-rader-0-belopp-2019:empty", state="attached")
        page.fill("#f-balansrakning-rader-0-belopp-2019", "0")
        page.wait_for_selector("text=Rapportfilen är giltig")

        # 4 Granska: the granskningsrapport in the page.
        page.click("#granska")
        page.wait_for_url(re.compile(r"/granskning/"))
        frame = page.frame_locator("iframe.rapport")
        frame.locator("h1").first.wait_for()
        assert "Lekeberg" in frame.locator("h1").first.inner_text()
        page.screenshot(path=folder / "5-granskningsrapport.png")
        report = frame.locator("body").inner_text()
        assert "EK-TAK" in report

        # 5 Download: the report as Markdown, and the corrected report file.
        with page.expect_download() as info:
            page.click("#nedladdning >> text=Markdown")
        md = Path(info.value.path()).read_text(encoding="utf-8")
        assert info.value.suggested_filename == "granskningsrapport-samordningsforbundet-lekeberg-och-orebro-2020.md"
        assert "(BR-BALANS)" in md
        from checker.render import RENDERERS

        if "docx" in RENDERERS:  # Word, where the renderer table has it
            with page.expect_download() as info:
                page.click("#nedladdning >> text=Word")
            assert Path(info.value.path()).read_bytes()[:2] == b"PK"
        with page.expect_download() as info:
            page.click("#nedladdning >> text=Rättad rapportfil (YAML)")
        saved = Path(info.value.path()).read_text(encoding="utf-8")
        assert 'belopp: {2020: "3 377 995", 2019: "4 244 578"}' in saved
        assert "# KÄNT FEL I DOKUMENTET" in saved  # the encoder's comments are kept
        browser.close()
    assert errors == []

    # Ctrl-C stops the server and leaves nothing running.
    import signal

    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=15) == 0
    assert "stängd" in proc.stderr.read()
