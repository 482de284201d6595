"""The compiled catalogue kept on disk between runs.

Reading 40-odd YAML files, validating them and parsing every condition costs a command more
than anything but its imports; the result depends only on those files and on this package's
code. So a catalogue that loaded without problems is pickled under a key made of the content
of every file it was read from and of the size and time of change of every module of the
package: any edit to a rule, a parameter, the fact registry, a template or the code gives
another key, and the old entry is never read again.

The cache is a convenience, never a condition: a folder that cannot be made or written, a
file that is truncated, foreign or unreadable, and the catalogue is simply read anew. A pickle
can run code when loaded, so only a file in a folder of the user's own that nobody else may
write is read. FINSAM_CACHE names the folder; FINSAM_CACHE=0 turns the cache off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Callable, Optional, TypeVar

T = TypeVar("T")

_PACKAGE = Path(__file__).resolve().parent
# Entries of one kind kept: a catalogue edited and tried in turn leaves one entry per version.
KEEP = 8


def cache_dir() -> Optional[Path]:
    configured = os.environ.get("FINSAM_CACHE")
    if configured == "0":
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "finsam-granskning"


def _files(folder: Path) -> list[tuple[str, str]]:
    """(name under folder, path) of every file below it, in a fixed order; bytecode caches left out."""
    found = []
    for top, dirs, names in os.walk(folder, followlinks=True):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        inside = os.path.relpath(top, folder)
        for name in names:
            found.append((os.path.normpath(os.path.join(inside, name)), os.path.join(top, name)))
    return sorted(found)


@lru_cache(maxsize=4)
def _code(package: Path) -> bytes:
    """The package's modules by size and time of change, looked at once per process: a command
    keys its catalogue, ruleset and report schema by the same code, the code it imported."""
    digest = hashlib.sha256()
    digest.update(sys.version.encode())
    digest.update(str(package).encode() + b"\0")
    for name, path in _files(package):
        if name.endswith(".py"):
            try:
                info = os.stat(path)
            except FileNotFoundError:  # a dangling link is no module
                continue
            digest.update(f"{name}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    return digest.digest()


def key(sources: list[Path], extra: str = "") -> str:
    """One hash over the code, every file under the given folders (or the given files) and `extra`.

    The catalogue's files count by content. The package's modules count by size and time of
    change, as Python's own bytecode cache judges them: reading all of them took more of a
    command's start than anything the cache saves but the catalogue itself.
    """
    digest = hashlib.sha256()
    digest.update(_code(_PACKAGE))
    digest.update(extra.encode("utf-8", "surrogatepass") + b"\0")
    for root in sources:
        # Where the catalogue lies is part of it (findings and messages name its files).
        digest.update(str(root.resolve()).encode() + b"\0")
        if not root.is_dir():
            digest.update(root.name.encode() + b"\0" + root.read_bytes() + b"\0")
            continue
        for name, path in _files(root):
            try:
                with open(path, "rb") as fh:
                    content = fh.read()
            except FileNotFoundError:  # a dangling link is no file
                continue
            digest.update(name.encode() + b"\0" + content + b"\0")
    return digest.hexdigest()


def _trusted(path: Path) -> bool:
    """Ours, and writable by nobody else (the file and its folder)."""
    uid = os.getuid() if hasattr(os, "getuid") else None
    for p in (path.parent, path):
        info = p.stat()
        if uid is not None and info.st_uid != uid:
            return False
        if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return False
    return stat.S_ISREG(path.stat().st_mode)


def cached(kind: str, sources: list[Path], build: Callable[[], T], extra: str = "") -> T:
    """build()'s result, from the cache when the sources, `extra` and the code are unchanged."""
    folder = cache_dir()
    if folder is None:
        return build()
    try:
        entry = folder / f"{kind}-{key(sources, extra)}.pickle"
    except OSError:
        return build()
    try:
        if entry.exists() and _trusted(entry):
            with entry.open("rb") as fh:
                return pickle.load(fh)
    except Exception:  # a damaged or foreign entry is read anew, never trusted
        pass
    value = build()
    _store(folder, entry, value)
    return value


def _store(folder: Path, entry: Path, value: object) -> None:
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, entry)
        except BaseException:
            os.unlink(tmp)
            raise
        _prune(folder, entry)
    except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
        pass


def _prune(folder: Path, newest: Path) -> None:
    kind = newest.name.split("-", 1)[0]
    entries = sorted(folder.glob(f"{kind}-*.pickle"), key=lambda p: (p.stat().st_mtime, p.name), reverse=True)
    for old in entries[KEEP:]:
        if old != newest:
            old.unlink(missing_ok=True)
