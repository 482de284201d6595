"""The compiled catalogue kept on disk between runs.

Reading 40-odd YAML files, validating them and parsing every condition costs a command more
than anything but its imports; the result depends only on those files and on this package's
code. So a catalogue that loaded without problems is pickled under a key made of the content
of every file it was read from and of every module of the package: any edit to a rule, a
parameter, the fact registry, a template or the code gives another key, and the old entry is
never read again.

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


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def key(sources: list[Path]) -> str:
    """One hash over the code and every file under the given folders (or the given files)."""
    digest = hashlib.sha256()
    digest.update(sys.version.encode())
    for root in [_PACKAGE, *sources]:
        # Where the catalogue lies is part of it (findings and messages name its files).
        digest.update(str(root.resolve()).encode() + b"\0")
        paths = _files(root) if root.is_dir() else [root]
        for path in paths:
            if root == _PACKAGE and path.suffix != ".py":
                continue
            digest.update(str(path.relative_to(root) if root.is_dir() else path.name).encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
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


def cached(kind: str, sources: list[Path], build: Callable[[], T]) -> T:
    """build()'s result, from the cache when the sources and the code are unchanged."""
    folder = cache_dir()
    if folder is None:
        return build()
    try:
        entry = folder / f"{kind}-{key(sources)}.pickle"
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
