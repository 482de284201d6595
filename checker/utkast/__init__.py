"""`finsam utkast`: the draft report file from the årsredovisning's PDF or text.

Stable API (the CLI and the web page both call it):

    draft(path: pathlib.Path, *, ocr: bool = False) -> Draft
        Draft.yaml     the draft file's text, comments included
        Draft.summary  Swedish lines: what was found, guessed and is missing

Raises UtkastError (a Swedish message) for input that cannot be read.
"""

from .draft import Draft, draft
from .errors import UtkastError

__all__ = ["Draft", "UtkastError", "draft"]
