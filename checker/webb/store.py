"""What one running page holds: the reports dropped in, in memory only.

Nothing is written to disk except, for the moment a draft is being made, the
dropped PDF or text under a private temporary folder named by the server
(never by the user); the folder goes when the server stops.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Optional

from .document import Document


class Store:
    def __init__(self) -> None:
        self.csrf = secrets.token_urlsafe(32)
        self.reports: dict[str, Document] = {}
        self.lock = threading.RLock()
        self._tmp: Optional[Path] = None

    def add(self, document: Document) -> str:
        with self.lock:
            key = secrets.token_urlsafe(9)
            self.reports[key] = document
            return key

    def get(self, key: str) -> Optional[Document]:
        return self.reports.get(key)

    def remove(self, key: str) -> None:
        with self.lock:
            self.reports.pop(key, None)

    def temp_dir(self) -> Path:
        with self.lock:
            if self._tmp is None:
                self._tmp = Path(tempfile.mkdtemp(prefix="finsam-webb-"))
            return self._tmp

    def close(self) -> None:
        """End of the session: every report forgotten, every temporary file removed."""
        with self.lock:
            self.reports.clear()
            if self._tmp is not None:
                shutil.rmtree(self._tmp, ignore_errors=True)
                self._tmp = None
