"""Where the catalogue, the report template and the schemas are read from.

They are edited where a reader of the repository finds them: rules/ and schema/ at the top.
A wheel carries them inside the package as checker/data/rules and checker/data/schema
(setup.py maps the folders there at build time); an editable install or a plain clone reads
the folders themselves. The package is always a folder on disk (the catalogue cache and the
messages name real files), so its data is found beside this module: importlib.resources would
say the same, and importing it (zipfile among others) costs every command some milliseconds.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).parent  # as importlib.resources names it: the path the module was found by
_CLONE = Path(__file__).resolve().parent.parent


def data_dir(name: str) -> Path:
    """The packaged folder `name` ("rules" or "schema"), else the clone's own."""
    packaged = _PACKAGE / "data" / name
    if packaged.is_dir():
        return packaged
    return _CLONE / name


def rules_dir(given: str | os.PathLike | None = None) -> Path:
    """The catalogue to use: --regler, else FINSAM_REGLER, else the one that comes with finsam."""
    if given:
        return Path(given)
    if os.environ.get("FINSAM_REGLER"):
        return Path(os.environ["FINSAM_REGLER"])
    return data_dir("rules")
