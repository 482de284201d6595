"""Writing output: to standard output, or atomically to a file that is never the input."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from .errors import InputError, Problem


def write_output(text: str | bytes, target: str | None, inputs: list[Path]) -> None:
    if target is None or target == "-":
        if isinstance(text, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(text)
        else:
            sys.stdout.write(text)
        return
    out = Path(target)
    for src in inputs:
        if out.exists() and src.exists() and os.path.samefile(out, src):
            raise InputError([Problem(str(out), None, "-o", "utfilen är samma fil som indata; välj ett annat namn")])
    if out.is_dir():
        raise InputError([Problem(str(out), None, "-o", "är en mapp; ange ett filnamn")])
    if not out.resolve().parent.is_dir():
        raise InputError([Problem(str(out), None, "-o", "mappen för utfilen finns inte")])
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.resolve().parent)
    except OSError as exc:
        raise InputError([Problem(str(out), None, "-o", f"kan inte skriva i mappen ({exc.strerror})")]) from None
    try:
        if isinstance(text, bytes):
            with os.fdopen(fd, "wb") as handle:
                handle.write(text)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        # mkstemp creates the file private (0600); a report is meant to be shared.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, out)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError([Problem(str(out), None, "-o", f"kan inte skrivas ({exc.strerror})")]) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
