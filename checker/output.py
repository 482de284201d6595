"""Writing output: to standard output, or to a file that is never the input.

A regular file (or a name not yet taken) is replaced atomically: the text goes
to a temporary file beside it, which is renamed over it only when complete. A
device or a pipe (`/dev/null`, `/dev/stdout`, a FIFO) is never renamed over —
that would put a plain file where the system's device was — but written into
directly. A block device (a disk) is refused. Every failure, a full disk
included, is bad input: a Swedish message and exit code 3.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import Iterable, Iterator

from .errors import InputError, Problem, os_message
from .visible import show_bidi


def _fail(target: str, message: str) -> InputError:
    return InputError([Problem(target, None, "-o", message)])


def write_output(text: str | bytes | Iterable[str], target: str | None, inputs: list[Path]) -> None:
    """text may also be pieces of text, each written as it comes (a large report need not be held whole)."""
    if target is None or target == "-":
        _write_stdout(text)
        return
    data = _encoded(text)
    try:
        # Through a symbolic link the file it points at is written; the link stays a link.
        real = Path(os.path.realpath(target)) if os.path.islink(target) else Path(target)
        try:
            info: os.stat_result | None = os.stat(real)
        except FileNotFoundError:
            info = None
        for src in inputs:
            try:
                same = info is not None and os.path.samefile(real, src)
            except OSError:
                same = False
            if same:
                raise _fail(target, "utfilen är samma fil som indata; välj ett annat namn")
        if info is None or stat.S_ISREG(info.st_mode):
            _replace(target, real, data, info)
        elif stat.S_ISDIR(info.st_mode):
            raise _fail(target, "är en mapp; ange ett filnamn")
        elif stat.S_ISBLK(info.st_mode):
            raise _fail(target, "är en blockenhet (en disk); ange en vanlig fil")
        else:
            _write_into(target, real, data)
    except OSError as exc:
        raise _fail(target, os_message(exc, "skrivas")) from None


def _encoded(text: str | bytes | Iterable[str]) -> Iterator[bytes]:
    if isinstance(text, bytes):
        yield text
    elif isinstance(text, str):
        yield show_bidi(text).encode("utf-8")
    else:
        for piece in text:  # a bidi control is one character: shown the same piece by piece
            yield show_bidi(piece).encode("utf-8")


def _write_stdout(text: str | bytes | Iterable[str]) -> None:
    try:
        if isinstance(text, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(text)
            sys.stdout.buffer.flush()
        else:
            for piece in [text] if isinstance(text, str) else text:
                sys.stdout.write(show_bidi(piece))
            sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise InputError([Problem("standard ut", None, "", os_message(exc, "skrivas"))]) from None


def _write_all(fd: int, data: Iterable[bytes]) -> None:
    for chunk in data:
        view = memoryview(chunk)
        while view:
            view = view[os.write(fd, view):]


def _write_into(target: str, real: Path, data: Iterable[bytes]) -> None:
    """A character device, FIFO or socket: written into as it is, never replaced."""
    try:
        # O_NONBLOCK: a FIFO nobody reads from is an error, not a hang.
        fd = os.open(real, os.O_WRONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        if exc.errno in (errno.ENXIO, errno.ENODEV) and stat.S_ISFIFO(os.stat(real).st_mode):
            raise _fail(target, "är en namngiven pipe (FIFO) som ingen läser från") from None
        raise
    try:
        os.set_blocking(fd, True)
        _write_all(fd, data)
    finally:
        os.close(fd)


def _replace(target: str, real: Path, data: Iterable[bytes], info: os.stat_result | None) -> None:
    folder = real.parent if str(real.parent) else Path(".")
    if not folder.is_dir():
        raise _fail(target, "mappen för utfilen finns inte")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{real.name}.", dir=folder)
    except OSError as exc:
        raise _fail(target, os_message(exc, "skriva i mappen")) from None
    try:
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
        if info is not None:
            mode = stat.S_IMODE(info.st_mode)  # an existing report keeps its permissions
        else:
            # mkstemp creates the file private (0600); a report is meant to be shared.
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, real)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
