"""A dropped file: what it is, by its content alone (never by its name)."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..errors import InputError, Problem
from .review import slug

MAX_UPLOAD = 20 * 1024 * 1024  # bytes: far above any årsredovisning's PDF or text


@dataclass
class Dropped:
    name: str  # as the browser gave it: shown, never used as a path
    data: bytes


def kind_of(data: bytes) -> str:
    """'pdf', 'yaml' (a report file), 'text' (an årsredovisning's text) or 'okand'."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "okand"
    if "\x00" in text:
        return "okand"
    return "yaml" if _looks_like_report(text) else "text"


def _looks_like_report(text: str) -> bool:
    """A report file is a YAML mapping with the model's top keys; anything else is a document's text."""
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        key = line.split(":", 1)[0]
        if line[:1] not in (" ", "\t") and ":" in line and key in ("forbund", "rakenskapsar", "dokument"):
            return True
    return False


def draft(dropped: Dropped, kind: str, folder: Path) -> tuple[str, list[str]]:
    """The draft report file (YAML) for a PDF or text, by `finsam utkast`'s own function."""
    try:
        from ..utkast import UtkastError
        from ..utkast import draft as make_draft
    except ImportError:
        raise InputError([Problem(dropped.name, None, "", "utkast från PDF eller text finns inte i den här versionen av finsam; "
                                  "ladda upp en rapportfil (YAML) i stället")]) from None
    # The server names the file: a private folder of its own, and the user's name reduced to [a-z0-9-],
    # so the draft's dokument reads like the file the user dropped and no path comes from the user.
    own = Path(tempfile.mkdtemp(prefix="utkast-", dir=folder))
    tmp = own / f"{slug(Path(dropped.name).stem)}.{'pdf' if kind == 'pdf' else 'txt'}"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(dropped.data)
        result = make_draft(tmp)
        return result.yaml, list(result.summary)
    except UtkastError as exc:
        # The message names the temporary file; the user knows the file by its own name.
        raise InputError([Problem(dropped.name, None, "", str(exc).replace(f"{tmp}: ", "").replace(str(tmp), dropped.name))]) from None
    except InputError as exc:
        raise InputError([Problem(dropped.name, p.line, p.path, p.message) for p in exc.problems]) from None
    finally:
        shutil.rmtree(own, ignore_errors=True)


def display_name(name: Optional[str]) -> str:
    """The file's own name without any folders the browser may send, for showing only."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return base[:120] or "namnlös fil"
