"""Turn a seed text into what OCR makes of it, the two ways the issue names.

    python bench/syntetisk_ocr.py KÄLLA.txt UT.txt

å/ä/ö come out as a/a/o, and where a line ends in two amounts the space between
the columns is lost ("4 385 741 3 551 088" → "4 385 7413 551 088", "-717 759
-30 404" → "-717 759-30 404"). Deterministic, so tests and the bench can use it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

_TWO = re.compile(r"^(.*?\D)(-?\d{1,3}(?: \d{3})+) (-?\d{1,3}(?: \d{3})+)\s*$")


def degrade(text: str) -> str:
    text = text.translate(str.maketrans("åäöÅÄÖ", "aaoAAO"))
    return "\n".join(_TWO.sub(r"\1\2\3", line) for line in text.split("\n"))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(3)
    Path(sys.argv[2]).write_text(degrade(Path(sys.argv[1]).read_text(encoding="utf-8")), encoding="utf-8")
