"""The input as numbered lines: a text file as it is, a PDF through its words' positions.

A PDF line is rebuilt from pdfplumber's words: a gap wider than a few spaces
becomes three spaces, so the column boundaries survive into the text and the
amount reader treats them as hard breaks. Every line knows where it stood
(page and line for a PDF, line for a text), which becomes the draft's `kalla`.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import os_message
from .errors import UtkastError


# An årsredovisning's PDF is a few megabytes; a scanned one some tens.
MAX_BYTES = 200_000_000


@dataclass(frozen=True)
class Line:
    text: str
    number: int  # 1-based, within the page for a PDF
    page: int | None = None

    def where(self) -> str:
        return f"s. {self.page} rad {self.number}" if self.page else f"rad {self.number}"


@dataclass
class Source:
    path: Path
    lines: list[Line]
    kind: str  # "text", "pdf", "ocr"


def read_source(path: Path, *, ocr: bool = False) -> Source:
    try:
        is_dir = stat.S_ISDIR(os.stat(path).st_mode)
    except OSError as exc:  # missing, a symlink loop, no permission …: said in Swedish
        raise UtkastError(f"{path}: {os_message(exc, 'läsas')}") from None
    if is_dir:
        raise UtkastError(f"{path}: är en mapp, ange en PDF- eller textfil")
    with open(path, "rb") as handle:
        data = handle.read(MAX_BYTES + 1)  # bounded: a device such as /dev/zero never ends
    if len(data) > MAX_BYTES:
        raise UtkastError(f"{path}: filen är för stor (högst {MAX_BYTES // 1_000_000} MB)")
    if not data.strip():
        raise UtkastError(f"{path}: filen är tom")
    if data[:5] == b"%PDF-":
        return _read_pdf(path, ocr=ocr)
    if ocr:
        raise UtkastError(f"{path}: --ocr gäller bara PDF-filer; en textfil läses som den är")
    if b"\x00" in data[:4096]:
        raise UtkastError(f"{path}: filen är varken text eller PDF")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    text = text.lstrip("\ufeff")
    lines = [Line(t.rstrip("\r"), i + 1) for i, t in enumerate(text.split("\n"))]
    return Source(path, lines, "text")


def _open_pdf(path: Path):
    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFPasswordIncorrect
    except ImportError:  # pragma: no cover - pdfplumber is a dependency
        raise UtkastError("PDF-läsaren (pdfplumber) är inte installerad: pip install pdfplumber") from None
    try:
        pdf = pdfplumber.open(path)
        _ = pdf.pages  # forces parsing of the page tree
        return pdf
    except PDFPasswordIncorrect:
        raise UtkastError(f"{path}: PDF-filen är krypterad (lösenordsskyddad) och kan inte läsas") from None
    except Exception as exc:  # pdfminer raises many kinds for a broken file
        name = type(exc).__name__
        if "Password" in name or "Encrypt" in name or "encrypt" in str(exc).lower():
            raise UtkastError(f"{path}: PDF-filen är krypterad (lösenordsskyddad) och kan inte läsas") from None
        raise UtkastError(f"{path}: PDF-filen är trasig och kan inte läsas ({name})") from None


def _read_pdf(path: Path, *, ocr: bool) -> Source:
    if ocr:
        return _read_ocr(path)
    pdf = _open_pdf(path)
    lines: list[Line] = []
    try:
        for pageno, page in enumerate(pdf.pages, start=1):
            for i, text in enumerate(_page_lines(page), start=1):
                lines.append(Line(text, i, pageno))
    except UtkastError:
        raise
    except Exception as exc:
        raise UtkastError(f"{path}: PDF-filen är trasig och kan inte läsas ({type(exc).__name__})") from None
    finally:
        pdf.close()
    if not any(l.text.strip() for l in lines):
        raise UtkastError(
            f"{path}: PDF-filen innehåller ingen text (en inskannad bild?); försök med --ocr"
        )
    return Source(path, lines, "pdf")


def _page_lines(page) -> list[str]:
    words = page.extract_words(x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False, use_text_flow=False)
    rows: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if rows and abs(rows[-1][0]["top"] - w["top"]) <= 2.5:
            rows[-1].append(w)
        else:
            rows.append([w])
    out = []
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        parts = []
        for k, w in enumerate(row):
            if k:
                gap = w["x0"] - row[k - 1]["x1"]
                size = max(w.get("bottom", 0) - w.get("top", 0), 1)
                # A thousands space is about a third of the font size; a column gap is far wider.
                parts.append("   " if gap > 0.9 * size else " ")
            parts.append(w["text"])
        out.append("".join(parts))
    return out


def tesseract_available() -> bool:
    if not shutil.which("tesseract"):
        return False
    try:
        langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return False
    return "swe" in langs.stdout.split()


def _read_ocr(path: Path) -> Source:
    if not shutil.which("tesseract"):
        raise UtkastError(
            "--ocr kräver Tesseract, som inte är installerat: installera Debian-paketen "
            "tesseract-ocr och tesseract-ocr-swe (apt-get install tesseract-ocr tesseract-ocr-swe)"
        )
    if not tesseract_available():
        raise UtkastError("--ocr kräver Tesseracts svenska språkdata: installera Debian-paketet tesseract-ocr-swe")
    pdf = _open_pdf(path)
    lines: list[Line] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for pageno, page in enumerate(pdf.pages, start=1):
                image = Path(tmp) / f"s{pageno}.png"
                page.to_image(resolution=300).save(image)
                # psm 6: one uniform block, which keeps a table's rows as lines.
                done = subprocess.run(
                    ["tesseract", str(image), "stdout", "-l", "swe", "--psm", "6"],
                    capture_output=True, text=True, timeout=300,
                )
                if done.returncode != 0:
                    raise UtkastError(f"{path}: Tesseract kunde inte läsa sidan {pageno}: {done.stderr.strip()[:200]}")
                for i, text in enumerate(done.stdout.splitlines(), start=1):
                    lines.append(Line(text, i, pageno))
    finally:
        pdf.close()
    if not any(l.text.strip() for l in lines):
        raise UtkastError(f"{path}: Tesseract hittade ingen text i PDF-filen")
    return Source(path, lines, "ocr")
