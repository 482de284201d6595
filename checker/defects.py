"""One defect, one finding: a wrong printed figure is stated once, where it is proved.

A check of a printed subtotal against its own rows decides whether that cell is
right (Item.provar). When it fails, the cell is a defect. Any other failing check
whose figures rest on that cell (Fact.celler: the printed cells a value was read
or computed from, a subtotal's rows included) points to the check that proved it
instead of counting as a defect of its own.
"""

from __future__ import annotations

from .findings import Finding

BRIST = ("avvikelse", "iakttagelse")


def link(findings: list[Finding]) -> None:
    """Set pekar_pa on the failing items (and findings) whose defect another finding states."""
    owners: dict[str, tuple[str, str]] = {}
    for f in findings:
        for item in f.poster:
            if item.utfall in BRIST and item.provar and item.provar not in owners:
                owners[item.provar] = (f.id, item.label)
    if not owners:
        return
    for f in findings:
        pointed = []
        failing = [i for i in f.poster if i.utfall in BRIST]
        for item in failing:
            if item.provar in owners:
                continue  # this item proves a defect of its own
            cells = {c for b in item.bevis for c in b.celler}
            found = sorted({owners[c] for c in cells if c in owners and owners[c][0] != f.id})
            if found:
                item.pekar_pa = [{"regel": rule, "post": label} for rule, label in found]
                pointed.append(item)
        if failing and len(pointed) == len(failing):
            targets = list(dict.fromkeys((p["regel"], p["post"]) for i in pointed for p in i.pekar_pa))
            f.pekar_pa = [{"regel": rule, "post": label} for rule, label in targets]
            named = "; ".join(f"{label} ({rule})" for rule, label in targets)
            f.meddelande = f"{f.meddelande} Bristen följer av samma tryckta fel som redan anges under {named}."
