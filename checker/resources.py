"""Where the catalogue, the report template and the schemas are read from.

They are edited where a reader of the repository finds them: rules/ and schema/ at the top.
A wheel carries them inside the package as checker/data/rules and checker/data/schema
(setup.py maps the folders there at build time), read with importlib.resources; an editable
install or a plain clone reads the folders themselves.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

_CLONE = Path(__file__).resolve().parent.parent


def data_dir(name: str) -> Path:
    """The packaged folder `name` ("rules" or "schema"), else the clone's own."""
    packaged = resources.files("checker").joinpath("data", name)
    if packaged.is_dir():
        # An installed wheel is unpacked on disk, so the Traversable is a real path.
        return Path(str(packaged))
    return _CLONE / name


def rules_dir(given: str | os.PathLike | None = None) -> Path:
    """The catalogue to use: --regler, else FINSAM_REGLER, else the one that comes with finsam."""
    if given:
        return Path(given)
    if os.environ.get("FINSAM_REGLER"):
        return Path(os.environ["FINSAM_REGLER"])
    return data_dir("rules")
