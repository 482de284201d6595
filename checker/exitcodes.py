"""Every exit code `finsam` answers with, and which outcome gives which."""

from __future__ import annotations

from collections.abc import Mapping

OK = 0  # allt uppfyllt (eller ej tillämpligt); genomlys: rapporten skrevs
NOTE = 1  # iakttagelser, eller underlag saknas för någon regel
DEVIATION = 2  # minst en avvikelse
INPUT = 3  # felaktig indata, eller en regel som inte kunde prövas (fel)
INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT
BROKEN_PIPE = 141  # the reader went away, as shells report SIGPIPE

HELP = """\
Slutkoder:
  0  allt uppfyllt (eller ej tillämpligt)
  1  iakttagelser eller underlag saknas
  2  minst en avvikelse
  3  felaktig indata (rapportfil, regelfil, flaggor) eller en regel som inte kunde prövas
"""


def for_counts(counts: Mapping[str, int]) -> int:
    """The exit code for one report's outcome counts: the worst outcome decides."""
    if counts.get("fel"):
        return INPUT
    if counts.get("avvikelse"):
        return DEVIATION
    if counts.get("iakttagelse") or counts.get("underlag_saknas"):
        return NOTE
    return OK
