"""Bad input, reported the way users need it: file, line, field, what is wrong."""

from __future__ import annotations

import errno

from .frozen import Frozen, set_field
from .visible import for_terminal


class Problem(Frozen):
    _fields = ("file", "line", "path", "message")

    def __init__(self, file: str, line: int | None, path: str, message: str):
        set_field(self, "file", file)
        set_field(self, "line", line)
        set_field(self, "path", path)
        set_field(self, "message", message)

    def __str__(self) -> str:
        # Every part may hold text from the input or a file name: never raw control characters.
        file = "standard in" if self.file == "-" else self.file
        where = f"{file}:{self.line}" if self.line else file
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        return for_terminal(text)


class InputError(Exception):
    """One or more problems in an input file (a report or a rule file); exit code 3."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


# The operating system's reasons, in Swedish (its own strerror texts are English).
_OS = {
    errno.ENOENT: "filen finns inte",
    errno.EACCES: "saknar behörighet",
    errno.EPERM: "åtgärden är inte tillåten",
    errno.ELOOP: "symboliska länkar bildar en slinga (eller är för många i rad)",
    errno.ENAMETOOLONG: "sökvägen är för lång",
    errno.ENOTDIR: "en del av sökvägen är ingen mapp",
    errno.EISDIR: "är en mapp, inte en fil",
    errno.ENOSPC: "disken är full",
    errno.EDQUOT: "diskkvoten är slut",
    errno.EROFS: "filsystemet är skrivskyddat",
    errno.EIO: "in- eller utmatningsfel på enheten",
    errno.ENXIO: "enheten finns inte eller har ingen läsare",
    errno.ENODEV: "enheten finns inte",
    errno.EBUSY: "filen eller enheten är upptagen",
    errno.ETXTBSY: "filen är upptagen",
    errno.EFBIG: "filen blir för stor",
    errno.EINVAL: "ogiltig åtgärd för den här sortens fil",
    errno.EAGAIN: "filen är inte redo (försök igen)",
    errno.EMFILE: "för många öppna filer",
    errno.ENFILE: "för många öppna filer",
    errno.EPIPE: "mottagaren har stängt",
    errno.EEXIST: "filen finns redan",
    errno.EXDEV: "kan inte flyttas mellan filsystem",
    errno.ENOMEM: "minnet räcker inte",
}


def os_message(exc: OSError, action: str = "användas") -> str:
    """`kan inte läsas: saknar behörighet` — never the operating system's English text."""
    reason = _OS.get(exc.errno or 0)
    if reason is None:
        reason = f"systemfel {errno.errorcode.get(exc.errno or 0, exc.errno)}" if exc.errno else "okänt systemfel"
    if exc.errno in (errno.ENOENT, errno.EISDIR) and action == "läsas":
        return reason
    return f"kan inte {action}: {reason}"
