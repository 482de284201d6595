"""Section anchors, the same in the Markdown report's links and the HTML report's headings.

One function for both, so a link (#25-balansräkningen) always finds its heading; written here
rather than taken from Python-Markdown's toc extension, which would load the whole Markdown
library for every Markdown report (it is needed only for HTML).
"""

from __future__ import annotations

import re

_DROPPED = re.compile(r"[^\w\s-]")


def slug(title: str, separator: str = "-") -> str:
    """GitHub's way: lower case; letters (å, ä, ö too), digits, _ and - kept; each run of spaces and separators one separator."""
    kept = _DROPPED.sub("", title).strip().lower()
    return re.sub(f"[{re.escape(separator)}\\s]+", separator, kept)
