"""The list of facts in docs/regler.md, written from the fact registry (rules/fakta/).

Run `python -m checker.factdoc` after changing the registry; a test checks that
the document is current.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .registry import ENHET_TEXT, Register

DOC = Path(__file__).resolve().parent.parent / "docs" / "regler.md"
START = "<!-- faktaregistret: början (skrivs av python -m checker.factdoc) -->"
END = "<!-- faktaregistret: slut -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(register: Register) -> str:
    lines = [START, ""]
    for family, description in register.families.items():
        lines += [f"### {family} (`rules/fakta/{family}.yaml`)", "", _cell(description), ""]
        facts = [(n, f) for n, f in register.fakta.items() if Path(register.files[n]).stem == family]
        if facts:
            lines += ["| faktum | etikett | enhet | hämtas | beskrivning |", "| --- | --- | --- | --- | --- |"]
            for name, f in facts:
                how = f"fältet `{f.sokvag}`" if f.sokvag else f"härledningen `{f.harledning}`"
                if f.ur:
                    how += " ur " + ", ".join(f"`{n}`" for n in f.ur)
                lines.append(f"| `{name}` | {_cell(f.etikett)} | {ENHET_TEXT[f.enhet]} | {how} | {_cell(f.beskrivning)} |")
            lines.append("")
        collections = [(n, c) for n, c in register.samlingar.items() if Path(register.files[n]).stem == family]
        for name, c in collections:
            empty = f" Tom samling: *underlag saknas: {_cell(c.saknas)}*." if c.saknas else ""
            lines += [f"Samlingen `{name}` ({_cell(c.etikett)}, härledningen `{c.harledning}`): {_cell(c.beskrivning)}{empty}", ""]
            if c.falt_som:
                lines += [f"Fälten är desamma som i `{c.falt_som}`.", ""]
                continue
            lines += ["| fält | etikett | enhet | beskrivning |", "| --- | --- | --- | --- |"]
            for fname, fld in c.falt.items():
                lines.append(f"| `{fname}` | {_cell(fld.etikett)} | {ENHET_TEXT[fld.enhet]} | {_cell(fld.beskrivning)} |")
            lines.append("")
        kinds = [(n, k) for n, k in register.pastaendeslag.items() if Path(register.pastaendeslag_files[n]).stem == family]
        if kinds:
            lines += ["Påståendeslagen (`pastaendeslag`: vad `pastaenden[].avser` i en rapportfil kan vara):", "",
                      "| slag | etikett | jämförs med | enhet | tolerans (i tkr) |", "| --- | --- | --- | --- | --- |"]
            for name, k in kinds:
                tkr = f" ({k.tolerans_tkr})" if k.tolerans_tkr else ""
                lines.append(f"| `{name}` | {_cell(k.etikett)} | `{k.faktum}` | {ENHET_TEXT[k.enhet]} | `{k.tolerans}`{tkr} |")
            lines.append("")
    lines.append(END)
    return "\n".join(lines)


def current(text: str, register: Register) -> str:
    """The document with its generated part replaced."""
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return head + markdown(register) + tail


def main() -> int:
    from .catalogue import load_catalogue

    register = load_catalogue().fakta
    text = DOC.read_text(encoding="utf-8")
    new = current(text, register)
    if new != text:
        DOC.write_text(new, encoding="utf-8")
        print(f"skrev {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
